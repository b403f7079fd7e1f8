package server

import (
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// receiptView is the receipt of a stored submission, and what changed
// since the one before.
type receiptView struct {
	rec      *store.Record
	Seq      int64
	ID       int64
	SHA256   string
	Chain    string
	Received string
	Changes  *changesView
}

type changesView struct {
	Heading string
	Values  []string
	Rows    string
	Fixed   string
	New     string
	None    bool
}

func newReceipt(rec *store.Record, d *store.Diff, lang rules.Lang) *receiptView {
	rv := &receiptView{rec: rec, Seq: rec.Seq, ID: rec.ID, SHA256: rec.SHA256, Chain: rec.Chain, Received: rec.Received}
	if d == nil {
		return rv
	}
	c := &changesView{Heading: say(lang, "changes.heading", "seq", strconv.FormatInt(d.From.Seq, 10))}
	for _, ch := range d.Changed {
		cell := ch.ToCell
		if cell == "" {
			cell = ch.FromCell
		}
		c.Values = append(c.Values, say(lang, "changes.value", "sheet", exporter.Printable(ch.Sheet), "cell", cell,
			"from", orDash(ch.From), "to", orDash(ch.To)))
	}
	if len(d.RowsAdded)+len(d.RowsRemoved) > 0 {
		c.Rows = say(lang, "changes.rows", "added", strconv.Itoa(len(d.RowsAdded)), "removed", strconv.Itoa(len(d.RowsRemoved)))
	}
	if len(d.Fixed) > 0 {
		c.Fixed = say(lang, "changes.fixed", "n", strconv.Itoa(len(d.Fixed)))
	}
	if len(d.New) > 0 {
		c.New = say(lang, "changes.new", "n", strconv.Itoa(len(d.New)))
	}
	c.None = len(c.Values) == 0 && c.Rows == "" && c.Fixed == "" && c.New == ""
	rv.Changes = c
	return rv
}

func (rv *receiptView) json() map[string]any {
	r := rv.rec
	return map[string]any{"id": r.ID, "department": r.Department, "period": r.Period, "sequence": r.Seq,
		"file": r.File, "sha256": r.SHA256, "status": r.Status, "errors": r.Errors, "warnings": r.Warnings,
		"infos": r.Infos, "received": r.Received, "chain": r.Chain}
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// downloadName is the server's name of a feedback workbook, from the
// department and period read from it, never from the client's file
// name: Kulturnämnden-Helår-2023-återkoppling.xlsx.
func downloadName(department, period string, lang rules.Lang) string {
	var parts []string
	for _, p := range []string{department, period} {
		if importer.NameKey(p) != "" {
			parts = append(parts, strings.ReplaceAll(exporter.SafeName(p), " ", "-"))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "arbetsbok")
	}
	word := "återkoppling"
	if lang == rules.English {
		word = "feedback"
	}
	return strings.Join(append(parts, word), "-") + ".xlsx"
}

// contentDisposition is an attachment header with an ASCII filename for
// old clients and the UTF-8 name as filename* (RFC 6266, RFC 5987).
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		switch r {
		case 'å', 'ä':
			return 'a'
		case 'Å', 'Ä':
			return 'A'
		case 'ö':
			return 'o'
		case 'Ö':
			return 'O'
		case 'é':
			return 'e'
		}
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' || r == ';' {
			return '_'
		}
		return r
	}, name)
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + url.PathEscape(name)
}

// periodView is the finance department's page of a period.
type periodView struct {
	view
	Period         string
	Path           string // the period escaped for a path
	Open           bool
	State          string
	Summary        string
	Rows           []periodRow
	Consolidations []consolidationRow
	Included       string    // how many departments the download uses
	Left           []planRow // the departments not in the download, and why
	CanConsolidate bool
	Register       string // the register, one department per line, for its form
}

type consolidationRow struct {
	store.ConsolidationSummary
	Strict string
	Link   string
}

type periodRow struct {
	Department string `json:"department"`
	Listed     bool   `json:"in_register"`
	Submitted  bool   `json:"submitted"`
	Seq        int64  `json:"sequence,omitempty"`
	Status     string `json:"status,omitempty"`
	StatusWord string `json:"-"`
	Class      string `json:"-"`
	Errors     int    `json:"errors"`
	Warnings   int    `json:"warnings"`
	Infos      int    `json:"infos"`
	Received   string `json:"received,omitempty"`
	Record     int64  `json:"record,omitempty"`
	Link       string `json:"-"`
}

func (s *Server) period(w http.ResponseWriter, r *http.Request, p principal) {
	lang := langOf(r)
	if p.key.Role != store.RoleFinance && p.key.Role != store.RoleAuditor {
		s.fail(w, r, http.StatusForbidden, say(lang, "err.forbidden"))
		return
	}
	period := strings.TrimSpace(r.PathValue("period"))
	ps, err := s.cfg.Store.Period(r.Context(), period)
	var list []store.Summary
	if err == nil {
		list, err = s.cfg.Store.List(r.Context(), store.Filter{Period: period})
	}
	if err != nil {
		s.cfg.Log.Error().Err(err).Msg("perioden kunde inte läsas")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
		return
	}
	var cons []store.ConsolidationSummary
	if err == nil {
		cons, err = s.cfg.Store.ListConsolidations(r.Context(), period)
	}
	if err != nil {
		s.cfg.Log.Error().Err(err).Msg("perioden kunde inte läsas")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
		return
	}
	latest := store.LatestByDepartment(ps.Departments, list)
	rows := periodRows(latest, lang)
	ps.Period = period
	plan, err := s.consolidationPlan(r.Context(), ps, latest, lang)
	if err != nil {
		s.cfg.Log.Error().Err(err).Msg("perioden kunde inte läsas")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"period": period, "open": ps.Open, "departments": rows, "consolidation": plan})
		return
	}
	v := periodView{view: s.newView(r, say(lang, "period.heading", "period", exporter.Printable(period))),
		Period: period, Path: url.PathEscape(period), Open: ps.Open, Rows: rows, Register: strings.Join(ps.Departments, "\n")}
	included := 0
	for _, pr := range plan {
		if pr.Included {
			included++
		} else {
			v.Left = append(v.Left, pr)
		}
	}
	v.Included = say(lang, "consolidate.included", "n", strconv.Itoa(included))
	v.CanConsolidate = included > 0 && p.key.Role == store.RoleFinance
	switch {
	case ps.Open:
		v.State = say(lang, "period.open")
	case ps.Changed != "":
		v.State = say(lang, "period.closed")
	default:
		v.State = say(lang, "period.unknown")
	}
	done := 0
	for _, row := range rows {
		if row.Listed && row.Submitted {
			done++
		}
	}
	v.Summary = say(lang, "period.summary", "done", strconv.Itoa(done), "expected", strconv.Itoa(len(ps.Departments)))
	for i := range v.Rows {
		v.Rows[i].Link += v.LangQuery
	}
	for _, c := range cons {
		v.Consolidations = append(v.Consolidations, consolidationRow{ConsolidationSummary: c, Strict: catalogWord(lang, c.Strict),
			Link: "/sammanstallning/" + strconv.FormatInt(c.ID, 10) + v.LangQuery})
	}
	s.render(w, http.StatusOK, "period", v)
}

// periodRows is one row per expected department, in the register's
// order, with its latest submission or as missing; then the departments
// that submitted without being in the register (store.LatestByDepartment).
func periodRows(latest []store.Latest, lang rules.Lang) []periodRow {
	rows := make([]periodRow, 0, len(latest))
	for _, l := range latest {
		row := periodRow{Department: l.Department, Listed: l.Listed, Class: "missing", StatusWord: say(lang, "period.missing")}
		if m := l.Sub; m != nil {
			row = periodRow{Department: l.Department, Listed: l.Listed, Submitted: true, Seq: m.Seq, Status: m.Status,
				StatusWord: catalog.Get(lang, "status."+m.Status), Class: m.Status, Errors: m.Errors, Warnings: m.Warnings,
				Infos: m.Infos, Received: m.Received, Record: m.ID, Link: "/post/" + strconv.FormatInt(m.ID, 10)}
		}
		rows = append(rows, row)
	}
	return rows
}

// historyView lists a department's submissions.
type historyView struct {
	view
	Department string
	Rows       []historyRow
}

type historyRow struct {
	store.Summary
	StatusWord string
	Link       string
}

func (s *Server) historik(w http.ResponseWriter, r *http.Request, p principal) {
	lang := langOf(r)
	dept := strings.TrimSpace(r.PathValue("namnd"))
	if !p.mayRead(dept) {
		s.cfg.Log.Warn().Int64("nyckel", p.key.ID).Str("nämnd", exporter.Printable(dept)).Msg("historik vägrad")
		s.fail(w, r, http.StatusForbidden, say(lang, "err.forbidden"))
		return
	}
	list, err := s.cfg.Store.List(r.Context(), store.Filter{Department: dept, Period: r.URL.Query().Get("period")})
	if err != nil {
		s.cfg.Log.Error().Err(err).Msg("historiken kunde inte läsas")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"department": dept, "submissions": list})
		return
	}
	v := historyView{view: s.newView(r, say(lang, "history.heading", "department", exporter.Printable(dept))), Department: exporter.Printable(dept)}
	for i := len(list) - 1; i >= 0; i-- { // newest first
		m := list[i]
		v.Rows = append(v.Rows, historyRow{Summary: m, StatusWord: catalog.Get(lang, "status."+m.Status),
			Link: "/post/" + strconv.FormatInt(m.ID, 10) + v.LangQuery})
	}
	s.render(w, http.StatusOK, "history", v)
}

// recordView is a stored submission's findings, as they were shown when
// it was submitted.
type recordView struct {
	view
	Rec      *store.Record
	History  string // the link to the department's history
	Verdict  string
	Class    string
	Findings findingRows
}

func (s *Server) record(w http.ResponseWriter, r *http.Request, p principal) {
	lang := langOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, http.StatusNotFound, say(lang, "err.norecord"))
		return
	}
	rec, err := s.cfg.Store.Load(r.Context(), id)
	switch {
	case err != nil && isNotFound(err):
		s.fail(w, r, http.StatusNotFound, say(lang, "err.norecord"))
		return
	case err != nil:
		s.cfg.Log.Error().Err(err).Msg("inlämningen kunde inte läsas")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
		return
	case !p.mayRead(rec.Department):
		s.fail(w, r, http.StatusForbidden, say(lang, "err.forbidden"))
		return
	}
	if wantsJSON(r) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(rec.Report)
		return
	}
	v := recordView{view: s.newView(r, say(lang, "record.heading", "seq", strconv.FormatInt(rec.Seq, 10),
		"department", exporter.Printable(rec.Department), "period", exporter.Printable(rec.Period))), Rec: rec}
	v.History = "/historik/" + url.PathEscape(rec.Department) + v.LangQuery
	v.Verdict, v.Class = verdict(rules.Status(rec.Status), lang)
	var rep exporter.Report
	if json.Unmarshal(rec.Report, &rep) == nil && len(rep.Submissions) == 1 {
		fs := rep.Submissions[0].Findings
		slices.SortStableFunc(fs, func(a, b exporter.Finding) int { return cmp.Compare(sevRank(a.Severity), sevRank(b.Severity)) })
		for _, f := range fs {
			v.Findings = append(v.Findings, findingRow{Sheet: exporter.Printable(f.Sheet), Cell: f.Cell,
				Severity: catalog.Get(lang, "severity."+f.Severity), Class: f.Severity, Message: f.Message,
				Expected: shownValue(f.Expected, lang), Actual: shownValue(f.Actual, lang)})
		}
	}
	s.render(w, http.StatusOK, "record", v)
}

func sevRank(s string) int {
	switch s {
	case "error":
		return 0
	case "warning":
		return 1
	}
	return 2
}
