package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serve starts, answers, and ends with code 0 when its context ends (as on
// SIGINT or SIGTERM).
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--log-format", "json"}, &stdout, &stderr)
	}()
	addr := regexp.MustCompile(`"adress":"(http://[^"]+)"`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stderr.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	resp, err := http.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET / = %d", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 || !strings.Contains(stderr.String(), "webbsidan avslutad") {
			t.Errorf("serve = %d, want 0: %s", code, stderr.String())
		}
	case <-time.After(40 * time.Second):
		t.Fatal("serve did not end")
	}
}

func TestServeFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--db", db, "--max-upload", "mycket"}, "ogiltig --max-upload"},
		{[]string{"serve", "--db", db, "--tls-cert", "c.pem"}, "både --tls-cert och --tls-key"},
		{[]string{"serve", "--db", db, "fil.xlsx"}, "serve tar inga filer"},
		{[]string{"serve", "--db", db, "--addr", "nonsens:::"}, "webbsidan kunde inte köras"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != exitFailed || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v = %d, %q, want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"20MiB", 20 << 20, true}, {"512KiB", 512 << 10, true}, {"1GiB", 1 << 30, true}, {"5000000", 5000000, true},
		{"5 MB", 5e6, true}, {"0", 0, false}, {"-1MiB", 0, false}, {"MiB", 0, false}, {"20 mib", 0, false}, {"99999999999GiB", 0, false},
	}
	for _, tt := range tests {
		got, err := parseSize(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("parseSize(%q) = %d, %v, want %d (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
