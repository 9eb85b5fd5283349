package cognitoproxy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	cognitosrp "github.com/alexrudd/cognito-srp/v4"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	"github.com/clickops/cognito-pool/emulator"
)

// One cognito-local serves the package's tests; each test makes its own pool (and proxy).
var (
	emuOnce sync.Once
	emu     *emulator.Emulator
	emuErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if emu != nil {
		emu.Close()
	}
	os.Exit(code)
}

func startEmulator(tb testing.TB) *emulator.Emulator {
	tb.Helper()
	emuOnce.Do(func() { emu, emuErr = emulator.Start(context.Background(), emulator.Options{}) })
	if emuErr != nil {
		tb.Fatal(emuErr)
	}
	return emu
}

// clock is a settable clock for the proxy; zero means the real time.
type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) now() time.Time {
	if t := c.t.Load(); t != nil {
		return *t
	}
	return time.Now()
}

func (c *clock) set(t time.Time) { c.t.Store(&t) }

// fixture is a proxy in front of the shared emulator, with a pool and client made through it.
type fixture struct {
	px       *Proxy
	c        *cip.Client // through the proxy
	backend  *cip.Client // straight to cognito-local
	clock    *clock
	poolID   string
	clientID string
}

// appPool is the pool the app runs on, as components.NewUserPool declares it, with `name`: e-mail
// usernames, case-insensitive, a 12-character policy with every class, SRP and refresh only,
// existence errors prevented.
func appPool(name string) *cip.CreateUserPoolInput {
	return &cip.CreateUserPoolInput{
		PoolName:               aws.String(name),
		UsernameAttributes:     []types.UsernameAttributeType{types.UsernameAttributeTypeEmail},
		UsernameConfiguration:  &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)},
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{
			MinimumLength: aws.Int32(12), RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true,
		}},
	}
}

func appClient() *cip.CreateUserPoolClientInput {
	return &cip.CreateUserPoolClientInput{
		ClientName:                 aws.String("web"),
		ExplicitAuthFlows:          []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
		EnableTokenRevocation:      aws.Bool(true),
		ReadAttributes:             []string{"email", "email_verified", "name", "preferred_username"},
		WriteAttributes:            []string{"email", "name", "preferred_username"},
	}
}

// newFixture makes a pool and client (edited by the funcs, which may be nil) through a new proxy.
func newFixture(t *testing.T, pool func(*cip.CreateUserPoolInput), client func(*cip.CreateUserPoolClientInput)) *fixture {
	t.Helper()
	e := startEmulator(t)
	clk := &clock{}
	px, err := New(Options{Backend: e.Endpoint, DataDir: e.DataDir(), Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	if err := px.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { px.Close() })
	f := &fixture{px: px, c: px.Client(), backend: e.Client(), clock: clk}
	ctx := context.Background()
	pin := appPool(strings.ReplaceAll(t.Name(), "/", "-"))
	if pool != nil {
		pool(pin)
	}
	p, err := f.c.CreateUserPool(ctx, pin)
	if err != nil {
		t.Fatal(err)
	}
	f.poolID = aws.ToString(p.UserPool.Id)
	t.Cleanup(func() {
		_, _ = f.backend.DeleteUserPool(context.Background(), &cip.DeleteUserPoolInput{UserPoolId: aws.String(f.poolID)})
	})
	cin := appClient()
	cin.UserPoolId = aws.String(f.poolID)
	if client != nil {
		client(cin)
	}
	cl, err := f.c.CreateUserPoolClient(ctx, cin)
	if err != nil {
		t.Fatal(err)
	}
	f.clientID = aws.ToString(cl.UserPoolClient.ClientId)
	return f
}

const (
	testPassword = "Correct-Horse-9!"
	newPassword  = "Battery-Staple-7?"
)

// signUp signs a user up with name and handle and confirms them with the emulator's code.
func (f *fixture) signUp(t *testing.T, email string) {
	t.Helper()
	ctx := context.Background()
	if _, err := f.c.SignUp(ctx, &cip.SignUpInput{
		ClientId: aws.String(f.clientID), Username: aws.String(email), Password: aws.String(testPassword),
		UserAttributes: []types.AttributeType{
			{Name: aws.String("email"), Value: aws.String(email)},
			{Name: aws.String("name"), Value: aws.String("Ada Lovelace")},
			{Name: aws.String("preferred_username"), Value: aws.String("ada")},
		},
	}); err != nil {
		t.Fatalf("SignUp %s: %v", email, err)
	}
	if _, err := f.c.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{
		ClientId: aws.String(f.clientID), Username: aws.String(email), ConfirmationCode: aws.String(emu.Code),
	}); err != nil {
		t.Fatalf("ConfirmSignUp %s: %v", email, err)
	}
}

// srpSignIn runs USER_SRP_AUTH with the patched cognito-srp client (third_party/cognito-srp),
// stamping the answer at ts.
func (f *fixture) srpSignIn(ctx context.Context, username, password string, ts time.Time) (*types.AuthenticationResultType, error) {
	csrp, err := cognitosrp.NewCognitoSRP(username, password, f.poolID, f.clientID, nil)
	if err != nil {
		return nil, err
	}
	init, err := f.c.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(f.clientID), AuthParameters: csrp.GetAuthParams(),
	})
	if err != nil {
		return nil, fmt.Errorf("InitiateAuth: %w", err)
	}
	if init.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		return nil, fmt.Errorf("challenge %q, want PASSWORD_VERIFIER", init.ChallengeName)
	}
	answer, err := csrp.PasswordVerifierChallenge(init.ChallengeParameters, ts)
	if err != nil {
		return nil, err
	}
	out, err := f.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ClientId: aws.String(f.clientID),
		ChallengeResponses: answer, Session: init.Session,
	})
	if err != nil {
		return nil, fmt.Errorf("RespondToAuthChallenge: %w", err)
	}
	if out.AuthenticationResult == nil {
		return nil, fmt.Errorf("no tokens (challenge %q)", out.ChallengeName)
	}
	return out.AuthenticationResult, nil
}

// wantAPIError fails unless err is the AWS error code with the message (a prefix is enough when
// msg ends in "…").
func wantAPIError(tb testing.TB, err error, code, msg string) {
	tb.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		tb.Fatalf("err=%v, want %s: %s", err, code, msg)
	}
	got := ae.ErrorMessage()
	match := got == msg
	if prefix, ok := strings.CutSuffix(msg, "…"); ok {
		match = strings.HasPrefix(got, prefix)
	}
	if ae.ErrorCode() != code || !match {
		tb.Fatalf("error %s: %q, want %s: %q", ae.ErrorCode(), got, code, msg)
	}
}
