package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/clickops/cognito-pool/awscheck"
	"github.com/clickops/cognito-pool/emulator"
	"github.com/clickops/cognito-pool/internal/emulatortest"
	"github.com/clickops/cognito-pool/internal/stackconfig"
	"github.com/clickops/cognito-pool/localdeploy"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// declared walks the program's declared inputs: a path of keys and indexes to a plain value.
func declared(tb testing.TB, in resource.PropertyMap, path ...any) any {
	tb.Helper()
	var v any = in.Mappable()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v
}

// strList is v as plain values; nil when empty, like an undeclared list.
func strList[T ~string](v []T) any {
	if len(v) == 0 {
		return nil
	}
	out := make([]any, len(v))
	for i, s := range v {
		out[i] = string(s)
	}
	return out
}

func num(p *int32) any {
	if p == nil {
		return nil
	}
	return float64(*p)
}

// TestDeployRoundTrip deploys the dev stack into cognito-local and reads the pool and client back
// with DescribeUserPool/DescribeUserPoolClient, field by field against what the program declared.
func TestDeployRoundTrip(t *testing.T) {
	ctx := context.Background()
	emu, err := emulator.Start(ctx, emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	_, cfg, err := stackconfig.Load(".", "dev")
	if err != nil {
		t.Fatal(err)
	}
	dep, err := localdeploy.Deploy(ctx, emu.Client(), emu.Endpoint, project, "dev", cfg, declare)
	if err != nil {
		t.Fatal(err)
	}
	if len(dep.Resources) != 2 {
		t.Fatalf("created %v, want a pool and a client", dep.Resources)
	}
	poolRes, clientRes := dep.Resources[0], dep.Resources[1]
	c := emu.Client()
	pd, err := c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolRes.ID)})
	if err != nil {
		t.Fatal(err)
	}
	pool := pd.UserPool
	in := poolRes.Inputs
	d := func(path ...any) any { return declared(t, in, path...) }

	checks := []struct {
		field     string
		got, want any
	}{
		{"UsernameAttributes", strList(pool.UsernameAttributes), d("usernameAttributes")},
		{"UsernameConfiguration.CaseSensitive", aws.ToBool(pool.UsernameConfiguration.CaseSensitive), d("usernameConfiguration", "caseSensitive")},
		{"AliasAttributes", strList(pool.AliasAttributes), d("aliasAttributes")},
		{"AutoVerifiedAttributes", strList(pool.AutoVerifiedAttributes), d("autoVerifiedAttributes")},
		{"VerificationMessageTemplate.DefaultEmailOption", string(pool.VerificationMessageTemplate.DefaultEmailOption), d("verificationMessageTemplate", "defaultEmailOption")},
		{"VerificationMessageTemplate.EmailSubject", aws.ToString(pool.VerificationMessageTemplate.EmailSubject), d("verificationMessageTemplate", "emailSubject")},
		{"VerificationMessageTemplate.EmailMessage", aws.ToString(pool.VerificationMessageTemplate.EmailMessage), d("verificationMessageTemplate", "emailMessage")},
		{"EmailVerificationMessage (top-level, must stay unset)", pool.EmailVerificationMessage, (*string)(nil)},
		{"EmailVerificationSubject (top-level, must stay unset)", pool.EmailVerificationSubject, (*string)(nil)},
		{"AdminCreateUserConfig.AllowAdminCreateUserOnly", pool.AdminCreateUserConfig.AllowAdminCreateUserOnly, d("adminCreateUserConfig", "allowAdminCreateUserOnly")},
		{"InviteMessageTemplate.EmailSubject", aws.ToString(pool.AdminCreateUserConfig.InviteMessageTemplate.EmailSubject), d("adminCreateUserConfig", "inviteMessageTemplate", "emailSubject")},
		{"InviteMessageTemplate.EmailMessage", aws.ToString(pool.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage), d("adminCreateUserConfig", "inviteMessageTemplate", "emailMessage")},
		{"PasswordPolicy.MinimumLength", num(pool.Policies.PasswordPolicy.MinimumLength), d("passwordPolicy", "minimumLength")},
		{"PasswordPolicy.RequireLowercase", pool.Policies.PasswordPolicy.RequireLowercase, d("passwordPolicy", "requireLowercase")},
		{"PasswordPolicy.RequireUppercase", pool.Policies.PasswordPolicy.RequireUppercase, d("passwordPolicy", "requireUppercase")},
		{"PasswordPolicy.RequireNumbers", pool.Policies.PasswordPolicy.RequireNumbers, d("passwordPolicy", "requireNumbers")},
		{"PasswordPolicy.RequireSymbols", pool.Policies.PasswordPolicy.RequireSymbols, d("passwordPolicy", "requireSymbols")},
		{"PasswordPolicy.TemporaryPasswordValidityDays", float64(pool.Policies.PasswordPolicy.TemporaryPasswordValidityDays), d("passwordPolicy", "temporaryPasswordValidityDays")},
		{"AccountRecoverySetting[0].Name", string(pool.AccountRecoverySetting.RecoveryMechanisms[0].Name), d("accountRecoverySetting", "recoveryMechanisms", 0, "name")},
		{"AccountRecoverySetting[0].Priority", num(pool.AccountRecoverySetting.RecoveryMechanisms[0].Priority), d("accountRecoverySetting", "recoveryMechanisms", 0, "priority")},
		{"len(AccountRecoverySetting)", len(pool.AccountRecoverySetting.RecoveryMechanisms), len(d("accountRecoverySetting", "recoveryMechanisms").([]any))},
		{"MfaConfiguration", string(pool.MfaConfiguration), d("mfaConfiguration")},
		{"EmailConfiguration.EmailSendingAccount", string(pool.EmailConfiguration.EmailSendingAccount), d("emailConfiguration", "emailSendingAccount")},
		{"UserPoolTags", pool.UserPoolTags, map[string]string{"environment": "dev"}},
	}
	for _, name := range []string{"email", "preferred_username"} {
		var attr *types.SchemaAttributeType
		for i := range pool.SchemaAttributes {
			if aws.ToString(pool.SchemaAttributes[i].Name) == name {
				attr = &pool.SchemaAttributes[i]
			}
		}
		if attr == nil {
			t.Fatalf("schema attribute %s missing from DescribeUserPool", name)
		}
		i := map[string]int{"email": 0, "preferred_username": 1}[name]
		checks = append(checks,
			struct {
				field     string
				got, want any
			}{name + ".Required", attr.Required, d("schemas", i, "required")},
			struct {
				field     string
				got, want any
			}{name + ".Mutable", attr.Mutable, d("schemas", i, "mutable")},
			struct {
				field     string
				got, want any
			}{name + ".MinLength", aws.ToString(attr.StringAttributeConstraints.MinLength), d("schemas", i, "stringAttributeConstraints", "minLength")},
			struct {
				field     string
				got, want any
			}{name + ".MaxLength", aws.ToString(attr.StringAttributeConstraints.MaxLength), d("schemas", i, "stringAttributeConstraints", "maxLength")},
		)
	}
	for _, ch := range checks {
		got := ch.got
		if b, ok := got.(*bool); ok {
			got = aws.ToBool(b)
		}
		if !reflect.DeepEqual(got, ch.want) {
			t.Errorf("pool %s=%#v, declared %#v", ch.field, got, ch.want)
		}
	}

	mfa, err := c.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: aws.String(poolRes.ID)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mfa.SoftwareTokenMfaConfiguration.Enabled, d("softwareTokenMfaConfiguration", "enabled"); got != want {
		t.Errorf("SoftwareTokenMfaConfiguration.Enabled=%v, declared %v", got, want)
	}

	// cognito-local drops DeletionProtection and UserPoolTier and leaves UserAttributeUpdateSettings
	// out of DescribeUserPool: these are checked on what the program declared instead.
	if pool.DeletionProtection != "" || pool.UserPoolTier != "" || pool.UserAttributeUpdateSettings != nil {
		t.Logf("cognito-local now returns DeletionProtection=%q UserPoolTier=%q UserAttributeUpdateSettings=%v: compare them here",
			pool.DeletionProtection, pool.UserPoolTier, pool.UserAttributeUpdateSettings)
	}
	if got := d("userAttributeUpdateSettings", "attributesRequireVerificationBeforeUpdates"); !reflect.DeepEqual(got, []any{"email"}) {
		t.Errorf("declared attributesRequireVerificationBeforeUpdates=%v, want [email]", got)
	}
	if got := d("deletionProtection"); got != "INACTIVE" {
		t.Errorf("dev stack declared deletionProtection=%v, want INACTIVE (Pulumi.dev.yaml turns it off)", got)
	}
	if got := d("userPoolTier"); got != "ESSENTIALS" {
		t.Errorf("declared userPoolTier=%v, want ESSENTIALS", got)
	}

	cd, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(poolRes.ID), ClientId: aws.String(clientRes.ID)})
	if err != nil {
		t.Fatal(err)
	}
	cl := cd.UserPoolClient
	cin := clientRes.Inputs
	cdcl := func(path ...any) any { return declared(t, cin, path...) }
	for _, ch := range []struct {
		field     string
		got, want any
	}{
		{"UserPoolId", aws.ToString(cl.UserPoolId), poolRes.ID},
		{"ClientSecret (none)", cl.ClientSecret, (*string)(nil)},
		{"ExplicitAuthFlows", strList(cl.ExplicitAuthFlows), cdcl("explicitAuthFlows")},
		{"PreventUserExistenceErrors", string(cl.PreventUserExistenceErrors), cdcl("preventUserExistenceErrors")},
		{"EnableTokenRevocation", aws.ToBool(cl.EnableTokenRevocation), cdcl("enableTokenRevocation")},
		{"AccessTokenValidity", num(cl.AccessTokenValidity), cdcl("accessTokenValidity")},
		{"IdTokenValidity", num(cl.IdTokenValidity), cdcl("idTokenValidity")},
		{"RefreshTokenValidity", float64(cl.RefreshTokenValidity), cdcl("refreshTokenValidity")},
		{"TokenValidityUnits.AccessToken", string(cl.TokenValidityUnits.AccessToken), cdcl("tokenValidityUnits", "accessToken")},
		{"TokenValidityUnits.IdToken", string(cl.TokenValidityUnits.IdToken), cdcl("tokenValidityUnits", "idToken")},
		{"TokenValidityUnits.RefreshToken", string(cl.TokenValidityUnits.RefreshToken), cdcl("tokenValidityUnits", "refreshToken")},
		{"ReadAttributes", strList(cl.ReadAttributes), cdcl("readAttributes")},
		{"WriteAttributes", strList(cl.WriteAttributes), cdcl("writeAttributes")},
		{"SupportedIdentityProviders", strList(cl.SupportedIdentityProviders), cdcl("supportedIdentityProviders")},
	} {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("client %s=%#v, declared %#v", ch.field, ch.got, ch.want)
		}
	}

	out := dep.Outputs
	if out["userPoolId"] != poolRes.ID || out["userPoolClientId"] != clientRes.ID || out["region"] != "local" {
		t.Errorf("outputs %v do not name the created pool and client", out)
	}
	if want := emu.Endpoint + "/" + poolRes.ID; out["issuer"] != want || out["jwksUri"] != want+"/.well-known/jwks.json" {
		t.Errorf("issuer=%v jwksUri=%v, want the emulator's %s", out["issuer"], out["jwksUri"], want)
	}
}

// TestLocalCommand runs `go run . local -no-smoke` in-process: deploy and outputs file, no AWS.
func TestLocalCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outputs.json")
	var out, errOut bytes.Buffer
	if err := runLocal(context.Background(), []string{"-no-smoke", "-outputs", path}, &out, &errOut); err != nil {
		t.Fatalf("runLocal: %v\n%s%s", err, out.String(), errOut.String())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var outputs map[string]any
	if err := json.Unmarshal(data, &outputs); err != nil {
		t.Fatalf("outputs file: %v", err)
	}
	for _, k := range []string{"userPoolId", "userPoolArn", "userPoolClientId", "region", "issuer", "jwksUri", "frontendConfig", "backendEnv"} {
		if _, ok := outputs[k]; !ok {
			t.Errorf("outputs lack %q", k)
		}
	}
	for _, want := range []string{"REACT_APP_AWS_USER_POOLS_ID=" + outputs["userPoolId"].(string), "AWS_COGNITO_USER_POOL_CLIENT_ID=", "timings:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := runLocal(context.Background(), []string{"-stack", "nope"}, &out, &errOut); err == nil {
		t.Error("runLocal with a missing stack file succeeded")
	}
}

// recorded is one request that reached the endpoint.
type recorded struct {
	Operation string
	Body      map[string]any
	Raw       []byte
}

// recordingProxy forwards to target and keeps every Cognito request it saw. The caller should
// call Close.
func recordingProxy(tb testing.TB, target string) (*httptest.Server, func() []recorded) {
	tb.Helper()
	u, err := url.Parse(target)
	if err != nil {
		tb.Fatal(err)
	}
	var mu sync.Mutex
	var seen []recorded
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if op := r.Header.Get("X-Amz-Target"); op != "" {
			raw, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(raw))
			rec := recorded{Operation: strings.TrimPrefix(op, "AWSCognitoIdentityProviderService."), Raw: raw}
			if err := json.Unmarshal(raw, &rec.Body); err != nil {
				tb.Errorf("%s body is not JSON: %v", op, err)
			}
			mu.Lock()
			seen = append(seen, rec)
			mu.Unlock()
		}
		rp.ServeHTTP(w, r)
	}))
	return srv, func() []recorded {
		mu.Lock()
		defer mu.Unlock()
		return append([]recorded(nil), seen...)
	}
}

// TestLocalEndpoint is `go run . local -endpoint URL -no-smoke` against a cognito-local someone
// else started: it deploys there, and what arrives is what the provider sends — CreateUserPool
// without MFA, then SetUserPoolMfaConfig, and a 6–140-character invitation SMS with both
// placeholders.
func TestLocalEndpoint(t *testing.T) {
	emu := emulatortest.Start(t)
	proxy, seen := recordingProxy(t, emu.Endpoint)
	defer proxy.Close()
	var out, errOut bytes.Buffer
	path := filepath.Join(t.TempDir(), "outputs.json")
	if err := runLocal(context.Background(), []string{"-endpoint", proxy.URL, "-no-smoke", "-outputs", path}, &out, &errOut); err != nil {
		t.Fatalf("runLocal: %v\n%s%s", err, out.String(), errOut.String())
	}
	reqs := seen()
	var ops []string
	for _, r := range reqs {
		ops = append(ops, r.Operation)
		if err := awscheck.Request(r.Operation, r.Raw); err != nil {
			t.Errorf("%s reached the endpoint but breaks AWS's rules: %v", r.Operation, err)
		}
	}
	if want := []string{"CreateUserPool", "SetUserPoolMfaConfig", "CreateUserPoolClient"}; !reflect.DeepEqual(ops, want) {
		t.Fatalf("operations %v, want %v (the provider's order for MFA OPTIONAL)", ops, want)
	}
	create, mfa := reqs[0].Body, reqs[1].Body
	if m, ok := create["MfaConfiguration"]; ok && m != "OFF" {
		t.Errorf("CreateUserPool MfaConfiguration=%v, want none (or OFF)", m)
	}
	if mfa["MfaConfiguration"] != "OPTIONAL" || mfa["UserPoolId"] == "" {
		t.Errorf("SetUserPoolMfaConfig %v, want OPTIONAL on the new pool", mfa)
	}
	tmpl, _ := create["AdminCreateUserConfig"].(map[string]any)["InviteMessageTemplate"].(map[string]any)
	sms, _ := tmpl["SMSMessage"].(string)
	if n := len([]rune(sms)); n < 6 || n > 140 || !strings.Contains(sms, "{username}") || !strings.Contains(sms, "{####}") {
		t.Errorf("InviteMessageTemplate.SMSMessage=%q, want 6–140 characters with {username} and {####}", sms)
	}
	if !strings.Contains(out.String(), "deploying into "+proxy.URL) {
		t.Errorf("output does not name the endpoint:\n%s", out.String())
	}
}

// TestEveryStackFilePlans builds and checks every request of every Pulumi.<stack>.yaml,
// the prod stack's hosted-UI domain included, without sending any.
func TestEveryStackFilePlans(t *testing.T) {
	files, err := filepath.Glob("Pulumi.*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no stack files: %v", err)
	}
	for _, f := range files {
		stack := strings.TrimSuffix(strings.TrimPrefix(f, "Pulumi."), ".yaml")
		t.Run(stack, func(t *testing.T) {
			_, cfg, err := stackconfig.Load(".", stack)
			if err != nil {
				t.Fatal(err)
			}
			dep, err := localdeploy.Plan(context.Background(), project, stack, cfg, declare)
			if err != nil {
				t.Fatalf("plan: %v", err)
			}
			var ops []string
			for _, r := range dep.Resources {
				for _, q := range r.Requests {
					ops = append(ops, q.Operation)
				}
			}
			if stack == "prod" && !slices.Contains(ops, "CreateUserPoolDomain") {
				t.Errorf("prod plan %v has no CreateUserPoolDomain", ops)
			}
		})
	}
}

// TestOutputsLock: while one run holds an outputs file (a -serve session), a second run on the
// same file is refused before it starts anything, naming the first; another file is fine.
func TestOutputsLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outputs.json")
	unlock, err := lockOutputs(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = lockOutputs(path)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) || !strings.Contains(err.Error(), "-outputs FILE") {
		t.Fatalf("second lock: %v, want a refusal naming the holder and -outputs", err)
	}
	other, err := lockOutputs(filepath.Join(t.TempDir(), "outputs.json"))
	if err != nil {
		t.Fatalf("another outputs file: %v", err)
	}
	other()
	unlock()
	again, err := lockOutputs(path)
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	again()
}

// TestLocalJourneyWithSRP is `make local`: cognito-local behind cognitoproxy, the smoke test built
// and run with Amplify's SRP sign-in; sign-in, refresh and global sign-out run for real and pass,
// as do the steps the front enforces (password policy, e-mail case, existence errors).
func TestLocalJourneyWithSRP(t *testing.T) {
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", dir+"/", "./smoketest")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the smoke test: %v\n%s", err, out)
	}
	var out, errOut bytes.Buffer
	err := runLocal(context.Background(), []string{"-smoketest", filepath.Join(dir, "smoketest"), "-outputs", filepath.Join(dir, "outputs.json")}, &out, &errOut)
	if err != nil {
		t.Fatalf("runLocal: %v\n%s%s", err, out.String(), errOut.String())
	}
	for _, want := range []string{`"-auth-flow" "srp"`, "--- PASS: sign-in", "--- PASS: refresh", "--- PASS: global-sign-out",
		"--- PASS: weak-password-refused", "--- PASS: sign-in-email-case", "--- PASS: existence-errors-hidden", "--- PASS: delete-user", "0 failed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestServeStopsOnSIGHUP: closing the terminal of a `make local-serve` session (SIGHUP) stops it
// like Ctrl-C: exit 0, cognito-local gone and its temporary directory removed.
func TestServeStopsOnSIGHUP(t *testing.T) {
	before, _ := filepath.Glob(filepath.Join(os.TempDir(), "cognito-local-*"))
	serve := emulatortest.Serve(t, emulatortest.Program(t, "."), ".", "-outputs", filepath.Join(t.TempDir(), "outputs.json"))
	if err := serve.Stop(syscall.SIGHUP); err != nil {
		t.Fatalf("after SIGHUP: %v, want exit 0", err)
	}
	// Other tests may run emulators now: only a directory this run owned (the pid in its owner
	// file, see emulator/datadir.go) counts.
	after, _ := filepath.Glob(filepath.Join(os.TempDir(), "cognito-local-*"))
	for _, d := range after {
		owner, _ := os.ReadFile(filepath.Join(d, "owner"))
		if !slices.Contains(before, d) && strings.HasPrefix(string(owner), fmt.Sprintf("%d ", serve.Pid())) {
			t.Errorf("%s left behind after SIGHUP", d)
		}
	}
}
