package cognitojwt

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/MicahParks/jwkset"
)

// minRSABits is the smallest RSA modulus a JWK may have: shorter keys are forgeable in practice.
const minRSABits = 2048

// keySet is the cached JWKS: an immutable map swapped atomically, read without a lock.
type keySet map[string]*rsa.PublicKey

// jwksCache holds the pool's signing keys. Known kids are served from memory; an unknown kid
// triggers one shared refetch, and when that refetch still lacks the kid, further unknown kids
// fail fast without a request until the penalty window ends.
type jwksCache struct {
	url      string
	client   *http.Client
	timeout  time.Duration
	maxBytes int64
	penalty  time.Duration
	now      func() time.Time

	// replaced, when set, runs after every fetch that stored a new key set, before the fetch's
	// waiters are released: the Verifier drops the cached verdicts of keys the set no longer holds.
	replaced func()

	keys    atomic.Pointer[keySet]
	fetches atomic.Int64

	mu           sync.Mutex
	inflight     *fetchCall // non-nil while a fetch runs; callers wait on it
	started      uint64     // fetches started so far; a fetchCall's seq is its place in that count
	penaltyUntil time.Time
}

type fetchCall struct {
	seq  uint64
	done chan struct{}
	err  error
}

// key returns the public key for kid, fetching the JWKS when the kid is not cached.
func (c *jwksCache) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	if k, ok := c.lookup(kid); ok {
		return k, nil
	}
	c.mu.Lock()
	if k, ok := c.lookup(kid); ok {
		c.mu.Unlock()
		return k, nil
	}
	if c.keys.Load() != nil && c.now().Before(c.penaltyUntil) {
		c.mu.Unlock()
		return nil, fmt.Errorf("%w: kid %q (JWKS refetched recently, next refetch after %s)", ErrKeyNotFound, kid, c.penaltyUntil.Format(time.RFC3339))
	}
	call := c.startFetchLocked(ctx, kid)
	c.mu.Unlock()

	select {
	case <-call.done:
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: waiting for JWKS: %w", ErrJWKSUnavailable, ctx.Err())
	}
	if k, ok := c.lookup(kid); ok {
		return k, nil
	}
	if c.keys.Load() == nil {
		return nil, call.err
	}
	if call.err != nil {
		return nil, fmt.Errorf("%w: kid %q is not in the cached JWKS (refetch failed: %v)", ErrKeyNotFound, kid, call.err)
	}
	return nil, fmt.Errorf("%w: kid %q is not in the JWKS", ErrKeyNotFound, kid)
}

func (c *jwksCache) lookup(kid string) (*rsa.PublicKey, bool) {
	ks := c.keys.Load()
	if ks == nil {
		return nil, false
	}
	k, ok := (*ks)[kid]
	return k, ok
}

// holds reports whether the current key set still maps kid to key: a verdict reached with key
// stands only while this holds. Keys are compared by value, since every fetch parses new ones.
func (c *jwksCache) holds(kid string, key *rsa.PublicKey) bool {
	k, ok := c.lookup(kid)
	return ok && k.Equal(key)
}

// startFetchLocked joins the fetch in flight or starts one for kid ("" for a warm-up). c.mu must be
// held. The fetch runs detached from the caller's cancellation (other callers share it) but
// bounded by c.timeout. When it ends without kid while some key set is cached, the penalty window
// starts in the same critical section that ends the fetch, so no caller can slip a second fetch in.
func (c *jwksCache) startFetchLocked(ctx context.Context, kid string) *fetchCall {
	if c.inflight != nil {
		return c.inflight
	}
	c.started++
	call := &fetchCall{seq: c.started, done: make(chan struct{})}
	c.inflight = call
	go func() {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.timeout)
		defer cancel()
		ks, err := c.fetch(fctx)
		c.mu.Lock()
		if err == nil {
			c.keys.Store(&ks)
			if c.replaced != nil {
				c.replaced()
			}
		} else {
			call.err = fmt.Errorf("%w: %w", ErrJWKSUnavailable, err)
		}
		if _, found := c.lookup(kid); kid != "" && !found && c.keys.Load() != nil {
			c.penaltyUntil = c.now().Add(c.penalty)
		}
		c.inflight = nil
		c.mu.Unlock()
		close(call.done)
	}()
	return call
}

// refresh returns after a fetch that started after the call has ended. A fetch already in flight
// may have read the JWKS before a key was withdrawn, so refresh waits it out and starts its own;
// concurrent refreshes share any fetch that started after all of them were called.
func (c *jwksCache) refresh(ctx context.Context) error {
	wait := func(call *fetchCall) error {
		select {
		case <-call.done:
			return nil
		case <-ctx.Done():
			return fmt.Errorf("%w: %w", ErrJWKSUnavailable, ctx.Err())
		}
	}
	c.mu.Lock()
	before := c.started
	for c.inflight != nil && c.inflight.seq <= before {
		old := c.inflight
		c.mu.Unlock()
		if err := wait(old); err != nil {
			return err
		}
		c.mu.Lock()
	}
	call := c.startFetchLocked(ctx, "")
	c.mu.Unlock()
	if err := wait(call); err != nil {
		return err
	}
	return call.err
}

// fetch downloads and parses the JWKS. Keys that are not RSA ≥ 2048 bits for signing with RS256
// are left out; a set with no usable key is an error, and the cached set is kept.
func (c *jwksCache) fetch(ctx context.Context) (keySet, error) {
	c.fetches.Add(1)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", c.url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: HTTP %d", c.url, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", c.url, err)
	}
	if int64(len(body)) > c.maxBytes {
		return nil, fmt.Errorf("GET %s: response over %d bytes", c.url, c.maxBytes)
	}
	return parseJWKS(body)
}

// parseJWKS keeps the keys usable for RS256 signatures.
func parseJWKS(body []byte) (keySet, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("JWKS is not JSON: %w", err)
	}
	ks := keySet{}
	var skipped []error
	for _, raw := range doc.Keys {
		k, kid, err := rsaKey(raw)
		if err != nil {
			skipped = append(skipped, err)
			continue
		}
		ks[kid] = k
	}
	if len(ks) == 0 {
		return nil, fmt.Errorf("JWKS has no usable RS256 signing key (%d keys): %w", len(doc.Keys), errors.Join(skipped...))
	}
	return ks, nil
}

func rsaKey(raw json.RawMessage) (*rsa.PublicKey, string, error) {
	jwk, err := jwkset.NewJWKFromRawJSON(raw, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{})
	if err != nil {
		return nil, "", err
	}
	m := jwk.Marshal()
	switch {
	case m.KID == "":
		return nil, "", errors.New("JWK without kid")
	case m.KTY != jwkset.KtyRSA:
		return nil, "", fmt.Errorf("JWK %q: kty %q, want RSA", m.KID, m.KTY)
	case m.USE != "" && m.USE != jwkset.UseSig:
		return nil, "", fmt.Errorf("JWK %q: use %q, want sig", m.KID, m.USE)
	case m.ALG != "" && m.ALG != jwkset.AlgRS256:
		return nil, "", fmt.Errorf("JWK %q: alg %q, want RS256", m.KID, m.ALG)
	}
	pub, ok := jwk.Key().(*rsa.PublicKey)
	if !ok {
		return nil, "", fmt.Errorf("JWK %q: not an RSA public key", m.KID)
	}
	if pub.N.BitLen() < minRSABits {
		return nil, "", fmt.Errorf("JWK %q: %d-bit RSA key, want at least %d", m.KID, pub.N.BitLen(), minRSABits)
	}
	return pub, m.KID, nil
}
