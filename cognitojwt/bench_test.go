package cognitojwt

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The benchmarks run in one `go test -bench . ./cognitojwt` so their ratios compare like with like:
// RawRSA is the floor (hash + RSA-2048 PKCS#1 v1.5 verify of the same token), VerifyCold is the
// full check with the token cache off, VerifyCached the same token again with the cache on, and
// GolangJWT plain golang-jwt parsing with its own validation.

func benchSetup(b *testing.B, cacheSize int) (*Verifier, string) {
	keys(b)
	srv := newJWKSServer(b, jwk(b, &keyMain.PublicKey, testKID, nil))
	v := newTestVerifier(b, srv, TokenUseAccess, func(c *Config) { c.TokenCacheSize = cacheSize })
	if err := v.Prefetch(context.Background()); err != nil {
		b.Fatal(err)
	}
	return v, sign(b, keyMain, testKID, accessClaims(), nil)
}

func BenchmarkRawRSA(b *testing.B) {
	_, token := benchSetup(b, -1)
	i := strings.LastIndexByte(token, '.')
	sig, _ := base64.RawURLEncoding.DecodeString(token[i+1:])
	signed := []byte(token[:i])
	b.ReportAllocs()
	for b.Loop() {
		sum := sha256.Sum256(signed)
		if err := rsa.VerifyPKCS1v15(&keyMain.PublicKey, crypto.SHA256, sum[:], sig); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyCold(b *testing.B) {
	v, token := benchSetup(b, -1)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(ctx, token); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyCached(b *testing.B) {
	v, token := benchSetup(b, 0)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(ctx, token); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGolangJWT(b *testing.B) {
	_, token := benchSetup(b, -1)
	p := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(func() time.Time { return testNow }))
	key := func(*jwt.Token) (any, error) { return &keyMain.PublicKey, nil }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Parse(token, key); err != nil {
			b.Fatal(err)
		}
	}
}
