package cognitojwt

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// whoami echoes the verified subject.
var whoami = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	c, ok := ClaimsFromContext(r.Context())
	if !ok {
		http.Error(w, "no claims", http.StatusInternalServerError)
		return
	}
	fmt.Fprint(w, c.Subject)
})

func TestMiddleware(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	h := Middleware(newTestVerifier(t, srv, TokenUseAccess, nil))(whoami)
	good := sign(t, keyMain, testKID, accessClaims(), nil)
	expired := sign(t, keyMain, testKID, with(accessClaims(), map[string]any{"exp": testNow.Unix() - 5}), nil)

	tests := []struct {
		name      string
		header    []string // Authorization values; nil = none
		status    int
		challenge string
		body      string
	}{
		{"valid", []string{"Bearer " + good}, 200, "", "11111111-2222-3333-4444-555555555555"},
		{"scheme lowercase", []string{"bearer " + good}, 200, "", "11111111-2222-3333-4444-555555555555"},
		{"scheme uppercase", []string{"BEARER " + good}, 200, "", "11111111-2222-3333-4444-555555555555"},
		{"missing", nil, 401, "Bearer", "authorization required\n"},
		{"empty", []string{""}, 401, "Bearer", "authorization required\n"},
		{"scheme only", []string{"Bearer"}, 401, "Bearer", "authorization required\n"},
		{"scheme and space", []string{"Bearer "}, 401, "Bearer", "authorization required\n"},
		{"basic", []string{"Basic dXNlcjpwYXNz"}, 401, "Bearer", "authorization required\n"},
		{"expired", []string{"Bearer " + expired}, 401, `Bearer error="invalid_token"`, "invalid token\n"},
		{"garbage", []string{"Bearer not.a.jwt"}, 401, `Bearer error="invalid_token"`, "invalid token\n"},
		{"ID token", []string{"Bearer " + sign(t, keyMain, testKID, idClaims(), nil)}, 401, `Bearer error="invalid_token"`, "invalid token\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/me", nil)
			for _, v := range tt.header {
				req.Header.Add("Authorization", v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Errorf("status=%d, want %d", rec.Code, tt.status)
			}
			if got := rec.Header().Get("WWW-Authenticate"); got != tt.challenge {
				t.Errorf("WWW-Authenticate=%q, want %q", got, tt.challenge)
			}
			if got := rec.Body.String(); got != tt.body {
				t.Errorf("body=%q, want %q", got, tt.body)
			}
		})
	}
}

func TestMiddlewareJWKSDown(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	srv.status.Store(http.StatusBadGateway)
	h := Middleware(newTestVerifier(t, srv, TokenUseAccess, nil))(whoami)
	req := httptest.NewRequest(http.MethodGet, "/me", nil)
	req.Header.Set("Authorization", "Bearer "+sign(t, keyMain, testKID, accessClaims(), nil))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("status=%d, want 503 when the JWKS can't be fetched", rec.Code)
	}
}

// TestMiddlewareConcurrentUsers runs many users' requests at once through one handler (run with
// -race): each response carries its own user's subject, never another's.
func TestMiddlewareConcurrentUsers(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))
	ts := httptest.NewServer(Middleware(newTestVerifier(t, srv, TokenUseAccess, nil))(whoami))
	t.Cleanup(ts.Close)

	const users, requests = 20, 10
	tokens := make([]string, users)
	for i := range tokens {
		tokens[i] = sign(t, keyMain, testKID, with(accessClaims(), map[string]any{"sub": fmt.Sprintf("user-%02d", i)}), nil)
	}
	var wg sync.WaitGroup
	for u := range users {
		for range requests {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest(http.MethodGet, ts.URL, nil)
				req.Header.Set("Authorization", "Bearer "+tokens[u])
				resp, err := ts.Client().Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				if want := fmt.Sprintf("user-%02d", u); resp.StatusCode != 200 || string(body) != want {
					t.Errorf("user %d got %d %q, want 200 %q", u, resp.StatusCode, body, want)
				}
			}()
		}
	}
	wg.Wait()
}

func TestBearerToken(t *testing.T) {
	for in, want := range map[string]string{
		"Bearer abc":     "abc",
		"bEaReR abc":     "abc",
		"Bearer   abc  ": "abc",
		"  Bearer abc":   "abc",
		"Bearerabc":      "",
		"Token abc":      "",
		"":               "",
	} {
		got, ok := bearerToken(in)
		if got != want || ok != (want != "") {
			t.Errorf("bearerToken(%q)=%q,%v want %q", in, got, ok, want)
		}
	}
}
