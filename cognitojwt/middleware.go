package cognitojwt

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

type claimsKey struct{}

// Middleware lets a request through only with a valid `Authorization: Bearer <token>` and puts the
// token's claims in its context (read them with ClaimsFromContext). Per RFC 6750 a missing or
// non-Bearer header gets 401 with a bare `Bearer` challenge and a rejected token gets 401 with
// error="invalid_token"; the body never says why, so it leaks nothing about the token or the
// pool. When the JWKS can't be had at all, the answer is 503: the server, not the token, failed.
func Middleware(v *Verifier) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			token, ok := bearerToken(r.Header.Get("Authorization"))
			if !ok {
				w.Header().Set("WWW-Authenticate", "Bearer")
				http.Error(w, "authorization required", http.StatusUnauthorized)
				return
			}
			claims, err := v.Verify(r.Context(), token)
			if errors.Is(err, ErrJWKSUnavailable) {
				http.Error(w, "authorization temporarily unavailable", http.StatusServiceUnavailable)
				return
			}
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				http.Error(w, "invalid token", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), claimsKey{}, claims)))
		})
	}
}

// bearerToken extracts the token of an RFC 6750 Authorization header; the scheme is
// case-insensitive.
func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// ClaimsFromContext returns the claims Middleware verified for this request.
func ClaimsFromContext(ctx context.Context) (*Claims, bool) {
	c, ok := ctx.Value(claimsKey{}).(*Claims)
	return c, ok
}
