// Package appconfig turns the stack outputs (`pulumi stack output --json`) into the settings the
// apps need after a deploy: a .env for the React front end, the backend's environment, and the
// auth block of an Amplify amplify_outputs.json — instead of copying IDs by hand.
package appconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrOutputs is wrapped when the outputs lack a key or hold a malformed value.
var ErrOutputs = errors.New("appconfig: bad stack outputs")

// Settings are the values every app setting is derived from.
type Settings struct {
	Region     string
	UserPoolID string
	ClientID   string
}

var (
	poolIDRE   = regexp.MustCompile(`^[a-z0-9-]+_[0-9A-Za-z]+$`)
	clientIDRE = regexp.MustCompile(`^[0-9A-Za-z+_-]{1,128}$`)
	regionRE   = regexp.MustCompile(`^[a-z0-9-]+$`)
)

// FromOutputs reads the stack outputs JSON.
func FromOutputs(data []byte) (*Settings, error) {
	var out struct {
		Region           string `json:"region"`
		UserPoolID       string `json:"userPoolId"`
		UserPoolClientID string `json:"userPoolClientId"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%w: not the JSON of `pulumi stack output --json`: %w", ErrOutputs, err)
	}
	s := &Settings{Region: out.Region, UserPoolID: out.UserPoolID, ClientID: out.UserPoolClientID}
	var errs []error
	check := func(key, v string, re *regexp.Regexp) {
		switch {
		case v == "":
			errs = append(errs, fmt.Errorf("%w: %q is missing", ErrOutputs, key))
		case !re.MatchString(v):
			errs = append(errs, fmt.Errorf("%w: %q=%q is malformed", ErrOutputs, key, v))
		}
	}
	check("region", s.Region, regionRE)
	check("userPoolId", s.UserPoolID, poolIDRE)
	check("userPoolClientId", s.ClientID, clientIDRE)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
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
// e-mail is the username and the verification channel, and second factors are TOTP apps. The
// hosted-UI oauth block is left out: its redirect URLs are stack config, not outputs.
func (s *Settings) AmplifyOutputs() ([]byte, error) {
	auth := map[string]any{
		"aws_region":                         s.Region,
		"user_pool_id":                       s.UserPoolID,
		"user_pool_client_id":                s.ClientID,
		"standard_required_attributes":       []string{"email"},
		"username_attributes":                []string{"email"},
		"user_verification_types":            []string{"email"},
		"mfa_methods":                        []string{"TOTP"},
		"unauthenticated_identities_enabled": false,
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
