package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

func TestKontrollStatuses(t *testing.T) {
	s := newSite(t, nil)
	key := s.keys[ks]
	htmlRenamed := fixture(t, "trasig-html.xlsx")
	tests := []struct {
		name   string
		key    string
		body   func() (string, []byte) // file name and bytes; nil bytes: no file part
		ct     string                  // content type instead of the form's
		status int
		want   []string // in the page
	}{
		{"rejected workbook", key, func() (string, []byte) { return "kommunstyrelsen-2023.xlsx", fixture(t, "kommunstyrelsen-2023.xlsx") },
			"", 200, []string{`class="verdict bad" role="status">Underkänd<`,
				"<tr class=\"error\"><td>Drift</td><td>F19</td><td>fel</td>", "Ladda ner återkoppling", "Lämna in"}},
		{"accepted workbook", key, func() (string, []byte) { return "k.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx") },
			"", 200, []string{`role="status">Godkänd<`, "<td>Indikatorer</td><td>C4</td><td>info</td>"}},
		{"a finance key checks, but has no submit button", s.keys["ekonomi"],
			func() (string, []byte) { return "k.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx") }, "", 200, []string{"Godkänd"}},
		{"no file part", key, func() (string, []byte) { return "", nil }, "", 400, []string{"Ingen fil skickades"}},
		{"not a form", key, func() (string, []byte) { return "", []byte("x") }, "text/plain", 400, []string{"multipart/form-data"}},
		{"HTML renamed", key, func() (string, []byte) { return "rapport.xlsx", htmlRenamed }, "", 415,
			[]string{"Underkänd – filen kunde inte läsas", "HTML"}},
		{"no key", "", func() (string, []byte) { return "k.xlsx", htmlRenamed }, "", 401, []string{"Logga in"}},
		{"unknown key", "abc", func() (string, []byte) { return "k.xlsx", htmlRenamed }, "", 401, []string{"Logga in"}},
		{"folders in the file name", key, func() (string, []byte) { return "../../x.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx") },
			"", 200, []string{"Resultat för x.xlsx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, data := tt.body()
			body, ct := multipartBody(t, name, data)
			if tt.ct != "" {
				body, ct = bytes.NewReader(data), tt.ct
			}
			a := s.do(nil, http.MethodPost, "/kontroll", tt.key, body, ct)
			if a.status != tt.status {
				t.Fatalf("POST /kontroll = %d, want %d: %s", a.status, tt.status, a.body)
			}
			for _, w := range tt.want {
				if !strings.Contains(a.body, w) {
					t.Errorf("page lacks %q:\n%s", w, a.body)
				}
			}
			if tt.name == "a finance key checks, but has no submit button" && strings.Contains(a.body, "Lämna in") {
				t.Errorf("a finance key's result page offers Lämna in")
			}
			if got := a.header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			if got := a.header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			if got := a.header.Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'self'") {
				t.Errorf("Content-Security-Policy = %q", got)
			}
		})
	}
}

// Everything check refuses gets the same message on the page as check
// gives.
func TestHostileUploads(t *testing.T) {
	s := newSite(t, nil)
	broken, err := fixtures.Broken()
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := spec.Default()
	for name, data := range broken {
		t.Run(name, func(t *testing.T) {
			want := check.Bytes(sp, name, data, check.Options{})
			a := s.upload("/kontroll", s.keys[ks], name, data)
			if want.Status == "unreadable" && a.status != http.StatusUnsupportedMediaType {
				t.Errorf("POST /kontroll of %s = %d, want 415", name, a.status)
			}
			if want.Status != "unreadable" && a.status != http.StatusOK {
				t.Errorf("POST /kontroll of %s = %d, want 200", name, a.status)
			}
			for _, f := range want.Findings {
				if !strings.Contains(a.body, f.Message) {
					t.Errorf("page lacks check's message %q", f.Message)
				}
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	s := newSite(t, func(c *Config) { c.MaxUpload = 1 << 20 })
	a := s.upload("/kontroll", s.keys[ks], "stor.xlsx", bytes.Repeat([]byte("x"), 1<<20+1))
	if a.status != http.StatusRequestEntityTooLarge || !strings.Contains(a.body, "högst 1 MiB") || !strings.Contains(a.body, "hela begäran") {
		t.Errorf("POST /kontroll of 1 MiB + 1 = %d, want 413 and the limit: %s", a.status, a.body)
	}
}

// A 20 MiB upload is read in memory, and nothing of a workbook is written
// to the temporary folder, during the check or after: not the names of a
// tree of over 100,000 rows (the check spills them to a temporary file
// in the CLI) nor a sheet part of over 16 MiB when the feedback workbook
// is built (excelize unzips such parts to a temporary file by default).
func TestUploadLeavesTempDirEmpty(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	if os.TempDir() != tmp {
		t.Fatalf("os.TempDir() = %q, want %q", os.TempDir(), tmp)
	}
	var large bytes.Buffer
	if err := fixtures.LargeDrift(&large, 110_000); err != nil { // a Drift part of some 35 MB
		t.Fatal(err)
	}
	created := watchCreates(t, tmp)
	// looked at during the check too: net/http removes a parsed form's
	// files only after the handler
	var during atomic.Int32
	s := newSite(t, func(c *Config) {
		c.beforeCheck = func() {
			if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
				during.Add(1)
			}
		}
	})
	for _, n := range []int{DefaultMaxUpload - 4096, DefaultMaxUpload + 1} {
		data := bytes.Repeat([]byte("PK\x03\x04 nonsense "), n/16)
		a := s.upload("/kontroll", s.keys[ks], "stor.xlsx", data)
		if a.status != http.StatusUnsupportedMediaType && a.status != http.StatusRequestEntityTooLarge {
			t.Errorf("POST /kontroll of %d bytes = %d, want 415 or 413", len(data), a.status)
		}
	}
	a := s.upload("/kontroll", s.keys[ks], "stor-drift.xlsx", large.Bytes())
	id := a.header.Get("X-Rapportkoll-Check")
	if a.status != http.StatusOK || id == "" {
		t.Fatalf("POST /kontroll of 110,000 Drift rows = %d (check %q), want 200", a.status, id)
	}
	if d := s.do(nil, http.MethodGet, "/aterkoppling/"+id, s.keys[ks], nil, ""); d.status != http.StatusOK {
		t.Errorf("GET /aterkoppling of 110,000 Drift rows = %d, want 200: %.200s", d.status, d.body)
	}
	entries, err := os.ReadDir(tmp)
	if err != nil || len(entries) != 0 || during.Load() != 0 {
		t.Errorf("the temporary folder holds %v (%v), and held files during %d checks; want nothing", entries, err, during.Load())
	}
	if names := created(); len(names) > 0 {
		t.Errorf("files created in the temporary folder during the checks and the download: %v; want none", names)
	}
}

func TestBusy(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	var n atomic.Int32
	s := newSite(t, func(c *Config) {
		c.MaxChecks, c.QueueWait = 1, 50*time.Millisecond
		c.beforeCheck = func() {
			if n.Add(1) == 1 {
				close(entered)
				<-release
			}
		}
	})
	data := fixture(t, "kultur-och-fritidsnamnden-2023.xlsx")
	first := make(chan answer)
	go func() { first <- s.upload("/kontroll", s.keys[ks], "a.xlsx", data) }()
	<-entered
	a := s.upload("/kontroll", s.keys[ks], "b.xlsx", data)
	close(release)
	if a.status != http.StatusServiceUnavailable || !strings.Contains(a.body, "Servern kontrollerar många filer") || a.header.Get("Retry-After") == "" {
		t.Errorf("POST /kontroll while the one slot is held = %d (Retry-After %q), want 503 and a message: %s", a.status, a.header.Get("Retry-After"), a.body)
	}
	if a := <-first; a.status != http.StatusOK {
		t.Errorf("the held check = %d, want 200", a.status)
	}
	if a := s.upload("/kontroll", s.keys[ks], "c.xlsx", data); a.status != http.StatusOK {
		t.Errorf("POST /kontroll after the slot is free = %d, want 200", a.status)
	}
}

func TestJSON(t *testing.T) {
	s := newSite(t, nil)
	a := s.upload("/kontroll", s.keys[ks], "kommunstyrelsen-2023.xlsx", fixture(t, "kommunstyrelsen-2023.xlsx"), "Accept", "application/json")
	if a.status != 200 || !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
		t.Fatalf("POST /kontroll (JSON) = %d %s", a.status, a.header.Get("Content-Type"))
	}
	var rep exporter.Report
	dec := json.NewDecoder(bytes.NewReader(a.raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Submissions) != 1 || rep.Submissions[0].Status != "rejected" || rep.Submissions[0].Department != ks ||
		rep.Submissions[0].Findings[0].Cell != "F19" {
		t.Errorf("report = %+v", rep)
	}
	a = s.upload("/kontroll", s.keys[ks], "x", nil, "Accept", "application/json")
	var e struct{ Error string }
	if json.Unmarshal(a.raw, &e); a.status != 400 || !strings.Contains(e.Error, "Ingen fil") {
		t.Errorf("POST /kontroll (JSON, no file) = %d %s", a.status, a.raw)
	}
}

func TestEnglish(t *testing.T) {
	s := newSite(t, nil)
	a := s.upload("/kontroll?lang=en", s.keys[ks], "k.xlsx", fixture(t, "kommunstyrelsen-2023.xlsx"))
	for _, w := range []string{`lang="en"`, ">Rejected<", "Download feedback", "<td>Drift</td><td>F19</td><td>error</td>", "but the cell states 1"} {
		if !strings.Contains(a.body, w) {
			t.Errorf("English page lacks %q", w)
		}
	}
}

func TestCrossOrigin(t *testing.T) {
	s := newSite(t, nil)
	data := fixture(t, "kultur-och-fritidsnamnden-2023.xlsx")
	tests := []struct {
		name   string
		hdr    []string
		status int
	}{
		{"other origin", []string{"Origin", "https://elak.example"}, 403},
		{"cross-site fetch", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://elak.example"}, 403},
		{"same origin", []string{"Sec-Fetch-Site", "same-origin"}, 200},
		{"a script without browser headers", nil, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := s.upload("/kontroll", s.keys[ks], "k.xlsx", data, tt.hdr...)
			if a.status != tt.status {
				t.Errorf("POST /kontroll with %v = %d, want %d", tt.hdr, a.status, tt.status)
			}
			if tt.status == 403 && !strings.Contains(a.body, "annan webbplats") {
				t.Errorf("refusal lacks its message: %s", a.body)
			}
		})
	}
	body := strings.NewReader("nyckel=" + s.keys[ks])
	a := s.do(nil, http.MethodPost, "/logga-in", "", body, "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site")
	if a.status != 403 {
		t.Errorf("cross-site POST /logga-in = %d, want 403", a.status)
	}
}

func TestLoginAndDownload(t *testing.T) {
	s := newSite(t, nil)
	bad := s.do(nil, http.MethodPost, "/logga-in", "", strings.NewReader("nyckel=fel"), "application/x-www-form-urlencoded")
	if bad.status != 403 || !strings.Contains(bad.body, "Nyckeln är okänd") || !strings.Contains(s.log.String(), "inloggning misslyckades") {
		t.Errorf("POST /logga-in with a wrong key = %d, log %q", bad.status, s.log.String())
	}
	c := s.browser(s.keys[ks])
	home := s.do(c, http.MethodGet, "/", "", nil, "")
	if !strings.Contains(home.body, `name="fil"`) || !strings.Contains(home.body, "Inloggad för Kommunstyrelsen") {
		t.Errorf("start page after login lacks the upload form: %s", home.body)
	}
	body, ct := multipartBody(t, "../../x.xlsx", fixture(t, "kommunstyrelsen-2023.xlsx"))
	res := s.do(c, http.MethodPost, "/kontroll", "", body, ct)
	m := regexp.MustCompile(`href="(/aterkoppling/[^"?]+)`).FindStringSubmatch(res.body)
	if res.status != 200 || m == nil {
		t.Fatalf("POST /kontroll = %d, no download link: %s", res.status, res.body)
	}
	dl := s.do(c, http.MethodGet, m[1], "", nil, "")
	if dl.status != 200 {
		t.Fatalf("GET %s = %d: %s", m[1], dl.status, dl.body)
	}
	wantCD := `attachment; filename="Kommunstyrelsen-Helar-2023-aterkoppling.xlsx"; filename*=UTF-8''Kommunstyrelsen-Hel%C3%A5r-2023-%C3%A5terkoppling.xlsx`
	if got := dl.header.Get("Content-Disposition"); got != wantCD {
		t.Errorf("Content-Disposition = %q, want %q", got, wantCD)
	}
	if got := dl.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("download Cache-Control = %q", got)
	}
	f, err := excelize.OpenReader(bytes.NewReader(dl.raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	comments, err := f.GetComments("Drift")
	if err != nil {
		t.Fatal(err)
	}
	marked := false
	for _, cm := range comments {
		if cm.Cell == "F19" {
			marked = true
		}
	}
	style, _ := f.GetCellStyle("Drift", "F19")
	st, _ := f.GetStyle(style)
	if !marked || st == nil || len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFC7CE" {
		t.Errorf("Drift!F19 in the feedback workbook: comment %v, fill %+v; want a comment and the error fill", marked, st)
	}
	if idx, _ := f.GetSheetIndex("Återkoppling"); idx < 0 {
		t.Errorf("the feedback workbook has no sheet Återkoppling: %v", f.GetSheetList())
	}
	// another login, even of the same department, cannot download it
	if a := s.do(s.browser(s.keys[ks]), http.MethodGet, m[1], "", nil, ""); a.status != 404 {
		t.Errorf("GET %s from another session = %d, want 404", m[1], a.status)
	}
	out := s.do(c, http.MethodPost, "/logga-ut", "", nil, "")
	if out.status != http.StatusSeeOther {
		t.Errorf("POST /logga-ut = %d", out.status)
	}
	if a := s.do(c, http.MethodGet, m[1], "", nil, ""); a.status != 401 {
		t.Errorf("GET %s after logging out = %d, want 401", m[1], a.status)
	}
}

func TestSessionCookie(t *testing.T) {
	s := newSite(t, func(c *Config) { c.TLS = true })
	a := s.do(&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		http.MethodPost, "/logga-in", "", strings.NewReader("nyckel="+s.keys["revisor"]), "application/x-www-form-urlencoded")
	sc := a.header.Get("Set-Cookie")
	for _, w := range []string{cookieName + "=", "HttpOnly", "SameSite=Lax", "Secure"} {
		if !strings.Contains(sc, w) {
			t.Errorf("Set-Cookie %q lacks %s", sc, w)
		}
	}
	if a.header.Get("Strict-Transport-Security") == "" {
		t.Errorf("no Strict-Transport-Security over TLS")
	}
	if strings.Contains(sc, s.keys["revisor"]) {
		t.Errorf("the cookie holds the key itself")
	}
}

func TestDownloadName(t *testing.T) {
	tests := []struct{ dept, period, lang, want string }{
		{"Kulturnämnden", "Helår 2023", "sv", "Kulturnämnden-Helår-2023-återkoppling.xlsx"},
		{"Kultur- och fritidsnämnden", "Delår april 2023", "en", "Kultur--och-fritidsnämnden-Delår-april-2023-feedback.xlsx"},
		{"../../etc/passwd", "", "sv", "_.._etc_passwd-återkoppling.xlsx"},
		{"", "", "sv", "arbetsbok-återkoppling.xlsx"},
	}
	for _, tt := range tests {
		got := downloadName(tt.dept, tt.period, langFor(tt.lang))
		if got != tt.want {
			t.Errorf("downloadName(%q, %q) = %q, want %q", tt.dept, tt.period, got, tt.want)
		}
		if strings.ContainsAny(got, `/\`) {
			t.Errorf("downloadName(%q) = %q holds a path separator", tt.dept, got)
		}
	}
}

// One key that sends many uploads in a minute gets 429; another key is
// not held up.
func TestRateLimit(t *testing.T) {
	s := newSite(t, func(c *Config) { c.ChecksPerMinute = 5 })
	data := fixture(t, "trasig-html.xlsx")
	for i := range 200 {
		a := s.upload("/kontroll", s.keys[ks], "k.xlsx", data)
		want := http.StatusUnsupportedMediaType
		if i >= 5 {
			want = http.StatusTooManyRequests
		}
		if a.status != want {
			t.Fatalf("upload %d = %d, want %d: %s", i+1, a.status, want, a.body)
		}
		if i == 5 && (!strings.Contains(a.body, "fler än 5 filer") || a.header.Get("Retry-After") == "") {
			t.Errorf("429 lacks its message or Retry-After: %s", a.body)
		}
	}
	if a := s.upload("/kontroll", s.keys[kultur], "k.xlsx", data); a.status != http.StatusUnsupportedMediaType {
		t.Errorf("another key's upload = %d, want 415", a.status)
	}
}
