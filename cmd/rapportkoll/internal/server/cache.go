package server

import (
	"crypto/rand"
	"encoding/base64"
	"github.com/rapportkoll/rapportkoll/importer"
	"sync"
	"time"

	"github.com/rapportkoll/rapportkoll/rules/check"
)

// The cache of checked files, for "download what I just checked" and
// "submit what I just checked": a few entries per owner and per key, a
// share of the bytes per key, a bound on all bytes held, and a time to
// live. Nothing is written to disk. One key's checks never push out
// another key's: a key makes room among its own entries, and when the
// cache is full of other keys' entries its check is shown but not kept.
const (
	cacheEntries    = 3                // per owner (a session, or a bearer key)
	cacheKeyEntries = 6                // per key, all its sessions together
	cacheBytes      = 96 << 20         // all keys together (capacity, not length)
	cacheTTL        = 30 * time.Minute // after the check
)

// owner is whose checks an entry is: a session of a key, or the key as a
// bearer. Only the same owner may use an entry; the key's bounds hold
// for all its owners together.
type owner struct {
	key  int64
	name string // "session:…" or "key:…"
}

// checked is one checked upload: its bytes and its result without the
// tables read.
type checked struct {
	id      string
	owner   owner
	data    []byte
	sub     *check.Submission
	expires time.Time
}

// size is what an entry holds of memory: its bytes' capacity.
func (e *checked) size() int64 { return int64(cap(e.data)) }

type checkCache struct {
	mu         sync.Mutex
	order      []*checked // oldest first
	perOwner   int
	perKey     int
	maxBytes   int64
	keyBytes   int64 // one key's share of maxBytes
	ttl        time.Duration
	now        func() time.Time
	totalBytes int64
}

func newCheckCache(perOwner, perKey int, maxBytes, keyBytes int64, ttl time.Duration, now func() time.Time) *checkCache {
	return &checkCache{perOwner: perOwner, perKey: perKey, maxBytes: maxBytes, keyBytes: keyBytes, ttl: ttl, now: now}
}

// put keeps a checked upload and returns its id, or "" when it cannot be
// kept without dropping another key's entries (or is larger than a key's
// share).
func (c *checkCache) put(o owner, data []byte, sub *check.Submission) string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	// the rows read are dropped, the tables' shape kept: the feedback
	// workbook needs each sheet's header row and columns (print titles,
	// number formats of Förväntat and Angivet) to be the one consolidate
	// writes, not the figures; a submission from the cache checks the
	// bytes again
	kept := *sub
	kept.Tables = tableShapes(sub.Tables)
	e := &checked{id: base64.RawURLEncoding.EncodeToString(b), owner: o, data: data, sub: &kept}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	e.expires = now.Add(c.ttl)
	c.expire(now)
	if e.size() > c.keyBytes {
		return ""
	}
	// room among the owner's and then the key's own entries, oldest first
	ownerN, keyN, keyBytes := 0, 0, e.size()
	for i := len(c.order) - 1; i >= 0; i-- {
		x := c.order[i]
		if x.owner.key != o.key {
			continue
		}
		if x.owner == o {
			ownerN++
		}
		keyN++
		keyBytes += x.size()
		if (x.owner == o && ownerN >= c.perOwner) || keyN >= c.perKey || keyBytes > c.keyBytes {
			keyBytes -= x.size()
			c.remove(i)
		}
	}
	if c.totalBytes+e.size() > c.maxBytes {
		return ""
	}
	c.order = append(c.order, e)
	c.totalBytes += e.size()
	return e.id
}

// get returns owner's checked upload id, or nil.
func (c *checkCache) get(o owner, id string) *checked {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(c.now())
	for _, e := range c.order {
		if e.id == id && e.owner == o {
			return e
		}
	}
	return nil
}

func (c *checkCache) dropOwner(o owner) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.order) - 1; i >= 0; i-- {
		if c.order[i].owner == o {
			c.remove(i)
		}
	}
}

func (c *checkCache) expire(now time.Time) {
	for i := len(c.order) - 1; i >= 0; i-- {
		if c.order[i].expires.Before(now) {
			c.remove(i)
		}
	}
}

func (c *checkCache) remove(i int) {
	c.totalBytes -= c.order[i].size()
	c.order = append(c.order[:i], c.order[i+1:]...)
}

// tableShapes copies tables without their rows: which sheet, its header
// row and its columns.
func tableShapes(tables map[string]*importer.Table) map[string]*importer.Table {
	if tables == nil {
		return nil
	}
	out := make(map[string]*importer.Table, len(tables))
	for name, t := range tables {
		if t == nil {
			continue
		}
		out[name] = &importer.Table{File: t.File, Sheet: t.Sheet, Layout: t.Layout, HeaderRow: t.HeaderRow, Columns: t.Columns}
	}
	return out
}
