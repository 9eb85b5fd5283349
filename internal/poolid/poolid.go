// Package poolid is the one place for what a Cognito user pool id looks like, `<region>_<id>`, and
// what it tells: the pool's region and the issuer of its tokens on AWS.
package poolid

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// MaxLen is the longest pool id Cognito accepts: UserPoolIdType, min 1, max 55, pattern
// `[\w-]+_[0-9a-zA-Z]+`, in the Cognito API model (cognito-idp-2016-04-18.service-2.json as shipped
// in botocore 1.43.11).
const MaxLen = 55

// pattern is the API model's UserPoolIdType pattern with the region part narrowed to what region
// codes use (lowercase letters, digits, hyphens: no "_"), so the first "_" always ends the region.
// cognito-local's ids (`local_` + 8 base-36 characters) fit it too.
var pattern = regexp.MustCompile(`^[a-z0-9-]+_[0-9A-Za-z]+$`)

// ErrFormat is wrapped by every error of Check.
var ErrFormat = errors.New("not a Cognito user pool id")

// Check returns nil when id is a pool id, or an error wrapping ErrFormat that says which rule it
// breaks. The error does not quote id: the caller names the input and quotes as much as it wants.
func Check(id string) error {
	if len(id) > MaxLen {
		return fmt.Errorf("%w: %d characters, over Cognito's limit of %d", ErrFormat, len(id), MaxLen)
	}
	if !pattern.MatchString(id) {
		return fmt.Errorf("%w: not <region>_<id> (e.g. eu-west-1_AbC123)", ErrFormat)
	}
	return nil
}

// Region returns the region a pool id names, the part before the first "_" ("eu-west-1_AbC" →
// "eu-west-1"; "local" for cognito-local's pools). Check the id first: for an id without "_"
// Region returns the whole id.
func Region(id string) string {
	region, _, _ := strings.Cut(id, "_")
	return region
}

// IssuerURL is the iss claim of tokens from the AWS pool with this id, in the ORIGINAL issuer form
// https://cognito-idp.<region>.amazonaws.com/<poolId> (the JWKS is under it at
// /.well-known/jwks.json).
func IssuerURL(id string) string {
	return fmt.Sprintf("https://cognito-idp.%s.amazonaws.com/%s", Region(id), id)
}

// UpdatedIssuerURL is the iss claim of tokens from a pool with the UPDATED issuer configuration
// (IssuerConfigurationType in the Cognito API reference): https://issuer-cognito-idp.<region>.amazonaws.com/<poolId>,
// signed by the same keys.
func UpdatedIssuerURL(id string) string {
	return fmt.Sprintf("https://issuer-cognito-idp.%s.amazonaws.com/%s", Region(id), id)
}
