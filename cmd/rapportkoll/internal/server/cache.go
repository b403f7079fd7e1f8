package server

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/rapportkoll/rapportkoll/rules/check"
)

// The cache of checked files, for "download what I just checked" and
// "submit what I just checked": a few entries per owner, a bound on all
// bytes held, and a time to live. Nothing is written to disk.
const (
	cacheEntries = 3                // per owner (a session, or a bearer key)
	cacheBytes   = 160 << 20        // all owners together
	cacheTTL     = 30 * time.Minute // after the check
)

// checked is one checked upload: its bytes and its result without the
// tables read.
type checked struct {
	id      string
	owner   string
	data    []byte
	sub     *check.Submission
	expires time.Time
}

type checkCache struct {
	mu         sync.Mutex
	order      []*checked // oldest first
	perOwner   int
	maxBytes   int64
	ttl        time.Duration
	now        func() time.Time
	totalBytes int64
}

func newCheckCache(perOwner int, maxBytes int64, ttl time.Duration, now func() time.Time) *checkCache {
	return &checkCache{perOwner: perOwner, maxBytes: maxBytes, ttl: ttl, now: now}
}

// put keeps a checked upload and returns its id.
func (c *checkCache) put(owner string, data []byte, sub *check.Submission) string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	// the tables read are dropped: the feedback workbook does not need
	// them, and a submission from the cache checks the bytes again
	kept := *sub
	kept.Tables = nil
	e := &checked{id: base64.RawURLEncoding.EncodeToString(b), owner: owner, data: data, sub: &kept}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	e.expires = now.Add(c.ttl)
	c.expire(now)
	n := 0
	for i := len(c.order) - 1; i >= 0; i-- {
		if c.order[i].owner == owner {
			n++
			if n >= c.perOwner {
				c.remove(i)
			}
		}
	}
	for len(c.order) > 0 && c.totalBytes+int64(len(data)) > c.maxBytes {
		c.remove(0)
	}
	c.order = append(c.order, e)
	c.totalBytes += int64(len(data))
	return e.id
}

// get returns owner's checked upload id, or nil.
func (c *checkCache) get(owner, id string) *checked {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(c.now())
	for _, e := range c.order {
		if e.id == id && e.owner == owner {
			return e
		}
	}
	return nil
}

func (c *checkCache) dropOwner(owner string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.order) - 1; i >= 0; i-- {
		if c.order[i].owner == owner {
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
	c.totalBytes -= int64(len(c.order[i].data))
	c.order = append(c.order[:i], c.order[i+1:]...)
}
