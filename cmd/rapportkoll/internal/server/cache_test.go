package server

import (
	"archive/zip"
	"bytes"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/rules/check"
)

// One key's checks, from however many sessions, never push another key's
// checked files out of the cache; a key makes room among its own.
func TestCachePerKey(t *testing.T) {
	now := time.Now()
	clockNow := func() time.Time { return now }
	sub := &check.Submission{}
	mb := func(n int) []byte { return make([]byte, n<<20) }
	victim := owner{1, "session:v"}
	tests := []struct {
		name      string
		attacker  []owner // round robin
		puts      int
		size      int // MiB
		wantKept  int // of the attacker's, at most
		wantBytes int64
	}{
		{"one session", []owner{{2, "session:a"}}, 10, 1, 3, 0},
		{"many sessions", []owner{{2, "session:a"}, {2, "session:b"}, {2, "session:c"}, {2, "session:d"}}, 40, 1, 6, 0},
		{"large files", []owner{{2, "session:a"}, {2, "session:b"}, {2, "session:c"}}, 12, 15, 2, 0},
		{"too large for a share", []owner{{2, "key:2"}}, 3, 41, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCheckCache(3, 6, 100<<20, 40<<20, time.Hour, clockNow)
			id := c.put(victim, mb(15), sub)
			if id == "" {
				t.Fatal("the victim's check was not kept")
			}
			for i := range tt.puts {
				c.put(tt.attacker[i%len(tt.attacker)], mb(tt.size), sub)
			}
			kept, keyBytes := 0, int64(0)
			for _, e := range c.order {
				if e.owner.key == 2 {
					kept++
					keyBytes += e.size()
				}
			}
			if c.get(victim, id) == nil || kept > tt.wantKept || keyBytes > 40<<20 || c.totalBytes > 100<<20 {
				t.Errorf("after %d puts of %d MiB: victim's entry kept %v, attacker keeps %d entries (%d bytes), want at most %d (40 MiB); %d bytes in all",
					tt.puts, tt.size, c.get(victim, id) != nil, kept, keyBytes, tt.wantKept, c.totalBytes)
			}
		})
	}
	// a full cache keeps a newcomer's check out rather than drop others'
	c := newCheckCache(3, 6, 25<<20, 20<<20, time.Hour, clockNow)
	a, b := c.put(owner{1, "key:1"}, mb(15), sub), c.put(owner{2, "key:2"}, mb(15), sub)
	if a == "" || b != "" || c.get(owner{1, "key:1"}, a) == nil {
		t.Errorf("full cache: first key's id %q (kept %v), second's %q; want the first kept, the second refused", a, c.get(owner{1, "key:1"}, a) != nil, b)
	}
	// capacity is counted, not length
	c = newCheckCache(3, 6, 30<<20, 20<<20, time.Hour, clockNow)
	c.put(owner{1, "key:1"}, make([]byte, 10, 1<<20), sub)
	if c.totalBytes != 1<<20 {
		t.Errorf("a 10-byte slice of capacity 1 MiB counts %d bytes, want %d", c.totalBytes, 1<<20)
	}
}

// paddedWorkbook is Kommunstyrelsen's fixture with a stored (not
// compressed) random part of n bytes: a large upload that checks.
func paddedWorkbook(t *testing.T, n int) []byte {
	t.Helper()
	src := fixture(t, "kommunstyrelsen-2023.xlsx")
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		w, err := zw.CreateHeader(&f.FileHeader)
		if err != nil {
			t.Fatal(err)
		}
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/media/pad.bin", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	pad := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range pad {
		pad[i] = byte(r.Uint32())
	}
	w.Write(pad)
	zw.Close()
	return buf.Bytes()
}

// An upload is kept in a slice of about its size, with and without a
// Content-Length: the cache's bound is the memory it holds.
func TestUploadBufferSize(t *testing.T) {
	s := newSite(t, nil)
	data := paddedWorkbook(t, 3_000_000)
	for _, tt := range []struct {
		name    string
		chunked bool
	}{{"Content-Length", false}, {"chunked", true}} {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := multipartBody(t, "stor.xlsx", data)
			if tt.chunked {
				body = io.MultiReader(body) // length unknown: sent chunked
			}
			a := s.do(nil, http.MethodPost, "/kontroll", s.keys[ks], body, ct)
			id := a.header.Get("X-Rapportkoll-Check")
			if a.status != http.StatusOK || id == "" {
				t.Fatalf("POST /kontroll = %d (check %q), want 200: %s", a.status, id, strings.TrimSpace(a.body)[:80])
			}
			e := s.srv.cache.get(owner{s.keyID(ks), "key:" + itoa(s.keyID(ks))}, id)
			if e == nil {
				t.Fatal("the check is not in the cache")
			}
			if len(e.data) != len(data) || cap(e.data) > len(data)+len(data)/16+64<<10 {
				t.Errorf("the cached upload has length %d and capacity %d, want %d and about that", len(e.data), cap(e.data), len(data))
			}
		})
	}
}
