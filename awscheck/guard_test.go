package awscheck_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/clickops/cognito-pool/awscheck"
)

// recorder is a fake Cognito endpoint that keeps what reaches it.
type recorder struct {
	mu       sync.Mutex
	requests []received
}

type received struct {
	target string
	body   []byte
	length int64
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.requests = append(r.requests, received{req.Header.Get("X-Amz-Target"), body, req.ContentLength})
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_, _ = w.Write([]byte(`{}`))
}

func (r *recorder) got() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.requests...)
}

// serialized keeps the body the SDK serialized, seen in the Build step just before Guard.
type serialized struct{ body []byte }

func (s *serialized) option(o *cip.Options) {
	o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
		return stack.Build.Add(middleware.BuildMiddlewareFunc("test.capture",
			func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
				req := in.Request.(*smithyhttp.Request)
				b, err := io.ReadAll(req.GetStream())
				if err != nil {
					return middleware.BuildOutput{}, middleware.Metadata{}, err
				}
				s.body = b
				if in.Request, err = req.SetStream(bytes.NewReader(b)); err != nil {
					return middleware.BuildOutput{}, middleware.Metadata{}, err
				}
				return next.HandleBuild(ctx, in)
			}), middleware.After)
	})
}

// newGuardedClient is a Cognito client for srv with Guard, and a record of what it serialized.
// No shared config is loaded (AWS_CA_BUNDLE and friends play no part).
func newGuardedClient(tb testing.TB, srv *httptest.Server) (*cip.Client, *serialized) {
	tb.Helper()
	s := &serialized{}
	c := cip.New(cip.Options{
		Region:           "eu-west-1",
		BaseEndpoint:     aws.String(srv.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		RetryMaxAttempts: 1,
	}, s.option, awscheck.Guard)
	return c, s
}

func TestGuard(t *testing.T) {
	rec := &recorder{}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	client, sent := newGuardedClient(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	type step struct {
		name string
		fn   func(t *testing.T)
	}
	for _, s := range []step{
		{"a bad pool never reaches the server", func(t *testing.T) {
			_, err := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{
				PoolName: aws.String("app"),
				AdminCreateUserConfig: &types.AdminCreateUserConfigType{InviteMessageTemplate: &types.MessageTemplateType{
					EmailSubject: aws.String("Welcome"), EmailMessage: aws.String("Hi {username}, {####}"), SMSMessage: aws.String(""),
				}},
			})
			var ve *awscheck.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("CreateUserPool = %v, want a *awscheck.ValidationError", err)
			}
			want := "1 validation error detected: Value '' at 'adminCreateUserConfig.inviteMessageTemplate.sMSMessage' failed to satisfy constraint: Member must have length greater than or equal to 6"
			if ve.Error() != want {
				t.Fatalf("message:\n got %s\nwant %s", ve.Error(), want)
			}
			if n := len(rec.got()); n != 0 {
				t.Fatalf("the server received %d requests, want 0", n)
			}
		}},
		{"a client breaking a rule never reaches the server", func(t *testing.T) {
			_, err := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
				UserPoolId: aws.String("eu-west-1_abc"), ClientName: aws.String("web"),
				WriteAttributes: []string{"email", "email_verified"},
			})
			var re *awscheck.RequestError
			if !errors.As(err, &re) || re.Exception != awscheck.InvalidParameterException {
				t.Fatalf("CreateUserPoolClient = %v, want an InvalidParameterException *awscheck.RequestError", err)
			}
			if n := len(rec.got()); n != 0 {
				t.Fatalf("the server received %d requests, want 0", n)
			}
		}},
		{"a good pool arrives byte for byte", func(t *testing.T) {
			if _, err := client.CreateUserPool(ctx, appPoolInput()); err != nil {
				t.Fatalf("CreateUserPool: %v", err)
			}
			got := rec.got()
			if len(got) != 1 {
				t.Fatalf("the server received %d requests, want 1", len(got))
			}
			if got[0].target != "AWSCognitoIdentityProviderService.CreateUserPool" {
				t.Fatalf("X-Amz-Target %q", got[0].target)
			}
			if len(sent.body) < 100 || !bytes.Equal(got[0].body, sent.body) || got[0].length != int64(len(sent.body)) {
				t.Fatalf("received %d bytes (Content-Length %d), serialized %d:\n%s\n%s", len(got[0].body), got[0].length, len(sent.body), got[0].body, sent.body)
			}
		}},
		{"a good client arrives byte for byte", func(t *testing.T) {
			if _, err := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
				UserPoolId: aws.String("eu-west-1_abc"), ClientName: aws.String("web"),
				ExplicitAuthFlows:          []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
				PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
				ReadAttributes:             []string{"email", "email_verified", "name", "preferred_username"},
				WriteAttributes:            []string{"email", "name", "preferred_username"},
				AccessTokenValidity:        aws.Int32(60), IdTokenValidity: aws.Int32(60), RefreshTokenValidity: 30,
				TokenValidityUnits:    &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes, IdToken: types.TimeUnitsTypeMinutes, RefreshToken: types.TimeUnitsTypeDays},
				EnableTokenRevocation: aws.Bool(true),
			}); err != nil {
				t.Fatalf("CreateUserPoolClient: %v", err)
			}
			got := rec.got()
			if len(got) != 2 || !bytes.Equal(got[1].body, sent.body) {
				t.Fatalf("the server received %d requests; last body %s, serialized %s", len(got), got[len(got)-1].body, sent.body)
			}
		}},
		{"a number bound, at and past the model's maximum", func(t *testing.T) {
			if _, err := client.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)}); err != nil {
				t.Fatalf("ListUserPools: %v", err)
			}
			_, err := client.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(61)})
			want := "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60"
			var ve *awscheck.ValidationError
			if !errors.As(err, &ve) || ve.Error() != want {
				t.Fatalf("ListUserPools with MaxResults 61 = %v, want %s", err, want)
			}
			if n := len(rec.got()); n != 3 {
				t.Fatalf("the server received %d requests, want 3", n)
			}
		}},
	} {
		if !t.Run(s.name, s.fn) {
			return
		}
	}
}

// appPoolInput is a pool like the one the project declares, built with the SDK's own types.
func appPoolInput() *cip.CreateUserPoolInput {
	str := func(name string, required bool) types.SchemaAttributeType {
		return types.SchemaAttributeType{
			Name: aws.String(name), AttributeDataType: types.AttributeDataTypeString, Mutable: aws.Bool(true), Required: aws.Bool(required),
			StringAttributeConstraints: &types.StringAttributeConstraintsType{MinLength: aws.String("0"), MaxLength: aws.String("2048")},
		}
	}
	return &cip.CreateUserPoolInput{
		PoolName:               aws.String("app-3f9c2d1"),
		DeletionProtection:     types.DeletionProtectionTypeActive,
		UsernameAttributes:     []types.UsernameAttributeType{types.UsernameAttributeTypeEmail},
		UsernameConfiguration:  &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)},
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		Schema:                 []types.SchemaAttributeType{str("email", true), str("name", true), str("preferred_username", false)},
		Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{
			MinimumLength: aws.Int32(8), RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true,
			TemporaryPasswordValidityDays: 7,
		}},
		MfaConfiguration: types.UserPoolMfaTypeOff,
		AccountRecoverySetting: &types.AccountRecoverySettingType{RecoveryMechanisms: []types.RecoveryOptionType{
			{Name: types.RecoveryOptionNameTypeVerifiedEmail, Priority: aws.Int32(1)},
		}},
		EmailConfiguration: &types.EmailConfigurationType{EmailSendingAccount: types.EmailSendingAccountTypeCognitoDefault},
		VerificationMessageTemplate: &types.VerificationMessageTemplateType{
			DefaultEmailOption: types.DefaultEmailOptionTypeConfirmWithCode,
			EmailSubject:       aws.String("Your app verification code"),
			EmailMessage:       aws.String("Your verification code is {####}."),
			SmsMessage:         aws.String("Your verification code is {####}."),
		},
		AdminCreateUserConfig: &types.AdminCreateUserConfigType{
			AllowAdminCreateUserOnly: false,
			InviteMessageTemplate: &types.MessageTemplateType{
				EmailSubject: aws.String("Welcome to the app"),
				EmailMessage: aws.String("Hello {username}, your temporary password is {####}."),
				SMSMessage:   aws.String("Hello {username}, your temporary password is {####}."),
			},
		},
		UserPoolTags: map[string]string{"project": "app", "stack": "dev"},
	}
}
