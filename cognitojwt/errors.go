package cognitojwt

import "errors"

// Sentinel errors; every error Verify returns wraps one of them, and ErrMissingClaim also the
// check's own (test with errors.Is).
var (
	// ErrMalformed: not a compact JWS of three base64url parts with JSON objects, over 8 KiB, or a
	// claim of the wrong JSON type (exp, nbf and iat as strings among them).
	ErrMalformed = errors.New("cognitojwt: malformed token")
	// ErrAlgorithm: alg is not exactly RS256 (stops alg=none and HS256-signed-with-the-public-key).
	ErrAlgorithm = errors.New("cognitojwt: algorithm not allowed")
	// ErrKeyNotFound: no kid, or a kid the configured JWKS does not hold, even after a refetch (a
	// key withdrawn from the JWKS included, once a fetch has seen it gone: see Verifier.Prefetch).
	ErrKeyNotFound = errors.New("cognitojwt: signing key not found")
	// ErrSignature: the signature does not verify with the key the kid names.
	ErrSignature = errors.New("cognitojwt: invalid signature")
	// ErrExpired: exp (plus Leeway) is in the past.
	ErrExpired = errors.New("cognitojwt: token expired")
	// ErrNotYetValid: nbf or iat is in the future beyond Leeway.
	ErrNotYetValid = errors.New("cognitojwt: token not yet valid")
	// ErrMissingClaim: a required claim is absent. It comes wrapped with the sentinel of the check
	// that needed the claim: ErrExpired (exp), ErrTokenUse (token_use), ErrClient (client_id of
	// an access token, aud of an ID token).
	ErrMissingClaim = errors.New("cognitojwt: required claim missing")
	// ErrIssuer: iss is not the pool's issuer.
	ErrIssuer = errors.New("cognitojwt: issuer not allowed")
	// ErrTokenUse: token_use is not the configured one (an ID token offered as an access token).
	ErrTokenUse = errors.New("cognitojwt: wrong token_use")
	// ErrClient: client_id (access) or aud (id) is not one of Config.ClientIDs.
	ErrClient = errors.New("cognitojwt: client not allowed")
	// ErrJWKSUnavailable: the key set could not be fetched and none is cached.
	ErrJWKSUnavailable = errors.New("cognitojwt: JWKS unavailable")
	// ErrConfig: NewVerifier refused the Config.
	ErrConfig = errors.New("cognitojwt: invalid config")
)
