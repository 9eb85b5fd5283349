package components

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/clickops/cognito-pool/internal/pulumimock"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	poolType   = "aws:cognito/userPool:UserPool"
	clientType = "aws:cognito/userPoolClient:UserPoolClient"
	domainType = "aws:cognito/userPoolDomain:UserPoolDomain"
)

// deployed is what one NewUserPool call registered, as plain values.
type deployed struct {
	aws     *pulumimock.AWS
	pool    map[string]any
	client  map[string]any
	outputs map[string]string
}

func deploy(tb testing.TB, args *UserPoolArgs) deployed {
	tb.Helper()
	outs := map[string]string{}
	aws, err := pulumimock.Run(tb, "proj", nil, func(ctx *pulumi.Context) error {
		p, err := NewUserPool(ctx, "auth", args)
		if err != nil {
			return err
		}
		pulumi.ToMap(map[string]any{
			"userPoolId": p.UserPoolID, "userPoolArn": p.UserPoolArn, "userPoolClientId": p.UserPoolClientID,
			"region": p.Region, "endpoint": p.Endpoint, "issuer": p.Issuer, "jwksUri": p.JwksURI,
			"hostedUiDomain": p.HostedUIDomain,
		}).ToMapOutput().ApplyT(func(m map[string]any) map[string]any {
			for k, v := range m {
				outs[k] = v.(string)
			}
			return m
		})
		return nil
	})
	if err != nil {
		tb.Fatalf("NewUserPool: %v", err)
	}
	d := deployed{aws: aws, outputs: outs}
	pools, clients := aws.ByType(poolType), aws.ByType(clientType)
	if len(pools) != 1 || len(clients) != 1 {
		tb.Fatalf("registered %d pools and %d clients, want 1 and 1", len(pools), len(clients))
	}
	d.pool, d.client = pools[0].Inputs.Mappable(), clients[0].Inputs.Mappable()
	return d
}

func strs(v ...string) []any {
	out := make([]any, len(v))
	for i, s := range v {
		out[i] = s
	}
	return out
}

// get walks a path of map keys and slice indexes through plain values.
func get(tb testing.TB, v any, path ...any) any {
	tb.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				tb.Fatalf("path %v: %T is not an object", path, v)
			}
			v = m[k]
		case int:
			s, ok := v.([]any)
			if !ok || k >= len(s) {
				tb.Fatalf("path %v: %v has no index %d", path, v, k)
			}
			v = s[k]
		}
	}
	return v
}

// TestDefaults asserts every documented default on the inputs registered for nil and empty args.
func TestDefaults(t *testing.T) {
	for name, args := range map[string]*UserPoolArgs{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			d := deploy(t, args)
			checks := []struct {
				what string
				path []any
				want any
				obj  map[string]any
			}{
				{"e-mail is the username", []any{"usernameAttributes"}, strs("email"), d.pool},
				{"case-insensitive", []any{"usernameConfiguration", "caseSensitive"}, false, d.pool},
				{"no alias attributes", []any{"aliasAttributes"}, nil, d.pool},
				{"self sign-up", []any{"adminCreateUserConfig", "allowAdminCreateUserOnly"}, false, d.pool},
				{"e-mail auto-verified", []any{"autoVerifiedAttributes"}, strs("email"), d.pool},
				{"old e-mail kept until verified", []any{"userAttributeUpdateSettings", "attributesRequireVerificationBeforeUpdates"}, strs("email"), d.pool},
				{"email required", []any{"schemas", 0}, map[string]any{"name": "email", "attributeDataType": "String", "required": true, "mutable": true, "developerOnlyAttribute": false,
					"stringAttributeConstraints": map[string]any{"minLength": "0", "maxLength": "2048"}}, d.pool},
				{"handle optional", []any{"schemas", 1}, map[string]any{"name": "preferred_username", "attributeDataType": "String", "required": false, "mutable": true, "developerOnlyAttribute": false,
					"stringAttributeConstraints": map[string]any{"minLength": "0", "maxLength": "2048"}}, d.pool},
				{"code verification", []any{"verificationMessageTemplate", "defaultEmailOption"}, "CONFIRM_WITH_CODE", d.pool},
				{"verification subject names app", []any{"verificationMessageTemplate", "emailSubject"}, "Your My App verification code", d.pool},
				{"no top-level verification message", []any{"emailVerificationMessage"}, nil, d.pool},
				{"no top-level verification subject", []any{"emailVerificationSubject"}, nil, d.pool},
				{"invitation subject", []any{"adminCreateUserConfig", "inviteMessageTemplate", "emailSubject"}, "Your My App account", d.pool},
				{"password length", []any{"passwordPolicy", "minimumLength"}, 12.0, d.pool},
				{"lowercase", []any{"passwordPolicy", "requireLowercase"}, true, d.pool},
				{"uppercase", []any{"passwordPolicy", "requireUppercase"}, true, d.pool},
				{"numbers", []any{"passwordPolicy", "requireNumbers"}, true, d.pool},
				{"symbols", []any{"passwordPolicy", "requireSymbols"}, true, d.pool},
				{"temporary password", []any{"passwordPolicy", "temporaryPasswordValidityDays"}, 7.0, d.pool},
				{"recovery by verified e-mail only", []any{"accountRecoverySetting", "recoveryMechanisms"}, []any{map[string]any{"name": "verified_email", "priority": 1.0}}, d.pool},
				{"MFA optional", []any{"mfaConfiguration"}, "OPTIONAL", d.pool},
				{"TOTP", []any{"softwareTokenMfaConfiguration", "enabled"}, true, d.pool},
				{"no SMS", []any{"smsConfiguration"}, nil, d.pool},
				{"deletion protection", []any{"deletionProtection"}, "ACTIVE", d.pool},
				{"feature plan", []any{"userPoolTier"}, "ESSENTIALS", d.pool},
				{"threat protection declared OFF", []any{"userPoolAddOns"}, map[string]any{"advancedSecurityMode": "OFF"}, d.pool},
				{"invitation SMS names app", []any{"adminCreateUserConfig", "inviteMessageTemplate", "smsMessage"}, "My App: username {username}, temporary password {####}", d.pool},
				{"default sender", []any{"emailConfiguration", "emailSendingAccount"}, "COGNITO_DEFAULT", d.pool},
				{"no secret", []any{"generateSecret"}, false, d.client},
				{"SRP and refresh only", []any{"explicitAuthFlows"}, strs("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"), d.client},
				{"no existence errors", []any{"preventUserExistenceErrors"}, "ENABLED", d.client},
				{"token revocation", []any{"enableTokenRevocation"}, true, d.client},
				{"access validity", []any{"accessTokenValidity"}, 60.0, d.client},
				{"id validity", []any{"idTokenValidity"}, 60.0, d.client},
				{"refresh validity", []any{"refreshTokenValidity"}, 30.0, d.client},
				{"validity units", []any{"tokenValidityUnits"}, map[string]any{"accessToken": "minutes", "idToken": "minutes", "refreshToken": "days"}, d.client},
				{"read attributes", []any{"readAttributes"}, strs("email", "email_verified", "name", "preferred_username"), d.client},
				{"write attributes", []any{"writeAttributes"}, strs("email", "name", "preferred_username"), d.client},
				{"no OAuth without domain", []any{"allowedOauthFlows"}, nil, d.client},
				{"client on the pool", []any{"userPoolId"}, d.outputs["userPoolId"], d.client},
			}
			for _, c := range checks {
				if got := get(t, c.obj, c.path...); !reflect.DeepEqual(got, c.want) {
					t.Errorf("%s: %v=%#v, want %#v", c.what, c.path, got, c.want)
				}
			}
			msg := get(t, d.pool, "verificationMessageTemplate", "emailMessage").(string)
			if !strings.Contains(msg, "{####}") || !strings.Contains(msg, "My App") {
				t.Errorf("verification message %q lacks {####} or the app name", msg)
			}
			inv := get(t, d.pool, "adminCreateUserConfig", "inviteMessageTemplate", "emailMessage").(string)
			if !strings.Contains(inv, "{####}") || !strings.Contains(inv, "{username}") {
				t.Errorf("invitation message %q lacks {username} or {####}", inv)
			}
			if got := len(d.aws.ByType(domainType)); got != 0 {
				t.Errorf("registered %d domains without DomainPrefix, want 0", got)
			}
		})
	}
}

func TestOutputsAndParents(t *testing.T) {
	d := deploy(t, nil)
	id := d.outputs["userPoolId"]
	want := map[string]string{
		"userPoolId":       "eu-west-1_Mock0002",
		"userPoolArn":      "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Mock0002",
		"userPoolClientId": "mockclient0003",
		"region":           "eu-west-1",
		"endpoint":         "cognito-idp.eu-west-1.amazonaws.com/" + id,
		"issuer":           "https://cognito-idp.eu-west-1.amazonaws.com/" + id,
		"jwksUri":          "https://cognito-idp.eu-west-1.amazonaws.com/" + id + "/.well-known/jwks.json",
		"hostedUiDomain":   "",
	}
	if !reflect.DeepEqual(d.outputs, want) {
		t.Errorf("outputs=%v, want %v", d.outputs, want)
	}
	rs := d.aws.Resources()
	if rs[0].Type != TypeToken || rs[0].Name != "auth" {
		t.Fatalf("first registration %s %s, want the component %s auth", rs[0].Type, rs[0].Name, TypeToken)
	}
	compURN := "urn:pulumi:test::proj::" + TypeToken + "::auth"
	for _, r := range rs[1:] {
		if r.Parent != compURN {
			t.Errorf("%s %s parent=%q, want %q", r.Type, r.Name, r.Parent, compURN)
		}
		if !strings.HasPrefix(r.Name, "auth-") {
			t.Errorf("child name %q is not derived from the component name", r.Name)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestOptions checks each option's effect on the registered inputs.
func TestOptions(t *testing.T) {
	tests := []struct {
		name  string
		args  UserPoolArgs
		check func(t *testing.T, d deployed)
	}{
		{"password policy", UserPoolArgs{PasswordMinimumLength: 16, PasswordRequireSymbols: ptr(false), PasswordRequireNumbers: ptr(false), TemporaryPasswordValidityDays: 3}, func(t *testing.T, d deployed) {
			want := map[string]any{"minimumLength": 16.0, "requireLowercase": true, "requireUppercase": true, "requireNumbers": false, "requireSymbols": false, "temporaryPasswordValidityDays": 3.0}
			if got := d.pool["passwordPolicy"]; !reflect.DeepEqual(got, want) {
				t.Errorf("passwordPolicy=%v, want %v", got, want)
			}
		}},
		{"templates", UserPoolArgs{AppName: "Acme", VerificationEmailSubject: "S", VerificationEmailMessage: "code {####}", InvitationEmailSubject: "IS", InvitationEmailMessage: "{username} {####}", InvitationSMSMessage: "{username} {####}"}, func(t *testing.T, d deployed) {
			want := map[string]any{"defaultEmailOption": "CONFIRM_WITH_CODE", "emailSubject": "S", "emailMessage": "code {####}"}
			if got := d.pool["verificationMessageTemplate"]; !reflect.DeepEqual(got, want) {
				t.Errorf("verificationMessageTemplate=%v, want %v", got, want)
			}
			if got := get(t, d.pool, "adminCreateUserConfig", "inviteMessageTemplate"); !reflect.DeepEqual(got, map[string]any{"emailSubject": "IS", "emailMessage": "{username} {####}", "smsMessage": "{username} {####}"}) {
				t.Errorf("inviteMessageTemplate=%v", got)
			}
		}},
		{"app name in default templates", UserPoolArgs{AppName: "Acme"}, func(t *testing.T, d deployed) {
			if got := get(t, d.pool, "verificationMessageTemplate", "emailSubject"); got != "Your Acme verification code" {
				t.Errorf("subject=%v", got)
			}
		}},
		{"SES", UserPoolArgs{SESFromAddress: "no-reply@example.com", SESSourceARN: "arn:aws:ses:eu-west-1:123456789012:identity/example.com", SESConfigurationSet: "auth-events"}, func(t *testing.T, d deployed) {
			want := map[string]any{"emailSendingAccount": "DEVELOPER", "fromEmailAddress": "no-reply@example.com", "sourceArn": "arn:aws:ses:eu-west-1:123456789012:identity/example.com", "configurationSet": "auth-events"}
			if got := d.pool["emailConfiguration"]; !reflect.DeepEqual(got, want) {
				t.Errorf("emailConfiguration=%v, want %v", got, want)
			}
		}},
		{"MFA off drops TOTP", UserPoolArgs{MFA: "OFF"}, func(t *testing.T, d deployed) {
			if d.pool["mfaConfiguration"] != "OFF" || d.pool["softwareTokenMfaConfiguration"] != nil {
				t.Errorf("mfa=%v totp=%v, want OFF and none", d.pool["mfaConfiguration"], d.pool["softwareTokenMfaConfiguration"])
			}
		}},
		{"MFA on", UserPoolArgs{MFA: "ON"}, func(t *testing.T, d deployed) {
			if d.pool["mfaConfiguration"] != "ON" || get(t, d.pool, "softwareTokenMfaConfiguration", "enabled") != true {
				t.Errorf("mfa=%v totp=%v", d.pool["mfaConfiguration"], d.pool["softwareTokenMfaConfiguration"])
			}
		}},
		{"deletion protection off", UserPoolArgs{DeletionProtection: "INACTIVE"}, func(t *testing.T, d deployed) {
			if d.pool["deletionProtection"] != "INACTIVE" {
				t.Errorf("deletionProtection=%v", d.pool["deletionProtection"])
			}
		}},
		{"PLUS with threat protection", UserPoolArgs{FeaturePlan: "PLUS", ThreatProtection: "ENFORCED"}, func(t *testing.T, d deployed) {
			if d.pool["userPoolTier"] != "PLUS" || get(t, d.pool, "userPoolAddOns", "advancedSecurityMode") != "ENFORCED" {
				t.Errorf("tier=%v addOns=%v", d.pool["userPoolTier"], d.pool["userPoolAddOns"])
			}
		}},
		{"LITE", UserPoolArgs{FeaturePlan: "LITE"}, func(t *testing.T, d deployed) {
			if d.pool["userPoolTier"] != "LITE" {
				t.Errorf("tier=%v", d.pool["userPoolTier"])
			}
		}},
		{"password auth", UserPoolArgs{AllowPasswordAuth: true}, func(t *testing.T, d deployed) {
			if got, want := d.client["explicitAuthFlows"], strs("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"); !reflect.DeepEqual(got, want) {
				t.Errorf("explicitAuthFlows=%v, want %v", got, want)
			}
		}},
		{"token validity", UserPoolArgs{AccessTokenValidityMinutes: 5, IDTokenValidityMinutes: 1440, RefreshTokenValidityDays: 3650}, func(t *testing.T, d deployed) {
			if d.client["accessTokenValidity"] != 5.0 || d.client["idTokenValidity"] != 1440.0 || d.client["refreshTokenValidity"] != 3650.0 {
				t.Errorf("validity access=%v id=%v refresh=%v", d.client["accessTokenValidity"], d.client["idTokenValidity"], d.client["refreshTokenValidity"])
			}
		}},
		{"domain and OAuth", UserPoolArgs{DomainPrefix: "acme-login", CallbackURLs: []string{"https://app.example.com/cb", "http://localhost:3000/cb"}, LogoutURLs: []string{"https://app.example.com/"}}, func(t *testing.T, d deployed) {
			doms := d.aws.ByType(domainType)
			if len(doms) != 1 || doms[0].Inputs["domain"].StringValue() != "acme-login" {
				t.Fatalf("domains=%v, want one acme-login", doms)
			}
			if got := doms[0].Inputs["managedLoginVersion"]; !got.IsNumber() || got.NumberValue() != 1 {
				t.Errorf("domain managedLoginVersion=%v, want 1 (classic hosted UI) declared explicitly", got)
			}
			if !doms[0].DeleteBeforeReplace {
				t.Error("domain without deleteBeforeReplace: a new prefix can't be created while the old one holds it")
			}
			if got := doms[0].Inputs["userPoolId"].StringValue(); got != d.outputs["userPoolId"] {
				t.Errorf("domain userPoolId=%q, want %q", got, d.outputs["userPoolId"])
			}
			want := map[string]any{"allowedOauthFlowsUserPoolClient": true, "allowedOauthFlows": strs("code"), "allowedOauthScopes": strs("openid", "email", "profile"),
				"callbackUrls": strs("https://app.example.com/cb", "http://localhost:3000/cb"), "logoutUrls": strs("https://app.example.com/")}
			for k, w := range want {
				if got := d.client[k]; !reflect.DeepEqual(got, w) {
					t.Errorf("client %s=%v, want %v", k, got, w)
				}
			}
			if got := d.outputs["hostedUiDomain"]; got != "acme-login.auth.eu-west-1.amazoncognito.com" {
				t.Errorf("hostedUiDomain=%q", got)
			}
		}},
		{"protect", UserPoolArgs{Protect: true, DomainPrefix: "acme", CallbackURLs: []string{"https://a.example.com"}}, func(t *testing.T, d deployed) {
			for _, r := range d.aws.Resources() {
				want := r.Type == poolType || r.Type == domainType
				if r.Protect != want {
					t.Errorf("%s protect=%v, want %v", r.Type, r.Protect, want)
				}
			}
		}},
		{"no protect by default", UserPoolArgs{}, func(t *testing.T, d deployed) {
			for _, r := range d.aws.Resources() {
				if r.Protect {
					t.Errorf("%s is protected without Protect", r.Type)
				}
			}
		}},
		{"tags", UserPoolArgs{Tags: map[string]string{"team": "auth"}}, func(t *testing.T, d deployed) {
			if got := d.pool["tags"]; !reflect.DeepEqual(got, map[string]any{"team": "auth"}) {
				t.Errorf("tags=%v", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			tt.check(t, deploy(t, &args))
		})
	}
}

// TestValidation checks that each bad input is refused with an error naming it and its rule, and
// that nothing at all is registered.
func TestValidation(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name string
		args UserPoolArgs
		want []string // substrings of the error
	}{
		{"message without code", UserPoolArgs{VerificationEmailMessage: "hello"}, []string{"VerificationEmailMessage", "{####}"}},
		{"subject too long", UserPoolArgs{VerificationEmailSubject: long(141)}, []string{"VerificationEmailSubject", "140"}},
		{"message too long", UserPoolArgs{VerificationEmailMessage: long(20000) + "{####}"}, []string{"VerificationEmailMessage", "20000"}},
		{"invitation subject too long", UserPoolArgs{InvitationEmailSubject: long(141)}, []string{"InvitationEmailSubject", "140"}},
		{"invitation without username", UserPoolArgs{InvitationEmailMessage: "pw {####}"}, []string{"InvitationEmailMessage", "{username}"}},
		{"invitation too long", UserPoolArgs{InvitationEmailMessage: long(20000) + "{username}{####}"}, []string{"InvitationEmailMessage", "20000"}},
		{"app name with braces", UserPoolArgs{AppName: "a{b}"}, []string{"AppName", "{"}},
		{"app name too long", UserPoolArgs{AppName: long(129)}, []string{"AppName", "128"}},
		{"password too short", UserPoolArgs{PasswordMinimumLength: 5}, []string{"PasswordMinimumLength", "6–99"}},
		{"password too long", UserPoolArgs{PasswordMinimumLength: 100}, []string{"PasswordMinimumLength", "6–99"}},
		{"password negative", UserPoolArgs{PasswordMinimumLength: -1}, []string{"PasswordMinimumLength"}},
		{"temporary password days", UserPoolArgs{TemporaryPasswordValidityDays: 366}, []string{"TemporaryPasswordValidityDays", "1–365"}},
		{"access token too short", UserPoolArgs{AccessTokenValidityMinutes: 4}, []string{"AccessTokenValidityMinutes", "5–1440"}},
		{"access token too long", UserPoolArgs{AccessTokenValidityMinutes: 1441}, []string{"AccessTokenValidityMinutes", "5–1440"}},
		{"id token too long", UserPoolArgs{IDTokenValidityMinutes: 1441}, []string{"IDTokenValidityMinutes", "5–1440"}},
		{"refresh token too long", UserPoolArgs{RefreshTokenValidityDays: 3651}, []string{"RefreshTokenValidityDays", "1–3650"}},
		{"refresh token negative", UserPoolArgs{RefreshTokenValidityDays: -1}, []string{"RefreshTokenValidityDays"}},
		{"http callback", UserPoolArgs{DomainPrefix: "acme", CallbackURLs: []string{"http://app.example.com/cb"}}, []string{"CallbackURLs[0]", "https"}},
		{"relative callback", UserPoolArgs{DomainPrefix: "acme", CallbackURLs: []string{"/cb"}}, []string{"CallbackURLs[0]", "absolute"}},
		{"callback with fragment", UserPoolArgs{DomainPrefix: "acme", CallbackURLs: []string{"https://a.example.com/#x"}}, []string{"CallbackURLs[0]", "fragment"}},
		{"http logout", UserPoolArgs{DomainPrefix: "acme", CallbackURLs: []string{"https://a.example.com"}, LogoutURLs: []string{"http://a.example.com"}}, []string{"LogoutURLs[0]", "https"}},
		{"callback without domain", UserPoolArgs{CallbackURLs: []string{"https://a.example.com"}}, []string{"DomainPrefix", "required"}},
		{"domain without callback", UserPoolArgs{DomainPrefix: "acme"}, []string{"CallbackURLs", "required"}},
		{"domain uppercase", UserPoolArgs{DomainPrefix: "Acme", CallbackURLs: []string{"https://a.example.com"}}, []string{"DomainPrefix", "lowercase"}},
		{"domain leading hyphen", UserPoolArgs{DomainPrefix: "-acme", CallbackURLs: []string{"https://a.example.com"}}, []string{"DomainPrefix", "hyphen"}},
		{"domain too long", UserPoolArgs{DomainPrefix: long(64), CallbackURLs: []string{"https://a.example.com"}}, []string{"DomainPrefix", "1–63"}},
		{"domain reserved word", UserPoolArgs{DomainPrefix: "my-cognito-login", CallbackURLs: []string{"https://a.example.com"}}, []string{"DomainPrefix", "reserved", "cognito"}},
		{"threat protection on ESSENTIALS", UserPoolArgs{ThreatProtection: "ENFORCED"}, []string{"ThreatProtection", "PLUS"}},
		{"threat protection on LITE", UserPoolArgs{FeaturePlan: "LITE", ThreatProtection: "AUDIT"}, []string{"ThreatProtection", "PLUS"}},
		{"unknown threat protection", UserPoolArgs{FeaturePlan: "PLUS", ThreatProtection: "FULL"}, []string{"ThreatProtection", "OFF, AUDIT, ENFORCED"}},
		{"unknown MFA", UserPoolArgs{MFA: "SMS"}, []string{"MFA", "OFF, OPTIONAL, ON"}},
		{"lowercase MFA", UserPoolArgs{MFA: "optional"}, []string{"MFA"}},
		{"unknown feature plan", UserPoolArgs{FeaturePlan: "ADVANCED"}, []string{"FeaturePlan", "LITE, ESSENTIALS, PLUS"}},
		{"unknown deletion protection", UserPoolArgs{DeletionProtection: "ON"}, []string{"DeletionProtection", "ACTIVE, INACTIVE"}},
		{"SES from without ARN", UserPoolArgs{SESFromAddress: "a@example.com"}, []string{"SESSourceARN", "required"}},
		{"SES bad ARN", UserPoolArgs{SESSourceARN: "arn:aws:s3:::bucket"}, []string{"SESSourceARN", "SES identity ARN"}},
		{"SES bad from", UserPoolArgs{SESSourceARN: "arn:aws:ses:eu-west-1:123456789012:identity/example.com", SESFromAddress: "nobody"}, []string{"SESFromAddress", "e-mail address"}},
		{"SES bad named from", UserPoolArgs{SESSourceARN: "arn:aws:ses:eu-west-1:123456789012:identity/example.com", SESFromAddress: "Acme <nobody>"}, []string{"SESFromAddress"}},
		{"SES bad configuration set", UserPoolArgs{SESSourceARN: "arn:aws:ses:eu-west-1:123456789012:identity/example.com", SESConfigurationSet: "a b"}, []string{"SESConfigurationSet"}},
		{"two errors at once", UserPoolArgs{MFA: "X", PasswordMinimumLength: 200}, []string{"MFA", "PasswordMinimumLength"}},
		{"SMS invitation without placeholders", UserPoolArgs{InvitationSMSMessage: "welcome aboard"}, []string{"InvitationSMSMessage", "{username}", "{####}"}},
		{"SMS invitation too short", UserPoolArgs{InvitationSMSMessage: "hi"}, []string{"InvitationSMSMessage", "minimum of 6"}},
		{"SMS invitation too long", UserPoolArgs{InvitationSMSMessage: long(130) + "{username}{####}"}, []string{"InvitationSMSMessage", "140"}},
		{"long app name breaks the default SMS", UserPoolArgs{AppName: long(93)}, []string{"AppName", "default InvitationSMSMessage", "140", "set InvitationSMSMessage"}},
		{"long app name breaks the default subject", UserPoolArgs{AppName: long(128), InvitationSMSMessage: "{username} {####}"}, []string{"AppName", "default VerificationEmailSubject"}},
		{"client writes email_verified", UserPoolArgs{ClientAttributes: []string{"email", "email_verified"}}, []string{"ClientAttributes[1]", "read-only"}},
		{"client attribute unknown", UserPoolArgs{ClientAttributes: []string{"email", "nickname", "handle"}}, []string{"ClientAttributes[2]", "standard attribute"}},
		{"client attribute twice", UserPoolArgs{ClientAttributes: []string{"email", "name", "name"}}, []string{"ClientAttributes[2]", "twice"}},
		{"client attributes without email", UserPoolArgs{ClientAttributes: []string{"name"}}, []string{"ClientAttributes", "must include email"}},
		{"client attribute sub", UserPoolArgs{ClientAttributes: []string{"email", "sub"}}, []string{"ClientAttributes[1]", "never writable"}},
		{"tag key too long", UserPoolArgs{Tags: map[string]string{strings.Repeat("k", 200): "v"}}, []string{"Tags", "128"}},
		{"too many tags", UserPoolArgs{Tags: manyTags(60)}, []string{"Tags", "at most 50"}},
		{"reserved tag prefix", UserPoolArgs{Tags: map[string]string{"aws:x": "v"}}, []string{"Tags", "aws:"}},
		{"tag value too long", UserPoolArgs{Tags: map[string]string{"k": strings.Repeat("v", 257)}}, []string{"Tags", "256"}},
		{"managed login version", UserPoolArgs{DomainPrefix: "acme", CallbackURLs: []string{"https://a.example.com"}, ManagedLoginVersion: 3}, []string{"ManagedLoginVersion", "1", "2"}},
		{"managed login on LITE", UserPoolArgs{FeaturePlan: "LITE", DomainPrefix: "acme", CallbackURLs: []string{"https://a.example.com"}, ManagedLoginVersion: 2}, []string{"ManagedLoginVersion", "LITE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			aws, err := pulumimock.Run(t, "proj", nil, func(ctx *pulumi.Context) error {
				_, err := NewUserPool(ctx, "auth", &args)
				return err
			})
			if err == nil {
				t.Fatal("NewUserPool succeeded, want a validation error")
			}
			if !errors.Is(err, ErrInvalidArgs) {
				t.Errorf("error %v does not wrap ErrInvalidArgs", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if rs := aws.Resources(); len(rs) != 0 {
				t.Errorf("registered %d resources on invalid args, want 0: %v", len(rs), rs)
			}
		})
	}
}

func manyTags(n int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m[fmt.Sprintf("k%d", i)] = "v"
	}
	return m
}

// TestValidEdges checks the values just inside each range are accepted.
func TestValidEdges(t *testing.T) {
	for _, args := range []UserPoolArgs{
		{PasswordMinimumLength: 6, TemporaryPasswordValidityDays: 1, AccessTokenValidityMinutes: 5, IDTokenValidityMinutes: 5, RefreshTokenValidityDays: 1},
		{PasswordMinimumLength: 99, TemporaryPasswordValidityDays: 365, AccessTokenValidityMinutes: 1440, IDTokenValidityMinutes: 1440, RefreshTokenValidityDays: 3650},
		{VerificationEmailSubject: strings.Repeat("s", 140), VerificationEmailMessage: strings.Repeat("m", 19994) + "{####}"},
		{DomainPrefix: "a", CallbackURLs: []string{"http://127.0.0.1:5173/cb", "http://[::1]/cb", "https://x.example.com"}},
		{SESSourceARN: "arn:aws:ses:eu-west-1:123456789012:identity/example.com", SESFromAddress: "Acme <no-reply@example.com>"},
		{InvitationSMSMessage: "{username}{####}" + strings.Repeat("s", 124)},
		{AppName: strings.Repeat("a", 92)}, // the longest name whose default SMS invitation fits 140
		{ClientAttributes: []string{"email", "phone_number", "address", "zoneinfo"}},
		{DomainPrefix: "a", CallbackURLs: []string{"https://x.example.com"}, ManagedLoginVersion: 2},
		{Tags: manyTags(50)},
		{Tags: map[string]string{strings.Repeat("k", 128): strings.Repeat("v", 256), "Aws-team": ""}},
	} {
		if _, err := resolve(&args); err != nil {
			t.Errorf("resolve(%+v): %v", args, err)
		}
	}
}
