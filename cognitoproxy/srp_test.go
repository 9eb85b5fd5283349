package cognitoproxy

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	cognitosrp "github.com/alexrudd/cognito-srp/v4"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestSRPSignIn signs in with SRP through the proxy, the client being the patched cognito-srp
// library, with the proxy's and the client's clocks at times that break a 12-hour or zero-padded
// TIMESTAMP: the proof and the TIMESTAMP check both pass only for Cognito's exact format.
func TestSRPSignIn(t *testing.T) {
	f := newFixture(t, nil, nil)
	const email = "ada@example.com"
	f.signUp(t, email)
	tests := []struct {
		name  string
		clock time.Time
	}{
		{"afternoon UTC (24-hour clock)", time.Date(2026, 11, 28, 15, 30, 7, 0, time.UTC)},
		{"just after midnight", time.Date(2026, 11, 1, 0, 5, 0, 0, time.UTC)},
		{"noon", time.Date(2026, 3, 9, 12, 30, 0, 0, time.UTC)},
		{"single-digit day", time.Date(2026, 2, 3, 9, 1, 2, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.clock.set(tt.clock)
			res, err := f.srpSignIn(context.Background(), email, testPassword, tt.clock)
			if err != nil {
				t.Fatal(err)
			}
			if aws.ToString(res.AccessToken) == "" || aws.ToString(res.IdToken) == "" || aws.ToString(res.RefreshToken) == "" {
				t.Fatalf("tokens missing: %+v", res)
			}
			if res.TokenType == nil || *res.TokenType != "Bearer" || res.ExpiresIn <= 0 {
				t.Errorf("TokenType=%v ExpiresIn=%d, want Bearer and the access token's lifetime", res.TokenType, res.ExpiresIn)
			}
		})
	}
}

// TestSRPRefusals: every way a PASSWORD_VERIFIER answer can be wrong gets AWS's exception.
func TestSRPRefusals(t *testing.T) {
	f := newFixture(t, nil, nil)
	const email = "grace@example.com"
	f.signUp(t, email)
	now := time.Date(2026, 11, 28, 15, 30, 7, 0, time.UTC)
	f.clock.set(now)
	ctx := context.Background()

	// challenge starts USER_SRP_AUTH for username and returns the client and its challenge.
	challenge := func(t *testing.T, username, password string) (*cognitosrp.CognitoSRP, map[string]string) {
		t.Helper()
		csrp, err := cognitosrp.NewCognitoSRP(username, password, f.poolID, f.clientID, nil)
		if err != nil {
			t.Fatal(err)
		}
		init, err := f.c.InitiateAuth(ctx, &cip.InitiateAuthInput{
			AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(f.clientID), AuthParameters: csrp.GetAuthParams(),
		})
		if err != nil {
			t.Fatal(err)
		}
		return csrp, init.ChallengeParameters
	}
	respond := func(answer map[string]string) error {
		_, err := f.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
			ChallengeName: types.ChallengeNameTypePasswordVerifier, ClientId: aws.String(f.clientID), ChallengeResponses: answer,
		})
		return err
	}
	tests := []struct {
		name      string
		username  string
		password  string
		edit      func(answer map[string]string)
		code, msg string
	}{
		{"wrong password", email, "Wrong-Horse-9!!", nil, "NotAuthorizedException", msgIncorrectCredentials},
		{"unknown user (existence errors prevented)", "nobody@example.com", testPassword, nil, "NotAuthorizedException", msgIncorrectCredentials},
		{"12-hour TIMESTAMP (cognito-srp v4.1.0)", email, testPassword, func(a map[string]string) {
			a["TIMESTAMP"] = "Sat Nov 28 03:30:07 UTC 2026"
		}, "NotAuthorizedException", `TIMESTAMP "Sat Nov 28 03:30:07 UTC 2026" is more than…`},
		{"zero-padded day", email, testPassword, func(a map[string]string) {
			a["TIMESTAMP"] = "Tue Feb 03 09:01:02 UTC 2026"
		}, "InvalidParameterException", msgTimestampFormat},
		{"not UTC", email, testPassword, func(a map[string]string) {
			a["TIMESTAMP"] = strings.Replace(a["TIMESTAMP"], "UTC", "GMT", 1)
		}, "InvalidParameterException", msgTimestampFormat},
		{"signature of another secret block", email, testPassword, func(a map[string]string) {
			a["PASSWORD_CLAIM_SIGNATURE"] = base64.StdEncoding.EncodeToString(make([]byte, 32))
		}, "NotAuthorizedException", msgIncorrectCredentials},
		{"unknown secret block", email, testPassword, func(a map[string]string) {
			a["PASSWORD_CLAIM_SECRET_BLOCK"] = base64.StdEncoding.EncodeToString([]byte("made up"))
		}, "NotAuthorizedException", msgIncorrectCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			csrp, params := challenge(t, tt.username, tt.password)
			if params["SALT"] == "" || params["SRP_B"] == "" || params["SECRET_BLOCK"] == "" || params["USER_ID_FOR_SRP"] == "" {
				t.Fatalf("challenge parameters %v lack SALT, SRP_B, SECRET_BLOCK or USER_ID_FOR_SRP", params)
			}
			answer, err := csrp.PasswordVerifierChallenge(params, now)
			if err != nil {
				t.Fatal(err)
			}
			if tt.edit != nil {
				tt.edit(answer)
			}
			wantAPIError(t, respond(answer), tt.code, tt.msg)
		})
	}

	t.Run("a secret block answers once", func(t *testing.T) {
		csrp, params := challenge(t, email, testPassword)
		answer, _ := csrp.PasswordVerifierChallenge(params, now)
		if err := respond(answer); err != nil {
			t.Fatal(err)
		}
		wantAPIError(t, respond(answer), "NotAuthorizedException", msgIncorrectCredentials)
	})
	t.Run("challenge older than the auth session", func(t *testing.T) {
		csrp, params := challenge(t, email, testPassword)
		later := now.Add(4 * time.Minute)
		f.clock.set(later)
		defer f.clock.set(now)
		answer, _ := csrp.PasswordVerifierChallenge(params, later)
		wantAPIError(t, respond(answer), "NotAuthorizedException", msgSessionExpired)
	})
	t.Run("unknown user gets the same salt and id each time", func(t *testing.T) {
		_, a := challenge(t, "nobody@example.com", testPassword)
		_, b := challenge(t, "NOBODY@example.com", testPassword)
		if a["SALT"] != b["SALT"] || a["USER_ID_FOR_SRP"] != b["USER_ID_FOR_SRP"] || len(a["USER_ID_FOR_SRP"]) != 36 {
			t.Errorf("simulated challenges differ or the id is not a UUID: %v / %v", a, b)
		}
	})
}
