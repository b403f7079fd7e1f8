package server

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

// slow is an upload whose body stops after the file part's headers until
// the test ends: a client on a line that trickles.
type slow struct {
	answer chan int // the status, or -1 when the request failed
	pw     *io.PipeWriter
}

func (s *site) slowUpload(key string) *slow {
	s.t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	req, err := http.NewRequest(http.MethodPost, s.ts.URL+"/kontroll", pr)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+key)
	up := &slow{answer: make(chan int, 1), pw: pw}
	s.t.Cleanup(func() { pw.CloseWithError(errors.New("test over")) })
	go func() {
		resp, err := s.ts.Client().Do(req)
		if err != nil {
			up.answer <- -1
			return
		}
		resp.Body.Close()
		up.answer <- resp.StatusCode
	}()
	go func() { mw.CreateFormFile("fil", "langsam.xlsx") }() // blocks until read
	return up
}

// waitFor waits until cond holds or up has answered, at most 3 s.
func waitFor(up *slow, cond func() bool) (status int, answered bool) {
	for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		select {
		case st := <-up.answer:
			return st, true
		default:
		}
		if cond() {
			return 0, false
		}
	}
	return 0, false
}

// One key's slow uploads take at most MaxUploadsPerKey places: its next
// ones get 429 at once, and another key's upload still goes through.
func TestSlowUploadsOfOneKey(t *testing.T) {
	s := newSite(t, func(c *Config) { c.MaxChecks, c.QueueWait = 1, 200*time.Millisecond }) // 4 upload places
	held := 0
	for i := range 4 {
		up := s.slowUpload(s.keys[ks])
		status, answered := waitFor(up, func() bool { return len(s.srv.uploads) == held+1 })
		switch {
		case !answered && len(s.srv.uploads) == held+1:
			held++
		case answered && status == http.StatusTooManyRequests && i >= MaxUploadsPerKey:
		default:
			t.Errorf("slow upload %d: answered %v with %d, %d places held; want a place for the first %d, 429 after", i+1, answered, status, len(s.srv.uploads), MaxUploadsPerKey)
		}
	}
	if held != MaxUploadsPerKey {
		t.Errorf("one key's slow uploads hold %d places, want %d", held, MaxUploadsPerKey)
	}
	a := s.upload("/kontroll", s.keys[kultur], "k.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx"))
	if a.status != http.StatusOK {
		t.Errorf("another key's upload beside the slow ones = %d, want 200: %s", a.status, a.body)
	}
}

// A body that does not arrive within the body timeout is cut off with
// 408, and its place is given back.
func TestBodyTimeout(t *testing.T) {
	s := newSite(t, func(c *Config) { c.bodyTimeout = 300 * time.Millisecond })
	up := s.slowUpload(s.keys[ks])
	select {
	case status := <-up.answer:
		if status != http.StatusRequestTimeout && status != -1 {
			t.Errorf("slow upload = %d, want 408", status)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a slow upload is still being read after 5 s (body timeout 300 ms)")
	}
	for end := time.Now().Add(time.Second); len(s.srv.uploads) > 0 && time.Now().Before(end); {
		time.Sleep(5 * time.Millisecond)
	}
	if n := len(s.srv.uploads); n != 0 {
		t.Errorf("%d upload places held after the timeout, want 0", n)
	}
}

// A key over its rate limit gets 429 before its body is read: a body that
// never ends is answered at once.
func TestRateLimitBeforeBody(t *testing.T) {
	s := newSite(t, func(c *Config) { c.ChecksPerMinute = 1 })
	if a := s.upload("/kontroll", s.keys[ks], "k.xlsx", fixture(t, "trasig-html.xlsx")); a.status != http.StatusUnsupportedMediaType {
		t.Fatalf("first upload = %d, want 415", a.status)
	}
	up := s.slowUpload(s.keys[ks])
	select {
	case status := <-up.answer:
		if status != http.StatusTooManyRequests {
			t.Errorf("upload over the rate limit = %d, want 429", status)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("an upload over the rate limit is being read (no answer after 3 s)")
	}
}

// Feedback downloads count against the key's limit as checks do: each
// builds a workbook.
func TestDownloadRateLimit(t *testing.T) {
	s := newSite(t, func(c *Config) { c.ChecksPerMinute = 3 })
	a := s.upload("/kontroll", s.keys[ks], "k.xlsx", fixture(t, "kommunstyrelsen-2023.xlsx"))
	id := a.header.Get("X-Rapportkoll-Check")
	if a.status != http.StatusOK || id == "" {
		t.Fatalf("POST /kontroll = %d, want 200", a.status)
	}
	for i, want := range []int{http.StatusOK, http.StatusOK, http.StatusTooManyRequests, http.StatusTooManyRequests} {
		if d := s.do(nil, http.MethodGet, "/aterkoppling/"+id, s.keys[ks], nil, ""); d.status != want {
			t.Errorf("download %d after one check, limit 3 = %d, want %d", i+1, d.status, want)
		}
	}
	if a := s.upload("/kontroll", s.keys[ks], "k.xlsx", fixture(t, "kommunstyrelsen-2023.xlsx")); a.status != http.StatusTooManyRequests {
		t.Errorf("a check after the downloads = %d, want 429", a.status)
	}
}

// The period page refuses the period names that period oppna refuses
// (store.CheckPeriodName): nothing is appended to the history.
func TestSetPeriodName(t *testing.T) {
	s := newSite(t, nil)
	for _, p := range []string{"%20", "%00", "x%0d%0aX-Evil:%201", "Hel%C3%A5r%20%E2%80%AE2023", "..%2f..", strings.Repeat("a", 101)} {
		a := s.do(nil, http.MethodPost, "/period/"+p+"/oppna", s.keys["ekonomi"], nil, "")
		if a.status != http.StatusBadRequest && a.status != http.StatusNotFound {
			t.Errorf("POST /period/%s/oppna = %d, want 400: %.100s", p, a.status, a.body)
		}
	}
	if strings.Contains(s.log.String(), "period ändrad") {
		t.Errorf("a period was changed: %s", s.log.String())
	}
	if a := s.do(nil, http.MethodPost, "/period/Hel%C3%A5r%202024/oppna", s.keys["ekonomi"], nil, "", "Accept", "application/json"); a.status != http.StatusOK {
		t.Errorf("POST /period/Helår 2024/oppna = %d, want 200", a.status)
	}
}
