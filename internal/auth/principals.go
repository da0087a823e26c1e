package auth

import (
	"slices"
	"sync"
	"time"

	"github.com/baken-nl/baken/internal/authz"
)

// principals keeps, for a moment, the principal read for a user in an
// organisation: every request needs it, and a page with its fragments and
// redirects comes as a burst of requests of one session. The copy is
// dropped after ttl, and at once after any write of this process (a role
// taken away, a user deactivated, a password reset: db.DB.OnWrite), so a
// change made in the portal holds from the next request on; a change by
// another process (the CLI, a second instance) holds after ttl at most.
type principals struct {
	ttl time.Duration
	mu  sync.Mutex
	// gen counts the writes: a principal read before a write finished is
	// not kept after it.
	gen     uint64
	entries map[principalKey]cachedPrincipal
}

type principalKey struct{ user, org int64 }

type cachedPrincipal struct {
	p       authz.Principal
	expires time.Time
}

// maxPrincipals bounds the memory: past it the copies are dropped at once.
const maxPrincipals = 4096

func newPrincipals(ttl time.Duration) *principals {
	return &principals{ttl: ttl, entries: map[principalKey]cachedPrincipal{}}
}

// get returns a current copy, and the generation to store a fresh read under.
func (c *principals) get(k principalKey, now time.Time) (authz.Principal, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || !now.Before(e.expires) {
		return authz.Principal{}, false, c.gen
	}
	p := e.p
	p.Roles = slices.Clone(p.Roles) // the caller may not change the copy kept
	return p, true, c.gen
}

// put keeps p unless a write happened since gen was handed out.
func (c *principals) put(k principalKey, p authz.Principal, gen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.entries) >= maxPrincipals {
		clear(c.entries)
	}
	p.Roles = slices.Clone(p.Roles)
	c.entries[k] = cachedPrincipal{p: p, expires: now.Add(c.ttl)}
}

// forget drops every copy: after any write.
func (c *principals) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}
