package cognitoproxy

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/clickops/cognito-pool/cognitojwt"
)

// TestJourney is the app's journey through the proxy, in order: each step depends on the ones
// before. It ends with the revocations cognito-local does not have.
func TestJourney(t *testing.T) {
	f := newFixture(t, nil, func(c *cip.CreateUserPoolClientInput) {
		c.ReadAttributes = []string{"email", "email_verified", "preferred_username"} // name is written, not read
	})
	verifier, err := cognitojwt.NewVerifier(cognitojwt.Config{
		UserPoolID: f.poolID, ClientIDs: []string{f.clientID}, TokenUse: cognitojwt.TokenUseAccess,
		Issuer: emu.Endpoint + "/" + f.poolID,
	})
	if err != nil {
		t.Fatal(err)
	}
	var (
		first, second *types.AuthenticationResultType // two sessions of the same user
		refreshed     string                          // an access token from GetTokensFromRefreshToken
	)
	getUser := func(ctx context.Context, access *string) (map[string]string, error) {
		out, err := f.c.GetUser(ctx, &cip.GetUserInput{AccessToken: access})
		if err != nil {
			return nil, err
		}
		attrs := map[string]string{}
		for _, a := range out.UserAttributes {
			attrs[aws.ToString(a.Name)] = aws.ToString(a.Value)
		}
		return attrs, nil
	}
	refuses := func(err error, code, msg string) error {
		var na *types.NotAuthorizedException
		if !errors.As(err, &na) || na.ErrorCode() != code || na.ErrorMessage() != msg {
			return fmt.Errorf("got %v, want %s: %s", err, code, msg)
		}
		return nil
	}
	steps := []struct {
		name string
		fn   func(ctx context.Context) error
	}{
		{"sign up and confirm", func(context.Context) error { f.signUp(t, email); return nil }},
		{"sign in with SRP", func(ctx context.Context) (err error) {
			first, err = f.srpSignIn(ctx, email, testPassword, time.Now())
			if err != nil {
				return err
			}
			_, err = verifier.Verify(ctx, aws.ToString(first.AccessToken))
			return err
		}},
		{"GetUser answers the readable attributes only", func(ctx context.Context) error {
			attrs, err := getUser(ctx, first.AccessToken)
			if err != nil {
				return err
			}
			if attrs["preferred_username"] != "ada" || attrs["email"] != email || attrs["sub"] == "" {
				return fmt.Errorf("GetUser attributes %v lack the handle, e-mail or sub", attrs)
			}
			if _, ok := attrs["name"]; ok {
				return fmt.Errorf("GetUser answered name, which the client may not read: %v", attrs)
			}
			return nil
		}},
		{"change the handle", func(ctx context.Context) error {
			if _, err := f.c.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{
				AccessToken: first.AccessToken, UserAttributes: []types.AttributeType{{Name: aws.String("preferred_username"), Value: aws.String("countess")}},
			}); err != nil {
				return err
			}
			attrs, err := getUser(ctx, first.AccessToken)
			if err != nil {
				return err
			}
			if attrs["preferred_username"] != "countess" {
				return fmt.Errorf("handle %q after the change, want countess", attrs["preferred_username"])
			}
			return nil
		}},
		{"refresh with GetTokensFromRefreshToken", func(ctx context.Context) error {
			out, err := f.c.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.clientID), RefreshToken: first.RefreshToken})
			if err != nil {
				return err
			}
			res := out.AuthenticationResult
			if res == nil || res.RefreshToken != nil || aws.ToString(res.TokenType) != "Bearer" || res.ExpiresIn <= 0 || res.IdToken == nil {
				return fmt.Errorf("answer %+v: want new access and ID tokens, Bearer, ExpiresIn, and no new refresh token (no rotation)", res)
			}
			refreshed = aws.ToString(res.AccessToken)
			_, err = verifier.Verify(ctx, refreshed)
			return err
		}},
		{"refresh with InitiateAuth REFRESH_TOKEN_AUTH", func(ctx context.Context) error {
			_, err := f.c.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(f.clientID), AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(first.RefreshToken)}})
			return err
		}},
		{"a second session, revoked with RevokeToken", func(ctx context.Context) (err error) {
			if second, err = f.tokens(ctx); err != nil {
				return err
			}
			if _, err := f.c.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: aws.String(f.clientID), Token: second.RefreshToken}); err != nil {
				return err
			}
			_, err = f.c.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.clientID), RefreshToken: second.RefreshToken})
			if err := refuses(err, "NotAuthorizedException", msgRefreshRevoked); err != nil {
				return fmt.Errorf("refresh with the revoked token: %w", err)
			}
			_, err = getUser(ctx, second.AccessToken)
			if err := refuses(err, "NotAuthorizedException", msgAccessRevoked); err != nil {
				return fmt.Errorf("the revoked session's access token: %w", err)
			}
			if _, err := getUser(ctx, first.AccessToken); err != nil {
				return fmt.Errorf("the other session stopped working: %w", err)
			}
			_, err = f.c.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: aws.String(f.clientID), Token: second.RefreshToken})
			return err
		}},
		{"reset the password", func(ctx context.Context) error {
			out, err := f.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(f.clientID), Username: aws.String(email)})
			if err != nil {
				return err
			}
			if err := deliveredByEmail(out.CodeDeliveryDetails, "a***@e***"); err != nil {
				return err
			}
			if _, err := f.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{
				ClientId: aws.String(f.clientID), Username: aws.String(email), ConfirmationCode: aws.String(emu.Code), Password: aws.String(newPassword),
			}); err != nil {
				return err
			}
			if _, err := f.srpSignIn(ctx, email, testPassword, time.Now()); refuses(err, "NotAuthorizedException", msgIncorrectCredentials) != nil {
				return fmt.Errorf("the old password after the reset: %v", err)
			}
			_, err = f.srpSignIn(ctx, email, newPassword, time.Now())
			return err
		}},
		{"global sign-out revokes every token", func(ctx context.Context) error {
			if _, err := f.c.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: first.AccessToken}); err != nil {
				return err
			}
			for _, access := range []string{aws.ToString(first.AccessToken), refreshed} {
				_, err := getUser(ctx, aws.String(access))
				if err := refuses(err, "NotAuthorizedException", msgAccessRevoked); err != nil {
					return fmt.Errorf("GetUser after sign-out: %w", err)
				}
			}
			_, err := f.c.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: first.AccessToken, UserAttributes: []types.AttributeType{{Name: aws.String("name"), Value: aws.String("x")}}})
			if err := refuses(err, "NotAuthorizedException", msgAccessRevoked); err != nil {
				return fmt.Errorf("UpdateUserAttributes after sign-out: %w", err)
			}
			_, err = f.c.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.clientID), RefreshToken: first.RefreshToken})
			if err := refuses(err, "NotAuthorizedException", msgRefreshRevoked); err != nil {
				return fmt.Errorf("GetTokensFromRefreshToken after sign-out: %w", err)
			}
			_, err = f.c.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(f.clientID), AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(first.RefreshToken)}})
			if err := refuses(err, "NotAuthorizedException", msgRefreshRevoked); err != nil {
				return fmt.Errorf("REFRESH_TOKEN_AUTH after sign-out: %w", err)
			}
			return nil
		}},
		{"signing in right after the sign-out works (same second)", func(ctx context.Context) error {
			res, err := f.srpSignIn(ctx, email, newPassword, time.Now())
			if err != nil {
				return err
			}
			if _, err := getUser(ctx, res.AccessToken); err != nil {
				return err
			}
			_, err = f.c.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.clientID), RefreshToken: res.RefreshToken})
			return err
		}},
		{"admin global sign-out, by e-mail in another case", func(ctx context.Context) error {
			res, err := f.srpSignIn(ctx, email, newPassword, time.Now())
			if err != nil {
				return err
			}
			if _, err := f.c.AdminUserGlobalSignOut(ctx, &cip.AdminUserGlobalSignOutInput{UserPoolId: aws.String(f.poolID), Username: aws.String("Ada@Example.com")}); err != nil {
				return err
			}
			_, err = getUser(ctx, res.AccessToken)
			return refuses(err, "NotAuthorizedException", msgAccessRevoked)
		}},
		{"delete the user", func(ctx context.Context) error {
			_, err := f.c.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: aws.String(f.poolID), Username: aws.String(email)})
			return err
		}},
	}
	for _, s := range steps {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		err := s.fn(ctx)
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}
}

// TestConcurrentSessions signs several users in and out at once through one proxy: the SRP
// sessions, caches and revocations are shared state (run with -race).
func TestConcurrentSessions(t *testing.T) {
	f := newFixture(t, nil, nil)
	const n = 6
	emails := make([]string, n)
	for i := range emails {
		emails[i] = fmt.Sprintf("user%d@example.com", i)
		f.signUp(t, emails[i])
	}
	f.signUp(t, email) // a bystander, signed in before and untouched by the others' sign-outs
	bystander, err := f.tokens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, e := range emails {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			errs[i] = func() error {
				res, err := f.srpSignIn(ctx, e, testPassword, time.Now())
				if err != nil {
					return err
				}
				if _, err := f.c.GetTokensFromRefreshToken(ctx, &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(f.clientID), RefreshToken: res.RefreshToken}); err != nil {
					return err
				}
				if _, err := f.c.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: res.AccessToken}); err != nil {
					return err
				}
				_, err = f.c.GetUser(ctx, &cip.GetUserInput{AccessToken: res.AccessToken})
				var na *types.NotAuthorizedException
				if !errors.As(err, &na) {
					return fmt.Errorf("GetUser after sign-out: %v, want NotAuthorizedException", err)
				}
				return nil
			}()
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("%s: %v", emails[i], err)
		}
	}
	if _, err := f.c.GetUser(context.Background(), &cip.GetUserInput{AccessToken: bystander.AccessToken}); err != nil {
		t.Errorf("the bystander's token after the others signed out: %v", err)
	}
}
