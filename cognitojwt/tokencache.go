package cognitojwt

import (
	"container/list"
	"sync"
)

// tokenCache is a bounded LRU of verified tokens, like Envoy jwt_authn's jwt_cache_config: a
// repeated token skips the RSA check. Entries hold the claims of a token that passed every check;
// Verify rechecks exp and nbf on each hit.
type tokenCache struct {
	mu    sync.Mutex
	max   int
	ll    *list.List // front = most recently used
	items map[string]*list.Element
}

type cacheEntry struct {
	token  string
	claims *Claims
}

func newTokenCache(max int) *tokenCache {
	return &tokenCache{max: max, ll: list.New(), items: make(map[string]*list.Element, max)}
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

func (c *tokenCache) put(token string, claims *Claims) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[token]; ok {
		e.Value.(*cacheEntry).claims = claims
		c.ll.MoveToFront(e)
		return
	}
	c.items[token] = c.ll.PushFront(&cacheEntry{token: token, claims: claims})
	if c.ll.Len() > c.max {
		oldest := c.ll.Back()
		c.ll.Remove(oldest)
		delete(c.items, oldest.Value.(*cacheEntry).token)
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
