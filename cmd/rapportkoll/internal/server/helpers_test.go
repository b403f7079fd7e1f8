package server

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

const inlamnat = "../../../../fixtures/inlamnat"

const (
	ks     = "Kommunstyrelsen"
	kultur = "Kultur- och fritidsnämnden"
	helar  = "Helår 2023"
)

// site is a server on a fresh SQLite history with a key per role, the
// period Helår 2023 open and three departments expected.
type site struct {
	t    *testing.T
	srv  *Server
	ts   *httptest.Server
	st   *store.Store
	keys map[string]string // by department name, "ekonomi" and "revisor"
	log  *syncBuffer
	db   string // the SQLite file
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newSite(t *testing.T, tune func(*Config)) *site {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "historik.db")
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sp, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	s := &site{t: t, st: st, keys: map[string]string{}, log: &syncBuffer{}, db: db}
	now := time.Now()
	for _, k := range []struct{ role, dept string }{{store.RoleDepartment, ks}, {store.RoleDepartment, kultur},
		{store.RoleFinance, ""}, {store.RoleAuditor, ""}} {
		key, _, err := st.CreateKey(ctx, k.role, k.dept, now)
		if err != nil {
			t.Fatal(err)
		}
		name := k.dept
		if name == "" {
			name = k.role
		}
		s.keys[name] = key
	}
	if err := st.SetRegister(ctx, helar, []string{ks, kultur, "Grundskolenämnden"}, now); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPeriodOpen(ctx, helar, true, now); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Store: st, Spec: sp, Log: zerolog.New(s.log), ToolVersion: "test"}
	if tune != nil {
		tune(&cfg)
	}
	s.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.ts = httptest.NewServer(s.srv.Handler())
	t.Cleanup(s.ts.Close)
	return s
}

// fixture reads a committed fixture workbook.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(inlamnat, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixedKommunstyrelsen is the seed's workbook with its Drift percentage
// corrected, as a resubmission would be.
func fixedKommunstyrelsen(t *testing.T) []byte {
	t.Helper()
	wb := fixtures.Kommunstyrelsen()
	for _, sh := range wb.Sheets {
		for _, row := range sh.Rows {
			if sh.Name == "Drift" && len(row) > 5 && row[0] == "Äldre och personer med funktionsnedsättning" {
				row[5] = fixtures.Pct("-1")
			}
		}
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// multipartBody is a form with the file part fil (unless data is nil) and
// the fields given.
func multipartBody(t *testing.T, fileName string, data []byte, fields ...string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if data != nil {
		fw, err := mw.CreateFormFile("fil", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// answer is a response read whole.
type answer struct {
	status int
	header http.Header
	body   string // HTML entities decoded
	raw    []byte
}

// do sends a request with the key as a bearer ("" for none) and extra
// headers as name, value pairs.
func (s *site) do(client *http.Client, method, path, key string, body io.Reader, contentType string, hdr ...string) answer {
	s.t.Helper()
	req, err := http.NewRequest(method, s.ts.URL+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	if client == nil {
		client = s.ts.Client()
	}
	resp, err := client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: html.UnescapeString(string(raw)), raw: raw}
}

// upload posts a workbook to path as the key's holder.
func (s *site) upload(path, key, fileName string, data []byte, hdr ...string) answer {
	s.t.Helper()
	body, ct := multipartBody(s.t, fileName, data)
	return s.do(nil, http.MethodPost, path, key, body, ct, hdr...)
}

// browser is a client with a cookie jar that does not follow redirects,
// logged in with key.
func (s *site) browser(key string) *http.Client {
	s.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	a := s.do(c, http.MethodPost, "/logga-in", "", strings.NewReader(url.Values{"nyckel": {key}}.Encode()),
		"application/x-www-form-urlencoded")
	if a.status != http.StatusSeeOther {
		s.t.Fatalf("POST /logga-in = %d, want 303: %s", a.status, a.body)
	}
	return c
}

func langFor(s string) rules.Lang {
	if s == "en" {
		return rules.English
	}
	return rules.Swedish
}

func storeFilter(period string) store.Filter { return store.Filter{Period: period} }

// keyID is the stored id of the site's key of name.
func (s *site) keyID(name string) int64 {
	s.t.Helper()
	k, err := s.st.LookupKey(context.Background(), s.keys[name])
	if err != nil {
		s.t.Fatal(err)
	}
	return k.ID
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
