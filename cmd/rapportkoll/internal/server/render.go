package server

import (
	"bytes"
	"encoding/json"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rapportkoll/rapportkoll/rules"
)

// pages are the parsed templates, one set per page (each defines the
// layout's "content").
type pages struct {
	t map[string]*template.Template
}

func parsePages() (*pages, error) {
	names, err := fs.Glob(webFiles, "web/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{t: map[string]*template.Template{}}
	for _, n := range names {
		if strings.HasSuffix(n, "/layout.html") {
			continue
		}
		t, err := template.New("layout.html").Funcs(template.FuncMap{"when": when}).ParseFS(webFiles, "web/layout.html", n)
		if err != nil {
			return nil, err
		}
		p.t[strings.TrimSuffix(strings.TrimPrefix(n, "web/"), ".html")] = t
	}
	return p, nil
}

// view is what every page shows: the language, who is logged in, the
// title.
type view struct {
	Lang      rules.Lang
	LangQuery string // "?lang=en" or ""
	OtherLang string // the link to the page in the other language
	Who       string
	LoggedIn  bool
	Role      string
	Dept      string
	DeptPath  string // Dept escaped for a path
	Title     string
}

// T is a text of the server's catalogue in the page's language.
func (v view) T(key string, kv ...string) string { return say(v.Lang, key, kv...) }

// newView makes the common part of a page for r.
func (s *Server) newView(r *http.Request, title string) view {
	lang := langOf(r)
	v := view{Lang: lang, LangQuery: langQuery(lang), Title: title}
	q := r.URL.Query()
	if lang == rules.English {
		q.Del("lang")
	} else {
		q.Set("lang", "en")
	}
	other := *r.URL
	other.RawQuery = q.Encode()
	if r.Method != http.MethodGet {
		other.Path, other.RawQuery = "/", ""
		if lang != rules.English {
			other.RawQuery = "lang=en"
		}
	}
	v.OtherLang = other.RequestURI()
	if p, ok := r.Context().Value(ctxKey{}).(principal); ok {
		v.LoggedIn, v.Role, v.Dept = true, p.key.Role, p.key.Department
	} else if p, ok := s.whoCookie(r); ok { // not a bearer: it was refused or is not needed
		v.LoggedIn, v.Role, v.Dept = true, p.key.Role, p.key.Department
	}
	v.DeptPath = url.PathEscape(v.Dept)
	switch v.Role {
	case "namnd":
		v.Who = say(lang, "who.department", "name", v.Dept)
	case "ekonomi":
		v.Who = say(lang, "who.ekonomi")
	case "revisor":
		v.Who = say(lang, "who.revisor")
	}
	return v
}

// langOf is the language asked for with ?lang=en; Swedish otherwise.
func langOf(r *http.Request) rules.Lang {
	if strings.EqualFold(r.URL.Query().Get("lang"), "en") {
		return rules.English
	}
	return rules.Swedish
}

func langQuery(lang rules.Lang) string {
	if lang == rules.English {
		return "?lang=en"
	}
	return ""
}

// wantsJSON says whether the client asked for JSON.
func wantsJSON(r *http.Request) bool {
	qJSON, qHTML := -1.0, -1.0 // not listed
	for _, a := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(a))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil || q < 0 || q > 1 {
				continue
			}
		}
		switch mt {
		case "application/json":
			qJSON = max(qJSON, q)
		case "text/html":
			qHTML = max(qHTML, q)
		}
	}
	// q=0 is "not acceptable"; HTML wins when the client prefers it
	return qJSON > 0 && qJSON >= qHTML
}

// render writes page name with data, status; results are never cached.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages.t[name].Execute(&buf, data); err != nil {
		s.cfg.Log.Error().Err(err).Str("sida", name).Msg("sidan kunde inte visas")
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorView is the page of an answer other than 200.
type errorView struct {
	view
	Status  int
	Message string
	Details []string
}

// fail answers status with msg, as a page or as JSON {"error": msg}.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string, details ...string) {
	if status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "30")
	}
	if wantsJSON(r) {
		writeJSON(w, status, map[string]any{"error": msg, "details": append([]string{}, details...)})
		return
	}
	v := s.newView(r, say(langOf(r), "error.heading"))
	s.render(w, status, "error", errorView{view: v, Status: status, Message: msg, Details: details})
}

// when shows a stored time (RFC 3339 in UTC, with microseconds) to the
// minute: 2023-03-01 09:30 UTC. A time that does not parse is shown as
// stored.
func when(stored string) string {
	t, err := time.Parse(time.RFC3339Nano, stored)
	if err != nil {
		return stored
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
