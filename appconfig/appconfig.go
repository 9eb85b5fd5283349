// Package appconfig turns the stack outputs (`pulumi stack output --json`) into the settings the
// apps need after a deploy: a .env for the React front end, the backend's environment, and the
// auth block of an Amplify amplify_outputs.json — instead of copying IDs by hand. FromOutputs is
// the one reader of the outputs: the smoke test and `go run . local` read them through it too.
package appconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/clickops/cognito-pool/internal/cliio"
	"github.com/clickops/cognito-pool/internal/poolid"
)

// ErrOutputs is wrapped when the outputs are not a JSON object, lack a key or hold a malformed value.
var ErrOutputs = errors.New("bad stack outputs")

// MaxOutputsSize caps the stack outputs a command reads: this program's are under 2 KiB.
const MaxOutputsSize = 1 << 20

// Settings are the values every app setting is derived from, read from the stack outputs.
type Settings struct {
	Region     string
	UserPoolID string
	ClientID   string
	// Issuer and JWKSURI are the outputs' issuer and jwksUri, "" when absent (then the AWS form
	// for the pool id applies; an emulator's differ).
	Issuer, JWKSURI string
	// Auth is the outputs' authSettings; nil for outputs of a stack deployed before it existed.
	Auth *AuthSettings
}

// AuthSettings is the authSettings output: what the pool asks of a sign-in page.
type AuthSettings struct {
	MFA            string `json:"mfa"` // OFF, OPTIONAL or ON
	PasswordPolicy struct {
		MinimumLength    int  `json:"minimumLength"`
		RequireLowercase bool `json:"requireLowercase"`
		RequireUppercase bool `json:"requireUppercase"`
		RequireNumbers   bool `json:"requireNumbers"`
		RequireSymbols   bool `json:"requireSymbols"`
	} `json:"passwordPolicy"`
	ClientAttributes   []string `json:"clientAttributes"`
	UsernameAttributes []string `json:"usernameAttributes"`
	RequiredAttributes []string `json:"requiredAttributes"`
}

// amplifyMFA is Amplify's mfa_configuration for the pool's MFA setting (amplify_outputs.json
// schema 1.3: NONE, OPTIONAL, REQUIRED).
var amplifyMFA = map[string]string{"OFF": "NONE", "OPTIONAL": "OPTIONAL", "ON": "REQUIRED"}

// The rules for each output, from the Cognito API model (cognito-idp-2016-04-18.service-2.json,
// botocore 1.43.11): ClientIdType is 1–128 characters of `[\w+]+`; RegionCodeType is 5–32
// characters (the region is also the pool id's, checked against it). The pool id's rule is
// internal/poolid's.
var (
	clientIDRE = regexp.MustCompile(`^[\w+]{1,128}$`)
	regionRE   = regexp.MustCompile(`^[a-z0-9-]{5,32}$`)
)

// maxURL caps issuer and jwksUri: an AWS issuer is under 120 characters.
const maxURL = 2048

// FromOutputs reads the stack outputs JSON (`pulumi stack output --json`) and checks every key it
// uses: region, userPoolId and userPoolClientId are required, issuer and jwksUri optional. The
// region must be the pool id's. Errors name the key and quote at most a short prefix of a value;
// all problems are reported, one a line.
func FromOutputs(data []byte) (*Settings, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil || raw == nil {
		if err == nil {
			err = errors.New("null")
		}
		return nil, fmt.Errorf("%w: not a JSON object (want the JSON of `pulumi stack output --json`): %w", ErrOutputs, err)
	}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrOutputs}, args...)...))
	}
	// str reads key as a string: "" with no error when it is absent and optional.
	str := func(key string, required bool) (string, bool) {
		v, ok := raw[key]
		if !ok || string(v) == "null" {
			if required {
				bad("outputs have no %q", key)
			}
			return "", false
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			bad("%q is %s, want a string", key, rawJSON(v))
			return "", false
		}
		if s == "" {
			bad("%q is empty", key)
			return "", false
		}
		return s, true
	}
	s := &Settings{}
	var poolOK bool
	if id, ok := str("userPoolId", true); ok {
		if err := poolid.Check(id); err != nil {
			bad("%q %s: %v", "userPoolId", cliio.Quote(id), err)
		} else {
			s.UserPoolID, poolOK = id, true
		}
	}
	if id, ok := str("userPoolClientId", true); ok {
		if !clientIDRE.MatchString(id) {
			bad("%q %s is not an app client id (1–128 letters, digits, _ or +)", "userPoolClientId", cliio.Quote(id))
		} else {
			s.ClientID = id
		}
	}
	if region, ok := str("region", true); ok {
		switch {
		case !regionRE.MatchString(region):
			bad("%q %s is not a region code (5–32 lowercase letters, digits or -)", "region", cliio.Quote(region))
		case poolOK && region != poolid.Region(s.UserPoolID):
			bad("%q %s is not the region of %q %s: a pool's region is the one its id names (%s)",
				"region", cliio.Quote(region), "userPoolId", cliio.Quote(s.UserPoolID), poolid.Region(s.UserPoolID))
		default:
			s.Region = region
		}
	}
	for _, opt := range []struct {
		key string
		dst *string
	}{{"issuer", &s.Issuer}, {"jwksUri", &s.JWKSURI}} {
		if v, ok := str(opt.key, false); ok {
			if len(v) > maxURL {
				bad("%q %s is over %d characters", opt.key, cliio.Quote(v), maxURL)
			} else {
				*opt.dst = v
			}
		}
	}
	if v, ok := raw["authSettings"]; ok && string(v) != "null" {
		var a AuthSettings
		dec := json.NewDecoder(strings.NewReader(string(v)))
		dec.DisallowUnknownFields()
		switch err := dec.Decode(&a); {
		case err != nil:
			bad("%q is %s: %v", "authSettings", rawJSON(v), err)
		case amplifyMFA[a.MFA] == "":
			bad("%q mfa %s is not OFF, OPTIONAL or ON", "authSettings", cliio.Quote(a.MFA))
		case a.PasswordPolicy.MinimumLength < 6 || a.PasswordPolicy.MinimumLength > 99:
			bad("%q passwordPolicy.minimumLength %d is outside 6–99", "authSettings", a.PasswordPolicy.MinimumLength)
		default:
			s.Auth = &a
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// rawJSON shows a JSON value in an error: as it is when short and on one line, else quoted and cut.
func rawJSON(v json.RawMessage) string {
	if len(v) <= cliio.QuoteMax && !strings.ContainsAny(string(v), "\r\n") {
		return string(v)
	}
	return cliio.Quote(string(v))
}

// DotEnv is the React front end's .env (Create React App's REACT_APP_ prefix).
func (s *Settings) DotEnv() string {
	return lines(
		"REACT_APP_AWS_PROJECT_REGION", s.Region,
		"REACT_APP_AWS_COGNITO_REGION", s.Region,
		"REACT_APP_AWS_USER_POOLS_ID", s.UserPoolID,
		"REACT_APP_CLIENT_ID", s.ClientID,
	)
}

// BackendEnv is the backend's environment, the names it read before this project.
func (s *Settings) BackendEnv() string {
	return lines(
		"AWS_COGNITO_USER_POOL_ID", s.UserPoolID,
		"AWS_COGNITO_USER_POOL_CLIENT_ID", s.ClientID,
	)
}

// AmplifyOutputs is an amplify_outputs.json (schema version 1.3) with the auth block of this pool:
// e-mail is the verification channel; with the authSettings output, the username and required
// attributes, the password policy, and MFA — mfa_configuration with mfa_methods (TOTP, the only
// second factor the component allows) only when MFA is not OFF, since Amplify v6 reads the methods
// only together with the configuration. The hosted-UI oauth block is left out: its redirect URLs
// are stack config, not outputs.
func (s *Settings) AmplifyOutputs() ([]byte, error) {
	auth := map[string]any{
		"aws_region":                         s.Region,
		"user_pool_id":                       s.UserPoolID,
		"user_pool_client_id":                s.ClientID,
		"user_verification_types":            []string{"email"},
		"unauthenticated_identities_enabled": false,
	}
	if a := s.Auth; a != nil {
		auth["username_attributes"] = a.UsernameAttributes
		auth["standard_required_attributes"] = a.RequiredAttributes
		auth["password_policy"] = map[string]any{
			"min_length":        a.PasswordPolicy.MinimumLength,
			"require_lowercase": a.PasswordPolicy.RequireLowercase,
			"require_uppercase": a.PasswordPolicy.RequireUppercase,
			"require_numbers":   a.PasswordPolicy.RequireNumbers,
			"require_symbols":   a.PasswordPolicy.RequireSymbols,
		}
		auth["mfa_configuration"] = amplifyMFA[a.MFA]
		if a.MFA != "OFF" {
			auth["mfa_methods"] = []string{"TOTP"}
		}
	}
	b, err := json.MarshalIndent(map[string]any{"version": "1.3", "auth": auth}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// lines renders KEY=value pairs, one a line. Values here are ids and regions (no quoting needed).
func lines(kv ...string) string {
	var b strings.Builder
	for i := 0; i < len(kv); i += 2 {
		fmt.Fprintf(&b, "%s=%s\n", kv[i], kv[i+1])
	}
	return b.String()
}
