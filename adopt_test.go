package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/clickops/cognito-pool/adopt"
	"github.com/clickops/cognito-pool/emulator"
	"github.com/clickops/cognito-pool/internal/emulatortest"
	"github.com/clickops/cognito-pool/internal/stackconfig"
	"github.com/clickops/cognito-pool/localdeploy"
)

// consolePool is a pool made through the API the way the AWS console makes it.
type consolePool struct {
	pool   cip.CreateUserPoolInput
	mfa    *cip.SetUserPoolMfaConfigInput
	client cip.CreateUserPoolClientInput
}

func str(name string, required bool) types.SchemaAttributeType {
	return types.SchemaAttributeType{Name: aws.String(name), AttributeDataType: types.AttributeDataTypeString, Required: aws.Bool(required),
		Mutable: aws.Bool(true), DeveloperOnlyAttribute: aws.Bool(false),
		StringAttributeConstraints: &types.StringAttributeConstraintsType{MinLength: aws.String("0"), MaxLength: aws.String("2048")}}
}

// cruddur is the console pool: e-mail sign-in, required name, the console's password
// policy (8, every class), no MFA, the default sender, pool cruddur-user-pool, one public client
// cruddur without a secret, no hosted UI.
func cruddur() consolePool {
	return consolePool{
		pool: cip.CreateUserPoolInput{
			PoolName:               aws.String("cruddur-user-pool"),
			UsernameAttributes:     []types.UsernameAttributeType{types.UsernameAttributeTypeEmail},
			UsernameConfiguration:  &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)},
			AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
			Schema:                 []types.SchemaAttributeType{str("email", true), str("name", true)},
			Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(8),
				RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7}},
			AccountRecoverySetting: &types.AccountRecoverySettingType{RecoveryMechanisms: []types.RecoveryOptionType{{Name: types.RecoveryOptionNameTypeVerifiedEmail, Priority: aws.Int32(1)}}},
			VerificationMessageTemplate: &types.VerificationMessageTemplateType{DefaultEmailOption: types.DefaultEmailOptionTypeConfirmWithCode,
				EmailSubject: aws.String("Your verification code"), EmailMessage: aws.String("Your verification code is {####}. ")},
			UserAttributeUpdateSettings: &types.UserAttributeUpdateSettingsType{AttributesRequireVerificationBeforeUpdate: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}},
			DeletionProtection:          types.DeletionProtectionTypeActive,
			EmailConfiguration:          &types.EmailConfigurationType{EmailSendingAccount: types.EmailSendingAccountTypeCognitoDefault},
			AdminCreateUserConfig:       &types.AdminCreateUserConfigType{AllowAdminCreateUserOnly: false},
		},
		client: cip.CreateUserPoolClientInput{
			ClientName:                 aws.String("cruddur"),
			ExplicitAuthFlows:          []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
			PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
			EnableTokenRevocation:      aws.Bool(true),
			AccessTokenValidity:        aws.Int32(60), IdTokenValidity: aws.Int32(60), RefreshTokenValidity: 30,
			TokenValidityUnits: &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes, IdToken: types.TimeUnitsTypeMinutes, RefreshToken: types.TimeUnitsTypeDays},
			ReadAttributes:     []string{"email", "email_verified", "name", "preferred_username"},
			WriteAttributes:    []string{"email", "name", "preferred_username"},
		},
	}
}

// adoptCases are the console-like pools of issue 10.
var adoptCases = map[string]func() consolePool{
	"console pool": cruddur,
	"preferred_username alias": func() consolePool {
		c := cruddur()
		c.pool.UsernameAttributes = nil
		c.pool.AliasAttributes = []types.AliasAttributeType{types.AliasAttributeTypeEmail, types.AliasAttributeTypePreferredUsername}
		return c
	},
	"case-sensitive": func() consolePool {
		c := cruddur()
		c.pool.UsernameConfiguration = &types.UsernameConfigurationType{CaseSensitive: aws.Bool(true)}
		return c
	},
	"client with a secret, TOTP MFA and a custom attribute": func() consolePool {
		c := cruddur()
		c.pool.Schema = append(c.pool.Schema, types.SchemaAttributeType{Name: aws.String("team"), AttributeDataType: types.AttributeDataTypeString,
			Mutable: aws.Bool(true), DeveloperOnlyAttribute: aws.Bool(false), Required: aws.Bool(false),
			StringAttributeConstraints: &types.StringAttributeConstraintsType{MinLength: aws.String("1"), MaxLength: aws.String("64")}})
		c.pool.Policies.PasswordPolicy.MinimumLength = aws.Int32(10)
		c.mfa = &cip.SetUserPoolMfaConfigInput{MfaConfiguration: types.UserPoolMfaTypeOptional, SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: true}}
		c.client.GenerateSecret = true
		c.client.ExplicitAuthFlows = append(c.client.ExplicitAuthFlows, types.ExplicitAuthFlowsTypeAllowUserPasswordAuth)
		c.client.ReadAttributes = append(c.client.ReadAttributes, "custom:team")
		c.client.WriteAttributes = append(c.client.WriteAttributes, "custom:team")
		return c
	},
}

func (c consolePool) create(tb testing.TB, client *cip.Client) (poolID, clientID string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	p, err := client.CreateUserPool(ctx, &c.pool)
	if err != nil {
		tb.Fatalf("CreateUserPool: %v", err)
	}
	poolID = aws.ToString(p.UserPool.Id)
	if c.mfa != nil {
		c.mfa.UserPoolId = aws.String(poolID)
		if _, err := client.SetUserPoolMfaConfig(ctx, c.mfa); err != nil {
			tb.Fatalf("SetUserPoolMfaConfig: %v", err)
		}
	}
	c.client.UserPoolId = aws.String(poolID)
	cl, err := client.CreateUserPoolClient(ctx, &c.client)
	if err != nil {
		tb.Fatalf("CreateUserPoolClient: %v", err)
	}
	return poolID, aws.ToString(cl.UserPoolClient.ClientId)
}

// projectDir is a temporary directory holding the project's Pulumi.yaml, where adopt writes.
func projectDir(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	data, err := os.ReadFile("Pulumi.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

type described struct {
	pool   *types.UserPoolType
	mfa    *cip.GetUserPoolMfaConfigOutput
	client *types.UserPoolClientType
}

func describe(tb testing.TB, c *cip.Client, poolID, clientID string) described {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	p, err := c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	if err != nil {
		tb.Fatal(err)
	}
	m, err := c.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: aws.String(poolID)})
	if err != nil {
		tb.Fatal(err)
	}
	cl, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: aws.String(clientID)})
	if err != nil {
		tb.Fatal(err)
	}
	return described{p.UserPool, m, cl.UserPoolClient}
}

func sorted[T ~string](v []T) []string {
	out := []string{}
	for _, s := range v {
		out = append(out, string(s))
	}
	sort.Strings(out)
	return out
}

func schemaByName(v []types.SchemaAttributeType) map[string]types.SchemaAttributeType {
	m := map[string]types.SchemaAttributeType{}
	for _, a := range v {
		m[aws.ToString(a.Name)] = a
	}
	return m
}

// compare checks the copy against the original field by field. Not compared, by design: ids,
// ARNs, dates, the client secret's value; DeletionProtection (cognito-local doesn't store it; the
// config's deletionProtection is checked instead); the verification template's SMS text and the
// invitation template (not declared by the project; reported as warnings); UserPoolAddOns nil
// equals mode OFF (the component declares OFF explicitly).
func compare(t *testing.T, orig, cp described) {
	t.Helper()
	o, c := orig.pool, cp.pool
	eq := func(field string, a, b any) {
		t.Helper()
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: original %#v, copy %#v", field, a, b)
		}
	}
	eq("Name", aws.ToString(o.Name), aws.ToString(c.Name))
	eq("UsernameAttributes", sorted(o.UsernameAttributes), sorted(c.UsernameAttributes))
	eq("AliasAttributes", sorted(o.AliasAttributes), sorted(c.AliasAttributes))
	eq("UsernameConfiguration.CaseSensitive", aws.ToBool(o.UsernameConfiguration.CaseSensitive), aws.ToBool(c.UsernameConfiguration.CaseSensitive))
	eq("AutoVerifiedAttributes", sorted(o.AutoVerifiedAttributes), sorted(c.AutoVerifiedAttributes))
	eq("SchemaAttributes", schemaByName(o.SchemaAttributes), schemaByName(c.SchemaAttributes))
	var required []string
	for _, a := range o.SchemaAttributes {
		if aws.ToBool(a.Required) {
			required = append(required, aws.ToString(a.Name))
		}
	}
	if len(required) < 2 {
		t.Errorf("original requires only %v: the case doesn't exercise required attributes", required)
	}
	op, cpp := *o.Policies.PasswordPolicy, *c.Policies.PasswordPolicy
	if op.PasswordHistorySize == nil {
		op.PasswordHistorySize = aws.Int32(0) // AWS's default; the provider always sends it
	}
	eq("PasswordPolicy", op, cpp)
	eq("MfaConfiguration", orig.mfa.MfaConfiguration, cp.mfa.MfaConfiguration)
	eq("SoftwareTokenMfaConfiguration", orig.mfa.SoftwareTokenMfaConfiguration, cp.mfa.SoftwareTokenMfaConfiguration)
	eq("EmailConfiguration", o.EmailConfiguration, c.EmailConfiguration)
	eq("AccountRecoverySetting", o.AccountRecoverySetting, c.AccountRecoverySetting)
	eq("UserAttributeUpdateSettings", o.UserAttributeUpdateSettings, c.UserAttributeUpdateSettings)
	eq("VerificationMessageTemplate.EmailSubject", aws.ToString(o.VerificationMessageTemplate.EmailSubject), aws.ToString(c.VerificationMessageTemplate.EmailSubject))
	eq("VerificationMessageTemplate.EmailMessage", aws.ToString(o.VerificationMessageTemplate.EmailMessage), aws.ToString(c.VerificationMessageTemplate.EmailMessage))
	eq("VerificationMessageTemplate.DefaultEmailOption", o.VerificationMessageTemplate.DefaultEmailOption, c.VerificationMessageTemplate.DefaultEmailOption)
	eq("AdminCreateUserConfig.AllowAdminCreateUserOnly", o.AdminCreateUserConfig.AllowAdminCreateUserOnly, c.AdminCreateUserConfig.AllowAdminCreateUserOnly)
	mode := func(a *types.UserPoolAddOnsType) types.AdvancedSecurityModeType {
		if a == nil {
			return types.AdvancedSecurityModeTypeOff
		}
		return a.AdvancedSecurityMode
	}
	eq("UserPoolAddOns.AdvancedSecurityMode", mode(o.UserPoolAddOns), mode(c.UserPoolAddOns))

	oc, cc := orig.client, cp.client
	eq("ClientName", aws.ToString(oc.ClientName), aws.ToString(cc.ClientName))
	eq("ExplicitAuthFlows", sorted(oc.ExplicitAuthFlows), sorted(cc.ExplicitAuthFlows))
	eq("ReadAttributes", sorted(oc.ReadAttributes), sorted(cc.ReadAttributes))
	eq("WriteAttributes", sorted(oc.WriteAttributes), sorted(cc.WriteAttributes))
	eq("PreventUserExistenceErrors", oc.PreventUserExistenceErrors, cc.PreventUserExistenceErrors)
	eq("EnableTokenRevocation", aws.ToBool(oc.EnableTokenRevocation), aws.ToBool(cc.EnableTokenRevocation))
	eq("AccessTokenValidity", aws.ToInt32(oc.AccessTokenValidity), aws.ToInt32(cc.AccessTokenValidity))
	eq("IdTokenValidity", aws.ToInt32(oc.IdTokenValidity), aws.ToInt32(cc.IdTokenValidity))
	eq("RefreshTokenValidity", oc.RefreshTokenValidity, cc.RefreshTokenValidity)
	eq("TokenValidityUnits", oc.TokenValidityUnits, cc.TokenValidityUnits)
	eq("AllowedOAuthFlows", oc.AllowedOAuthFlows, cc.AllowedOAuthFlows)
}

// TestAdoptReproducesThePool is the journey of issue 10, per console-like pool: make it in
// cognito-local through the API, adopt it, check the stack file, deploy the file into a fresh
// emulator with the program, and compare the copy with the original field by field.
func TestAdoptReproducesThePool(t *testing.T) {
	src := emulatortest.Start(t)
	srcClient := emulator.NewClient(src.Endpoint, "local", retryReads)
	for name, mk := range adoptCases {
		t.Run(name, func(t *testing.T) {
			cp := mk()
			if len(cp.pool.AliasAttributes) > 0 {
				t.Skip("cognito-local 5.3.0 merges its default UsernameAttributes [email] into every pool (lodash merge of UserPoolDefaults), so it can't hold a pool that signs in with a username and aliases; TestAdoptAliasPool covers this case without it")
			}
			poolID, clientID := cp.create(t, srcClient)
			dir := projectDir(t)
			var out, errOut bytes.Buffer
			if err := runAdopt(context.Background(), []string{"-pool-id", poolID, "-endpoint", src.Endpoint, "-stack", "adopted"}, dir, &out, &errOut); err != nil {
				t.Fatalf("adopt: %v\n%s", err, errOut.String())
			}
			_, cfg, err := stackconfig.Load(dir, "adopted")
			if err != nil {
				t.Fatalf("the written Pulumi.adopted.yaml fails the stack-file check: %v", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "adopt-adopted.md")); err != nil {
				t.Errorf("no report beside the stack file: %v", err)
			}
			if got, want := cfg[project+":importPoolId"], poolID; got != want {
				t.Errorf("importPoolId=%q, want %q", got, want)
			}
			if got, want := cfg[project+":importClientId"], clientID; got != want {
				t.Errorf("importClientId=%q, want %q", got, want)
			}
			orig := describe(t, srcClient, poolID, clientID)
			// cognito-local doesn't store DeletionProtection: the config must carry what it reports.
			if got, want := cfg[project+":deletionProtection"], fmt.Sprint(orig.pool.DeletionProtection == types.DeletionProtectionTypeActive); got != want {
				t.Errorf("deletionProtection=%q, want %q", got, want)
			}
			if got, want := cfg[project+":clientGenerateSecret"], map[bool]string{true: "true", false: "false"}[cp.client.GenerateSecret]; got != want {
				t.Errorf("clientGenerateSecret=%q, want %q", got, want)
			}

			dst := emulatortest.Start(t)
			dstClient := emulator.NewClient(dst.Endpoint, "local", retryReads)
			dep, err := localdeploy.Deploy(context.Background(), dstClient, dst.Endpoint, project, "adopted", cfg, declare)
			if err != nil {
				t.Fatalf("deploy the adopted config: %v", err)
			}
			copyPool, _ := dep.Outputs["userPoolId"].(string)
			copyClient, _ := dep.Outputs["userPoolClientId"].(string)
			compare(t, orig, describe(t, dstClient, copyPool, copyClient))
		})
	}
}

// TestAdoptUnderMocks: the program with an adopted config registers the pool and the client
// with the import ids set and inputs equal to what was read.
func TestAdoptUnderMocks(t *testing.T) {
	src := emulatortest.Start(t)
	srcClient := emulator.NewClient(src.Endpoint, "local", retryReads)
	cp := adoptCases["client with a secret, TOTP MFA and a custom attribute"]()
	poolID, clientID := cp.create(t, srcClient)
	dir := projectDir(t)
	var out, errOut bytes.Buffer
	if err := runAdopt(context.Background(), []string{"-pool-id", poolID, "-endpoint", src.Endpoint}, dir, &out, &errOut); err != nil {
		t.Fatalf("adopt: %v", err)
	}
	_, cfg, err := stackconfig.Load(dir, "adopted")
	if err != nil {
		t.Fatal(err)
	}
	aws_, _, err := runProgram(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	pools, clients := aws_.ByType(localdeploy.TypeUserPool), aws_.ByType(localdeploy.TypeUserPoolClient)
	if len(pools) != 1 || len(clients) != 1 {
		t.Fatalf("%d pools, %d clients, want 1 and 1", len(pools), len(clients))
	}
	if got := pools[0].ImportID; got != poolID {
		t.Errorf("pool import id %q, want %q", got, poolID)
	}
	if got, want := clients[0].ImportID, poolID+"/"+clientID; got != want {
		t.Errorf("client import id %q, want %q", got, want)
	}
	live := describe(t, srcClient, poolID, clientID)
	pool, client := pools[0].Inputs.Mappable(), clients[0].Inputs.Mappable()
	strsOf := func(v any) []string {
		var out []string
		for _, e := range v.([]any) {
			out = append(out, e.(string))
		}
		sort.Strings(out)
		return out
	}
	eq := func(field string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: declared %#v, read %#v", field, got, want)
		}
	}
	eq("pool name", pool["name"], aws.ToString(live.pool.Name))
	eq("usernameAttributes", strsOf(pool["usernameAttributes"]), sorted(live.pool.UsernameAttributes))
	eq("caseSensitive", pool["usernameConfiguration"].(map[string]any)["caseSensitive"], aws.ToBool(live.pool.UsernameConfiguration.CaseSensitive))
	pp := pool["passwordPolicy"].(map[string]any)
	lp := live.pool.Policies.PasswordPolicy
	eq("minimumLength", pp["minimumLength"], float64(aws.ToInt32(lp.MinimumLength)))
	eq("requireSymbols", pp["requireSymbols"], lp.RequireSymbols)
	eq("temporaryPasswordValidityDays", pp["temporaryPasswordValidityDays"], float64(lp.TemporaryPasswordValidityDays))
	eq("mfaConfiguration", pool["mfaConfiguration"], string(live.mfa.MfaConfiguration))
	var declared []string
	for _, s := range pool["schemas"].([]any) {
		m := s.(map[string]any)
		name := m["name"].(string)
		if !slices.Contains([]string{"email", "name", "preferred_username"}, name) {
			name = "custom:" + name
		}
		declared = append(declared, name)
		la := schemaByName(live.pool.SchemaAttributes)[name]
		eq(name+".required", m["required"], aws.ToBool(la.Required))
		eq(name+".mutable", m["mutable"], aws.ToBool(la.Mutable))
		if c, ok := m["stringAttributeConstraints"].(map[string]any); ok {
			eq(name+".maxLength", c["maxLength"], aws.ToString(la.StringAttributeConstraints.MaxLength))
		}
	}
	sort.Strings(declared)
	eq("schema (non-default attributes)", declared, []string{"custom:team", "email", "name"})
	eq("client name", client["name"], aws.ToString(live.client.ClientName))
	eq("explicitAuthFlows", strsOf(client["explicitAuthFlows"]), sorted(live.client.ExplicitAuthFlows))
	eq("readAttributes", strsOf(client["readAttributes"]), sorted(live.client.ReadAttributes))
	eq("writeAttributes", strsOf(client["writeAttributes"]), sorted(live.client.WriteAttributes))
	eq("preventUserExistenceErrors", client["preventUserExistenceErrors"], string(live.client.PreventUserExistenceErrors))
	eq("accessTokenValidity", client["accessTokenValidity"], float64(aws.ToInt32(live.client.AccessTokenValidity)))
	eq("refreshTokenValidity", client["refreshTokenValidity"], float64(live.client.RefreshTokenValidity))
	if _, ok := client["generateSecret"]; ok {
		t.Errorf("imported client declares generateSecret=%v: RequiresReplace and never read back, it would replace the client", client["generateSecret"])
	}
	// Without the import ids (a new pool from the same config) the secret is declared.
	delete(cfg, project+":importClientId")
	fresh, _, err := runProgram(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := fresh.ByType(localdeploy.TypeUserPoolClient)[0].Inputs.Mappable()["generateSecret"]; got != true {
		t.Errorf("generateSecret without import = %v, want true", got)
	}
}

// TestAdoptRefusals: usage errors exit 2, failures 1, each with one line naming the input; nothing
// is written.
func TestAdoptRefusals(t *testing.T) {
	src := emulatortest.Start(t)
	c := emulator.NewClient(src.Endpoint, "local", retryReads)
	lambda := cruddur()
	lambda.pool.LambdaConfig = &types.LambdaConfigType{PreSignUp: aws.String("arn:aws:lambda:eu-west-1:123456789012:function:pre")}
	lambdaPool, _ := lambda.create(t, c)
	two := cruddur()
	twoPool, _ := two.create(t, c)
	two.client.UserPoolId = aws.String(twoPool)
	if _, err := c.CreateUserPoolClient(context.Background(), &two.client); err != nil {
		t.Fatal(err)
	}
	okPool, _ := cruddur().create(t, c)

	tests := []struct {
		name     string
		args     []string
		existing bool
		usage    bool
		want     []string
	}{
		{"bad flag", []string{"-nope"}, false, true, []string{"-nope"}},
		{"no pool id", []string{"-endpoint", src.Endpoint}, false, true, []string{"-pool-id is required"}},
		{"malformed pool id", []string{"-pool-id", "pool", "-endpoint", src.Endpoint}, false, true, []string{"-pool-id", "<region>_<id>"}},
		{"region and endpoint", []string{"-pool-id", okPool, "-endpoint", src.Endpoint, "-region", "eu-west-1"}, false, true, []string{"-region and -endpoint"}},
		{"bad endpoint", []string{"-pool-id", okPool, "-endpoint", "localhost:1"}, false, true, []string{"-endpoint"}},
		{"bad stack", []string{"-pool-id", okPool, "-endpoint", src.Endpoint, "-stack", "a/b"}, false, true, []string{"-stack"}},
		{"unknown pool", []string{"-pool-id", "local_Nope1234", "-endpoint", src.Endpoint}, false, false, []string{"local_Nope1234", "not found"}},
		{"unknown client", []string{"-pool-id", okPool, "-client-id", "nope", "-endpoint", src.Endpoint}, false, false, []string{"client nope", "not found"}},
		{"lambda triggers", []string{"-pool-id", lambdaPool, "-endpoint", src.Endpoint}, false, false, []string{"can't adopt", "Lambda triggers (PreSignUp)"}},
		{"several clients", []string{"-pool-id", twoPool, "-endpoint", src.Endpoint}, false, false, []string{"2 clients", "-client-id"}},
		{"existing stack file", []string{"-pool-id", okPool, "-endpoint", src.Endpoint}, true, false, []string{"exists", "-force"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := projectDir(t)
			stackFile := filepath.Join(dir, "Pulumi.adopted.yaml")
			if tt.existing {
				if err := os.WriteFile(stackFile, []byte("config: {}\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var out, errOut bytes.Buffer
			err := runAdopt(context.Background(), tt.args, dir, &out, &errOut)
			if err == nil {
				t.Fatal("adopt succeeded")
			}
			var usage usageError
			if isUsage := errorsAs(err, &usage); isUsage != tt.usage {
				t.Errorf("usage error=%v, want %v (%v)", isUsage, tt.usage, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("message has several lines: %q", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			entries, _ := os.ReadDir(dir)
			want := 1
			if tt.existing {
				want = 2
			}
			if len(entries) != want {
				t.Errorf("%d files in the project dir after a refusal, want %d", len(entries), want)
			}
		})
	}
	// -force overwrites.
	dir := projectDir(t)
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.adopted.yaml"), []byte("config: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := runAdopt(context.Background(), []string{"-pool-id", okPool, "-endpoint", src.Endpoint, "-force"}, dir, &out, &out); err != nil {
		t.Fatalf("-force: %v", err)
	}
	if _, _, err := stackconfig.Load(dir, "adopted"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "impossible without a new pool") && !strings.Contains(out.String(), "in-place update") {
		t.Errorf("no hardening report printed:\n%s", out.String())
	}
}

// TestAdoptHardeningReport: for the console pool, the report names what moves in place and what
// needs a new pool.
func TestAdoptHardeningReport(t *testing.T) {
	l := &adopt.Live{Pool: &types.UserPoolType{
		Id: aws.String("eu-west-1_AbC123"), Name: aws.String("cruddur-user-pool"),
		UsernameAttributes:    []types.UsernameAttributeType{types.UsernameAttributeTypeEmail},
		UsernameConfiguration: &types.UsernameConfigurationType{CaseSensitive: aws.Bool(true)},
		SchemaAttributes:      []types.SchemaAttributeType{str("email", true), str("name", true), str("nickname", false)},
		Policies:              &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{MinimumLength: aws.Int32(8), RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7}},
		DeletionProtection:    types.DeletionProtectionTypeInactive,
	}, MFA: &cip.GetUserPoolMfaConfigOutput{MfaConfiguration: types.UserPoolMfaTypeOff}}
	res, err := adopt.Convert(l)
	if err != nil {
		t.Fatal(err)
	}
	moves := map[string]adopt.Move{}
	for _, r := range res.Report {
		moves[r.Setting] = r.Move
	}
	want := map[string]adopt.Move{
		"Password minimum length":                 adopt.InPlace,
		"MFA":                                     adopt.InPlace,
		"Deletion protection":                     adopt.InPlace,
		"Required attributes":                     adopt.NewPool,
		"Case-sensitive usernames":                adopt.NewPool,
		"Sign-in attributes (usernameAttributes)": adopt.Same,
		"Password: RequireSymbols":                adopt.Same,
	}
	for k, w := range want {
		if moves[k] != w {
			t.Errorf("%s: %q, want %q", k, moves[k], w)
		}
	}
	md := res.Markdown("eu-west-1_AbC123", "Pulumi.adopted.yaml")
	for _, s := range []string{"| Required attributes | [email name] | [email] | impossible without a new pool |", "user migration", "no client"} {
		if !strings.Contains(md, s) {
			t.Errorf("report lacks %q:\n%s", s, md)
		}
	}
	// The standard attribute at its default (nickname) is not carried; the required ones are.
	var names []string
	for _, s := range adopt.Schema(l.Pool.SchemaAttributes) {
		names = append(names, s.Name)
	}
	if !reflect.DeepEqual(names, []string{"email", "name"}) {
		t.Errorf("schema %v, want [email name]", names)
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestAdoptAliasPool adopts a pool signing in with a username and the email and
// preferred_username aliases, from a DescribeUserPool answer shaped like AWS's (cognito-local can't
// hold such a pool): the config declares the aliases and no username attributes, passes
// config.go and the component, and its requests pass AWS's API model.
func TestAdoptAliasPool(t *testing.T) {
	c := adoptCases["preferred_username alias"]()
	p := c.pool
	l := &adopt.Live{
		Pool: &types.UserPoolType{Id: aws.String("eu-west-1_Alias1"), Name: p.PoolName, AliasAttributes: p.AliasAttributes,
			UsernameConfiguration: p.UsernameConfiguration, SchemaAttributes: p.Schema, Policies: p.Policies,
			AutoVerifiedAttributes: p.AutoVerifiedAttributes, AccountRecoverySetting: p.AccountRecoverySetting,
			VerificationMessageTemplate: p.VerificationMessageTemplate, UserAttributeUpdateSettings: p.UserAttributeUpdateSettings,
			DeletionProtection: p.DeletionProtection, EmailConfiguration: p.EmailConfiguration, AdminCreateUserConfig: p.AdminCreateUserConfig,
			UserPoolTier: types.UserPoolTierTypeEssentials},
		MFA: &cip.GetUserPoolMfaConfigOutput{MfaConfiguration: types.UserPoolMfaTypeOff},
		Client: &types.UserPoolClientType{ClientId: aws.String("aliasclient1"), ClientName: c.client.ClientName, ExplicitAuthFlows: c.client.ExplicitAuthFlows,
			PreventUserExistenceErrors: c.client.PreventUserExistenceErrors, EnableTokenRevocation: c.client.EnableTokenRevocation,
			AccessTokenValidity: c.client.AccessTokenValidity, IdTokenValidity: c.client.IdTokenValidity, RefreshTokenValidity: c.client.RefreshTokenValidity,
			TokenValidityUnits: c.client.TokenValidityUnits, ReadAttributes: c.client.ReadAttributes, WriteAttributes: c.client.WriteAttributes},
	}
	res, err := adopt.Convert(l)
	if err != nil {
		t.Fatal(err)
	}
	cfg := map[string]string{"aws:region": res.Region}
	for k, v := range res.Values() {
		cfg[project+":"+k] = v
	}
	aws_, _, err := runProgram(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	pool := aws_.ByType(localdeploy.TypeUserPool)[0]
	in := pool.Inputs.Mappable()
	if _, ok := in["usernameAttributes"]; ok {
		t.Errorf("usernameAttributes declared: %v", in["usernameAttributes"])
	}
	if got := in["aliasAttributes"]; !reflect.DeepEqual(got, []any{"email", "preferred_username"}) {
		t.Errorf("aliasAttributes=%v", got)
	}
	if pool.ImportID != "eu-west-1_Alias1" {
		t.Errorf("pool import id %q", pool.ImportID)
	}
	if _, err := localdeploy.Plan(context.Background(), project, "adopted", cfg, declare); err != nil {
		t.Errorf("the adopted config's requests: %v", err)
	}
}

// retryReads lets the SDK retry a request whose kept-alive connection cognito-local (Node.js)
// closed just as it was reused ("use of closed network connection"); emulator.NewClient sends
// each request once.
func retryReads(o *cip.Options) { o.RetryMaxAttempts = 3 }
