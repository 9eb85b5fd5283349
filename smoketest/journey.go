package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	"github.com/clickops/cognito-pool/cognitojwt"
)

// cleanupTimeout bounds the always-run user deletion, which uses a fresh context.
const cleanupTimeout = 15 * time.Second

// skipError marks a step the endpoint can't do; the reason is printed with SKIP.
type skipError struct{ reason string }

func (s skipError) Error() string { return s.reason }

func skip(format string, args ...any) error { return skipError{fmt.Sprintf(format, args...)} }

// journey is one smoke run: one unique user through every step.
type journey struct {
	t      target
	cip    *cip.Client
	flow   string // "srp" or "password"
	code   string // "" = AdminConfirmSignUp, no password reset
	now    func() time.Time
	access *cognitojwt.Verifier
	id     *cognitojwt.Verifier

	email, handle, password string
	signUpTried             bool
	policy                  passwordPolicy
	required                map[string]string // the pool's other required attributes and their values
	// What the deployed pool and client promise (preflight): the steps that check a promise
	// are SKIP, with the setting named, where it isn't made (an adopted pool's LEGACY client).
	caseSensitive, hidesExistence bool
	// weakEmail is the user the weak-password step tried to sign up: deleted at the end if an
	// endpoint that doesn't check the policy created it.
	weakEmail string
	sub       string
	tokens    tokens
	idClaims  *cognitojwt.Claims // the ID token's, verified by verify-id-token
}

type tokens struct{ access, id, refresh string }

func newJourney(t target, client *cip.Client, flow, code, emailDomain string) (*journey, error) {
	verifier := func(use cognitojwt.TokenUse) (*cognitojwt.Verifier, error) {
		v, err := cognitojwt.NewVerifier(cognitojwt.Config{
			UserPoolID: t.PoolID, ClientIDs: []string{t.ClientID}, TokenUse: use,
			Issuer: t.Issuer, JWKSURL: t.JWKSURL, TokenCacheSize: -1,
		})
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errUsage, err)
		}
		return v, nil
	}
	access, err := verifier(cognitojwt.TokenUseAccess)
	if err != nil {
		return nil, err
	}
	id, err := verifier(cognitojwt.TokenUseID)
	if err != nil {
		return nil, err
	}
	tag := randomHex(6)
	return &journey{
		t: t, cip: client, flow: flow, code: code, now: time.Now, access: access, id: id,
		email:  fmt.Sprintf("smoke-%s@%s", tag, emailDomain),
		handle: "smoke_" + tag,
		policy: strictestPolicy,
	}, nil
}

// randomHex returns n random bytes as hex; unique enough for parallel runs on one pool.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// passwordPolicy is what the smoke test needs of the pool's password policy.
type passwordPolicy struct {
	minLength                                int
	lower, upper, numbers, symbols, fromPool bool
}

// strictestPolicy is assumed until preflight reads the pool's: the longest minimum Cognito allows
// (99, API model PasswordPolicyMinLengthType) and every character class.
var strictestPolicy = passwordPolicy{minLength: 99, lower: true, upper: true, numbers: true, symbols: true}

// newPassword meets policy whatever it requires: at least 24 characters (the minimum's length if
// longer) with upper- and lowercase letters, digits and a symbol.
func (p passwordPolicy) newPassword() string {
	pw := "Sm0ke!Aa1" + randomHex(8)
	for len(pw) < max(p.minLength, 24) {
		pw += randomHex(1)
	}
	return pw
}

// weakPassword breaks policy by length alone: one character short, with every class.
func (p passwordPolicy) weakPassword() string {
	return ("Wk!1" + randomHex(50))[:p.minLength-1]
}

type step struct {
	name string
	fn   func(ctx context.Context) error
}

func (j *journey) steps() []step {
	return []step{
		{"preflight", j.preflight},
		{"weak-password-refused", j.weakPasswordRefused},
		{"sign-up", j.signUp},
		{"confirm", j.confirm},
		{"sign-in", j.signInStep},
		{"sign-in-email-case", j.signInEmailCase},
		{"existence-errors-hidden", j.existenceErrorsHidden},
		{"verify-access-token", j.verifyAccess},
		{"verify-id-token", j.verifyID},
		{"id-token-email-verified", j.emailVerified},
		{"id-token-handle", j.idTokenHandle},
		{"protected-handler", j.protectedHandler},
		{"change-handle", j.changeHandle},
		{"refresh", j.refresh},
		{"forgot-password", j.forgotPassword},
		{"global-sign-out", j.globalSignOut},
	}
}

// results counts the outcomes of a run.
type results struct {
	passed, failed, skipped int
	elapsed                 time.Duration
}

// run runs the steps in order; after a failure the rest are reported as not run. The user is
// deleted at the end whatever happened, with a fresh context so Ctrl-C doesn't stop the cleanup.
func (j *journey) run(ctx context.Context, stepTimeout time.Duration, rep reporter) results {
	start := time.Now()
	var res results
	record := func(name string, err error, d time.Duration) {
		var s skipError
		switch {
		case err == nil:
			res.passed++
			rep.step(name, "pass", "", d)
		case errors.As(err, &s):
			res.skipped++
			rep.step(name, "skip", s.reason, d)
		default:
			res.failed++
			rep.step(name, "fail", err.Error(), d)
		}
	}
	var failedAt string
	for _, s := range j.steps() {
		if failedAt != "" {
			record(s.name, skip("not run: %s failed", failedAt), 0)
			continue
		}
		rep.start(s.name)
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		t0 := time.Now()
		err := s.fn(sctx)
		cancel()
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		record(s.name, err, time.Since(t0))
		if err != nil && !errors.As(err, new(skipError)) {
			failedAt = s.name
		}
	}
	rep.start("delete-user")
	cctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	t0 := time.Now()
	err := j.deleteUser(cctx)
	cancel()
	record("delete-user", err, time.Since(t0))
	res.elapsed = time.Since(start)
	return res
}

// preflight checks that the client belongs to the pool and allows the sign-in flow, before a user
// is created: SignUp needs only the client id, so a wrong pool id would otherwise create a user the
// cleanup can't find.
func (j *journey) preflight(ctx context.Context) error {
	out, err := j.cip.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{
		UserPoolId: aws.String(j.t.PoolID), ClientId: aws.String(j.t.ClientID),
	})
	if err != nil {
		return fmt.Errorf("client %s in pool %s: %w", j.t.ClientID, j.t.PoolID, err)
	}
	c := out.UserPoolClient
	j.hidesExistence = c.PreventUserExistenceErrors == types.PreventUserExistenceErrorTypesEnabled
	if aws.ToString(c.ClientSecret) != "" {
		return fmt.Errorf("client %s has a secret: a web client must not (the smoke test sends no SECRET_HASH)", j.t.ClientID)
	}
	want := types.ExplicitAuthFlowsTypeAllowUserSrpAuth
	if j.flow == "password" {
		want = types.ExplicitAuthFlowsTypeAllowUserPasswordAuth
	}
	// cognito-local ignores explicit auth flows and has only the password flow, so there the
	// check would refuse the one flow that works: it applies to real Cognito only.
	if !j.t.Emulated && !slices.Contains(c.ExplicitAuthFlows, want) {
		return fmt.Errorf("client %s does not allow %s (allowed: %v); use the other -auth-flow or set allowPasswordAuth", j.t.ClientID, want, c.ExplicitAuthFlows)
	}
	// The user's password has to satisfy the pool's policy, whatever the stack sets.
	pool, err := j.cip.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(j.t.PoolID)})
	if err != nil {
		return fmt.Errorf("pool %s: %w", j.t.PoolID, err)
	}
	// A pool without UsernameConfiguration is case sensitive (CreateUserPool API reference).
	uc := pool.UserPool.UsernameConfiguration
	j.caseSensitive = uc == nil || aws.ToBool(uc.CaseSensitive)
	if pool.UserPool.Policies != nil && pool.UserPool.Policies.PasswordPolicy != nil {
		pp := pool.UserPool.Policies.PasswordPolicy
		j.policy = passwordPolicy{
			minLength: int(aws.ToInt32(pp.MinimumLength)), lower: pp.RequireLowercase, upper: pp.RequireUppercase,
			numbers: pp.RequireNumbers, symbols: pp.RequireSymbols, fromPool: true,
		}
		if j.policy.minLength < 6 {
			j.policy.minLength = 8 // Cognito's default when the policy names none
		}
	}
	j.password = j.policy.newPassword()
	j.required = requiredValues(pool.UserPool.SchemaAttributes)
	return nil
}

// requiredValues gives each required attribute the sign-up doesn't already set a value of its
// type: a pool can require more than e-mail (an adopted console pool requires name), and AWS
// refuses a sign-up without them ("Attributes did not conform to the schema: name: The attribute
// is required"). sub is Cognito's own; email and preferred_username the journey sets.
func requiredValues(schema []types.SchemaAttributeType) map[string]string {
	standard := map[string]string{
		"name": "Smoke Test", "given_name": "Smoke", "family_name": "Test", "middle_name": "S", "nickname": "smoke",
		"phone_number": "+15555550123", "birthdate": "2000-01-01", "gender": "unspecified", "locale": "en",
		"zoneinfo": "UTC", "address": "1 Smoke Street", "picture": "https://example.com/smoke.png",
		"profile": "https://example.com/smoke", "website": "https://example.com", "updated_at": "946684800",
	}
	byType := map[types.AttributeDataType]string{
		types.AttributeDataTypeString: "smoke", types.AttributeDataTypeNumber: "1",
		types.AttributeDataTypeDatetime: "2000-01-01", types.AttributeDataTypeBoolean: "true",
	}
	out := map[string]string{}
	for _, a := range schema {
		name := aws.ToString(a.Name)
		if !aws.ToBool(a.Required) || name == "sub" || name == "email" || name == "preferred_username" {
			continue
		}
		if v, ok := standard[name]; ok {
			out[name] = v
		} else {
			out[name] = byType[a.AttributeDataType]
		}
	}
	return out
}

// attributes are a sign-up's: the e-mail, extra, and the pool's other required attributes, so
// that a sign-up is refused for the reason a step tests and no other.
func (j *journey) attributes(email string, extra ...types.AttributeType) []types.AttributeType {
	attrs := append([]types.AttributeType{{Name: aws.String("email"), Value: aws.String(email)}}, extra...)
	names := make([]string, 0, len(j.required))
	for n := range j.required {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		attrs = append(attrs, types.AttributeType{Name: aws.String(n), Value: aws.String(j.required[n])})
	}
	return attrs
}

// weakPasswordRefused signs up a second user with a password one character shorter than the
// policy's minimum: Cognito answers InvalidPasswordException and creates no user.
func (j *journey) weakPasswordRefused(ctx context.Context) error {
	j.weakEmail = "weak-" + j.email
	_, err := j.cip.SignUp(ctx, &cip.SignUpInput{
		ClientId:       aws.String(j.t.ClientID),
		Username:       aws.String(j.weakEmail),
		Password:       aws.String(j.policy.weakPassword()),
		UserAttributes: j.attributes(j.weakEmail),
	})
	var ip *types.InvalidPasswordException
	switch {
	case errors.As(err, &ip):
		j.weakEmail = ""
		return nil
	case err == nil && j.t.Emulated:
		return skip("the endpoint accepted a %d-character password under a minimum of %d: cognito-local does not enforce the password policy", j.policy.minLength-1, j.policy.minLength)
	case err == nil:
		return fmt.Errorf("sign-up with a %d-character password succeeded under a minimum of %d", j.policy.minLength-1, j.policy.minLength)
	}
	j.weakEmail = ""
	return fmt.Errorf("sign-up with a weak password: want InvalidPasswordException, got %w", err)
}

// signInEmailCase signs in with the e-mail in upper case: the pool's usernames are
// case-insensitive, so it is the same user.
func (j *journey) signInEmailCase(ctx context.Context) error {
	if j.caseSensitive {
		return skip("the pool's usernames are case-sensitive (UsernameConfiguration.CaseSensitive)")
	}
	upper := strings.ToUpper(j.email)
	tok, err := j.signInAs(ctx, upper, j.password)
	if err != nil {
		if j.t.Emulated {
			return skip("cognito-local refused %s (%v): its usernames are case-sensitive", upper, err)
		}
		return err
	}
	c, err := j.access.Verify(ctx, tok.access)
	if err != nil {
		return fmt.Errorf("access token for %s: %w", upper, err)
	}
	if j.sub != "" && c.Subject != j.sub {
		return fmt.Errorf("%s signed in as sub %q, want the same user %q", upper, c.Subject, j.sub)
	}
	return nil
}

// existenceErrorsHidden signs in as an unknown user and with a wrong password: with
// preventUserExistenceErrors ENABLED both get the same NotAuthorizedException, so the sign-in page
// doesn't tell an attacker which e-mails have accounts.
func (j *journey) existenceErrorsHidden(ctx context.Context) error {
	if !j.hidesExistence {
		return skip("the client's PreventUserExistenceErrors is not ENABLED: it does not promise to hide them")
	}
	_, unknown := j.signInAs(ctx, "nobody-"+j.email, j.password)
	_, wrong := j.signInAs(ctx, j.email, j.policy.newPassword())
	var uNA, wNA *types.NotAuthorizedException
	if errors.As(unknown, &uNA) && errors.As(wrong, &wNA) && uNA.ErrorMessage() == wNA.ErrorMessage() {
		return nil
	}
	if unknown == nil || wrong == nil {
		return fmt.Errorf("a sign-in that must fail succeeded (unknown user: %v; wrong password: %v)", unknown, wrong)
	}
	if j.t.Emulated {
		return skip("cognito-local tells them apart (unknown user: %v; wrong password: %v): it ignores preventUserExistenceErrors", apiCode(unknown), apiCode(wrong))
	}
	return fmt.Errorf("unknown user and wrong password answer differently (%v; %v): is preventUserExistenceErrors ENABLED?", unknown, wrong)
}

// apiCode is the AWS error code of err, or err itself.
func apiCode(err error) any {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return err
}

func (j *journey) signUp(ctx context.Context) error {
	j.signUpTried = true
	out, err := j.cip.SignUp(ctx, &cip.SignUpInput{
		ClientId:       aws.String(j.t.ClientID),
		Username:       aws.String(j.email),
		Password:       aws.String(j.password),
		UserAttributes: j.attributes(j.email, types.AttributeType{Name: aws.String("preferred_username"), Value: aws.String(j.handle)}),
	})
	if err != nil {
		return fmt.Errorf("sign-up %s: %w", j.email, err)
	}
	j.sub = aws.ToString(out.UserSub)
	return nil
}

func (j *journey) confirm(ctx context.Context) error {
	var err error
	if j.code != "" {
		_, err = j.cip.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{
			ClientId: aws.String(j.t.ClientID), Username: aws.String(j.email), ConfirmationCode: aws.String(j.code),
		})
	} else {
		_, err = j.cip.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{
			UserPoolId: aws.String(j.t.PoolID), Username: aws.String(j.email),
		})
	}
	if err != nil {
		return fmt.Errorf("confirm %s: %w", j.email, err)
	}
	return nil
}

func (j *journey) signInStep(ctx context.Context) error {
	tok, err := j.signIn(ctx, j.password)
	if err != nil {
		return err
	}
	j.tokens = tok
	return nil
}

// signIn signs in as the journey's user with its flow and returns the tokens.
func (j *journey) signIn(ctx context.Context, password string) (tokens, error) {
	return j.signInAs(ctx, j.email, password)
}

// signInAs signs in as username with the journey's flow.
func (j *journey) signInAs(ctx context.Context, username, password string) (tokens, error) {
	var (
		res *types.AuthenticationResultType
		err error
	)
	switch j.flow {
	case "password":
		var out *cip.InitiateAuthOutput
		out, err = j.cip.InitiateAuth(ctx, &cip.InitiateAuthInput{
			AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			ClientId: aws.String(j.t.ClientID),
			AuthParameters: map[string]string{
				"USERNAME": username,
				"PASSWORD": password,
			},
		})
		if err == nil {
			if out.ChallengeName != "" {
				return tokens{}, fmt.Errorf("sign-in %s: unexpected challenge %s", username, out.ChallengeName)
			}
			res = out.AuthenticationResult
		}
	default:
		res, err = signInSRP(ctx, j.cip, j.t.PoolID, j.t.ClientID, username, password, j.now)
		if err != nil && j.t.Emulated {
			err = fmt.Errorf("%w (cognito-local has no USER_SRP_AUTH: run with -auth-flow password)", err)
		}
	}
	if err != nil {
		return tokens{}, fmt.Errorf("sign-in %s (%s): %w", username, j.flow, err)
	}
	if res == nil || res.AccessToken == nil || res.IdToken == nil {
		return tokens{}, fmt.Errorf("sign-in %s: no tokens in the answer", username)
	}
	return tokens{access: aws.ToString(res.AccessToken), id: aws.ToString(res.IdToken), refresh: aws.ToString(res.RefreshToken)}, nil
}

func (j *journey) verifyAccess(ctx context.Context) error {
	c, err := j.access.Verify(ctx, j.tokens.access)
	if err != nil {
		return fmt.Errorf("access token: %w", err)
	}
	if j.sub != "" && c.Subject != j.sub {
		return fmt.Errorf("access token sub=%q, want the signed-up user %q", c.Subject, j.sub)
	}
	return nil
}

func (j *journey) verifyID(ctx context.Context) error {
	c, err := j.id.Verify(ctx, j.tokens.id)
	if err != nil {
		return fmt.Errorf("ID token: %w", err)
	}
	if c.Email != j.email {
		return fmt.Errorf("ID token email=%q, want %q", c.Email, j.email)
	}
	j.idClaims = c
	return nil
}

func (j *journey) emailVerified(context.Context) error {
	if !j.idClaims.EmailVerified {
		if j.t.Emulated {
			return skip("cognito-local does not set email_verified when a sign-up is confirmed")
		}
		return errors.New("ID token email_verified=false after confirmation: is e-mail auto-verified on the pool?")
	}
	return nil
}

func (j *journey) idTokenHandle(context.Context) error {
	if got := j.idClaims.PreferredUsername; got != j.handle {
		if j.t.Emulated && got == "" {
			return skip("cognito-local does not put preferred_username in the ID token (the change-handle step reads it with GetUser)")
		}
		return fmt.Errorf("ID token preferred_username=%q, want %q", got, j.handle)
	}
	return nil
}

// protectedHandler serves an API behind cognitojwt.Middleware and calls it as a backend's client
// would: 200 with the access token, 401 without one or with the ID token instead.
func (j *journey) protectedHandler(ctx context.Context) error {
	api := cognitojwt.Middleware(j.access)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _ := cognitojwt.ClaimsFromContext(r.Context())
		fmt.Fprint(w, c.Subject)
	}))
	srv := httptest.NewServer(api)
	defer srv.Close()
	call := func(auth string) (int, string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/me", nil)
		if err != nil {
			return 0, "", err
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body), err
	}
	for _, c := range []struct {
		what, auth string
		want       int
	}{
		{"access token", "Bearer " + j.tokens.access, http.StatusOK},
		{"no token", "", http.StatusUnauthorized},
		{"ID token", "Bearer " + j.tokens.id, http.StatusUnauthorized},
	} {
		status, body, err := call(c.auth)
		if err != nil {
			return fmt.Errorf("GET /me with %s: %w", c.what, err)
		}
		if status != c.want {
			return fmt.Errorf("GET /me with %s: HTTP %d, want %d", c.what, status, c.want)
		}
		if status == http.StatusOK && j.sub != "" && body != j.sub {
			return fmt.Errorf("GET /me with access token: handler saw sub %q, want %q", body, j.sub)
		}
	}
	return nil
}

func (j *journey) changeHandle(ctx context.Context) error {
	newHandle := j.handle + "_2"
	if _, err := j.cip.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{
		AccessToken:    aws.String(j.tokens.access),
		UserAttributes: []types.AttributeType{{Name: aws.String("preferred_username"), Value: aws.String(newHandle)}},
	}); err != nil {
		return fmt.Errorf("update preferred_username: %w", err)
	}
	out, err := j.cip.GetUser(ctx, &cip.GetUserInput{AccessToken: aws.String(j.tokens.access)})
	if err != nil {
		return fmt.Errorf("get user: %w", err)
	}
	for _, a := range out.UserAttributes {
		if aws.ToString(a.Name) == "preferred_username" {
			if got := aws.ToString(a.Value); got != newHandle {
				return fmt.Errorf("preferred_username=%q after update, want %q", got, newHandle)
			}
			j.handle = newHandle
			return nil
		}
	}
	return errors.New("GetUser returned no preferred_username after the update")
}

func (j *journey) refresh(ctx context.Context) error {
	out, err := j.cip.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeRefreshTokenAuth,
		ClientId:       aws.String(j.t.ClientID),
		AuthParameters: map[string]string{"REFRESH_TOKEN": j.tokens.refresh},
	})
	if err != nil {
		return fmt.Errorf("refresh: %w", err)
	}
	res := out.AuthenticationResult
	if res == nil || res.AccessToken == nil {
		return errors.New("refresh: no access token in the answer")
	}
	if _, err := j.access.Verify(ctx, aws.ToString(res.AccessToken)); err != nil {
		return fmt.Errorf("refreshed access token: %w", err)
	}
	j.tokens.access = aws.ToString(res.AccessToken)
	if res.IdToken != nil {
		if _, err := j.id.Verify(ctx, aws.ToString(res.IdToken)); err != nil {
			return fmt.Errorf("refreshed ID token: %w", err)
		}
		j.tokens.id = aws.ToString(res.IdToken)
	}
	return nil
}

func (j *journey) forgotPassword(ctx context.Context) error {
	if j.code == "" {
		return skip("no -code: the reset code goes to the user's inbox, which the smoke test can't read")
	}
	if _, err := j.cip.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(j.t.ClientID), Username: aws.String(j.email)}); err != nil {
		return fmt.Errorf("forgot password: %w", err)
	}
	pw := j.policy.newPassword()
	if _, err := j.cip.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{
		ClientId: aws.String(j.t.ClientID), Username: aws.String(j.email), ConfirmationCode: aws.String(j.code), Password: aws.String(pw),
	}); err != nil {
		return fmt.Errorf("confirm forgot password: %w", err)
	}
	tok, err := j.signIn(ctx, pw)
	if err != nil {
		return fmt.Errorf("with the new password: %w", err)
	}
	if _, err := j.access.Verify(ctx, tok.access); err != nil {
		return fmt.Errorf("access token after reset: %w", err)
	}
	j.password, j.tokens = pw, tok
	return nil
}

func (j *journey) globalSignOut(ctx context.Context) error {
	if _, err := j.cip.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: aws.String(j.tokens.access)}); err != nil {
		if j.t.Emulated {
			return skip("cognito-local has no GlobalSignOut (%v)", err)
		}
		return fmt.Errorf("global sign-out: %w", err)
	}
	_, err := j.cip.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeRefreshTokenAuth,
		ClientId:       aws.String(j.t.ClientID),
		AuthParameters: map[string]string{"REFRESH_TOKEN": j.tokens.refresh},
	})
	var na *types.NotAuthorizedException
	switch {
	case err == nil:
		return errors.New("the refresh token still works after global sign-out")
	case !errors.As(err, &na):
		return fmt.Errorf("refresh after global sign-out: want NotAuthorizedException, got %w", err)
	}
	return nil
}

// deleteUser removes the test user. It runs even when sign-up failed, since the user may exist
// anyway (a timeout after Cognito created it). When AdminDeleteUser fails and the user still has
// a valid access token, the user deletes itself with it.
func (j *journey) deleteUser(ctx context.Context) error {
	weakErr := j.deleteWeakUser(ctx)
	if !j.signUpTried {
		if weakErr != nil || j.weakEmail != "" {
			return weakErr
		}
		return skip("no user was signed up")
	}
	if err := j.deleteMainUser(ctx); err != nil {
		return errors.Join(err, weakErr)
	}
	return weakErr
}

// deleteWeakUser removes the user of weak-password-refused when an endpoint created it anyway.
func (j *journey) deleteWeakUser(ctx context.Context) error {
	if j.weakEmail == "" {
		return nil
	}
	_, err := j.cip.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: aws.String(j.t.PoolID), Username: aws.String(j.weakEmail)})
	var nf *types.UserNotFoundException
	if err != nil && !errors.As(err, &nf) {
		return fmt.Errorf("delete user %s: %w", j.weakEmail, err)
	}
	return nil
}

func (j *journey) deleteMainUser(ctx context.Context) error {
	_, err := j.cip.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: aws.String(j.t.PoolID), Username: aws.String(j.email)})
	var nf *types.UserNotFoundException
	switch {
	case err == nil:
		return nil
	case errors.As(err, &nf) && j.sub == "":
		return skip("sign-up created no user")
	case j.tokens.access != "":
		if _, selfErr := j.cip.DeleteUser(ctx, &cip.DeleteUserInput{AccessToken: aws.String(j.tokens.access)}); selfErr == nil {
			return nil
		} else {
			err = errors.Join(err, selfErr)
		}
	}
	return fmt.Errorf("delete user %s: %w", j.email, err)
}
