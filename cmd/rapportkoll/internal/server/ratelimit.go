package server

import (
	"sync"
	"time"
)

// DefaultChecksPerMinute is how many checks one key may ask for in a
// minute; more get 429 (a script in a loop must not take every slot).
const DefaultChecksPerMinute = 60

// rateLimit counts checks (or logins) per key (or client address) in
// windows of a minute.
type rateLimit[K comparable] struct {
	mu     sync.Mutex
	limit  int
	now    func() time.Time
	counts map[K]*window
}

type window struct {
	start time.Time
	n     int
}

func newRateLimit[K comparable](limit int, now func() time.Time) *rateLimit[K] {
	return &rateLimit[K]{limit: limit, now: now, counts: map[K]*window{}}
}

// allow counts one check of key and says whether it is within the limit.
func (rl *rateLimit[K]) allow(key K) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	now := rl.now()
	if len(rl.counts) > 10_000 {
		for k, w := range rl.counts {
			if now.Sub(w.start) >= time.Minute {
				delete(rl.counts, k)
			}
		}
	}
	w := rl.counts[key]
	if w == nil || now.Sub(w.start) >= time.Minute {
		w = &window{start: now}
		rl.counts[key] = w
	}
	w.n++
	return w.n <= rl.limit
}
