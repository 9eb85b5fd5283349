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
  "userPoolId": "eu-west-1_Ab12Cd34E"
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
		"user_verification_types": []any{"email"}, "mfa_methods": []any{"TOTP"}, "unauthenticated_identities_enabled": false,
	}
	if doc.Version != "1.3" || !reflect.DeepEqual(doc.Auth, want) {
		t.Errorf("amplify_outputs.json=%s", amp)
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
	tests := []struct{ name, in, want string }{
		{"not JSON", "error: no stack named 'dev' found", "not the JSON"},
		{"empty object", `{}`, `"region" is missing`},
		{"no client", `{"region":"eu-west-1","userPoolId":"eu-west-1_Ab12"}`, `"userPoolClientId" is missing`},
		{"bad pool id", `{"region":"eu-west-1","userPoolId":"pool","userPoolClientId":"abc"}`, `"userPoolId"="pool" is malformed`},
		{"injected newline", `{"region":"eu-west-1\nEVIL=1","userPoolId":"eu-west-1_Ab12","userPoolClientId":"abc"}`, `"region"`},
		{"wrong type", `{"region":5}`, "not the JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromOutputs([]byte(tt.in))
			if !errors.Is(err, ErrOutputs) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err=%v, want ErrOutputs containing %q", err, tt.want)
			}
		})
	}
}
