package cognitojwt

import (
	"container/list"
	"crypto/rsa"
	"sync"
)

// tokenCache is a bounded LRU of verified tokens, like Envoy jwt_authn's jwt_cache_config: a
// repeated token skips the RSA check. Entries hold the claims of a token that passed every check
// and the kid and key that verified it; Verify rechecks exp and nbf on each hit.
//
// A verdict stands only while the JWKS still maps its kid to its key (keyHeld). put checks that
// under the lock and dropWithdrawn removes the entries that fail it after every JWKS fetch, so a
// withdrawn or replaced key takes its verdicts with it, with no window for a verdict reached with
// the old key set to slip in after the purge.
type tokenCache struct {
	keyHeld func(kid string, key *rsa.PublicKey) bool

	mu    sync.Mutex
	max   int
	ll    *list.List // front = most recently used
	items map[string]*list.Element
}

type cacheEntry struct {
	token  string
	kid    string
	key    *rsa.PublicKey
	claims *Claims
}

func newTokenCache(max int, keyHeld func(kid string, key *rsa.PublicKey) bool) *tokenCache {
	return &tokenCache{keyHeld: keyHeld, max: max, ll: list.New(), items: make(map[string]*list.Element, max)}
}

func (c *tokenCache) get(token string) (*Claims, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[token]
	if !ok {
		return nil, false
	}
	c.ll.MoveToFront(e)
	return e.Value.(*cacheEntry).claims, true
}

// put caches the verdict on token, reached with the JWKS key kid → key, unless that key has left
// the key set since.
func (c *tokenCache) put(token, kid string, key *rsa.PublicKey, claims *Claims) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.keyHeld(kid, key) {
		return
	}
	if e, ok := c.items[token]; ok {
		e.Value = &cacheEntry{token: token, kid: kid, key: key, claims: claims}
		c.ll.MoveToFront(e)
		return
	}
	c.items[token] = c.ll.PushFront(&cacheEntry{token: token, kid: kid, key: key, claims: claims})
	if c.ll.Len() > c.max {
		oldest := c.ll.Back()
		c.ll.Remove(oldest)
		delete(c.items, oldest.Value.(*cacheEntry).token)
	}
}

// dropWithdrawn removes the verdicts whose key the JWKS no longer holds (the kid is gone, or now
// names another key). It runs after every JWKS fetch; the scan is over at most max entries.
func (c *tokenCache) dropWithdrawn() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.ll.Front(); e != nil; {
		next := e.Next()
		if ce := e.Value.(*cacheEntry); !c.keyHeld(ce.kid, ce.key) {
			c.ll.Remove(e)
			delete(c.items, ce.token)
		}
		e = next
	}
}

func (c *tokenCache) remove(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[token]; ok {
		c.ll.Remove(e)
		delete(c.items, token)
	}
}

func (c *tokenCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}
