package cognitojwt

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

const (
	testPool   = "eu-west-1_TestPool1"
	testClient = "client-abc"
	testIss    = "https://cognito-idp.eu-west-1.amazonaws.com/" + testPool
	testKID    = "key-1"
)

// testNow is the fixed clock of most tests.
var testNow = time.Unix(1_800_000_000, 0)

var (
	keysOnce                                sync.Once
	keyMain, keyOther, keyRotated, keyShort *rsa.PrivateKey
)

// keys loads the test keys once per test binary. They are fixed (testdata/, made with openssl
// genpkey) so a run's work is repeatable: the instruction counts behind the README's benchmark
// ratios depend on it, and RSA generation would be slow besides.
func keys(tb testing.TB) {
	tb.Helper()
	keysOnce.Do(func() {
		load := func(name string) *rsa.PrivateKey {
			data, err := os.ReadFile(filepath.Join("testdata", "key-"+name+".pem"))
			if err != nil {
				panic(err)
			}
			block, _ := pem.Decode(data)
			k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
			if err != nil {
				panic(err)
			}
			return k.(*rsa.PrivateKey)
		}
		keyMain, keyOther, keyRotated, keyShort = load("main"), load("other"), load("rotated"), load("short")
	})
}

// jwk is one JWKS entry; meta overrides fields after marshalling (use, alg, kty...).
func jwk(tb testing.TB, pub any, kid string, meta map[string]any) map[string]any {
	tb.Helper()
	j, err := jwkset.NewJWKFromKey(pub, jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: kid, ALG: jwkset.AlgRS256, USE: jwkset.UseSig}})
	if err != nil {
		tb.Fatalf("jwk %s: %v", kid, err)
	}
	b, _ := json.Marshal(j.Marshal())
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	apply(m, meta)
	return m
}

// apply sets changes on m; a nil value deletes the key.
func apply(m, changes map[string]any) {
	for k, v := range changes {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
}

// jwksServer serves a JWKS that tests can swap, fail or slow down, and counts requests.
type jwksServer struct {
	*httptest.Server
	body     atomic.Value // []byte
	status   atomic.Int32
	delay    atomic.Int64 // nanoseconds
	requests atomic.Int64
}

func newJWKSServer(tb testing.TB, keys ...map[string]any) *jwksServer {
	tb.Helper()
	s := &jwksServer{}
	s.setKeys(keys...)
	s.status.Store(http.StatusOK)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := s.body.Load().([]byte) // the set as it is when the request arrives, before any delay
		s.requests.Add(1)              // so a test that saw the request counted knows which set it got
		if d := s.delay.Load(); d > 0 {
			select {
			case <-time.After(time.Duration(d)):
			case <-r.Context().Done():
				return
			}
		}
		w.WriteHeader(int(s.status.Load()))
		_, _ = w.Write(body)
	}))
	tb.Cleanup(s.Close)
	return s
}

func (s *jwksServer) setKeys(keys ...map[string]any) {
	if keys == nil {
		keys = []map[string]any{}
	}
	b, _ := json.Marshal(map[string]any{"keys": keys})
	s.body.Store(b)
}

// clock is a settable test clock.
type clock struct{ ns atomic.Int64 }

func newClock(t time.Time) *clock { c := &clock{}; c.ns.Store(t.UnixNano()); return c }
func (c *clock) Now() time.Time   { return time.Unix(0, c.ns.Load()) }
func (c *clock) Add(d time.Duration) {
	c.ns.Add(int64(d))
}

// newTestVerifier is a verifier for testPool/testClient using srv as its JWKS.
func newTestVerifier(tb testing.TB, srv *jwksServer, use TokenUse, mod func(*Config)) *Verifier {
	tb.Helper()
	cfg := Config{
		UserPoolID: testPool, ClientIDs: []string{testClient}, TokenUse: use,
		JWKSURL: srv.URL + "/.well-known/jwks.json", Now: func() time.Time { return testNow },
	}
	if mod != nil {
		mod(&cfg)
	}
	v, err := NewVerifier(cfg)
	if err != nil {
		tb.Fatalf("NewVerifier: %v", err)
	}
	return v
}

func accessClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"sub": "11111111-2222-3333-4444-555555555555", "iss": testIss, "client_id": testClient,
		"origin_jti": "o", "event_id": "e", "token_use": "access", "scope": "aws.cognito.signin.user.admin openid",
		"auth_time": testNow.Unix() - 60, "exp": testNow.Unix() + 3600, "iat": testNow.Unix() - 60,
		"jti": "jti-1", "username": "11111111-2222-3333-4444-555555555555", "cognito:groups": []string{"admins"},
	}
}

func idClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"sub": "11111111-2222-3333-4444-555555555555", "iss": testIss, "aud": testClient,
		"email_verified": true, "token_use": "id", "auth_time": testNow.Unix() - 60,
		"exp": testNow.Unix() + 3600, "iat": testNow.Unix() - 60, "cognito:username": "11111111-2222-3333-4444-555555555555",
		"email": "ada@example.com", "preferred_username": "ada",
	}
}

// sign makes an RS256 token with kid over claims; header adds or (with nil) removes header fields.
func sign(tb testing.TB, key *rsa.PrivateKey, kid string, claims jwt.MapClaims, header map[string]any) string {
	tb.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = kid
	apply(tok.Header, header)
	s, err := tok.SignedString(key)
	if err != nil {
		tb.Fatalf("sign: %v", err)
	}
	return s
}

// b64 encodes a JSON value as a JWS segment.
func b64(v any) string {
	var b []byte
	switch t := v.(type) {
	case string:
		b = []byte(t)
	default:
		b, _ = json.Marshal(t)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
