package server

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// clock is a test's time: now, moved on by advance.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// A key revoked after its holder logged in stops working in the session
// too, within revocationTTL: reading, checking and submitting.
func TestRevokedKeyEndsSessions(t *testing.T) {
	var clk clock
	s := newSite(t, func(c *Config) { c.now = clk.now })
	ctx := context.Background()
	k, err := s.st.LookupKey(ctx, s.keys[ks])
	if err != nil {
		t.Fatal(err)
	}
	browser := s.browser(s.keys[ks])
	other := s.browser(s.keys[kultur])
	if a := s.do(browser, http.MethodGet, "/historik/"+ks, "", nil, ""); a.status != http.StatusOK {
		t.Fatalf("GET /historik before the revocation = %d, want 200", a.status)
	}
	if err := s.st.RevokeKey(ctx, k.ID, clk.now()); err != nil {
		t.Fatal(err)
	}
	clk.advance(revocationTTL + time.Second)
	data := fixture(t, "kommunstyrelsen-2023.xlsx")
	for _, tt := range []struct {
		name   string
		method string
		path   string
	}{
		{"read", http.MethodGet, "/historik/" + ks},
		{"check", http.MethodPost, "/kontroll"},
		{"submit", http.MethodPost, "/inlamning"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := multipartBody(t, "kommunstyrelsen-2023.xlsx", data)
			if tt.method == http.MethodGet {
				body, ct = nil, ""
			}
			if a := s.do(browser, tt.method, tt.path, "", body, ct, "Origin", s.ts.URL); a.status != http.StatusUnauthorized {
				t.Errorf("%s %s in a revoked key's session = %d, want 401", tt.method, tt.path, a.status)
			}
		})
	}
	if a := s.do(nil, http.MethodGet, "/historik/"+ks, s.keys[ks], nil, ""); a.status != http.StatusUnauthorized {
		t.Errorf("GET /historik with the revoked key as bearer = %d, want 401", a.status)
	}
	if a := s.do(other, http.MethodGet, "/historik/"+kultur, "", nil, ""); a.status != http.StatusOK {
		t.Errorf("GET /historik in another key's session = %d, want 200", a.status)
	}
	if list, _ := s.st.List(ctx, storeFilter(helar)); len(list) != 0 {
		t.Errorf("%d submissions stored by a revoked key, want none", len(list))
	}
}
