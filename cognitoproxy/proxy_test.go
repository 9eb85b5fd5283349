package cognitoproxy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

const email = "ada@example.com"

// tokens signs the test user in with SRP.
func (f *fixture) tokens(ctx context.Context) (*types.AuthenticationResultType, error) {
	return f.srpSignIn(ctx, email, testPassword, time.Now())
}

func withFlows(flows ...types.ExplicitAuthFlowsType) func(*cip.CreateUserPoolClientInput) {
	return func(c *cip.CreateUserPoolClientInput) { c.ExplicitAuthFlows = flows }
}

func legacyErrors(c *cip.CreateUserPoolClientInput) {
	c.PreventUserExistenceErrors = types.PreventUserExistenceErrorTypesLegacy
	c.ExplicitAuthFlows = append(c.ExplicitAuthFlows, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth)
}

func passwordSignIn(ctx context.Context, f *fixture, username, password string) error {
	_, err := f.c.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(f.clientID),
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	return err
}

func deliveredByEmail(d *types.CodeDeliveryDetailsType, want string) error {
	if d == nil || d.DeliveryMedium != types.DeliveryMediumTypeEmail || aws.ToString(d.Destination) != want {
		return fmt.Errorf("CodeDeliveryDetails=%+v, want EMAIL to %s", d, want)
	}
	return nil
}

// TestRules: each rule cognito-local skips, as a request in and AWS's exception out.
func TestRules(t *testing.T) {
	passwordFlows := withFlows(types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth)
	tests := []struct {
		name      string
		pool      func(*cip.CreateUserPoolInput)
		client    func(*cip.CreateUserPoolClientInput)
		user      bool // ada@example.com signed up and confirmed first
		call      func(ctx context.Context, f *fixture) error
		code, msg string // "" = the call succeeds
	}{
		// The client's explicit auth flows.
		{name: "password sign-in on an SRP-only client", user: true,
			call: func(ctx context.Context, f *fixture) error { return passwordSignIn(ctx, f, email, testPassword) },
			code: "InvalidParameterException", msg: "USER_PASSWORD_AUTH flow not enabled for this client"},
		{name: "SRP sign-in on a password-only client", user: true,
			client: withFlows(types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth),
			call:   func(ctx context.Context, f *fixture) error { _, err := f.tokens(ctx); return err },
			code:   "InvalidParameterException", msg: "USER_SRP_AUTH flow not enabled for this client"},
		{name: "refresh on a client without ALLOW_REFRESH_TOKEN_AUTH (made behind the proxy)", user: true,
			call: func(ctx context.Context, f *fixture) error {
				res, err := f.tokens(ctx)
				if err != nil {
					return err
				}
				cl, err := f.backend.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
					UserPoolId: aws.String(f.poolID), ClientName: aws.String("srp-only"),
					ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth},
				})
				if err != nil {
					return err
				}
				_, err = f.c.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: cl.UserPoolClient.ClientId, RefreshToken: res.RefreshToken})
				return err
			},
			code: "InvalidParameterException", msg: "REFRESH_TOKEN_AUTH flow not enabled for this client"},
		{name: "admin password sign-in without ALLOW_ADMIN_USER_PASSWORD_AUTH", user: true,
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{
					UserPoolId: aws.String(f.poolID), ClientId: aws.String(f.clientID), AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth,
					AuthParameters: map[string]string{"USERNAME": email, "PASSWORD": testPassword},
				})
				return err
			},
			code: "InvalidParameterException", msg: "Auth flow not enabled for this client"},
		{name: "creating a client without ALLOW_REFRESH_TOKEN_AUTH",
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
					UserPoolId: aws.String(f.poolID), ClientName: aws.String("no-refresh"),
					ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth},
				})
				return err
			},
			code: "InvalidParameterException", msg: "REFRESH_TOKEN_AUTH should always be allowed."},
		{name: "updating a client to drop ALLOW_REFRESH_TOKEN_AUTH",
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{
					UserPoolId: aws.String(f.poolID), ClientId: aws.String(f.clientID),
					ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth},
				})
				return err
			},
			code: "InvalidParameterException", msg: "REFRESH_TOKEN_AUTH should always be allowed."},

		// The client's write attributes.
		{name: "sign-up writing an attribute outside WriteAttributes",
			client: func(c *cip.CreateUserPoolClientInput) { c.WriteAttributes = []string{"email", "preferred_username"} },
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.SignUp(ctx, &cip.SignUpInput{
					ClientId: aws.String(f.clientID), Username: aws.String(email), Password: aws.String(testPassword),
					UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(email)}, {Name: aws.String("name"), Value: aws.String("Ada")}},
				})
				return err
			},
			code: "NotAuthorizedException", msg: msgUnauthorizedAttribute},
		{name: "UpdateUserAttributes outside WriteAttributes", user: true,
			call: func(ctx context.Context, f *fixture) error {
				res, err := f.tokens(ctx)
				if err != nil {
					return err
				}
				_, err = f.c.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{
					AccessToken: res.AccessToken, UserAttributes: []types.AttributeType{{Name: aws.String("website"), Value: aws.String("https://a.example.com")}},
				})
				return err
			},
			code: "NotAuthorizedException", msg: msgUnauthorizedAttribute},

		// The pool's password policy.
		{name: "sign-up with a password shorter than the policy",
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(f.clientID), Username: aws.String(email), Password: aws.String("Sh0rt-Pw!")})
				return err
			},
			code: "InvalidPasswordException", msg: "Password did not conform with policy: Password not long enough"},
		{name: "sign-up without a symbol",
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(f.clientID), Username: aws.String(email), Password: aws.String("CorrectHorse99")})
				return err
			},
			code: "InvalidPasswordException", msg: "Password did not conform with policy: Password must have symbol characters"},
		{name: "password reset to a weak password", user: true,
			call: func(ctx context.Context, f *fixture) error {
				if _, err := f.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(f.clientID), Username: aws.String(email)}); err != nil {
					return err
				}
				_, err := f.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{
					ClientId: aws.String(f.clientID), Username: aws.String(email), ConfirmationCode: aws.String(emu.Code), Password: aws.String("weak"),
				})
				return err
			},
			code: "InvalidPasswordException", msg: "Password did not conform with policy: Password not long enough"},
		{name: "ChangePassword to one without uppercase", user: true,
			call: func(ctx context.Context, f *fixture) error {
				res, err := f.tokens(ctx)
				if err != nil {
					return err
				}
				_, err = f.c.ChangePassword(ctx, &cip.ChangePasswordInput{AccessToken: res.AccessToken, PreviousPassword: aws.String(testPassword), ProposedPassword: aws.String("battery-staple-7?")})
				return err
			},
			code: "InvalidPasswordException", msg: "Password did not conform with policy: Password must have uppercase characters"},
		{name: "AdminSetUserPassword to a short password", user: true,
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(f.poolID), Username: aws.String(email), Password: aws.String("Aa1!"), Permanent: true})
				return err
			},
			code: "InvalidPasswordException", msg: "Password did not conform with policy: Password not long enough"},

		// Wrong passwords, as AWS words them.
		{name: "wrong password, password flow", user: true, client: passwordFlows,
			call: func(ctx context.Context, f *fixture) error { return passwordSignIn(ctx, f, email, "Wrong-Horse-9!!") },
			code: "NotAuthorizedException", msg: msgIncorrectCredentials},
		{name: "ChangePassword with the wrong previous password", user: true,
			call: func(ctx context.Context, f *fixture) error {
				res, err := f.tokens(ctx)
				if err != nil {
					return err
				}
				_, err = f.c.ChangePassword(ctx, &cip.ChangePasswordInput{AccessToken: res.AccessToken, PreviousPassword: aws.String("Wrong-Horse-9!!"), ProposedPassword: aws.String(newPassword)})
				return err
			},
			code: "NotAuthorizedException", msg: msgIncorrectCredentials},

		// Case-insensitive usernames.
		{name: "sign-in with the e-mail in another case", user: true,
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.srpSignIn(ctx, "ADA@Example.COM", testPassword, time.Now())
				return err
			}},
		{name: "sign-in with the e-mail in another case, case-sensitive pool", user: true,
			pool: func(p *cip.CreateUserPoolInput) { p.UsernameConfiguration.CaseSensitive = aws.Bool(true) },
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.srpSignIn(ctx, "ADA@Example.COM", testPassword, time.Now())
				return err
			},
			code: "NotAuthorizedException", msg: msgIncorrectCredentials},
		{name: "sign-up of a taken e-mail in another case", user: true,
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(f.clientID), Username: aws.String("Ada@EXAMPLE.com"), Password: aws.String(testPassword)})
				return err
			},
			code: "UsernameExistsException", msg: msgEmailExists},
		{name: "password reset with the e-mail in another case", user: true,
			call: func(ctx context.Context, f *fixture) error {
				out, err := f.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(f.clientID), Username: aws.String("ADA@example.com")})
				if err != nil {
					return err
				}
				if err := deliveredByEmail(out.CodeDeliveryDetails, "a***@e***"); err != nil {
					return err
				}
				_, err = f.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{
					ClientId: aws.String(f.clientID), Username: aws.String("ADA@example.com"), ConfirmationCode: aws.String(emu.Code), Password: aws.String(newPassword),
				})
				if err != nil {
					return err
				}
				_, err = f.srpSignIn(ctx, email, newPassword, time.Now())
				return err
			}},

		// PreventUserExistenceErrors ENABLED: a missing user looks like a wrong password or code.
		{name: "unknown user, password flow, existence errors prevented", client: passwordFlows,
			call: func(ctx context.Context, f *fixture) error {
				return passwordSignIn(ctx, f, "nobody@example.com", testPassword)
			},
			code: "NotAuthorizedException", msg: msgIncorrectCredentials},
		{name: "unknown user, SRP, existence errors prevented",
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.srpSignIn(ctx, "nobody@example.com", testPassword, time.Now())
				return err
			},
			code: "NotAuthorizedException", msg: msgIncorrectCredentials},
		{name: "ForgotPassword for an unknown user, existence errors prevented",
			call: func(ctx context.Context, f *fixture) error {
				out, err := f.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(f.clientID), Username: aws.String("nobody@example.com")})
				if err != nil {
					return err
				}
				return deliveredByEmail(out.CodeDeliveryDetails, "n***@e***")
			}},
		{name: "ResendConfirmationCode for an unknown user, existence errors prevented",
			call: func(ctx context.Context, f *fixture) error {
				out, err := f.c.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: aws.String(f.clientID), Username: aws.String("nobody@example.com")})
				if err != nil {
					return err
				}
				return deliveredByEmail(out.CodeDeliveryDetails, "n***@e***")
			}},
		{name: "ConfirmSignUp for an unknown user, existence errors prevented",
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(f.clientID), Username: aws.String("nobody@example.com"), ConfirmationCode: aws.String(emu.Code)})
				return err
			},
			code: "CodeMismatchException", msg: msgCodeMismatch},
		{name: "ConfirmForgotPassword for an unknown user, existence errors prevented",
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{
					ClientId: aws.String(f.clientID), Username: aws.String("nobody@example.com"), ConfirmationCode: aws.String(emu.Code), Password: aws.String(newPassword),
				})
				return err
			},
			code: "CodeMismatchException", msg: msgCodeMismatch},
		{name: "unknown user, password flow, LEGACY", client: legacyErrors,
			call: func(ctx context.Context, f *fixture) error {
				return passwordSignIn(ctx, f, "nobody@example.com", testPassword)
			},
			code: "UserNotFoundException", msg: msgUserNotFound},
		{name: "unknown user, SRP, LEGACY", client: legacyErrors,
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.srpSignIn(ctx, "nobody@example.com", testPassword, time.Now())
				return err
			},
			code: "UserNotFoundException", msg: msgUserNotFound},
		{name: "ForgotPassword for an unknown user, LEGACY", client: legacyErrors,
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(f.clientID), Username: aws.String("nobody@example.com")})
				return err
			},
			code: "UserNotFoundException", msg: msgUsernameClientNotFound},

		// Codes and confirmations.
		{name: "ConfirmForgotPassword without ForgotPassword", user: true,
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{
					ClientId: aws.String(f.clientID), Username: aws.String(email), ConfirmationCode: aws.String(emu.Code), Password: aws.String(newPassword),
				})
				return err
			},
			code: "ExpiredCodeException", msg: msgCodeExpired},
		{name: "ConfirmSignUp of a confirmed user", user: true,
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(f.clientID), Username: aws.String(email), ConfirmationCode: aws.String(emu.Code)})
				return err
			},
			code: "NotAuthorizedException", msg: "User cannot be confirmed. Current status is CONFIRMED"},
		{name: "ResendConfirmationCode for a confirmed user", user: true,
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: aws.String(f.clientID), Username: aws.String(email)})
				return err
			},
			code: "InvalidParameterException", msg: msgAlreadyConfirmed},
		{name: "ConfirmSignUp with a wrong code",
			call: func(ctx context.Context, f *fixture) error {
				if _, err := f.c.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(f.clientID), Username: aws.String(email), Password: aws.String(testPassword)}); err != nil {
					return err
				}
				if out, err := f.c.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: aws.String(f.clientID), Username: aws.String(email)}); err != nil {
					return err
				} else if err := deliveredByEmail(out.CodeDeliveryDetails, "a***@e***"); err != nil {
					return err
				}
				_, err := f.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(f.clientID), Username: aws.String(email), ConfirmationCode: aws.String("000000")})
				return err
			},
			code: "CodeMismatchException", msg: msgCodeMismatch},

		// Tokens.
		{name: "GetUser with a made-up access token",
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.GetUser(ctx, &cip.GetUserInput{AccessToken: aws.String("eyJhbGciOiJub25lIn0.eyJqdGkiOiJ4In0.")})
				return err
			},
			code: "NotAuthorizedException", msg: msgAccessInvalid},
		{name: "GetUser with an ID token", user: true,
			call: func(ctx context.Context, f *fixture) error {
				res, err := f.tokens(ctx)
				if err != nil {
					return err
				}
				_, err = f.c.GetUser(ctx, &cip.GetUserInput{AccessToken: res.IdToken})
				return err
			},
			code: "NotAuthorizedException", msg: msgAccessInvalid},
		{name: "refresh with a made-up token",
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.clientID), RefreshToken: aws.String("not-a-token")})
				return err
			},
			code: "NotAuthorizedException", msg: msgRefreshInvalid},
		{name: "unknown client",
			call: func(ctx context.Context, f *fixture) error {
				_, err := f.c.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String("nope"), AuthParameters: map[string]string{"USERNAME": email, "SRP_A": "2"}})
				return err
			},
			code: "ResourceNotFoundException", msg: "User pool client nope does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.pool, tt.client)
			if tt.user {
				f.signUp(t, email)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			err := tt.call(ctx, f)
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantAPIError(t, err, tt.code, tt.msg)
		})
	}
}

// TestPassThrough: what the proxy does not handle reaches cognito-local and comes back unchanged.
func TestPassThrough(t *testing.T) {
	f := newFixture(t, nil, nil)
	get := func(base, path string) (int, []byte) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}
	for _, path := range []string{"/" + f.poolID + "/.well-known/jwks.json", "/health"} {
		gotStatus, got := get(f.px.Endpoint, path)
		wantStatus, want := get(emu.Endpoint, path)
		if gotStatus != wantStatus || !bytes.Equal(got, want) {
			t.Errorf("GET %s through the proxy: %d %s, want %d %s", path, gotStatus, got, wantStatus, want)
		}
	}
	// An operation the proxy leaves alone, error included.
	_, err := f.c.DescribeUserPool(context.Background(), &cip.DescribeUserPoolInput{UserPoolId: aws.String("local_missing")})
	_, want := f.backend.DescribeUserPool(context.Background(), &cip.DescribeUserPoolInput{UserPoolId: aws.String("local_missing")})
	if err == nil || want == nil {
		t.Fatalf("DescribeUserPool of a missing pool: proxy %v, emulator %v; want both to fail", err, want)
	}
}
