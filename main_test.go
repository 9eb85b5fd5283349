package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/clickops/cognito-pool/components"
	"github.com/clickops/cognito-pool/internal/pulumimock"
	"github.com/clickops/cognito-pool/internal/stackconfig"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const project = "cognito-pool"

// runProgram runs declare under mocks with cfg and returns the fake AWS, the resolved exports and
// the program's error.
func runProgram(tb testing.TB, cfg map[string]string) (*pulumimock.AWS, map[string]any, error) {
	tb.Helper()
	var exports map[string]any
	aws, err := pulumimock.Run(tb, project, cfg, func(ctx *pulumi.Context) error {
		outs, err := declare(ctx)
		if err != nil {
			return err
		}
		outs.ToMapOutput().ApplyT(func(m map[string]any) map[string]any { exports = m; return m })
		return nil
	})
	return aws, exports, err
}

func stackFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("Pulumi.*.yaml")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no Pulumi.<stack>.yaml files (err %v)", err)
	}
	return files
}

// TestStackFilesMatchSchema loads Pulumi.yaml and every stack file with the Pulumi SDK's loader and
// checks each stack value against the typed config schema; then deploys each stack under mocks.
func TestStackFilesMatchSchema(t *testing.T) {
	for _, f := range stackFiles(t) {
		stack := strings.TrimSuffix(strings.TrimPrefix(f, "Pulumi."), ".yaml")
		t.Run(stack, func(t *testing.T) {
			_, cfg, err := stackconfig.Load(".", stack)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if cfg["aws:region"] == "" {
				t.Errorf("%s sets no aws:region", f)
			}
			aws, _, err := runProgram(t, cfg)
			if err != nil {
				t.Fatalf("program with %s: %v", f, err)
			}
			if n := len(aws.ByType("aws:cognito/userPool:UserPool")); n != 1 {
				t.Errorf("%s registered %d pools, want 1", f, n)
			}
		})
	}
}

// TestSchemaDeclaresExactlyTheKeysRead keeps Pulumi.yaml and config.go in step: every key the
// program reads has a type, description and default, and every declared key is read.
func TestSchemaDeclaresExactlyTheKeysRead(t *testing.T) {
	proj, err := stackconfig.LoadProject(".")
	if err != nil {
		t.Fatal(err)
	}
	if proj.Name.String() != project {
		t.Fatalf("project name %q, want %q", proj.Name, project)
	}
	_, read, err := readConfig(project, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for k, typ := range proj.Config {
		declared = append(declared, k)
		if !typ.IsExplicitlyTyped() || typ.Description == "" || typ.Default == nil {
			t.Errorf("Pulumi.yaml key %q lacks a type, description or default", k)
		}
	}
	sort.Strings(declared)
	sort.Strings(read)
	if !reflect.DeepEqual(declared, read) {
		t.Errorf("Pulumi.yaml declares %v, program reads %v", declared, read)
	}
}

// TestProjectDefaultsAreComponentDefaults checks that the defaults the CLI fills in from Pulumi.yaml
// register the very same resources as no config at all (the component's own defaults).
func TestProjectDefaultsAreComponentDefaults(t *testing.T) {
	proj, err := stackconfig.LoadProject(".")
	if err != nil {
		t.Fatal(err)
	}
	defaults, err := stackconfig.Resolve(proj, emptyStack(), "none")
	if err != nil {
		t.Fatal(err)
	}
	withDefaults, _, err := runProgram(t, defaults)
	if err != nil {
		t.Fatal(err)
	}
	bare, _, err := runProgram(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := withDefaults.Resources(), bare.Resources()
	if len(a) != len(b) {
		t.Fatalf("%d resources with Pulumi.yaml defaults, %d without", len(a), len(b))
	}
	for i := range a {
		if !reflect.DeepEqual(a[i].Inputs.Mappable(), b[i].Inputs.Mappable()) {
			t.Errorf("%s: inputs with Pulumi.yaml defaults\n%v\ndiffer from component defaults\n%v", a[i].Name, a[i].Inputs.Mappable(), b[i].Inputs.Mappable())
		}
	}
}

func TestExports(t *testing.T) {
	_, exports, err := runProgram(t, map[string]string{"aws:region": "us-east-2"})
	if err != nil {
		t.Fatal(err)
	}
	id := "us-east-2_Mock0002"
	iss := "https://cognito-idp.us-east-2.amazonaws.com/" + id
	want := map[string]any{
		"userPoolId":       id,
		"userPoolArn":      "arn:aws:cognito-idp:us-east-2:123456789012:userpool/" + id,
		"userPoolClientId": "mockclient0003",
		"region":           "us-east-2",
		"issuer":           iss,
		"jwksUri":          iss + "/.well-known/jwks.json",
		"hostedUiDomain":   "",
		"frontendConfig":   map[string]any{"region": "us-east-2", "userPoolId": id, "userPoolClientId": "mockclient0003"},
		"backendEnv":       map[string]any{"AWS_COGNITO_USER_POOL_ID": id, "AWS_COGNITO_USER_POOL_CLIENT_ID": "mockclient0003"},
		"authSettings": map[string]any{
			"mfa": "OPTIONAL",
			"passwordPolicy": map[string]any{"minimumLength": 12, "requireLowercase": true, "requireUppercase": true,
				"requireNumbers": true, "requireSymbols": true},
			"clientAttributes":   []any{"email", "name", "preferred_username"},
			"usernameAttributes": []any{"email"},
			"requiredAttributes": []any{"email"},
		},
	}
	// As JSON, the form `pulumi stack output --json` gives them in.
	got, _ := json.Marshal(exports)
	wantJSON, _ := json.Marshal(want)
	if string(got) != string(wantJSON) {
		t.Errorf("exports=%s\nwant    %s", got, wantJSON)
	}
}

func boolp(b bool) *bool { return &b }

// TestConfigKeys checks each config key's effect on the component's args.
func TestConfigKeys(t *testing.T) {
	tests := []struct {
		key, value string
		want       components.UserPoolArgs
	}{
		{"appName", "Acme", components.UserPoolArgs{AppName: "Acme"}},
		{"verificationEmailSubject", "S", components.UserPoolArgs{VerificationEmailSubject: "S"}},
		{"verificationEmailMessage", "M {####}", components.UserPoolArgs{VerificationEmailMessage: "M {####}"}},
		{"invitationEmailSubject", "IS", components.UserPoolArgs{InvitationEmailSubject: "IS"}},
		{"invitationEmailMessage", "IM", components.UserPoolArgs{InvitationEmailMessage: "IM"}},
		{"sesFromAddress", "a@example.com", components.UserPoolArgs{SESFromAddress: "a@example.com"}},
		{"sesSourceArn", "arn", components.UserPoolArgs{SESSourceARN: "arn"}},
		{"sesConfigurationSet", "cs", components.UserPoolArgs{SESConfigurationSet: "cs"}},
		{"passwordMinimumLength", "16", components.UserPoolArgs{PasswordMinimumLength: 16}},
		{"passwordRequireLowercase", "false", components.UserPoolArgs{PasswordRequireLowercase: boolp(false)}},
		{"passwordRequireUppercase", "false", components.UserPoolArgs{PasswordRequireUppercase: boolp(false)}},
		{"passwordRequireNumbers", "true", components.UserPoolArgs{PasswordRequireNumbers: boolp(true)}},
		{"passwordRequireSymbols", "false", components.UserPoolArgs{PasswordRequireSymbols: boolp(false)}},
		{"temporaryPasswordValidityDays", "3", components.UserPoolArgs{TemporaryPasswordValidityDays: 3}},
		{"mfa", "ON", components.UserPoolArgs{MFA: "ON"}},
		{"deletionProtection", "false", components.UserPoolArgs{DeletionProtection: "INACTIVE"}},
		{"deletionProtection", "true", components.UserPoolArgs{}},
		{"featurePlan", "PLUS", components.UserPoolArgs{FeaturePlan: "PLUS"}},
		{"threatProtection", "AUDIT", components.UserPoolArgs{ThreatProtection: "AUDIT"}},
		{"allowPasswordAuth", "true", components.UserPoolArgs{AllowPasswordAuth: true}},
		{"accessTokenValidityMinutes", "30", components.UserPoolArgs{AccessTokenValidityMinutes: 30}},
		{"idTokenValidityMinutes", "15", components.UserPoolArgs{IDTokenValidityMinutes: 15}},
		{"refreshTokenValidityDays", "7", components.UserPoolArgs{RefreshTokenValidityDays: 7}},
		{"domainPrefix", "acme", components.UserPoolArgs{DomainPrefix: "acme"}},
		{"callbackUrls", `["https://a.example.com/cb"]`, components.UserPoolArgs{CallbackURLs: []string{"https://a.example.com/cb"}}},
		{"logoutUrls", `["https://a.example.com/"]`, components.UserPoolArgs{LogoutURLs: []string{"https://a.example.com/"}}},
		{"protect", "true", components.UserPoolArgs{Protect: true}},
		{"tags", `{"team":"auth"}`, components.UserPoolArgs{Tags: map[string]string{"team": "auth"}}},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			got, _, err := readConfig(project, func(k string) (string, bool) {
				if k == tt.key {
					return tt.value, true
				}
				return "", false
			})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("args=%+v, want %+v", *got, tt.want)
			}
		})
	}
}

// TestBadConfig checks that a value of the wrong shape, or one the component refuses, stops the
// program with an error naming the key and registers nothing.
func TestBadConfig(t *testing.T) {
	tests := []struct{ key, value, want string }{
		{"passwordMinimumLength", "twelve", "cognito-pool:passwordMinimumLength"},
		{"passwordRequireSymbols", "yes please", `passwordRequireSymbols`},
		{"callbackUrls", "https://a.example.com", `callbackUrls`},
		{"tags", "[1]", `tags`},
		{"mfa", "SMS", "cognito-pool:mfa"},
		{"passwordMinimumLength", "4", "config cognito-pool:passwordMinimumLength: 4 is outside 6–99 characters"},
		{"passwordMinimumLength", "0", "config cognito-pool:passwordMinimumLength: 0 is outside 6–99"},
		{"accessTokenValidityMinutes", "0", "config cognito-pool:accessTokenValidityMinutes: 0 is outside 5–1440"},
		{"refreshTokenValidityDays", "0", "config cognito-pool:refreshTokenValidityDays: 0 is outside 1–3650"},
		{"temporaryPasswordValidityDays", "0", "config cognito-pool:temporaryPasswordValidityDays: 0 is outside 1–365"},
		{"clientAttributes", `["email","email_verified"]`, "config cognito-pool:clientAttributes[1]: \"email_verified\" is read-only"},
		{"appName", strings.Repeat("a", 120), "config cognito-pool:appName: 120 characters make the default verificationEmailSubject"},
		{"tags", `{"aws:x":"y"}`, "config cognito-pool:tags"},
		{"verificationEmailMessage", "no code", "{####}"},
		{"threatProtection", "ENFORCED", "PLUS"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			aws, _, err := runProgram(t, map[string]string{project + ":" + tt.key: tt.value})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err=%v, want one naming %s", err, tt.want)
			}
			if n := len(aws.Resources()); n != 0 {
				t.Errorf("registered %d resources on bad config, want 0", n)
			}
		})
	}
}

// TestStackFileTypos shows the schema check catching the mistakes `pulumi up` would otherwise hit.
func TestStackFileTypos(t *testing.T) {
	schema, err := os.ReadFile("Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, stack, want string }{
		{"misspelt key", "config:\n  cognito-pool:passwordMinimumLenght: 14\n", `did you mean "passwordMinimumLength"`},
		{"wrong type", "config:\n  cognito-pool:passwordMinimumLength: long\n", "integer"},
		{"bool as word", "config:\n  cognito-pool:deletionProtection: maybe\n", "boolean"},
		{"array as string", "config:\n  cognito-pool:callbackUrls: https://a.example.com\n", "array<string>"},
		{"secret", "config:\n  cognito-pool:appName:\n    secure: AAABAM\n", "secret"},
		{"wrong namespace", "config:\n  cognito_pool:passwordMinimumLength: 14\n", `unknown namespace "cognito_pool"`},
		{"wrong namespace suggests", "config:\n  cognito_pool:passwordMinimumLength: 14\n", `did you mean "cognito-pool"`},
		{"misspelt provider key", "config:\n  aws:regoin: eu-west-1\n", `aws:regoin is not a setting of the AWS provider (did you mean "region"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), schema, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "Pulumi.x.yaml"), []byte(tt.stack), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err := stackconfig.Load(dir, "x")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err=%v, want one containing %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "Pulumi.x.yaml") {
				t.Errorf("err=%v does not name the stack file", err)
			}
		})
	}
}

func emptyStack() *workspace.ProjectStack { return &workspace.ProjectStack{Config: config.Map{}} }

// TestProdStack checks the worked production example declares what its comments promise.
func TestProdStack(t *testing.T) {
	_, cfg, err := stackconfig.Load(".", "prod")
	if err != nil {
		t.Fatal(err)
	}
	aws, _, err := runProgram(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	pool := aws.ByType("aws:cognito/userPool:UserPool")[0]
	in := pool.Inputs.Mappable()
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"deletionProtection", in["deletionProtection"], "ACTIVE"},
		{"userPoolTier", in["userPoolTier"], "PLUS"},
		{"threat protection", in["userPoolAddOns"], map[string]any{"advancedSecurityMode": "ENFORCED"}},
		{"SES sending", in["emailConfiguration"].(map[string]any)["emailSendingAccount"], "DEVELOPER"},
		{"password length", in["passwordPolicy"].(map[string]any)["minimumLength"], 14.0},
		{"pool protected", pool.Protect, true},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("prod %s=%v, want %v", c.what, c.got, c.want)
		}
	}
	domains := aws.ByType("aws:cognito/userPoolDomain:UserPoolDomain")
	if len(domains) != 1 || !domains[0].Protect {
		t.Errorf("prod domain=%+v, want one protected domain", domains)
	}
}

// TestREADMEDocumentsConfigAndOutputs keeps the README's references in step with Pulumi.yaml and
// the program's exports.
func TestREADMEDocumentsConfigAndOutputs(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	proj, err := stackconfig.LoadProject(".")
	if err != nil {
		t.Fatal(err)
	}
	for key, typ := range proj.Config {
		row := "| `" + key + "` | "
		if !strings.Contains(string(readme), row) {
			t.Errorf("README's configuration reference has no row for %q", key)
			continue
		}
		line := string(readme)[strings.Index(string(readme), row):]
		line = line[:strings.Index(line, "\n")]
		if !strings.Contains(line, "| "+typ.TypeName()) {
			t.Errorf("README row for %q does not give its type %s: %s", key, typ.TypeName(), line)
		}
	}
	_, exports, err := runProgram(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	for key := range exports {
		if !strings.Contains(string(readme), "| `"+key+"` |") {
			t.Errorf("README's outputs reference has no row for %q", key)
		}
	}
}

// TestEveryFieldHasAConfigKey: each UserPoolArgs field the program sets has the config key
// configKey names, so an error about a field can name the key the user wrote.
func TestEveryFieldHasAConfigKey(t *testing.T) {
	_, keys, err := readConfig(project, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range reflect.VisibleFields(reflect.TypeOf(components.UserPoolArgs{})) {
		key := configKey(f.Name)
		if !slices.Contains(keys, key) {
			t.Errorf("field %s: configKey %q is not a key readConfig reads", f.Name, key)
		}
		if fieldOf(key) != f.Name {
			t.Errorf("fieldOf(%q)=%q, want %s", key, fieldOf(key), f.Name)
		}
	}
	for field, want := range map[string]string{"InvitationSMSMessage": "invitationSmsMessage", "CallbackURLs": "callbackUrls",
		"SESSourceARN": "sesSourceArn", "MFA": "mfa", "IDTokenValidityMinutes": "idTokenValidityMinutes", "AppName": "appName"} {
		if got := configKey(field); got != want {
			t.Errorf("configKey(%s)=%q, want %q", field, got, want)
		}
	}
}
