package cognitojwt

import (
	"context"
	"errors"
	"strings"
	"testing"
)

var sentinels = []error{ErrMalformed, ErrAlgorithm, ErrKeyNotFound, ErrSignature, ErrExpired, ErrNotYetValid,
	ErrMissingClaim, ErrIssuer, ErrTokenUse, ErrClient, ErrJWKSUnavailable}

// FuzzVerify feeds arbitrary strings to Verify: it must never panic, and every answer is either
// claims or an error wrapping one of the sentinels, never both or neither.
// Run longer with: go test ./cognitojwt -run '^$' -fuzz FuzzVerify -fuzztime 60s
func FuzzVerify(f *testing.F) {
	keys(f)
	srv := newJWKSServer(f, jwk(f, &keyMain.PublicKey, testKID, nil))
	v := newTestVerifier(f, srv, TokenUseAccess, nil)
	good := sign(f, keyMain, testKID, accessClaims(), nil)
	parts := strings.Split(good, ".")
	for _, seed := range []string{
		good, "", ".", "..", "...", parts[0] + "." + parts[1], good + ".", parts[0] + ".." + parts[2],
		b64(`{"alg":"none","kid":"key-1"}`) + "." + parts[1] + ".",
		b64(`{"alg":"RS256","kid":"key-1"}`) + "." + b64(`{"exp":"1"}`) + "." + parts[2],
		b64(`{"alg":"RS256","kid":{"a":1}}`) + "." + parts[1] + "." + parts[2],
		b64(`[]`) + "." + b64(`null`) + "." + parts[2],
		strings.Repeat("A", MaxTokenBytes+1),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		c, err := v.Verify(context.Background(), token)
		if (c == nil) == (err == nil) {
			t.Fatalf("Verify(%q) = %v, %v: want exactly one of claims and error", token, c, err)
		}
		if err == nil {
			return
		}
		for _, s := range sentinels {
			if errors.Is(err, s) {
				return
			}
		}
		t.Fatalf("Verify(%q) error %v wraps no sentinel", token, err)
	})
}
