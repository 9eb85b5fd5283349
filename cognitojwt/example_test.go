package cognitojwt_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/clickops/cognito-pool/cognitojwt"
	"github.com/golang-jwt/jwt/v5"
)

// A backend protects its API with Middleware and reads the caller from the request context.
// (The JWKS server and token here stand in for the user pool; in production leave JWKSURL and
// Issuer empty and they follow from UserPoolID.)
func ExampleMiddleware() {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	jwks := fakePoolJWKS(&key.PublicKey)
	defer jwks.Close()

	verifier, err := cognitojwt.NewVerifier(cognitojwt.Config{
		UserPoolID: "eu-west-1_AbCdEf123",
		ClientIDs:  []string{"web-client-id"},
		TokenUse:   cognitojwt.TokenUseAccess,
		JWKSURL:    jwks.URL,
	})
	if err != nil {
		panic(err)
	}
	api := http.NewServeMux()
	api.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
		claims, _ := cognitojwt.ClaimsFromContext(r.Context())
		fmt.Fprintf(w, "hello %s", claims.Username)
	})
	srv := httptest.NewServer(cognitojwt.Middleware(verifier)(api))
	defer srv.Close()

	token := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{
		"iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123", "token_use": "access",
		"client_id": "web-client-id", "sub": "1234", "username": "ada", "exp": time.Now().Add(time.Hour).Unix(),
	})
	token.Header["kid"] = "key-1"
	signed, _ := token.SignedString(key)

	for _, auth := range []string{"Bearer " + signed, "", "Bearer " + signed + "x"} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/me", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("%d %q %s\n", resp.StatusCode, resp.Header.Get("WWW-Authenticate"), strings.TrimSpace(string(body)))
	}
	// Output:
	// 200 "" hello ada
	// 401 "Bearer" authorization required
	// 401 "Bearer error=\"invalid_token\"" invalid token
}

// fakePoolJWKS serves pub as a user pool's JWKS. The caller should call Close.
func fakePoolJWKS(pub *rsa.PublicKey) *httptest.Server {
	jwk, _ := jwkset.NewJWKFromKey(pub, jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: "key-1", ALG: jwkset.AlgRS256, USE: jwkset.UseSig}})
	body, _ := json.Marshal(jwkset.JWKSMarshal{Keys: []jwkset.JWKMarshal{jwk.Marshal()}})
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(body) }))
}
