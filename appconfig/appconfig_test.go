package appconfig

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// sample is what `pulumi stack output --json` prints for this program on AWS.
const sample = `{
  "backendEnv": {"AWS_COGNITO_USER_POOL_CLIENT_ID": "4m1ot1k3v2f5g6h7j8k9l0", "AWS_COGNITO_USER_POOL_ID": "eu-west-1_Ab12Cd34E"},
  "frontendConfig": {"region": "eu-west-1", "userPoolClientId": "4m1ot1k3v2f5g6h7j8k9l0", "userPoolId": "eu-west-1_Ab12Cd34E"},
  "hostedUiDomain": "",
  "issuer": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12Cd34E",
  "jwksUri": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12Cd34E/.well-known/jwks.json",
  "region": "eu-west-1",
  "userPoolArn": "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Ab12Cd34E",
  "userPoolClientId": "4m1ot1k3v2f5g6h7j8k9l0",
  "userPoolId": "eu-west-1_Ab12Cd34E",
  "authSettings": {"mfa": "OPTIONAL", "passwordPolicy": {"minimumLength": 14, "requireLowercase": true, "requireUppercase": true, "requireNumbers": true, "requireSymbols": false},
    "clientAttributes": ["email", "name", "preferred_username"], "usernameAttributes": ["email"], "requiredAttributes": ["email"]}
}`

func TestSettings(t *testing.T) {
	s, err := FromOutputs([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.DotEnv(), `REACT_APP_AWS_PROJECT_REGION=eu-west-1
REACT_APP_AWS_COGNITO_REGION=eu-west-1
REACT_APP_AWS_USER_POOLS_ID=eu-west-1_Ab12Cd34E
REACT_APP_CLIENT_ID=4m1ot1k3v2f5g6h7j8k9l0
`; got != want {
		t.Errorf("DotEnv=\n%s\nwant\n%s", got, want)
	}
	if got, want := s.BackendEnv(), "AWS_COGNITO_USER_POOL_ID=eu-west-1_Ab12Cd34E\nAWS_COGNITO_USER_POOL_CLIENT_ID=4m1ot1k3v2f5g6h7j8k9l0\n"; got != want {
		t.Errorf("BackendEnv=%q, want %q", got, want)
	}
	amp, err := s.AmplifyOutputs()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version string         `json:"version"`
		Auth    map[string]any `json:"auth"`
	}
	if err := json.Unmarshal(amp, &doc); err != nil {
		t.Fatalf("amplify_outputs.json: %v", err)
	}
	want := map[string]any{
		"aws_region": "eu-west-1", "user_pool_id": "eu-west-1_Ab12Cd34E", "user_pool_client_id": "4m1ot1k3v2f5g6h7j8k9l0",
		"standard_required_attributes": []any{"email"}, "username_attributes": []any{"email"},
		"user_verification_types": []any{"email"}, "unauthenticated_identities_enabled": false,
		"mfa_configuration": "OPTIONAL", "mfa_methods": []any{"TOTP"},
		"password_policy": map[string]any{"min_length": 14.0, "require_lowercase": true, "require_uppercase": true, "require_numbers": true, "require_symbols": false},
	}
	if doc.Version != "1.3" || !reflect.DeepEqual(doc.Auth, want) {
		t.Errorf("amplify_outputs.json=%s", amp)
	}
}

// TestAmplifyMFA: mfa_configuration follows the stack's mfa, and mfa_methods is there only when a
// second factor can be used (Amplify v6 reads the methods only with the configuration).
func TestAmplifyMFA(t *testing.T) {
	for mfa, want := range map[string]struct {
		config  string
		methods any
	}{"OFF": {"NONE", nil}, "OPTIONAL": {"OPTIONAL", []any{"TOTP"}}, "ON": {"REQUIRED", []any{"TOTP"}}} {
		s, err := FromOutputs([]byte(strings.Replace(sample, `"mfa": "OPTIONAL"`, `"mfa": "`+mfa+`"`, 1)))
		if err != nil {
			t.Fatal(err)
		}
		amp, _ := s.AmplifyOutputs()
		var doc struct{ Auth map[string]any }
		_ = json.Unmarshal(amp, &doc)
		if doc.Auth["mfa_configuration"] != want.config || !reflect.DeepEqual(doc.Auth["mfa_methods"], want.methods) {
			t.Errorf("mfa %s: mfa_configuration=%v mfa_methods=%v, want %s %v", mfa, doc.Auth["mfa_configuration"], doc.Auth["mfa_methods"], want.config, want.methods)
		}
	}
	if _, err := FromOutputs([]byte(strings.Replace(sample, `"mfa": "OPTIONAL"`, `"mfa": "SOMETIMES"`, 1))); err == nil || !strings.Contains(err.Error(), "authSettings") {
		t.Errorf("a bad mfa: %v, want an error naming authSettings", err)
	}
}

// TestBackendEnvMatchesProgramExport keeps the generator and the program's backendEnv export in step.
func TestBackendEnvMatchesProgramExport(t *testing.T) {
	var out struct {
		BackendEnv map[string]string `json:"backendEnv"`
	}
	if err := json.Unmarshal([]byte(sample), &out); err != nil {
		t.Fatal(err)
	}
	s, _ := FromOutputs([]byte(sample))
	for k, v := range out.BackendEnv {
		if !strings.Contains(s.BackendEnv(), k+"="+v+"\n") {
			t.Errorf("BackendEnv lacks %s=%s", k, v)
		}
	}
}

func TestBadOutputs(t *testing.T) {
	const pool, client = `"userPoolId":"eu-west-1_Ab12"`, `"userPoolClientId":"abc"`
	huge := strings.Repeat("A", 900<<10)
	tests := []struct {
		name, in string
		want     []string // each in the error, which has one line per problem
	}{
		{"not JSON", "error: no stack named 'dev' found", []string{"not a JSON object"}},
		{"array", `[]`, []string{"not a JSON object"}},
		{"null", `null`, []string{"not a JSON object"}},
		{"empty object", `{}`, []string{"outputs have no \"userPoolId\"\nbad stack outputs: outputs have no \"userPoolClientId\"\nbad stack outputs: outputs have no \"region\""}},
		{"no client", `{"region":"eu-west-1",` + pool + `}`, []string{`no "userPoolClientId"`}},
		{"null client", `{"region":"eu-west-1",` + pool + `,"userPoolClientId":null}`, []string{`no "userPoolClientId"`}},
		{"empty region", `{"region":"",` + pool + `,` + client + `}`, []string{`"region" is empty`}},
		{"bad pool id", `{"region":"eu-west-1","userPoolId":"pool",` + client + `}`, []string{`"userPoolId" "pool": not a Cognito user pool id: not <region>_<id>`}},
		{"pool id too long", `{"region":"eu-west-1","userPoolId":"eu-west-1_` + strings.Repeat("a", 46) + `",` + client + `}`, []string{`"userPoolId" "eu-west-1_aaaa`, "56 characters, over Cognito's limit of 55"}},
		{"client id with a space", `{"region":"eu-west-1",` + pool + `,"userPoolClientId":"a b"}`, []string{`"userPoolClientId" "a b" is not an app client id`}},
		{"client id too long", `{"region":"eu-west-1",` + pool + `,"userPoolClientId":"` + strings.Repeat("a", 129) + `"}`, []string{`"userPoolClientId" "aaaa`, `"… (129 bytes)`}},
		{"injected newline", `{"region":"eu-west-1\nEVIL=1",` + pool + `,` + client + `}`, []string{`"region" "eu-west-1\nEVIL=1" is not a region code`}},
		{"region too long", `{"region":"` + strings.Repeat("a", 33) + `",` + pool + `,` + client + `}`, []string{`"region"`, "is not a region code"}},
		{"region not the pool's", `{"region":"us-east-1",` + pool + `,` + client + `}`, []string{`"region" "us-east-1" is not the region of "userPoolId" "eu-west-1_Ab12"`, "(eu-west-1)"}},
		{"wrong type", `{"region":5,` + pool + `,` + client + `}`, []string{`"region" is 5, want a string`}},
		{"object value", `{"region":{"a":1},` + pool + `,` + client + `}`, []string{`"region" is {"a":1}, want a string`}},
		{"huge value", `{"region":"eu-west-1",` + pool + `,"userPoolClientId":"` + huge + `"}`, []string{`"userPoolClientId" "AAAA`, "(921600 bytes)"}},
		{"huge issuer", `{"region":"eu-west-1",` + pool + `,` + client + `,"issuer":"` + huge + `"}`, []string{`"issuer" "AAAA`, "is over 2048 characters"}},
		{"issuer not a string", `{"region":"eu-west-1",` + pool + `,` + client + `,"jwksUri":[]}`, []string{`"jwksUri" is [], want a string`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromOutputs([]byte(tt.in))
			if !errors.Is(err, ErrOutputs) {
				t.Fatalf("err=%v, want ErrOutputs", err)
			}
			for i, line := range strings.Split(err.Error(), "\n") {
				if len(line) > 300 {
					t.Errorf("line %d is %d bytes: %.100q…", i, len(line), line)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err=%.400q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestOptionalOutputs(t *testing.T) {
	s, err := FromOutputs([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if s.Issuer != "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12Cd34E" || !strings.HasSuffix(s.JWKSURI, "/.well-known/jwks.json") {
		t.Errorf("Issuer=%q JWKSURI=%q", s.Issuer, s.JWKSURI)
	}
	// The emulator's outputs: region "local", pool "local_…", issuer of its own.
	s, err = FromOutputs([]byte(`{"region":"local","userPoolId":"local_1a2b3c4d","userPoolClientId":"7k2m9x","issuer":"http://127.0.0.1:9229/local_1a2b3c4d","jwksUri":null}`))
	if err != nil || s.Region != "local" || s.Issuer != "http://127.0.0.1:9229/local_1a2b3c4d" || s.JWKSURI != "" {
		t.Errorf("emulator outputs: %+v, %v", s, err)
	}
}
