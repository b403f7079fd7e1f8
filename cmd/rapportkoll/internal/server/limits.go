package server

import (
	"errors"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"
)

// Bounds on one key's share of the server, so that one key holder (a
// script, a leaked key, an attacker with a department's key) cannot take
// the places that every department shares.
const (
	// MaxUploadsPerKey is how many request bodies one key may have read
	// at once (of cap(Server.uploads) for everybody).
	MaxUploadsPerKey = 2
	// DefaultBodyTimeout is how long reading one request body may take:
	// 20 MiB in 60 s is some 340 kB/s, a slow line; a client that trickles
	// its body is cut off then (408) and gives its place back.
	DefaultBodyTimeout = 60 * time.Second
	// MaxSessionsPerKey is how many sessions one key keeps; a further
	// login ends the key's oldest session.
	MaxSessionsPerKey = 20
	// LoginsPerKey is how many logins one key may make in a minute.
	LoginsPerKey = 10
	// LoginsPerAddress is how many logins (right or wrong) may come from
	// one client address in a minute. Behind a proxy every client has the
	// proxy's address: this bounds them all together.
	LoginsPerAddress = 30
)

// keyPlaces counts the places each key holds.
type keyPlaces struct {
	mu  sync.Mutex
	max int
	n   map[int64]int
}

func newKeyPlaces(max int) *keyPlaces { return &keyPlaces{max: max, n: map[int64]int{}} }

// take takes one of key's places; false when it holds them all.
func (kp *keyPlaces) take(key int64) bool {
	kp.mu.Lock()
	defer kp.mu.Unlock()
	if kp.n[key] >= kp.max {
		return false
	}
	kp.n[key]++
	return true
}

func (kp *keyPlaces) give(key int64) {
	kp.mu.Lock()
	defer kp.mu.Unlock()
	if kp.n[key]--; kp.n[key] <= 0 {
		delete(kp.n, key)
	}
}

// admitUpload is what happens before a body is read: the key's rate limit
// (a key at its limit has no body read at all), one of the key's upload
// places, and a deadline for reading the body. release gives the key's
// place back.
func (s *Server) admitUpload(w http.ResponseWriter, r *http.Request) (release func(), herr *httpError) {
	lang := langOf(r)
	p, ok := r.Context().Value(ctxKey{}).(principal)
	if !ok {
		return func() {}, nil
	}
	if herr := s.allowRate(r, p); herr != nil {
		return nil, herr
	}
	if !s.perKey.take(p.key.ID) {
		s.cfg.Log.Warn().Int64("nyckel", p.key.ID).Int("samtidiga", MaxUploadsPerKey).Msg("för många uppladdningar samtidigt med samma nyckel; 429")
		return nil, &httpError{http.StatusTooManyRequests, say(lang, "err.uploadsperkey", "n", strconv.Itoa(MaxUploadsPerKey))}
	}
	timeout := s.cfg.bodyTimeout
	if timeout <= 0 {
		timeout = DefaultBodyTimeout
	}
	// not every ResponseWriter can (a test's recorder); the server's can
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(timeout))
	return func() { s.perKey.give(p.key.ID) }, nil
}

// allowRate counts one check (or download) of p's key: 429 past
// ChecksPerMinute.
func (s *Server) allowRate(r *http.Request, p principal) *httpError {
	if s.rate.allow(p.key.ID) {
		return nil
	}
	s.cfg.Log.Warn().Int64("nyckel", p.key.ID).Int("per_minut", s.cfg.ChecksPerMinute).Msg("för många kontroller; 429")
	return &httpError{http.StatusTooManyRequests, say(langOf(r), "err.ratelimit", "n", strconv.Itoa(s.cfg.ChecksPerMinute))}
}

// isTimeout says whether a body read ended at its deadline.
func isTimeout(err error) bool {
	return errors.Is(err, os.ErrDeadlineExceeded)
}

// logins are the login rate limits, per key and per client address.
type logins struct {
	byKey  *rateLimit[int64]
	byAddr *rateLimit[string]
}

func newLogins(now func() time.Time) *logins {
	return &logins{byKey: newRateLimit[int64](LoginsPerKey, now), byAddr: newRateLimit[string](LoginsPerAddress, now)}
}

// allowAddr counts a login from r's client address: 429 past
// LoginsPerAddress in a minute.
func (l *logins) allowAddr(r *http.Request) *httpError {
	addr, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		addr = r.RemoteAddr
	}
	if l.byAddr.allow(addr) {
		return nil
	}
	return &httpError{http.StatusTooManyRequests, say(langOf(r), "login.ratelimit")}
}

// allowKey counts a login with key: 429 past LoginsPerKey in a minute.
func (l *logins) allowKey(r *http.Request, key int64) *httpError {
	if l.byKey.allow(key) {
		return nil
	}
	return &httpError{http.StatusTooManyRequests, say(langOf(r), "login.ratelimit")}
}

// newServerCache is the cache of checked files: a key's share is a
// quarter of cacheBytes, but at least one upload of the largest size.
func newServerCache(cfg Config) *checkCache {
	keyBytes := max(cacheBytes/4, cfg.MaxUpload)
	return newCheckCache(cacheEntries, cacheKeyEntries, max(cacheBytes, 2*keyBytes), keyBytes, cacheTTL, cfg.now)
}
