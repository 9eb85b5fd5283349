package cognitojwt

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// with returns a copy of claims with the changes applied (nil deletes).
func with(c jwt.MapClaims, changes map[string]any) jwt.MapClaims {
	out := maps.Clone(c)
	apply(out, changes)
	return out
}

func TestVerifyValid(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil))

	access, err := newTestVerifier(t, srv, TokenUseAccess, nil).Verify(context.Background(), sign(t, keyMain, testKID, accessClaims(), nil))
	if err != nil {
		t.Fatalf("access token: %v", err)
	}
	want := &Claims{
		Subject: "11111111-2222-3333-4444-555555555555", Username: "11111111-2222-3333-4444-555555555555",
		TokenUse: "access", ClientID: testClient, Issuer: testIss, Groups: []string{"admins"},
		Scopes:    []string{"aws.cognito.signin.user.admin", "openid"},
		ExpiresAt: testNow.Add(time.Hour), IssuedAt: testNow.Add(-time.Minute), AuthTime: testNow.Add(-time.Minute), JTI: "jti-1",
	}
	if !reflect.DeepEqual(access, want) {
		t.Errorf("access claims=%+v\nwant %+v", access, want)
	}

	id, err := newTestVerifier(t, srv, TokenUseID, nil).Verify(context.Background(), sign(t, keyMain, testKID, idClaims(), nil))
	if err != nil {
		t.Fatalf("id token: %v", err)
	}
	if id.Email != "ada@example.com" || !id.EmailVerified || id.PreferredUsername != "ada" || id.ClientID != testClient || id.TokenUse != "id" || id.Username == "" {
		t.Errorf("id claims=%+v", id)
	}
}

// TestVerifyAdversarial: every row is a token that must be refused with one sentinel.
func TestVerifyAdversarial(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t,
		jwk(t, &keyMain.PublicKey, testKID, nil),
		jwk(t, &keyOther.PublicKey, "enc-key", map[string]any{"use": "enc"}),
		jwk(t, &keyRotated.PublicKey, "rs512-key", map[string]any{"alg": "RS512"}),
		jwk(t, &keyShort.PublicKey, "short-key", nil),
		map[string]any{"kty": "oct", "kid": "oct-key", "k": b64("secret-secret-secret-secret-1234")},
	)
	// The attacker's server: jku/x5u point here. The test asserts it is never asked.
	evil := newJWKSServer(t, jwk(t, &keyOther.PublicKey, testKID, nil))

	ac, ic := accessClaims(), idClaims()
	good := sign(t, keyMain, testKID, ac, nil)
	parts := strings.Split(good, ".")
	goodID := sign(t, keyMain, testKID, ic, nil)
	hdr := func(h map[string]any) string { return b64(h) }

	flip := func(seg string) string {
		b, _ := base64.RawURLEncoding.DecodeString(seg)
		b[len(b)/2] ^= 0x01
		return base64.RawURLEncoding.EncodeToString(b)
	}
	truncateSig := func(seg string) string {
		b, _ := base64.RawURLEncoding.DecodeString(seg)
		return base64.RawURLEncoding.EncodeToString(b[:len(b)-3])
	}
	pubDER, _ := x509.MarshalPKIXPublicKey(&keyMain.PublicKey)
	hsWithPub := func() string {
		tok := jwt.NewWithClaims(jwt.SigningMethodHS256, ac)
		tok.Header["kid"] = testKID
		s, _ := tok.SignedString(pubDER)
		return s
	}
	withMethod := func(m jwt.SigningMethod, key any) string {
		tok := jwt.NewWithClaims(m, ac)
		tok.Header["kid"] = testKID
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	oversize := sign(t, keyMain, testKID, with(ac, map[string]any{"pad": strings.Repeat("x", MaxTokenBytes)}), nil)

	tests := []struct {
		name  string
		use   TokenUse
		token string
		want  error
		mod   func(*Config)
	}{
		// Shapes.
		{"empty", TokenUseAccess, "", ErrMalformed, nil},
		{"two parts", TokenUseAccess, parts[0] + "." + parts[1], ErrMalformed, nil},
		{"four parts", TokenUseAccess, good + ".AAAA", ErrMalformed, nil},
		{"padded payload", TokenUseAccess, parts[0] + "." + parts[1] + "==." + parts[2], ErrMalformed, nil},
		{"standard base64", TokenUseAccess, parts[0] + "." + strings.NewReplacer("-", "+", "_", "/").Replace(parts[1]) + "+/." + parts[2], ErrMalformed, nil},
		{"header not JSON", TokenUseAccess, b64("not json") + "." + parts[1] + "." + parts[2], ErrMalformed, nil},
		{"header JSON array", TokenUseAccess, b64([]int{1}) + "." + parts[1] + "." + parts[2], ErrMalformed, nil},
		{"payload not JSON", TokenUseAccess, parts[0] + "." + b64("{nope") + "." + parts[2], ErrMalformed, nil},
		{"payload JSON string", TokenUseAccess, parts[0] + "." + b64(`"x"`) + "." + parts[2], ErrMalformed, nil},
		{"JSON-serialised JWS", TokenUseAccess, `{"payload":"` + parts[1] + `","signatures":[{"protected":"` + parts[0] + `","signature":"` + parts[2] + `"}]}`, ErrMalformed, nil},
		{"oversize", TokenUseAccess, oversize, ErrMalformed, nil},
		{"whitespace", TokenUseAccess, " " + good, ErrMalformed, nil},

		// Algorithms.
		{"alg none", TokenUseAccess, hdr(map[string]any{"alg": "none", "kid": testKID}) + "." + parts[1] + ".", ErrAlgorithm, nil},
		{"alg None", TokenUseAccess, hdr(map[string]any{"alg": "None", "kid": testKID}) + "." + parts[1] + ".", ErrAlgorithm, nil},
		{"alg missing", TokenUseAccess, sign(t, keyMain, testKID, ac, map[string]any{"alg": nil}), ErrAlgorithm, nil},
		{"alg not a string", TokenUseAccess, hdr(map[string]any{"alg": 256, "kid": testKID}) + "." + parts[1] + "." + parts[2], ErrAlgorithm, nil},
		{"HS256 with the public key", TokenUseAccess, hsWithPub(), ErrAlgorithm, nil},
		{"RS384", TokenUseAccess, withMethod(jwt.SigningMethodRS384, keyMain), ErrAlgorithm, nil},
		{"PS256", TokenUseAccess, withMethod(jwt.SigningMethodPS256, keyMain), ErrAlgorithm, nil},
		{"ES256", TokenUseAccess, withMethod(jwt.SigningMethodES256, ecKey), ErrAlgorithm, nil},
		{"alg rs256 lowercase", TokenUseAccess, hdr(map[string]any{"alg": "rs256", "kid": testKID}) + "." + parts[1] + "." + parts[2], ErrAlgorithm, nil},

		// Key ids and key-carrying headers.
		{"kid missing", TokenUseAccess, sign(t, keyMain, testKID, ac, map[string]any{"kid": nil}), ErrKeyNotFound, nil},
		{"kid empty", TokenUseAccess, sign(t, keyMain, "", ac, nil), ErrKeyNotFound, nil},
		{"kid not a string", TokenUseAccess, sign(t, keyMain, testKID, ac, map[string]any{"kid": 1}), ErrKeyNotFound, nil},
		{"kid unknown", TokenUseAccess, sign(t, keyMain, "key-2", ac, nil), ErrKeyNotFound, nil},
		{"kid path traversal", TokenUseAccess, sign(t, keyMain, "../../../../etc/passwd", ac, nil), ErrKeyNotFound, nil},
		{"kid SQL", TokenUseAccess, sign(t, keyMain, "' OR '1'='1", ac, nil), ErrKeyNotFound, nil},
		{"kid with NUL", TokenUseAccess, sign(t, keyMain, testKID+"\x00", ac, nil), ErrKeyNotFound, nil},
		{"kid case", TokenUseAccess, sign(t, keyMain, "KEY-1", ac, nil), ErrKeyNotFound, nil},
		{"kid URL", TokenUseAccess, sign(t, keyMain, evil.URL, ac, nil), ErrKeyNotFound, nil},
		{"jku to attacker", TokenUseAccess, sign(t, keyOther, testKID, ac, map[string]any{"jku": evil.URL}), ErrSignature, nil},
		{"x5u to attacker", TokenUseAccess, sign(t, keyOther, testKID, ac, map[string]any{"x5u": evil.URL}), ErrSignature, nil},
		{"embedded jwk", TokenUseAccess, sign(t, keyOther, "attacker", ac, map[string]any{"jwk": jwk(t, &keyOther.PublicKey, "attacker", nil)}), ErrKeyNotFound, nil},
		{"embedded x5c", TokenUseAccess, sign(t, keyOther, testKID, ac, map[string]any{"x5c": []string{base64.StdEncoding.EncodeToString(pubDER)}}), ErrSignature, nil},

		// Signatures.
		{"signature bit flip", TokenUseAccess, parts[0] + "." + parts[1] + "." + flip(parts[2]), ErrSignature, nil},
		{"other key, same kid", TokenUseAccess, sign(t, keyOther, testKID, ac, nil), ErrSignature, nil},
		{"payload edited", TokenUseAccess, parts[0] + "." + b64(with(ac, map[string]any{"username": "admin"})) + "." + parts[2], ErrSignature, nil},
		{"header edited", TokenUseAccess, hdr(map[string]any{"alg": "RS256", "kid": testKID, "typ": "at+jwt"}) + "." + parts[1] + "." + parts[2], ErrSignature, nil},
		{"signature truncated", TokenUseAccess, parts[0] + "." + parts[1] + "." + truncateSig(parts[2]), ErrSignature, nil},
		{"signature empty", TokenUseAccess, parts[0] + "." + parts[1] + ".", ErrSignature, nil},
		{"bad signature beats bad claims", TokenUseAccess, sign(t, keyOther, testKID, with(ac, map[string]any{"iss": "https://evil.example.com"}), nil), ErrSignature, nil},

		// JWKS entries that must not be used.
		{"JWK use=enc", TokenUseAccess, sign(t, keyOther, "enc-key", ac, nil), ErrKeyNotFound, nil},
		{"JWK alg mismatch", TokenUseAccess, sign(t, keyRotated, "rs512-key", ac, nil), ErrKeyNotFound, nil},
		{"JWK 1024-bit", TokenUseAccess, sign(t, keyShort, "short-key", ac, nil), ErrKeyNotFound, nil},
		{"JWK kty=oct", TokenUseAccess, sign(t, keyMain, "oct-key", ac, nil), ErrKeyNotFound, nil},

		// Times.
		{"expired", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"exp": testNow.Unix() - 1}), nil), ErrExpired, nil},
		{"expires now", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"exp": testNow.Unix()}), nil), ErrExpired, nil},
		{"expired past leeway", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"exp": testNow.Unix() - 61}), nil), ErrExpired, func(c *Config) { c.Leeway = time.Minute }},
		{"exp missing", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"exp": nil}), nil), ErrMissingClaim, nil},
		{"exp missing is refused as expired", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"exp": nil}), nil), ErrExpired, nil},
		{"exp null", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"exp": json.RawMessage("null")}), nil), ErrMissingClaim, nil},
		{"exp as string", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"exp": "1800003600"}), nil), ErrMalformed, nil},
		{"exp as bool", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"exp": true}), nil), ErrMalformed, nil},
		{"nbf as string", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"nbf": "1799999000"}), nil), ErrMalformed, nil},
		{"iat as string", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"iat": "1799999000"}), nil), ErrMalformed, nil},
		{"nbf future", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"nbf": testNow.Unix() + 10}), nil), ErrNotYetValid, nil},
		{"nbf future past leeway", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"nbf": testNow.Unix() + 61}), nil), ErrNotYetValid, func(c *Config) { c.Leeway = time.Minute }},
		{"iat future", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"iat": testNow.Unix() + 120}), nil), ErrNotYetValid, nil},

		// Issuers.
		{"iss other pool", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"}), nil), ErrIssuer, nil},
		{"iss other region", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"iss": "https://cognito-idp.us-east-1.amazonaws.com/" + testPool}), nil), ErrIssuer, nil},
		{"iss trailing slash", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"iss": testIss + "/"}), nil), ErrIssuer, nil},
		{"iss http", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"iss": strings.Replace(testIss, "https", "http", 1)}), nil), ErrIssuer, nil},
		{"iss case", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"iss": strings.Replace(testIss, "cognito-idp", "Cognito-IDP", 1)}), nil), ErrIssuer, nil},
		{"iss missing", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"iss": nil}), nil), ErrIssuer, nil},
		{"iss UPDATED form with explicit ORIGINAL Issuer", TokenUseAccess,
			sign(t, keyMain, testKID, with(ac, map[string]any{"iss": "https://issuer-cognito-idp.eu-west-1.amazonaws.com/" + testPool}), nil), ErrIssuer,
			func(c *Config) { c.Issuer = testIss }},

		// token_use.
		{"ID token as access", TokenUseAccess, goodID, ErrTokenUse, nil},
		{"access token as ID", TokenUseID, good, ErrTokenUse, nil},
		{"token_use missing", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"token_use": nil}), nil), ErrMissingClaim, nil},
		{"token_use missing is a token-use error", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"token_use": nil}), nil), ErrTokenUse, nil},
		{"token_use refresh", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"token_use": "refresh"}), nil), ErrTokenUse, nil},
		{"token_use case", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"token_use": "Access"}), nil), ErrTokenUse, nil},

		// Clients.
		{"client_id wrong", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"client_id": "other"}), nil), ErrClient, nil},
		{"client_id missing", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"client_id": nil}), nil), ErrMissingClaim, nil},
		{"client_id missing is a client error", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"client_id": nil}), nil), ErrClient, nil},
		{"access token with only aud", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"client_id": nil, "aud": testClient}), nil), ErrMissingClaim, nil},
		{"access token aud right, client_id wrong", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"client_id": "other", "aud": testClient}), nil), ErrClient, nil},
		{"ID aud wrong", TokenUseID, sign(t, keyMain, testKID, with(ic, map[string]any{"aud": "other"}), nil), ErrClient, nil},
		{"ID aud array", TokenUseID, sign(t, keyMain, testKID, with(ic, map[string]any{"aud": []string{testClient}}), nil), ErrClient, nil},
		{"ID aud missing", TokenUseID, sign(t, keyMain, testKID, with(ic, map[string]any{"aud": nil}), nil), ErrMissingClaim, nil},
		{"ID aud missing is a client error", TokenUseID, sign(t, keyMain, testKID, with(ic, map[string]any{"aud": nil}), nil), ErrClient, nil},
		{"ID with client_id but no aud", TokenUseID, sign(t, keyMain, testKID, with(ic, map[string]any{"aud": nil, "client_id": testClient}), nil), ErrMissingClaim, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newTestVerifier(t, srv, tt.use, tt.mod)
			before := srv.requests.Load()
			c, err := v.Verify(context.Background(), tt.token)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify: err=%v, claims=%v; want %v", err, c, tt.want)
			}
			if c != nil {
				t.Errorf("claims=%+v returned with an error", c)
			}
			if tt.want == ErrMalformed && len(tt.token) > MaxTokenBytes && srv.requests.Load() != before {
				t.Errorf("oversize token caused a JWKS request")
			}
		})
	}
	if n := evil.requests.Load(); n != 0 {
		t.Errorf("attacker's jku/x5u server got %d requests, want 0", n)
	}
}

// TestVerifyAccepted: edges that must pass.
func TestVerifyAccepted(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, testKID, nil), jwk(t, &keyOther.PublicKey, "no-meta", map[string]any{"use": nil, "alg": nil}))
	ac, ic := accessClaims(), idClaims()
	tests := []struct {
		name  string
		use   TokenUse
		token string
		mod   func(*Config)
	}{
		{"UPDATED issuer form", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"iss": "https://issuer-cognito-idp.eu-west-1.amazonaws.com/" + testPool}), nil), nil},
		{"expired within leeway", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"exp": testNow.Unix() - 30}), nil), func(c *Config) { c.Leeway = time.Minute }},
		{"nbf within leeway", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"nbf": testNow.Unix() + 30}), nil), func(c *Config) { c.Leeway = time.Minute }},
		{"nbf now", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"nbf": testNow.Unix()}), nil), nil},
		{"fractional exp", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"exp": float64(testNow.Unix()) + 3600.5}), nil), nil},
		{"JWK without use and alg", TokenUseAccess, sign(t, keyOther, "no-meta", ac, nil), nil},
		{"second client", TokenUseAccess, sign(t, keyMain, testKID, with(ac, map[string]any{"client_id": "client-2"}), nil), func(c *Config) { c.ClientIDs = []string{testClient, "client-2"} }},
		{"email_verified as string", TokenUseID, sign(t, keyMain, testKID, with(ic, map[string]any{"email_verified": "true"}), nil), nil},
		{"jku ignored, own key used", TokenUseAccess, sign(t, keyMain, testKID, ac, map[string]any{"jku": "https://evil.example.com/jwks.json"}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := newTestVerifier(t, srv, tt.use, tt.mod).Verify(context.Background(), tt.token); err != nil {
				t.Fatalf("Verify: %v", err)
			}
		})
	}
}

func TestNewVerifierConfig(t *testing.T) {
	ok := Config{UserPoolID: testPool, ClientIDs: []string{testClient}, TokenUse: TokenUseAccess}
	tests := []struct {
		name string
		mod  func(*Config)
		want string // "" = accepted
	}{
		{"defaults", func(*Config) {}, ""},
		{"pool id without underscore", func(c *Config) { c.UserPoolID = "eu-west-1AbC" }, "UserPoolID"},
		{"pool id empty", func(c *Config) { c.UserPoolID = "" }, "UserPoolID"},
		{"pool id with slash", func(c *Config) { c.UserPoolID = "eu-west-1_Ab/C" }, "UserPoolID"},
		{"no client ids", func(c *Config) { c.ClientIDs = nil }, "ClientIDs"},
		{"empty client id", func(c *Config) { c.ClientIDs = []string{""} }, "ClientIDs[0]"},
		{"unknown token use", func(c *Config) { c.TokenUse = "refresh" }, "TokenUse"},
		{"empty token use", func(c *Config) { c.TokenUse = "" }, "TokenUse"},
		{"http JWKS", func(c *Config) { c.JWKSURL = "http://example.com/jwks.json" }, "JWKSURL"},
		{"relative JWKS", func(c *Config) { c.JWKSURL = "/jwks.json" }, "JWKSURL"},
		{"http JWKS on loopback", func(c *Config) { c.JWKSURL = "http://127.0.0.1:9229/x/.well-known/jwks.json" }, ""},
		{"http issuer", func(c *Config) { c.Issuer = "http://cognito.example.com/x" }, "Issuer"},
		{"emulator pool without issuer", func(c *Config) { c.UserPoolID = "local_AbC123" }, "AWS region"},
		{"emulator pool with issuer", func(c *Config) {
			c.UserPoolID, c.Issuer = "local_AbC123", "http://127.0.0.1:9229/local_AbC123"
		}, ""},
		{"negative leeway", func(c *Config) { c.Leeway = -time.Second }, "Leeway"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.mod(&cfg)
			_, err := NewVerifier(cfg)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("NewVerifier: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err=%v, want ErrConfig naming %s", err, tt.want)
			}
		})
	}
}

func TestEmulatorIssuerDefaultsJWKS(t *testing.T) {
	keys(t)
	srv := newJWKSServer(t, jwk(t, &keyMain.PublicKey, "CognitoLocal", nil))
	iss := srv.URL + "/local_AbC123"
	v, err := NewVerifier(Config{UserPoolID: "local_AbC123", ClientIDs: []string{testClient}, TokenUse: TokenUseAccess, Issuer: iss, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), sign(t, keyMain, "CognitoLocal", with(accessClaims(), map[string]any{"iss": iss}), nil)); err != nil {
		t.Fatalf("Verify: %v", err)
	}
}
