package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"
)

// TestPasswordsMeetAnyPolicy: for every minimum Cognito allows, the smoke user's password meets it
// with every character class, and the weak one is exactly one character short.
func TestPasswordsMeetAnyPolicy(t *testing.T) {
	classes := []struct {
		name string
		ok   func(rune) bool
	}{{"lower", unicode.IsLower}, {"upper", unicode.IsUpper}, {"digit", unicode.IsDigit}, {"symbol", func(r rune) bool { return strings.ContainsRune("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ", r) }}}
	for min := 6; min <= 99; min++ {
		p := passwordPolicy{minLength: min, lower: true, upper: true, numbers: true, symbols: true}
		pw := p.newPassword()
		if len(pw) < min || len(pw) > 256 {
			t.Fatalf("min %d: password of %d characters", min, len(pw))
		}
		for _, c := range classes {
			if !strings.ContainsFunc(pw, c.ok) {
				t.Errorf("min %d: password %q has no %s", min, pw, c.name)
			}
		}
		if w := p.weakPassword(); len(w) != min-1 {
			t.Errorf("min %d: weak password of %d characters, want %d", min, len(w), min-1)
		}
	}
}

// TestPreflight checks the client against a fake DescribeUserPoolClient, as on real Cognito (where
// explicit auth flows are enforced): each row is what the client allows and the flow asked for.
func TestPreflight(t *testing.T) {
	tests := []struct {
		name   string
		flows  []string
		secret string
		flow   string
		want   string // "" = passes
	}{
		{"srp allowed", []string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"}, "", "srp", ""},
		{"password not allowed", []string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"}, "", "password", "does not allow ALLOW_USER_PASSWORD_AUTH"},
		{"password allowed", []string{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"}, "", "password", ""},
		{"srp not allowed", []string{"ALLOW_USER_PASSWORD_AUTH"}, "", "srp", "does not allow ALLOW_USER_SRP_AUTH"},
		{"client with a secret", []string{"ALLOW_USER_SRP_AUTH"}, "s3cr3t", "srp", "has a secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/x-amz-json-1.1")
				if r.Header.Get("X-Amz-Target") == "AWSCognitoIdentityProviderService.DescribeUserPool" {
					_ = json.NewEncoder(w).Encode(map[string]any{"UserPool": map[string]any{"Id": "eu-west-1_Pool1",
						"Policies": map[string]any{"PasswordPolicy": map[string]any{"MinimumLength": 40, "RequireSymbols": true}}}})
					return
				}
				if r.Header.Get("X-Amz-Target") != "AWSCognitoIdentityProviderService.DescribeUserPoolClient" {
					http.Error(w, "unexpected call", http.StatusBadRequest)
					return
				}
				_ = json.NewEncoder(w).Encode(map[string]any{"UserPoolClient": map[string]any{
					"ClientId": "c1", "UserPoolId": "eu-west-1_Pool1", "ExplicitAuthFlows": tt.flows, "ClientSecret": tt.secret,
				}})
			}))
			defer srv.Close()
			tgt := target{PoolID: "eu-west-1_Pool1", ClientID: "c1", Region: "eu-west-1", Endpoint: srv.URL}
			client, err := newClient(context.Background(), tgt, srv.Client(), nil)
			if err != nil {
				t.Fatal(err)
			}
			j, err := newJourney(tgt, client, tt.flow, "", "example.com")
			if err != nil {
				t.Fatal(err)
			}
			err = j.preflight(context.Background())
			if tt.want == "" {
				if err != nil {
					t.Fatalf("preflight: %v", err)
				}
				// The user's password follows the pool's policy (minimum 40 here).
				if len(j.password) < 40 || len(j.policy.weakPassword()) != 39 {
					t.Errorf("password length %d, weak %d; want ≥ 40 and 39 for the pool's minimum of 40", len(j.password), len(j.policy.weakPassword()))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err=%v, want one containing %q", err, tt.want)
			}
		})
	}
}
