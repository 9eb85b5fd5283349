package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

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
				if r.Header.Get("X-Amz-Target") != "AWSCognitoIdentityProviderService.DescribeUserPoolClient" {
					http.Error(w, "unexpected call", http.StatusBadRequest)
					return
				}
				w.Header().Set("Content-Type", "application/x-amz-json-1.1")
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
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err=%v, want one containing %q", err, tt.want)
			}
		})
	}
}
