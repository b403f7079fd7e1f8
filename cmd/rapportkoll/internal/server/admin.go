package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// catalogWord is "ja" or "nej".
func catalogWord(lang rules.Lang, b bool) string {
	if b {
		return catalog.Get(lang, "word.yes")
	}
	return catalog.Get(lang, "word.no")
}

// setPeriod opens (open) or closes a period from its page: the finance
// department's key only; the change is appended to the history and logged.
func (s *Server) setPeriod(open bool) func(http.ResponseWriter, *http.Request, principal) {
	return func(w http.ResponseWriter, r *http.Request, p principal) {
		lang := langOf(r)
		if p.key.Role != store.RoleFinance {
			s.fail(w, r, http.StatusForbidden, say(lang, "err.forbidden"))
			return
		}
		period := strings.TrimSpace(r.PathValue("period"))
		if store.CheckPeriodName(period) != nil { // as period oppna checks it
			s.fail(w, r, http.StatusBadRequest, say(lang, "err.periodname", "max", strconv.Itoa(store.MaxPeriodName)))
			return
		}
		if err := s.cfg.Store.SetPeriodOpen(r.Context(), period, open, s.cfg.now()); err != nil {
			s.cfg.Log.Error().Err(err).Msg("perioden kunde inte ändras")
			s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
			return
		}
		s.cfg.Log.Info().Int64("nyckel", p.key.ID).Str("period", exporter.Printable(period)).Bool("öppen", open).Msg("period ändrad")
		if wantsJSON(r) {
			writeJSON(w, http.StatusOK, map[string]any{"period": period, "open": open})
			return
		}
		http.Redirect(w, r, "/period/"+url.PathEscape(period)+langQuery(lang), http.StatusSeeOther)
	}
}

// verifyView is the chain check of historik verify, for auditors.
type verifyView struct {
	view
	Result string
	OK     bool
	Head   string
}

func (s *Server) verify(w http.ResponseWriter, r *http.Request, p principal) {
	lang := langOf(r)
	if p.key.Role != store.RoleFinance && p.key.Role != store.RoleAuditor {
		s.fail(w, r, http.StatusForbidden, say(lang, "err.forbidden"))
		return
	}
	v, err := s.cfg.Store.Verify(r.Context())
	if err != nil {
		s.cfg.Log.Error().Err(err).Msg("historiken kunde inte kontrolleras")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, v)
		return
	}
	vv := verifyView{view: s.newView(r, say(lang, "verify.heading")), OK: v.Broken == nil, Head: v.Head}
	n := strconv.FormatInt(v.Records, 10)
	if b := v.Broken; b != nil {
		vv.Result = say(lang, "verify.broken", "n", n, "id", strconv.FormatInt(b.ID, 10), "reason", say(lang, reasonKeys[b.Reason]),
			"department", exporter.Printable(b.Department), "period", exporter.Printable(b.Period))
	} else {
		vv.Result = say(lang, "verify.ok", "n", n)
	}
	s.render(w, http.StatusOK, "verify", vv)
}

// reasonKeys are the texts of the reasons a record does not verify.
var reasonKeys = map[string]string{
	store.BrokenHash:  "verify.reason.hash",
	store.BrokenChain: "verify.reason.chain",
	store.BrokenGap:   "verify.reason.gap",
	store.BrokenOrder: "verify.reason.order",
}

// consolidationView is a stored consolidation and the submissions it
// used, for auditors and the finance department.
type consolidationView struct {
	view
	C      *store.Consolidation
	Inputs []inputRow
}

type inputRow struct {
	store.Input
	Link     string
	InTotals string
}

func (s *Server) consolidation(w http.ResponseWriter, r *http.Request, p principal) {
	lang := langOf(r)
	if p.key.Role != store.RoleFinance && p.key.Role != store.RoleAuditor {
		s.fail(w, r, http.StatusForbidden, say(lang, "err.forbidden"))
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, say(lang, "err.norecord"))
		return
	}
	c, err := s.cfg.Store.LoadConsolidation(r.Context(), id)
	switch {
	case isNotFound(err):
		s.fail(w, r, http.StatusNotFound, say(lang, "err.norecord"))
		return
	case err != nil:
		s.cfg.Log.Error().Err(err).Msg("sammanställningen kunde inte läsas")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"id": c.ID, "period": c.Period, "created": c.Created, "strict": c.Strict,
			"chain": c.Chain, "inputs": c.Inputs})
		return
	}
	v := consolidationView{view: s.newView(r, say(lang, "consolidation.heading", "id", strconv.FormatInt(c.ID, 10),
		"period", exporter.Printable(c.Period))), C: c}
	for _, in := range c.Inputs {
		row := inputRow{Input: in, InTotals: catalogWord(lang, in.InTotals)}
		if in.Record > 0 {
			row.Link = "/post/" + strconv.FormatInt(in.Record, 10) + v.LangQuery
		}
		v.Inputs = append(v.Inputs, row)
	}
	s.render(w, http.StatusOK, "consolidation", v)
}
