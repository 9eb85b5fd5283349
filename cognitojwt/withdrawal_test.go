package cognitojwt

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// A key withdrawn from the JWKS (after a leak) must stop verifying tokens at once, cached ones
// included, once a Prefetch has seen the new set; the other keys' cached verdicts stay.
func TestKeyWithdrawalDropsCachedVerdicts(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil), jwk(t, &keyRotated.PublicKey, "key-2", nil))
	v := newTestVerifier(t, srv, TokenUseAccess, nil)
	ctx := context.Background()
	leaked := sign(t, keyMain, testKID, accessClaims(), nil)
	kept := sign(t, keyRotated, "key-2", accessClaims(), nil)

	steps := []struct {
		name string
		fn   func(t *testing.T)
	}{
		{"both tokens verify and are cached", func(t *testing.T) {
			for _, tok := range []string{leaked, kept} {
				if _, err := v.Verify(ctx, tok); err != nil {
					t.Fatal(err)
				}
			}
			if got := v.cache.len(); got != 2 {
				t.Fatalf("cache len=%d, want 2", got)
			}
		}},
		{"the JWKS drops key-1 and Prefetch returns", func(t *testing.T) {
			srv.setKeys(jwk(t, &keyRotated.PublicKey, "key-2", nil))
			if err := v.Prefetch(ctx); err != nil {
				t.Fatal(err)
			}
			if _, ok := v.cache.get(leaked); ok {
				t.Error("the withdrawn key's verdict is still cached after Prefetch")
			}
		}},
		{"the token signed with the withdrawn key is refused", func(t *testing.T) {
			if _, err := v.Verify(ctx, leaked); !errors.Is(err, ErrKeyNotFound) {
				t.Errorf("err=%v, want ErrKeyNotFound", err)
			}
		}},
		{"the other key's token is still a cache hit", func(t *testing.T) {
			if _, ok := v.cache.get(kept); !ok {
				t.Fatal("key-2's verdict was dropped with key-1's")
			}
			before := srv.requests.Load()
			c, err := v.Verify(ctx, kept)
			if err != nil {
				t.Fatal(err)
			}
			if c.ClientID != testClient {
				t.Errorf("ClientID=%q, want %q", c.ClientID, testClient)
			}
			if got := srv.requests.Load() - before; got != 0 {
				t.Errorf("a cache hit made %d JWKS requests, want 0", got)
			}
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.fn) {
			return
		}
	}
}

// A kid that comes back naming another key is a withdrawal too: the old verdict must not stand.
func TestKeyReplacedUnderSameKidDropsCachedVerdicts(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	v := newTestVerifier(t, srv, TokenUseAccess, nil)
	ctx := context.Background()
	tok := sign(t, keyMain, testKID, accessClaims(), nil)
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Fatal(err)
	}
	srv.setKeys(jwk(t, &keyOther.PublicKey, testKID, nil))
	if err := v.Prefetch(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, tok); !errors.Is(err, ErrSignature) {
		t.Errorf("token of the replaced key: err=%v, want ErrSignature", err)
	}
	// An unchanged key set keeps the verdicts: a refresh alone costs no cache hits.
	tok2 := sign(t, keyOther, testKID, accessClaims(), nil)
	if _, err := v.Verify(ctx, tok2); err != nil {
		t.Fatal(err)
	}
	if err := v.Prefetch(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := v.cache.get(tok2); !ok {
		t.Error("a refresh that changed nothing dropped a verdict")
	}
}

// Prefetch must not settle for a fetch that was already in flight when it was called: that fetch
// may have read the JWKS before the key was withdrawn.
func TestPrefetchWaitsForAFetchStartedAfterTheCall(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil), jwk(t, &keyRotated.PublicKey, "key-2", nil))
	v := newTestVerifier(t, srv, TokenUseAccess, nil)
	ctx := context.Background()
	leaked := sign(t, keyMain, testKID, accessClaims(), nil)
	if _, err := v.Verify(ctx, leaked); err != nil { // request 1
		t.Fatal(err)
	}

	srv.delay.Store(int64(200 * time.Millisecond))
	earlier := make(chan error, 1)
	go func() { earlier <- v.Prefetch(ctx) }() // request 2 reads the set with key-1
	for srv.requests.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	srv.setKeys(jwk(t, &keyRotated.PublicKey, "key-2", nil))
	if err := v.Prefetch(ctx); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests.Load(); got != 3 {
		t.Errorf("JWKS requests=%d, want 3 (the Prefetch after the withdrawal made its own)", got)
	}
	if _, err := v.Verify(ctx, leaked); !errors.Is(err, ErrKeyNotFound) {
		t.Errorf("after Prefetch: err=%v, want ErrKeyNotFound", err)
	}
	if err := <-earlier; err != nil {
		t.Errorf("the earlier Prefetch: %v", err)
	}
}

// Refreshes that withdraw and restore a key while other goroutines verify: no data race, the
// kept key never fails, and whenever a Prefetch has returned with key-1 gone its token is refused,
// even though verifications that started with the old set may still be putting verdicts.
func TestConcurrentRefreshAndVerify(t *testing.T) {
	keys(t)
	withKey1 := []map[string]any{jwk(t, &keyMain.PublicKey, testKID, nil), jwk(t, &keyRotated.PublicKey, "key-2", nil)}
	withoutKey1 := withKey1[1:]
	srv := newJWKSServer(t, withKey1...)
	v := newTestVerifier(t, srv, TokenUseAccess, nil)
	ctx := context.Background()
	if err := v.Prefetch(ctx); err != nil {
		t.Fatal(err)
	}
	// Distinct tokens per goroutine and round keep the cache missing, so verdicts are being put
	// while the key set changes.
	const workers, rounds = 4, 40
	var toks [workers][rounds][2]string
	for w := range workers {
		for r := range rounds {
			c := with(accessClaims(), map[string]any{"jti": fmt.Sprint(w*rounds + r)})
			toks[w][r] = [2]string{sign(t, keyMain, testKID, c, nil), sign(t, keyRotated, "key-2", c, nil)}
		}
	}

	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; ; r = (r + 1) % rounds {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := v.Verify(ctx, toks[w][r][0]); err != nil && !errors.Is(err, ErrKeyNotFound) {
					t.Errorf("key-1 token: err=%v, want nil or ErrKeyNotFound", err)
				}
				if _, err := v.Verify(ctx, toks[w][r][1]); err != nil {
					t.Errorf("key-2 token: %v", err)
				}
			}
		}()
	}
	for i := range 20 {
		srv.setKeys(withoutKey1...)
		if err := v.Prefetch(ctx); err != nil {
			t.Fatal(err)
		}
		for w := range workers {
			for r := range rounds {
				if _, err := v.Verify(ctx, toks[w][r][0]); !errors.Is(err, ErrKeyNotFound) {
					t.Fatalf("withdrawal %d: a key-1 token: err=%v, want ErrKeyNotFound", i, err)
				}
			}
		}
		srv.setKeys(withKey1...)
		if err := v.Prefetch(ctx); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}
