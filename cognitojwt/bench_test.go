package cognitojwt

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The benchmarks run in one `go test -bench . ./cognitojwt` so their ratios compare like with like:
// RawRSA is the floor (hash + RSA-2048 PKCS#1 v1.5 verify of the same token), VerifyCold is the
// full check with the token cache off, VerifyCached the same token again with the cache on, and
// GolangJWT plain golang-jwt parsing with its own validation.

// cpuSince reports the process's CPU time per iteration since start (processCPU) as cpu-ns/op,
// beside the wall-clock ns/op: on a shared, oversubscribed machine wall-clock time also counts the
// time other processes held the CPU, CPU time does not. It includes the GC's threads, as the
// figure aws-jwt-verify is compared with (Node's process.cpuUsage) includes its own.
func cpuSince(b *testing.B, start int64) {
	if end, ok := processCPU(); ok && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// benchFixtures is set by `make bench-compare` (scripts/bench-compare.sh): TestWriteBenchFixtures
// writes a token, the JWKS and the verifier settings there once, then the benchmarks here and
// aws-jwt-verify (bench/jwtverify/bench.mjs) all verify that token against that JWKS, on the
// real clock (aws-jwt-verify has no other).
var benchFixtures = flag.String("benchfixtures", "", "`DIR` with the token and JWKS shared with make bench-compare's aws-jwt-verify run")

// The files in benchFixtures.
const (
	fixtureJWKS   = "jwks.json"
	fixtureToken  = "token"
	fixtureConfig = "config.json" // userPoolId, clientId, tokenUse: aws-jwt-verify's settings
)

func TestWriteBenchFixtures(t *testing.T) {
	if *benchFixtures == "" {
		t.Skip("only for make bench-compare (-benchfixtures DIR)")
	}
	keys(t)
	now := time.Now().Unix()
	token := sign(t, keyMain, testKID, with(accessClaims(), map[string]any{
		"auth_time": now - 60, "iat": now - 60, "exp": now + 3600, // longer than any bench-compare run
	}), nil)
	jwks, _ := json.Marshal(map[string]any{"keys": []any{jwk(t, &keyMain.PublicKey, testKID, nil)}})
	config, _ := json.Marshal(map[string]string{"userPoolId": testPool, "clientId": testClient, "tokenUse": string(TokenUseAccess)})
	for name, data := range map[string][]byte{fixtureJWKS: jwks, fixtureToken: []byte(token), fixtureConfig: config} {
		if err := os.WriteFile(filepath.Join(*benchFixtures, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// benchSetup returns a verifier holding the JWKS and the token to verify: the -benchfixtures ones
// when set (on the real clock), else a token of the fixed test clock.
func benchSetup(b *testing.B, cacheSize int) (*Verifier, string) {
	keys(b)
	srv := newJWKSServer(b, jwk(b, &keyMain.PublicKey, testKID, nil))
	token := sign(b, keyMain, testKID, accessClaims(), nil)
	now := func() time.Time { return testNow }
	if *benchFixtures != "" {
		read := func(name string) []byte {
			data, err := os.ReadFile(filepath.Join(*benchFixtures, name))
			if err != nil {
				b.Fatal(err)
			}
			return data
		}
		srv.body.Store(read(fixtureJWKS))
		token, now = string(read(fixtureToken)), time.Now
	}
	v := newTestVerifier(b, srv, TokenUseAccess, func(c *Config) { c.TokenCacheSize, c.Now = cacheSize, now })
	if err := v.Prefetch(context.Background()); err != nil {
		b.Fatal(err)
	}
	return v, token
}

func BenchmarkRawRSA(b *testing.B) {
	v, token := benchSetup(b, -1)
	key, _ := v.jwks.lookup(testKID) // the key as parsed from the JWKS, as Verify uses it
	i := strings.LastIndexByte(token, '.')
	sig, _ := base64.RawURLEncoding.DecodeString(token[i+1:])
	signed := []byte(token[:i])
	b.ReportAllocs()
	start, _ := processCPU()
	for b.Loop() {
		sum := sha256.Sum256(signed)
		if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig); err != nil {
			b.Fatal(err)
		}
	}
	cpuSince(b, start)
}

func BenchmarkVerifyCold(b *testing.B) {
	v, token := benchSetup(b, -1)
	ctx := context.Background()
	b.ReportAllocs()
	start, _ := processCPU()
	for b.Loop() {
		if _, err := v.Verify(ctx, token); err != nil {
			b.Fatal(err)
		}
	}
	cpuSince(b, start)
}

func BenchmarkVerifyCached(b *testing.B) {
	v, token := benchSetup(b, 0)
	ctx := context.Background()
	b.ReportAllocs()
	start, _ := processCPU()
	for b.Loop() {
		if _, err := v.Verify(ctx, token); err != nil {
			b.Fatal(err)
		}
	}
	cpuSince(b, start)
}

func BenchmarkGolangJWT(b *testing.B) {
	v, token := benchSetup(b, -1)
	p := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(v.now))
	key := func(*jwt.Token) (any, error) { return &keyMain.PublicKey, nil }
	b.ReportAllocs()
	start, _ := processCPU()
	for b.Loop() {
		if _, err := p.Parse(token, key); err != nil {
			b.Fatal(err)
		}
	}
	cpuSince(b, start)
}
