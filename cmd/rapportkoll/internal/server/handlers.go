package server

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// homeView is the start page: the login form, or the upload form.
type homeView struct {
	view
	Failed     string
	KeepsFiles bool // "Lämna in" stores the workbook's bytes
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "home", homeView{view: s.newView(r, say(langOf(r), "title")), KeepsFiles: !s.cfg.DropFiles})
}

// kontroll checks an upload and shows the result; nothing is stored but
// the bytes in the memory cache, for the download and "Lämna in".
func (s *Server) kontroll(w http.ResponseWriter, r *http.Request, p principal) {
	u, herr := s.readUpload(w, r)
	if herr != nil {
		s.fail(w, r, herr.status, herr.msg)
		return
	}
	defer u.release()
	if !u.hasFile {
		s.fail(w, r, http.StatusBadRequest, say(langOf(r), "err.nofile"))
		return
	}
	sub, herr := s.runCheck(r, u)
	if herr != nil {
		s.fail(w, r, herr.status, herr.msg)
		return
	}
	status := http.StatusOK
	id := ""
	if sub.Status == rules.Unreadable {
		status = http.StatusUnsupportedMediaType
	} else {
		id = s.cache.put(p.owner, u.data, sub)
		w.Header().Set("X-Rapportkoll-Check", id)
	}
	if wantsJSON(r) {
		writeJSON(w, status, s.report(sub))
		return
	}
	res := newResult(s.newView(r, say(langOf(r), "result.heading", "file", exporter.Printable(sub.File))), sub)
	res.CheckID, res.CanSubmit = id, id != "" && p.isDepartment()
	s.render(w, status, "result", res)
}

func (s *Server) report(sub *check.Submission) exporter.Report {
	return exporter.NewReport(s.cfg.Spec, []*check.Submission{sub}, func(f string) string { return f })
}

// download sends the feedback workbook of a file the same owner checked.
func (s *Server) download(w http.ResponseWriter, r *http.Request, p principal) {
	lang := langOf(r)
	if herr := s.allowRate(r, p); herr != nil { // a download builds a workbook: it counts as a check
		s.fail(w, r, herr.status, herr.msg)
		return
	}
	e := s.cache.get(p.owner, r.PathValue("id"))
	if e == nil {
		s.fail(w, r, http.StatusNotFound, say(lang, "download.gone"))
		return
	}
	release, herr := s.acquire(r, s.slots, "kontrollplatser")
	if herr != nil {
		s.fail(w, r, herr.status, herr.msg)
		return
	}
	data, err := exporter.FeedbackWorkbook(e.sub, e.data, lang)
	release()
	if err != nil {
		s.cfg.Log.Warn().Err(err).Str("fil", exporter.Printable(e.sub.File)).Msg("ingen återkopplingsarbetsbok")
		s.fail(w, r, http.StatusUnprocessableEntity, say(lang, "download.none"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", contentDisposition(downloadName(e.sub.Department, e.sub.Period, lang)))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// inlamning checks an upload (or takes one checked before) and stores it
// as the key's department's submission for its period.
func (s *Server) inlamning(w http.ResponseWriter, r *http.Request, p principal) {
	lang := langOf(r)
	if !p.isDepartment() {
		s.fail(w, r, http.StatusForbidden, say(lang, "err.onlydept"))
		return
	}
	u, herr := s.readUpload(w, r)
	if herr != nil {
		s.fail(w, r, herr.status, herr.msg)
		return
	}
	defer u.release()
	if !u.hasFile {
		// "Lämna in" on a result page: the file just checked, checked
		// again for the facts the history keeps
		e := s.cache.get(p.owner, u.checkID)
		if e == nil {
			s.fail(w, r, http.StatusNotFound, say(lang, "download.gone"))
			return
		}
		u.name, u.data = e.sub.File, e.data
	}
	data := u.data
	sub, herr := s.runCheck(r, u)
	if herr != nil {
		s.fail(w, r, herr.status, herr.msg)
		return
	}
	if sub.Status == rules.Unreadable {
		s.unreadable(w, r, sub)
		return
	}
	if herr := s.mayStore(r, p, sub); herr != nil {
		s.cfg.Log.Warn().Int64("nyckel", p.key.ID).Str("nämnd", exporter.Printable(p.key.Department)).
			Str("filens_nämnd", exporter.Printable(sub.Department)).Str("period", exporter.Printable(sub.Period)).
			Int("status", herr.status).Msg("inlämning vägrad")
		s.fail(w, r, herr.status, herr.msg)
		return
	}
	rec, diff, err := s.store(r, sub, data)
	if err != nil {
		s.cfg.Log.Error().Err(err).Str("fil", exporter.Printable(sub.File)).Msg("inlämningen kunde inte sparas")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
		return
	}
	s.cfg.Log.Info().Int64("nyckel", p.key.ID).Str("nämnd", exporter.Printable(rec.Department)).
		Str("period", exporter.Printable(rec.Period)).Int64("post", rec.ID).Int64("inlämning", rec.Seq).
		Str("sha256", rec.SHA256).Str("status", rec.Status).Msg("inlämnad")
	id := s.cache.put(p.owner, data, sub)
	rv := newReceipt(rec, diff, lang)
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"receipt": rv.json(), "report": s.report(sub), "changes": diff})
		return
	}
	res := newResult(s.newView(r, say(lang, "receipt.heading")), sub)
	res.CheckID, res.Receipt = id, rv
	s.render(w, http.StatusOK, "result", res)
}

func (s *Server) unreadable(w http.ResponseWriter, r *http.Request, sub *check.Submission) {
	if wantsJSON(r) {
		writeJSON(w, http.StatusUnsupportedMediaType, s.report(sub))
		return
	}
	res := newResult(s.newView(r, say(langOf(r), "result.heading", "file", exporter.Printable(sub.File))), sub)
	s.render(w, http.StatusUnsupportedMediaType, "result", res)
}

// mayStore refuses a workbook of another department, or of a period not
// open.
func (s *Server) mayStore(r *http.Request, p principal, sub *check.Submission) *httpError {
	lang := langOf(r)
	switch {
	case importer.NameKey(sub.Department) == "":
		return &httpError{http.StatusForbidden, say(lang, "err.nodept")}
	case importer.NameKey(sub.Department) != importer.NameKey(p.key.Department):
		return &httpError{http.StatusForbidden, say(lang, "err.otherdept", "file_department", exporter.Short(sub.Department),
			"department", exporter.Short(p.key.Department))}
	case importer.NameKey(sub.Period) == "":
		return &httpError{http.StatusForbidden, say(lang, "err.noperiod")}
	}
	ps, err := s.cfg.Store.Period(r.Context(), sub.Period)
	if err != nil {
		s.cfg.Log.Error().Err(err).Msg("perioden kunde inte läsas")
		return &httpError{http.StatusServiceUnavailable, say(lang, "err.store")}
	}
	switch {
	case ps.Open:
		return nil
	case ps.Changed != "":
		return &httpError{http.StatusForbidden, say(lang, "err.periodclosed", "period", exporter.Short(sub.Period))}
	}
	cell := "?"
	if sub.PeriodRef.Row > 0 {
		cell = sub.PeriodRef.Cell()
	}
	return &httpError{http.StatusForbidden, say(lang, "err.periodnotopen", "period", exporter.Short(sub.Period), "cell", cell)}
}

// store appends sub to the history and compares it with the department's
// previous submission for the period (nil diff when it is the first).
func (s *Server) store(r *http.Request, sub *check.Submission, data []byte) (*store.Record, *store.Diff, error) {
	var buf bytes.Buffer
	if err := exporter.WriteJSON(&buf, s.report(sub)); err != nil {
		return nil, nil, err
	}
	var workbook []byte
	if !s.cfg.DropFiles {
		workbook = data
	}
	rec := store.FromResult(s.cfg.Spec, sub, buf.Bytes(), s.cfg.ToolVersion, s.cfg.now(), workbook)
	if err := s.cfg.Store.Append(r.Context(), rec); err != nil {
		return nil, nil, err
	}
	if rec.Seq <= 1 {
		return rec, nil, nil
	}
	list, err := s.cfg.Store.List(r.Context(), store.Filter{Department: rec.Department, Period: rec.Period})
	if err != nil {
		return rec, nil, nil // stored; the comparison is only shown
	}
	for _, m := range list {
		if m.Seq == rec.Seq-1 {
			prev, err := s.cfg.Store.Load(r.Context(), m.ID)
			if err != nil {
				return rec, nil, nil
			}
			return rec, store.Compare(prev, rec), nil
		}
	}
	return rec, nil, nil
}

// periodQuery sends the form on the start page to /period/{period}.
func (s *Server) periodQuery(w http.ResponseWriter, r *http.Request, p principal) {
	period := strings.TrimSpace(r.URL.Query().Get("p"))
	if period == "" {
		http.Redirect(w, r, "/"+langQuery(langOf(r)), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/period/"+url.PathEscape(period)+langQuery(langOf(r)), http.StatusSeeOther)
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
