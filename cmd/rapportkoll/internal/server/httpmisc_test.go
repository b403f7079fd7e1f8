package server

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

func TestWantsJSON(t *testing.T) {
	tests := []struct {
		accept string
		want   bool
	}{
		{"", false},
		{"application/json", true},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false},
		{"application/json;q=0", false},
		{"text/html,application/json;q=0.1", false},
		{"text/html;q=0.5,application/json", true},
		{"application/json, text/html", true},
		{"application/json;q=x", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept", tt.accept)
		if got := wantsJSON(r); got != tt.want {
			t.Errorf("wantsJSON(Accept: %q) = %v, want %v", tt.accept, got, tt.want)
		}
	}
}

// A known path with another method is 405 with Allow; every answer
// varies with Accept.
func TestMethodNotAllowed(t *testing.T) {
	s := newSite(t, nil)
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodPut, "/kontroll", http.StatusMethodNotAllowed, "POST"},
		{http.MethodDelete, "/kontroll", http.StatusMethodNotAllowed, "POST"},
		{http.MethodGet, "/kontroll", http.StatusMethodNotAllowed, "POST"},
		{http.MethodPost, "/historik/x", http.StatusMethodNotAllowed, "GET, HEAD"},
		{http.MethodGet, "/finns-inte", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		a := s.do(nil, tt.method, tt.path, s.keys[ks], nil, "", "Origin", s.ts.URL)
		if a.status != tt.status || a.header.Get("Allow") != tt.allow || !strings.Contains(a.header.Get("Vary"), "Accept") {
			t.Errorf("%s %s = %d, Allow %q, Vary %q; want %d, Allow %q, Vary Accept", tt.method, tt.path, a.status,
				a.header.Get("Allow"), a.header.Get("Vary"), tt.status, tt.allow)
		}
	}
}

// net/http's errors are warnings without its prefix, and at most
// httpErrorsPerMinute a minute.
func TestHTTPErrorLog(t *testing.T) {
	var buf bytes.Buffer
	now := time.Now()
	l := newHTTPErrorLog(zerolog.New(&buf), func() time.Time { return now })
	for range httpErrorsPerMinute + 10 {
		l.Write([]byte("http: TLS handshake error from 127.0.0.1:4711: client sent an HTTP request to an HTTPS server\n"))
	}
	now = now.Add(time.Minute)
	l.Write([]byte("http: another\n"))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != httpErrorsPerMinute+2 {
		t.Fatalf("%d lines logged, want %d", len(lines), httpErrorsPerMinute+2)
	}
	if !strings.Contains(lines[0], `"level":"warn"`) || !strings.Contains(lines[0], `"message":"TLS handshake error`) {
		t.Errorf("line = %s, want a warning without the http: prefix", lines[0])
	}
	if !strings.Contains(lines[httpErrorsPerMinute], `"utelämnade":10`) {
		t.Errorf("line = %s, want the 10 left out counted", lines[httpErrorsPerMinute])
	}
}

// A certificate that cannot be loaded is an error before the server
// says it listens.
func TestServeBadCertificate(t *testing.T) {
	s := newSite(t, nil)
	_, keyFile := selfSigned(t)
	ready := false
	err := s.srv.Serve(context.Background(), "127.0.0.1:0", "/finns/inte.pem", keyFile, func(net.Addr) { ready = true })
	if err == nil || ready {
		t.Errorf("Serve with a missing certificate = %v, ready called %v; want an error before ready", err, ready)
	}
}
