package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
)

// One key's logins end only its own oldest sessions: never another key's,
// even when the table is full.
func TestSessionsPerKey(t *testing.T) {
	now := time.Now()
	clockNow := func() time.Time { return now }
	tests := []struct {
		name        string
		max, others int // the table's bound; other keys' sessions beside the victim's
		logins      int // of one key
		wantOwn     int // its sessions kept
		wantRefused bool
	}{
		{"a few", 100, 0, 3, 3, false},
		{"past the key's bound", 100, 0, 50, 4, false},
		{"table nearly full", 6, 1, 50, 4, false},
		{"table full of others", 6, 2, 50, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss := newSessions(time.Hour, clockNow, tt.max, 4)
			victim, _, err := ss.create(store.Key{ID: 1})
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.others {
				if _, _, err := ss.create(store.Key{ID: int64(100 + i)}); err != nil {
					t.Fatal(err)
				}
			}
			refused := false
			for range tt.logins {
				now = now.Add(time.Millisecond)
				if _, _, err := ss.create(store.Key{ID: 2}); err != nil {
					refused = true
				}
			}
			own := 0
			for _, s := range ss.m {
				if s.key.ID == 2 {
					own++
				}
			}
			_, kept := ss.get(victim)
			if own != tt.wantOwn || refused != tt.wantRefused || !kept || len(ss.m) != 1+tt.others+own {
				t.Errorf("after %d logins of one key: %d of its sessions (want %d), refused %v (want %v), the other key's session kept %v, %d sessions",
					tt.logins, own, tt.wantOwn, refused, tt.wantRefused, kept, len(ss.m))
			}
		})
	}
}

// Logins are rate-limited per key and per client address; a key's
// sessions are bounded, so that logging in often pushes out nobody else.
func TestLoginLimits(t *testing.T) {
	s := newSite(t, nil)
	victim := s.browser(s.keys["ekonomi"])
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	login := func(key string) int {
		return s.do(noRedirect, http.MethodPost, "/logga-in", "", strings.NewReader(url.Values{"nyckel": {key}}.Encode()),
			"application/x-www-form-urlencoded").status
	}
	for i := range LoginsPerKey + 1 {
		want := http.StatusSeeOther
		if i == LoginsPerKey {
			want = http.StatusTooManyRequests
		}
		if got := login(s.keys[ks]); got != want {
			t.Fatalf("login %d with one key = %d, want %d", i+1, got, want)
		}
	}
	// the address's bound: the logins so far, the victim's, and these
	for i := LoginsPerKey + 2; i < LoginsPerAddress+2; i++ {
		key := s.keys[kultur]
		if i%2 == 0 {
			key = "fel-nyckel"
		}
		got := login(key)
		if (i < LoginsPerAddress && got == http.StatusTooManyRequests) || (i >= LoginsPerAddress && got != http.StatusTooManyRequests) {
			t.Errorf("login %d from one address = %d", i+1, got)
		}
	}
	if a := s.do(victim, http.MethodGet, "/period/"+url.PathEscape(helar), "", nil, ""); a.status != http.StatusOK {
		t.Errorf("the finance department's session after the logins = %d, want 200", a.status)
	}
}
