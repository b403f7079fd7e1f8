package server

import (
	"context"
	"sync"
	"time"
)

// revocationTTL is how long the server trusts its copy of the revoked
// keys: a key revoked with `rapportkoll nyckel aterkalla` stops working
// in its sessions within this time (a bearer key at once: it is looked up
// on every request).
const revocationTTL = 2 * time.Second

// revocations is the store's revoked keys, read again when the copy is
// older than revocationTTL: one small query every few seconds, however
// many requests there are.
type revocations struct {
	mu   sync.Mutex
	ids  map[int64]bool
	read time.Time
	ttl  time.Duration
	now  func() time.Time
	load func(context.Context) (map[int64]bool, error)
}

// revoked says whether key id is revoked. An error of the store counts as
// revoked: a session is never let through unchecked.
func (rv *revocations) revoked(ctx context.Context, id int64) (bool, error) {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	now := rv.now()
	if rv.ids == nil || now.Sub(rv.read) >= rv.ttl || now.Before(rv.read) {
		ids, err := rv.load(ctx)
		if err != nil {
			return true, err
		}
		rv.ids, rv.read = ids, now
	}
	return rv.ids[id], nil
}
