// Package cognitojwt verifies Amazon Cognito access and ID tokens against the user pool's JWKS, the
// way aws-jwt-verify does and stricter where that matters: RS256 only, kid looked up only in the
// configured key set, signature before claims, exact issuer, token_use, client, and numeric dates.
// It caches the key set (one shared fetch, refetch on an unknown kid, penalty window) and verified
// tokens (bounded LRU, expiry rechecked on every hit, dropped when their key leaves the key set),
// and has net/http middleware.
package cognitojwt

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/clickops/cognito-pool/internal/loopback"
	"github.com/clickops/cognito-pool/internal/poolid"
	"github.com/golang-jwt/jwt/v5"
)

// TokenUse is the kind of Cognito token, the token_use claim. It is a defined type so that a stray
// string (a user pool or client ID in the wrong field) does not compile as Config.TokenUse; a
// value read from configuration needs an explicit TokenUse(s), and NewVerifier checks it.
type TokenUse string

const (
	// TokenUseAccess accepts access tokens (token_use "access"): the client is client_id, there
	// is no aud. Backends authorising API calls want these.
	TokenUseAccess TokenUse = "access"
	// TokenUseID accepts ID tokens (token_use "id"): the client is aud, and the token carries the
	// user's profile (email, cognito:username).
	TokenUseID TokenUse = "id"
)

// Defaults for the optional Config fields.
const (
	// MaxTokenBytes bounds a token before any parsing; Cognito tokens are 1–2 KiB.
	MaxTokenBytes = 8 << 10
	// DefaultTokenCacheSize is the verified-token cache bound.
	DefaultTokenCacheSize = 1024
	// DefaultPenalty is how long unknown kids fail fast after a refetch that lacked them.
	DefaultPenalty = 10 * time.Second
	// DefaultFetchTimeout bounds one JWKS request.
	DefaultFetchTimeout = 5 * time.Second
	// DefaultMaxJWKSBytes bounds a JWKS response (Cognito's is under 2 KiB).
	DefaultMaxJWKSBytes = 64 << 10
)

// Config says which tokens a Verifier accepts.
type Config struct {
	UserPoolID string        // e.g. "eu-west-1_AbCdEf123"; the region is read from it
	ClientIDs  []string      // allowed app client IDs; at least one
	TokenUse   TokenUse      // "access" or "id"
	Issuer     string        // optional; default https://cognito-idp.<region>.amazonaws.com/<UserPoolID>, and the issuer-cognito-idp form too
	JWKSURL    string        // optional; default <Issuer>/.well-known/jwks.json
	HTTPClient *http.Client  // optional; default a client without redirects to other hosts
	Leeway     time.Duration // optional clock-skew allowance for exp, nbf and iat

	// TokenCacheSize bounds the verified-token cache; 0 means DefaultTokenCacheSize and a
	// negative value turns the cache off. A hit skips the signature check but still rechecks exp
	// and nbf, so a cached token stops working when it expires; and a JWKS fetch that no longer
	// lists the token's key (a key withdrawn after a leak) drops its verdict.
	TokenCacheSize int
	// Penalty is how long, after a refetch that still lacked a kid, unknown kids fail without a
	// request; it stops a flood of made-up kids from hammering the JWKS endpoint. 0 = DefaultPenalty.
	Penalty time.Duration
	// FetchTimeout bounds one JWKS request. 0 = DefaultFetchTimeout.
	FetchTimeout time.Duration
	// MaxJWKSBytes bounds a JWKS response, so a hostile or broken endpoint can't exhaust memory.
	// 0 = DefaultMaxJWKSBytes.
	MaxJWKSBytes int64
	// Now is the clock; nil means time.Now. For tests.
	Now func() time.Time
}

// Claims are the verified claims of a token.
type Claims struct {
	Subject           string
	Username          string // username (access) or cognito:username (id)
	TokenUse          TokenUse
	ClientID          string // client_id (access) or aud (id)
	Issuer            string
	Email             string
	EmailVerified     bool
	PreferredUsername string
	Groups            []string // cognito:groups
	Scopes            []string // scope, split on spaces (access tokens)
	ExpiresAt         time.Time
	IssuedAt          time.Time
	NotBefore         time.Time // zero when the token has no nbf
	AuthTime          time.Time
	JTI               string
}

// Verifier verifies tokens of one pool and token use. It is safe for concurrent use.
type Verifier struct {
	clientIDs []string
	tokenUse  TokenUse
	issuers   []string
	leeway    time.Duration
	now       func() time.Time
	parser    *jwt.Parser
	jwks      *jwksCache
	cache     *tokenCache // nil when off
}

var (
	// regionRE is an AWS region code (eu-west-1, us-gov-west-1): a pool id's region outside it
	// is an emulator's ("local"), whose issuer must be given.
	regionRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
)

// NewVerifier checks cfg and returns a Verifier. It makes no request: the JWKS is fetched on the
// first Verify, or by Prefetch.
func NewVerifier(cfg Config) (*Verifier, error) {
	bad := func(format string, args ...any) (*Verifier, error) {
		return nil, fmt.Errorf("%w: "+format, append([]any{ErrConfig}, args...)...)
	}
	if err := poolid.Check(cfg.UserPoolID); err != nil {
		return bad("UserPoolID %q: %v", cfg.UserPoolID, err)
	}
	if len(cfg.ClientIDs) == 0 {
		return bad("ClientIDs is empty: at least one app client ID is required")
	}
	for i, id := range cfg.ClientIDs {
		if strings.TrimSpace(id) == "" {
			return bad("ClientIDs[%d] is empty", i)
		}
	}
	if cfg.TokenUse != TokenUseAccess && cfg.TokenUse != TokenUseID {
		return bad("TokenUse %q is not %q or %q", cfg.TokenUse, TokenUseAccess, TokenUseID)
	}
	if cfg.Leeway < 0 {
		return bad("Leeway %s is negative", cfg.Leeway)
	}
	if cfg.TokenCacheSize == 0 {
		cfg.TokenCacheSize = DefaultTokenCacheSize
	}
	if cfg.Penalty <= 0 {
		cfg.Penalty = DefaultPenalty
	}
	if cfg.FetchTimeout <= 0 {
		cfg.FetchTimeout = DefaultFetchTimeout
	}
	if cfg.MaxJWKSBytes <= 0 {
		cfg.MaxJWKSBytes = DefaultMaxJWKSBytes
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: cfg.FetchTimeout, CheckRedirect: sameHostRedirects}
	}

	var issuers []string
	if cfg.Issuer != "" {
		if err := checkURL(cfg.Issuer); err != nil {
			return bad("Issuer: %v", err)
		}
		issuers = []string{cfg.Issuer}
	} else {
		region := poolid.Region(cfg.UserPoolID)
		if !regionRE.MatchString(region) {
			return bad("UserPoolID %q: %q is not an AWS region; set Issuer for a pool outside AWS (an emulator)", cfg.UserPoolID, region)
		}
		issuers = []string{
			poolid.IssuerURL(cfg.UserPoolID),
			poolid.UpdatedIssuerURL(cfg.UserPoolID),
		}
	}
	jwksURL := cfg.JWKSURL
	if jwksURL == "" {
		jwksURL = issuers[0] + "/.well-known/jwks.json"
	}
	if err := checkURL(jwksURL); err != nil {
		return bad("JWKSURL: %v", err)
	}

	v := &Verifier{
		clientIDs: slices.Clone(cfg.ClientIDs),
		tokenUse:  cfg.TokenUse,
		issuers:   issuers,
		leeway:    cfg.Leeway,
		now:       cfg.Now,
		// alg is checked in keyFunc (so its error is ErrAlgorithm); claims are checked by
		// checkClaims after the signature, with sentinels golang-jwt's validator doesn't have.
		parser: jwt.NewParser(jwt.WithoutClaimsValidation(), jwt.WithStrictDecoding()),
		jwks: &jwksCache{
			url: jwksURL, client: cfg.HTTPClient, timeout: cfg.FetchTimeout,
			maxBytes: cfg.MaxJWKSBytes, penalty: cfg.Penalty, now: cfg.Now,
		},
	}
	if cfg.TokenCacheSize > 0 {
		v.cache = newTokenCache(cfg.TokenCacheSize, v.jwks.holds)
		v.jwks.replaced = v.cache.dropWithdrawn
	}
	return v, nil
}

// checkURL allows https, and http only to a loopback host (an emulator on this machine).
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not an absolute URL", raw)
	}
	if u.Scheme == "https" {
		return nil
	}
	if u.Scheme == "http" && loopback.Host(u.Hostname()) {
		return nil
	}
	return fmt.Errorf("%q must be https (http only for a loopback host)", raw)
}

// sameHostRedirects keeps a JWKS redirect on the host that was configured.
func sameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 3 {
		return errors.New("too many redirects")
	}
	if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		return fmt.Errorf("redirect to %s refused: JWKS must come from the configured host", req.URL.Redacted())
	}
	return nil
}

// Prefetch fetches the JWKS and returns once a fetch that started after the call has ended (it
// does not settle for one already in flight, which may have read the old set). Call it at
// start-up, so the first request does not wait and a wrong JWKSURL shows at once, and after a
// key is withdrawn: when it returns nil, tokens signed with a key the JWKS no longer lists are
// refused (ErrKeyNotFound), cached verdicts included.
func (v *Verifier) Prefetch(ctx context.Context) error {
	return v.jwks.refresh(ctx)
}

// JWKSFetches reports how many JWKS requests the Verifier has made.
func (v *Verifier) JWKSFetches() int64 { return v.jwks.fetches.Load() }

// Verify checks token and returns its claims. The error wraps one of the package's sentinels.
func (v *Verifier) Verify(ctx context.Context, token string) (*Claims, error) {
	if len(token) > MaxTokenBytes {
		return nil, fmt.Errorf("%w: %d bytes is over %d", ErrMalformed, len(token), MaxTokenBytes)
	}
	now := v.now()
	if v.cache != nil {
		if c, ok := v.cache.get(token); ok {
			if err := v.checkTimes(c.ExpiresAt, c.NotBefore, time.Time{}, now); err != nil {
				v.cache.remove(token)
				return nil, err
			}
			return c.clone(), nil
		}
	}
	var wc wireClaims
	var signer struct {
		kid string
		key *rsa.PublicKey
	}
	_, err := v.parser.ParseWithClaims(token, &wc, func(t *jwt.Token) (any, error) {
		var err error
		signer.kid, signer.key, err = v.keyFunc(ctx, t)
		return signer.key, err
	})
	if err != nil {
		return nil, classify(err)
	}
	c, err := v.checkClaims(&wc, now)
	if err != nil {
		return nil, err
	}
	if v.cache != nil {
		v.cache.put(token, signer.kid, signer.key, c)
		return c.clone(), nil
	}
	return c, nil
}

// keyFunc runs after the header is decoded and before the signature check. It allows only RS256
// and looks the kid up only in the configured JWKS: jku, x5u, jwk and x5c headers are ignored,
// never fetched.
func (v *Verifier) keyFunc(ctx context.Context, t *jwt.Token) (string, *rsa.PublicKey, error) {
	if alg, _ := t.Header["alg"].(string); alg != "RS256" || t.Method != jwt.SigningMethodRS256 {
		return "", nil, fmt.Errorf("%w: %v", ErrAlgorithm, t.Header["alg"])
	}
	kid, ok := t.Header["kid"].(string)
	if !ok || kid == "" {
		return "", nil, fmt.Errorf("%w: token has no kid", ErrKeyNotFound)
	}
	key, err := v.jwks.key(ctx, kid)
	return kid, key, err
}

// classify maps golang-jwt's parse errors onto this package's sentinels.
func classify(err error) error {
	for _, s := range []error{ErrAlgorithm, ErrKeyNotFound, ErrJWKSUnavailable} {
		if errors.Is(err, s) {
			return err
		}
	}
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return fmt.Errorf("%w: %w", ErrSignature, err)
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		// The remaining unverifiable cases are an absent or unknown alg.
		return fmt.Errorf("%w: %w", ErrAlgorithm, err)
	}
	return fmt.Errorf("%w: %w", ErrMalformed, err)
}

func (v *Verifier) checkClaims(wc *wireClaims, now time.Time) (*Claims, error) {
	if !slices.Contains(v.issuers, wc.Issuer) {
		return nil, fmt.Errorf("%w: %q", ErrIssuer, wc.Issuer)
	}
	if wc.TokenUse == "" {
		return nil, fmt.Errorf("%w: %w: token_use", ErrTokenUse, ErrMissingClaim)
	}
	if wc.TokenUse != v.tokenUse {
		return nil, fmt.Errorf("%w: %q, want %q", ErrTokenUse, wc.TokenUse, v.tokenUse)
	}
	var client string
	switch v.tokenUse {
	case TokenUseAccess:
		// An access token names its client in client_id; an aud does not stand in for it.
		if wc.ClientID == "" {
			return nil, fmt.Errorf("%w: %w: client_id", ErrClient, ErrMissingClaim)
		}
		client = wc.ClientID
	case TokenUseID:
		if !wc.Audience.present {
			return nil, fmt.Errorf("%w: %w: aud", ErrClient, ErrMissingClaim)
		}
		if !wc.Audience.single {
			return nil, fmt.Errorf("%w: aud must be a single string", ErrClient)
		}
		client = wc.Audience.value
	}
	if !slices.Contains(v.clientIDs, client) {
		return nil, fmt.Errorf("%w: %q", ErrClient, client)
	}
	if wc.Expires == nil {
		return nil, fmt.Errorf("%w: %w: exp (a token without one would never expire)", ErrExpired, ErrMissingClaim)
	}
	c := &Claims{
		Subject:           wc.Subject,
		TokenUse:          wc.TokenUse,
		ClientID:          client,
		Issuer:            wc.Issuer,
		Email:             wc.Email,
		EmailVerified:     bool(wc.EmailVerified),
		PreferredUsername: wc.PreferredUsername,
		Groups:            wc.Groups,
		ExpiresAt:         wc.Expires.Time(),
		IssuedAt:          wc.IssuedAt.Time(),
		NotBefore:         wc.NotBefore.Time(),
		AuthTime:          wc.AuthTime.Time(),
		JTI:               wc.JTI,
		Username:          wc.Username,
	}
	if v.tokenUse == TokenUseID {
		c.Username = wc.CognitoUsername
	}
	if wc.Scope != "" {
		c.Scopes = strings.Fields(wc.Scope)
	}
	if err := v.checkTimes(c.ExpiresAt, c.NotBefore, c.IssuedAt, now); err != nil {
		return nil, err
	}
	return c, nil
}

func (v *Verifier) checkTimes(exp, nbf, iat, now time.Time) error {
	if !now.Before(exp.Add(v.leeway)) {
		return fmt.Errorf("%w: at %s", ErrExpired, exp.UTC().Format(time.RFC3339))
	}
	if !nbf.IsZero() && now.Add(v.leeway).Before(nbf) {
		return fmt.Errorf("%w: nbf %s", ErrNotYetValid, nbf.UTC().Format(time.RFC3339))
	}
	if !iat.IsZero() && now.Add(v.leeway).Before(iat) {
		return fmt.Errorf("%w: issued in the future (iat %s)", ErrNotYetValid, iat.UTC().Format(time.RFC3339))
	}
	return nil
}

func (c *Claims) clone() *Claims {
	cp := *c
	cp.Groups = slices.Clone(c.Groups)
	cp.Scopes = slices.Clone(c.Scopes)
	return &cp
}

// wireClaims is the JSON payload. Dates must be JSON numbers and aud is checked for being a
// single string; golang-jwt's own types accept "exp": "1700000000" and arrays.
type wireClaims struct {
	Issuer            string       `json:"iss"`
	Subject           string       `json:"sub"`
	TokenUse          TokenUse     `json:"token_use"`
	ClientID          string       `json:"client_id"`
	Audience          audience     `json:"aud"`
	Username          string       `json:"username"`
	CognitoUsername   string       `json:"cognito:username"`
	Email             string       `json:"email"`
	EmailVerified     flexBool     `json:"email_verified"`
	PreferredUsername string       `json:"preferred_username"`
	Groups            []string     `json:"cognito:groups"`
	Scope             string       `json:"scope"`
	JTI               string       `json:"jti"`
	Expires           *numericDate `json:"exp"`
	NotBefore         *numericDate `json:"nbf"`
	IssuedAt          *numericDate `json:"iat"`
	AuthTime          *numericDate `json:"auth_time"`
}

// The jwt.Claims methods are unused (claims validation is off) but required by ParseWithClaims.
func (w *wireClaims) GetExpirationTime() (*jwt.NumericDate, error) { return w.Expires.jwt(), nil }
func (w *wireClaims) GetNotBefore() (*jwt.NumericDate, error)      { return w.NotBefore.jwt(), nil }
func (w *wireClaims) GetIssuedAt() (*jwt.NumericDate, error)       { return w.IssuedAt.jwt(), nil }
func (w *wireClaims) GetIssuer() (string, error)                   { return w.Issuer, nil }
func (w *wireClaims) GetSubject() (string, error)                  { return w.Subject, nil }
func (w *wireClaims) GetAudience() (jwt.ClaimStrings, error) {
	if !w.Audience.present {
		return nil, nil
	}
	return jwt.ClaimStrings{w.Audience.value}, nil
}

// numericDate is a NumericDate that must be a JSON number. encoding/json has already checked the
// literal's syntax when it calls UnmarshalJSON, so the first byte tells a number from a string.
type numericDate struct{ jwt.NumericDate }

var errDateType = errors.New("date claim must be a JSON number")

func (d *numericDate) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		return fmt.Errorf("%w, got %s", errDateType, truncate(b))
	}
	f, err := json.Number(b).Float64()
	if err != nil {
		return fmt.Errorf("%w: %w", errDateType, err)
	}
	sec, frac := math.Modf(f)
	d.NumericDate = *jwt.NewNumericDate(time.Unix(int64(sec), int64(frac*1e9)))
	return nil
}

func (d *numericDate) Time() time.Time {
	if d == nil {
		return time.Time{}
	}
	return d.NumericDate.Time
}

func (d *numericDate) jwt() *jwt.NumericDate {
	if d == nil {
		return nil
	}
	return &d.NumericDate
}

// audience records whether aud was present and a single string.
type audience struct {
	value           string
	present, single bool
}

func (a *audience) UnmarshalJSON(b []byte) error {
	a.present = true
	a.single = json.Unmarshal(b, &a.value) == nil
	return nil
}

// flexBool accepts true and "true": Cognito sends email_verified as either.
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true", `"true"`:
		*f = true
	case "false", `"false"`:
		*f = false
	default:
		return fmt.Errorf("email_verified must be a boolean, got %s", truncate(b))
	}
	return nil
}

func truncate(b []byte) string {
	if len(b) > 32 {
		return string(b[:32]) + "…"
	}
	return string(b)
}
