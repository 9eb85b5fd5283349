package cognitojwt

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestColdConcurrentVerifiesShareOneFetch(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	srv.delay.Store(int64(50 * time.Millisecond)) // keep the first fetch in flight while all callers arrive
	v := newTestVerifier(t, srv, TokenUseAccess, func(c *Config) { c.TokenCacheSize = -1 })
	token := sign(t, keyMain, testKID, accessClaims(), nil)

	const n = 1000
	var wg sync.WaitGroup
	errs := make(chan error, n)
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if _, err := v.Verify(context.Background(), token); err != nil {
				errs <- err
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Verify: %v", err)
	}
	if got := srv.requests.Load(); got != 1 || v.JWKSFetches() != 1 {
		t.Errorf("%d cold concurrent verifies made %d JWKS requests (JWKSFetches %d), want 1", n, got, v.JWKSFetches())
	}
}

func TestKeyRotationRightAfterStartup(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	v := newTestVerifier(t, srv, TokenUseAccess, nil)
	ctx := context.Background()
	if _, err := v.Verify(ctx, sign(t, keyMain, testKID, accessClaims(), nil)); err != nil {
		t.Fatal(err)
	}
	// Cognito rotates: the new key appears at once. The first token signed with it must pass.
	srv.setKeys(jwk(t, &keyMain.PublicKey, testKID, nil), jwk(t, &keyRotated.PublicKey, "key-2", nil))
	if _, err := v.Verify(ctx, sign(t, keyRotated, "key-2", accessClaims(), nil)); err != nil {
		t.Fatalf("token signed with the rotated-in key: %v", err)
	}
	if got := srv.requests.Load(); got != 2 {
		t.Errorf("JWKS requests=%d, want 2 (start-up and one refetch)", got)
	}
	// The old key is retired: once the JWKS drops it, a refetch replaces the set.
	srv.setKeys(jwk(t, &keyRotated.PublicKey, "key-2", nil))
	if err := v.Prefetch(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := v.Verify(ctx, sign(t, keyMain, testKID, accessClaims(), map[string]any{"typ": "new"}))
	if !errors.Is(err, ErrKeyNotFound) {
		t.Errorf("token signed with a retired key: err=%v, want ErrKeyNotFound", err)
	}
}

func TestUnknownKidFloodCostsOneFetchPerWindow(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	clk := newClock(testNow)
	v := newTestVerifier(t, srv, TokenUseAccess, func(c *Config) { c.Now = clk.Now })
	ctx := context.Background()
	if err := v.Prefetch(ctx); err != nil {
		t.Fatal(err)
	}
	flood := func(n int) {
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := v.Verify(ctx, sign(t, keyMain, fmt.Sprintf("made-up-%d", i), accessClaims(), nil))
				if !errors.Is(err, ErrKeyNotFound) {
					t.Errorf("made-up kid: err=%v, want ErrKeyNotFound", err)
				}
			}()
		}
		wg.Wait()
	}
	flood(500)
	if got := srv.requests.Load(); got != 2 {
		t.Errorf("flood of 500 unknown kids: %d JWKS requests, want 2 (prefetch + 1)", got)
	}
	after := srv.requests.Load()
	clk.Add(5 * time.Second)
	flood(100)
	if got := srv.requests.Load(); got != after {
		t.Errorf("inside the penalty window: %d more requests, want 0", got-after)
	}
	// Known kids keep working inside the window.
	if _, err := v.Verify(ctx, sign(t, keyMain, testKID, accessClaims(), nil)); err != nil {
		t.Errorf("known kid inside the penalty window: %v", err)
	}
	clk.Add(DefaultPenalty)
	flood(100)
	if got := srv.requests.Load(); got != after+1 {
		t.Errorf("after the window: %d more requests, want 1", got-after)
	}
}

func TestJWKSOutageAfterWarmUp(t *testing.T) {
	keys(t)
	tests := []struct {
		name   string
		break_ func(s *jwksServer)
	}{
		{"HTTP 500", func(s *jwksServer) { s.status.Store(http.StatusInternalServerError) }},
		{"HTTP 404", func(s *jwksServer) { s.status.Store(http.StatusNotFound) }},
		{"garbage", func(s *jwksServer) { s.body.Store([]byte("<html>oops</html>")) }},
		{"empty key set", func(s *jwksServer) { s.setKeys() }},
		{"timeout", func(s *jwksServer) { s.delay.Store(int64(2 * time.Second)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
			clk := newClock(testNow)
			v := newTestVerifier(t, srv, TokenUseAccess, func(c *Config) {
				c.Now, c.FetchTimeout, c.TokenCacheSize = clk.Now, 100*time.Millisecond, -1
			})
			ctx := context.Background()
			if err := v.Prefetch(ctx); err != nil {
				t.Fatal(err)
			}
			tt.break_(srv)
			// An unknown kid makes the cache try the broken endpoint.
			start := time.Now()
			if _, err := v.Verify(ctx, sign(t, keyMain, "key-9", accessClaims(), nil)); !errors.Is(err, ErrKeyNotFound) {
				t.Errorf("unknown kid during outage: err=%v, want ErrKeyNotFound", err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("unknown kid during outage took %s; the fetch timeout is 100ms", d)
			}
			clk.Add(time.Minute)
			for i := range 3 {
				if _, err := v.Verify(ctx, sign(t, keyMain, testKID, accessClaims(), nil)); err != nil {
					t.Fatalf("known kid during outage (try %d): %v", i, err)
				}
			}
		})
	}
}

func TestJWKSUnavailableCold(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	srv.status.Store(http.StatusServiceUnavailable)
	v := newTestVerifier(t, srv, TokenUseAccess, nil)
	if err := v.Prefetch(context.Background()); !errors.Is(err, ErrJWKSUnavailable) {
		t.Errorf("Prefetch: err=%v, want ErrJWKSUnavailable", err)
	}
	if _, err := v.Verify(context.Background(), sign(t, keyMain, testKID, accessClaims(), nil)); !errors.Is(err, ErrJWKSUnavailable) {
		t.Errorf("Verify: err=%v, want ErrJWKSUnavailable", err)
	}
	// It recovers without a restart: no penalty applies before any key set was loaded.
	srv.status.Store(http.StatusOK)
	if _, err := v.Verify(context.Background(), sign(t, keyMain, testKID, accessClaims(), nil)); err != nil {
		t.Errorf("Verify after recovery: %v", err)
	}
}

func TestJWKSResponseSizeCap(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	v := newTestVerifier(t, srv, TokenUseAccess, func(c *Config) { c.MaxJWKSBytes = 100 })
	if err := v.Prefetch(context.Background()); !errors.Is(err, ErrJWKSUnavailable) {
		t.Errorf("Prefetch of an over-size JWKS: err=%v, want ErrJWKSUnavailable", err)
	}
}

func TestJWKSRedirectToOtherHostRefused(t *testing.T) {
	keys(t)
	evil := newJWKSServer(t, jwk(t, &keyOther.PublicKey, testKID, nil))
	redirect := httptest.NewServer(http.RedirectHandler(evil.URL+"/jwks.json", http.StatusFound))
	t.Cleanup(redirect.Close)
	v, err := NewVerifier(Config{UserPoolID: testPool, ClientIDs: []string{testClient}, TokenUse: TokenUseAccess, JWKSURL: redirect.URL})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Prefetch(context.Background()); !errors.Is(err, ErrJWKSUnavailable) {
		t.Errorf("Prefetch through a cross-host redirect: err=%v, want ErrJWKSUnavailable", err)
	}
	if n := evil.requests.Load(); n != 0 {
		t.Errorf("redirect target got %d requests, want 0", n)
	}
}

func TestVerifyHonoursCallerContext(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	srv.delay.Store(int64(time.Second))
	v := newTestVerifier(t, srv, TokenUseAccess, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := v.Verify(ctx, sign(t, keyMain, testKID, accessClaims(), nil)); !errors.Is(err, ErrJWKSUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err=%v, want ErrJWKSUnavailable wrapping the deadline", err)
	}
}

func TestTokenCache(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	clk := newClock(testNow)
	v := newTestVerifier(t, srv, TokenUseAccess, func(c *Config) { c.Now, c.TokenCacheSize = clk.Now, 2 })
	ctx := context.Background()
	tok := sign(t, keyMain, testKID, accessClaims(), nil)

	c1, err := v.Verify(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	c1.Groups[0] = "mutated by a handler"
	c2, err := v.Verify(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if c2.Groups[0] != "admins" {
		t.Errorf("cached claims were changed through an earlier result: groups=%v", c2.Groups)
	}
	if got := v.cache.len(); got != 1 {
		t.Errorf("cache len=%d, want 1", got)
	}
	for i := range 3 {
		if _, err := v.Verify(ctx, sign(t, keyMain, testKID, with(accessClaims(), map[string]any{"jti": fmt.Sprint(i)}), nil)); err != nil {
			t.Fatal(err)
		}
	}
	if got := v.cache.len(); got != 2 {
		t.Errorf("cache len=%d after 4 tokens, want the bound 2", got)
	}

	// A cached token still expires.
	tok2 := sign(t, keyMain, testKID, with(accessClaims(), map[string]any{"exp": testNow.Unix() + 10}), nil)
	if _, err := v.Verify(ctx, tok2); err != nil {
		t.Fatal(err)
	}
	clk.Add(11 * time.Second)
	if _, err := v.Verify(ctx, tok2); !errors.Is(err, ErrExpired) {
		t.Errorf("cached token after exp: err=%v, want ErrExpired", err)
	}
	// And a refused token is never cached.
	bad := sign(t, keyOther, testKID, accessClaims(), nil)
	for range 2 {
		if _, err := v.Verify(ctx, bad); !errors.Is(err, ErrSignature) {
			t.Errorf("bad token: err=%v, want ErrSignature", err)
		}
	}
}

func TestTokenCacheOff(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	v := newTestVerifier(t, srv, TokenUseAccess, func(c *Config) { c.TokenCacheSize = -1 })
	if v.cache != nil {
		t.Fatal("TokenCacheSize -1 left a cache")
	}
	if _, err := v.Verify(context.Background(), sign(t, keyMain, testKID, accessClaims(), nil)); err != nil {
		t.Fatal(err)
	}
	if d := newTestVerifier(t, srv, TokenUseAccess, nil); d.cache == nil || d.cache.max != DefaultTokenCacheSize {
		t.Errorf("default cache missing or not %d", DefaultTokenCacheSize)
	}
}
