package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// planRow is a department of a period and whether its latest submission
// goes into the period's Sammanställning.xlsx, and if not, why.
type planRow struct {
	Department string `json:"department"`
	Record     int64  `json:"record,omitempty"`
	Included   bool   `json:"included"`
	Reason     string `json:"reason,omitempty"`
}

// consolidationPlan says which submissions the period's download uses
// (store.PlanOf: the latest submission of each expected department, of
// every department that submitted when the period has no register, whose
// workbook is kept), and why the others are left out.
func (s *Server) consolidationPlan(ctx context.Context, ps store.PeriodState, latest []store.Latest, lang rules.Lang) ([]planRow, error) {
	kept, err := s.cfg.Store.KeptWorkbooks(ctx, ps.Period)
	if err != nil {
		return nil, err
	}
	return planRows(store.PlanOf(ps, latest, kept), lang), nil
}

// planRows is the plan as the page and its JSON show it.
func planRows(plan []store.Planned, lang rules.Lang) []planRow {
	reasons := map[store.Use]string{store.Missing: "consolidate.reason.missing", store.Unlisted: "consolidate.reason.unlisted",
		store.NotKept: "consolidate.reason.notkept"}
	rows := make([]planRow, 0, len(plan))
	for _, p := range plan {
		pr := planRow{Department: p.Department, Included: p.Use == store.Included}
		if p.Sub != nil {
			pr.Record = p.Sub.ID
		}
		if !pr.Included {
			pr.Reason = say(lang, reasons[p.Use])
		}
		rows = append(rows, pr)
	}
	return rows
}

// sammanstallning sends the period's Sammanställning.xlsx, built from the
// latest kept submission of each expected department, checked again from
// its bytes after their SHA-256 is compared with the record. The
// consolidation is recorded in the history first (as consolidate --db
// does), so that the workbook carries the chain value after it and the
// auditors see which submissions it used. The finance key only.
func (s *Server) sammanstallning(w http.ResponseWriter, r *http.Request, p principal) {
	lang := langOf(r)
	if p.key.Role != store.RoleFinance {
		s.fail(w, r, http.StatusForbidden, say(lang, "err.forbidden"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	strict := r.PostFormValue("strikt") != ""
	period := strings.TrimSpace(r.PathValue("period"))
	_, planned, err := s.cfg.Store.Plan(r.Context(), period)
	if err != nil {
		s.cfg.Log.Error().Err(err).Msg("perioden kunde inte läsas")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
		return
	}
	var recs []*store.Record
	for _, pr := range planned {
		if pr.Use != store.Included {
			continue
		}
		rec, herr := s.keptRecord(r, pr.Sub.ID)
		if herr != nil {
			s.fail(w, r, herr.status, herr.msg)
			return
		}
		recs = append(recs, rec)
	}
	if len(recs) == 0 {
		s.fail(w, r, http.StatusConflict, say(lang, "consolidate.none"))
		return
	}
	release, herr := s.acquire(r, s.slots, "sammanställning")
	if herr != nil {
		s.fail(w, r, herr.status, herr.msg)
		return
	}
	defer release()
	run, err := s.recheck(r.Context(), recs, period, strict, lang)
	var ref *exporter.HistoryRef
	if err == nil {
		ref, err = s.recordRun(r.Context(), run, recs)
	}
	if err != nil {
		s.cfg.Log.Error().Err(err).Msg("sammanställningen kunde inte sparas")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
		return
	}
	run.History = ref
	data, err := exporter.ConsolidatedWorkbook(run)
	if err != nil {
		s.cfg.Log.Error().Err(err).Int64("post", ref.Record).Msg("Sammanställning.xlsx kunde inte byggas")
		s.fail(w, r, http.StatusInternalServerError, say(lang, "consolidate.failed", "id", strconv.FormatInt(ref.Record, 10),
			"why", exporter.Printable(err.Error())))
		return
	}
	s.cfg.Log.Info().Int64("nyckel", p.key.ID).Str("period", exporter.Printable(period)).Int64("post", ref.Record).
		Str("kedja", ref.Chain).Int("inlämningar", len(recs)).Int("storlek", len(data)).Msg("sammanställning nedladdad")
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", contentDisposition(consolidatedName(period)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Rapportkoll-Consolidation", strconv.FormatInt(ref.Record, 10))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// keptRecord loads a submission and compares its kept workbook's SHA-256
// with the record's (store.LoadKept): a workbook changed in the database
// stops the download (historik verify says more).
func (s *Server) keptRecord(r *http.Request, id int64) (*store.Record, *httpError) {
	lang := langOf(r)
	rec, err := s.cfg.Store.LoadKept(r.Context(), id)
	if errors.Is(err, store.ErrWorkbookChanged) {
		sum := sha256.Sum256(rec.Workbook)
		s.cfg.Log.Error().Int64("post", id).Str("nämnd", exporter.Printable(rec.Department)).Str("sha256", rec.SHA256).
			Str("sparad_sha256", hex.EncodeToString(sum[:])).Msg("den sparade arbetsboken stämmer inte med posten")
		return nil, &httpError{http.StatusConflict, say(lang, "consolidate.changed", "department", exporter.Printable(rec.Department),
			"id", strconv.FormatInt(id, 10))}
	}
	if err != nil {
		s.cfg.Log.Error().Err(err).Int64("post", id).Msg("inlämningen kunde inte läsas")
		return nil, &httpError{http.StatusServiceUnavailable, say(lang, "err.store")}
	}
	return rec, nil
}

// recheck checks the kept workbooks again, from their bytes, with the
// pipeline consolidate --db --period uses (store.Recheck), against last
// year in the history as consolidate --db does, and returns the run to
// consolidate.
func (s *Server) recheck(ctx context.Context, recs []*store.Record, period string, strict bool, lang rules.Lang) (exporter.Run, error) {
	results, pc, err := store.Recheck(ctx, s.cfg.Spec, recs, period,
		check.Options{Lang: lang, KeepTables: true, PriorFor: s.priorFor(ctx)}, 1, nil)
	return exporter.Run{Spec: s.cfg.Spec, Results: results, Strict: strict, Period: pc.Period, Version: s.cfg.ToolVersion,
		Lang: lang, Workers: 1, Created: s.cfg.now()}, err
}

// recordRun appends the consolidation, naming the submissions it used by
// their records (store.UsedInputs).
func (s *Server) recordRun(ctx context.Context, run exporter.Run, recs []*store.Record) (*exporter.HistoryRef, error) {
	c := &store.Consolidation{Period: run.Period, Created: store.FormatTime(s.cfg.now()), SpecName: s.cfg.Spec.Name,
		SpecVersion: s.cfg.Spec.Version, ToolVersion: s.cfg.ToolVersion, Strict: run.Strict,
		Inputs: store.UsedInputs(recs, run.Results, exporter.FileNames(run.Results), run.InTotals)}
	if err := s.cfg.Store.AppendConsolidation(ctx, nil, c); err != nil {
		return nil, err
	}
	return &exporter.HistoryRef{Database: exporter.Printable(s.cfg.Store.Where()), Record: c.ID, Chain: c.Chain}, nil
}

// consolidatedName is the download's name: Sammanställning-Helår-2023.xlsx.
func consolidatedName(period string) string {
	if importer.NameKey(period) == "" {
		return "Sammanställning.xlsx"
	}
	return "Sammanställning-" + strings.ReplaceAll(exporter.SafeName(period), " ", "-") + ".xlsx"
}
