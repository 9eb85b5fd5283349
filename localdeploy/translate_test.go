package localdeploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/clickops/cognito-pool/awscheck"
	"github.com/clickops/cognito-pool/components"
	"github.com/clickops/cognito-pool/internal/pulumimock"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// placement says where the provider puts one declared input: the operation and the member path
// in its request ("[]" stands for the same list index as in the input path).
type placement struct {
	op, path string
	// absentWhen is the declared value for which the provider sends nothing there.
	absentWhen any
}

// wherePool is, for every input the component can declare on the pool, where the provider's
// request carries it (user_pool.go's expand… functions). A declared input missing here fails
// TestEveryDeclaredInputReachesItsRequest: a new input needs its place stated.
var wherePool = map[string]placement{
	"name":                   {op: "CreateUserPool", path: "PoolName"},
	"tags":                   {op: "CreateUserPool", path: "UserPoolTags"},
	"usernameAttributes":     {op: "CreateUserPool", path: "UsernameAttributes"},
	"aliasAttributes":        {op: "CreateUserPool", path: "AliasAttributes"},
	"autoVerifiedAttributes": {op: "CreateUserPool", path: "AutoVerifiedAttributes"},
	"deletionProtection":     {op: "CreateUserPool", path: "DeletionProtection"},
	// resourceUserPoolCreate never sends ESSENTIALS.
	"userPoolTier": {op: "CreateUserPool", path: "UserPoolTier", absentWhen: "ESSENTIALS"},
	// MFA is set after the create, and only when it is not OFF.
	"mfaConfiguration":                                                       {op: "SetUserPoolMfaConfig", path: "MfaConfiguration", absentWhen: "OFF"},
	"softwareTokenMfaConfiguration.enabled":                                  {op: "SetUserPoolMfaConfig", path: "SoftwareTokenMfaConfiguration.Enabled"},
	"usernameConfiguration.caseSensitive":                                    {op: "CreateUserPool", path: "UsernameConfiguration.CaseSensitive"},
	"userAttributeUpdateSettings.attributesRequireVerificationBeforeUpdates": {op: "CreateUserPool", path: "UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate"},
	"schemas[].name":                                                         {op: "CreateUserPool", path: "Schema[].Name"},
	"schemas[].attributeDataType":                                            {op: "CreateUserPool", path: "Schema[].AttributeDataType"},
	"schemas[].required":                                                     {op: "CreateUserPool", path: "Schema[].Required"},
	"schemas[].mutable":                                                      {op: "CreateUserPool", path: "Schema[].Mutable"},
	"schemas[].developerOnlyAttribute":                                       {op: "CreateUserPool", path: "Schema[].DeveloperOnlyAttribute"},
	"schemas[].stringAttributeConstraints.minLength":                         {op: "CreateUserPool", path: "Schema[].StringAttributeConstraints.MinLength"},
	"schemas[].stringAttributeConstraints.maxLength":                         {op: "CreateUserPool", path: "Schema[].StringAttributeConstraints.MaxLength"},
	"schemas[].numberAttributeConstraints.minValue":                          {op: "CreateUserPool", path: "Schema[].NumberAttributeConstraints.MinValue"},
	"schemas[].numberAttributeConstraints.maxValue":                          {op: "CreateUserPool", path: "Schema[].NumberAttributeConstraints.MaxValue"},
	"verificationMessageTemplate.defaultEmailOption":                         {op: "CreateUserPool", path: "VerificationMessageTemplate.DefaultEmailOption"},
	"verificationMessageTemplate.emailSubject":                               {op: "CreateUserPool", path: "VerificationMessageTemplate.EmailSubject"},
	"verificationMessageTemplate.emailMessage":                               {op: "CreateUserPool", path: "VerificationMessageTemplate.EmailMessage"},
	"adminCreateUserConfig.allowAdminCreateUserOnly":                         {op: "CreateUserPool", path: "AdminCreateUserConfig.AllowAdminCreateUserOnly"},
	"adminCreateUserConfig.inviteMessageTemplate.emailSubject":               {op: "CreateUserPool", path: "AdminCreateUserConfig.InviteMessageTemplate.EmailSubject"},
	"adminCreateUserConfig.inviteMessageTemplate.emailMessage":               {op: "CreateUserPool", path: "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage"},
	"adminCreateUserConfig.inviteMessageTemplate.smsMessage":                 {op: "CreateUserPool", path: "AdminCreateUserConfig.InviteMessageTemplate.SMSMessage"},
	"passwordPolicy.minimumLength":                                           {op: "CreateUserPool", path: "Policies.PasswordPolicy.MinimumLength"},
	"passwordPolicy.requireLowercase":                                        {op: "CreateUserPool", path: "Policies.PasswordPolicy.RequireLowercase"},
	"passwordPolicy.requireUppercase":                                        {op: "CreateUserPool", path: "Policies.PasswordPolicy.RequireUppercase"},
	"passwordPolicy.requireNumbers":                                          {op: "CreateUserPool", path: "Policies.PasswordPolicy.RequireNumbers"},
	"passwordPolicy.requireSymbols":                                          {op: "CreateUserPool", path: "Policies.PasswordPolicy.RequireSymbols"},
	"passwordPolicy.temporaryPasswordValidityDays":                           {op: "CreateUserPool", path: "Policies.PasswordPolicy.TemporaryPasswordValidityDays"},
	"accountRecoverySetting.recoveryMechanisms[].name":                       {op: "CreateUserPool", path: "AccountRecoverySetting.RecoveryMechanisms[].Name"},
	"accountRecoverySetting.recoveryMechanisms[].priority":                   {op: "CreateUserPool", path: "AccountRecoverySetting.RecoveryMechanisms[].Priority"},
	"emailConfiguration.emailSendingAccount":                                 {op: "CreateUserPool", path: "EmailConfiguration.EmailSendingAccount"},
	"emailConfiguration.sourceArn":                                           {op: "CreateUserPool", path: "EmailConfiguration.SourceArn"},
	"emailConfiguration.fromEmailAddress":                                    {op: "CreateUserPool", path: "EmailConfiguration.From"},
	"emailConfiguration.configurationSet":                                    {op: "CreateUserPool", path: "EmailConfiguration.ConfigurationSet"},
	"userPoolAddOns.advancedSecurityMode":                                    {op: "CreateUserPool", path: "UserPoolAddOns.AdvancedSecurityMode"},
}

// whereClient is the same for the web client (autoflex: each input to the member of its name).
var whereClient = map[string]placement{
	"name":                            {op: "CreateUserPoolClient", path: "ClientName"},
	"userPoolId":                      {op: "CreateUserPoolClient", path: "UserPoolId"},
	"generateSecret":                  {op: "CreateUserPoolClient", path: "GenerateSecret"},
	"explicitAuthFlows":               {op: "CreateUserPoolClient", path: "ExplicitAuthFlows"},
	"preventUserExistenceErrors":      {op: "CreateUserPoolClient", path: "PreventUserExistenceErrors"},
	"enableTokenRevocation":           {op: "CreateUserPoolClient", path: "EnableTokenRevocation"},
	"accessTokenValidity":             {op: "CreateUserPoolClient", path: "AccessTokenValidity"},
	"idTokenValidity":                 {op: "CreateUserPoolClient", path: "IdTokenValidity"},
	"refreshTokenValidity":            {op: "CreateUserPoolClient", path: "RefreshTokenValidity"},
	"tokenValidityUnits.accessToken":  {op: "CreateUserPoolClient", path: "TokenValidityUnits.AccessToken"},
	"tokenValidityUnits.idToken":      {op: "CreateUserPoolClient", path: "TokenValidityUnits.IdToken"},
	"tokenValidityUnits.refreshToken": {op: "CreateUserPoolClient", path: "TokenValidityUnits.RefreshToken"},
	"readAttributes":                  {op: "CreateUserPoolClient", path: "ReadAttributes"},
	"writeAttributes":                 {op: "CreateUserPoolClient", path: "WriteAttributes"},
	"supportedIdentityProviders":      {op: "CreateUserPoolClient", path: "SupportedIdentityProviders"},
	"allowedOauthFlowsUserPoolClient": {op: "CreateUserPoolClient", path: "AllowedOAuthFlowsUserPoolClient"},
	"allowedOauthFlows":               {op: "CreateUserPoolClient", path: "AllowedOAuthFlows"},
	"allowedOauthScopes":              {op: "CreateUserPoolClient", path: "AllowedOAuthScopes"},
	"callbackUrls":                    {op: "CreateUserPoolClient", path: "CallbackURLs"},
	"logoutUrls":                      {op: "CreateUserPoolClient", path: "LogoutURLs"},
}

// whereDomain is the same for the hosted-UI domain.
var whereDomain = map[string]placement{
	"domain":              {op: "CreateUserPoolDomain", path: "Domain"},
	"userPoolId":          {op: "CreateUserPoolDomain", path: "UserPoolId"},
	"managedLoginVersion": {op: "CreateUserPoolDomain", path: "ManagedLoginVersion"},
}

// componentCases are the component's inputs to translate: the defaults and every option.
var componentCases = map[string]components.UserPoolArgs{
	"defaults": {},
	"every option": {
		AppName: "Acme", VerificationEmailSubject: "S", VerificationEmailMessage: "code {####}",
		InvitationEmailSubject: "IS", InvitationEmailMessage: "{username} {####}", InvitationSMSMessage: "sms {username} {####}",
		SESFromAddress: "Acme <no-reply@acme.example>", SESSourceARN: "arn:aws:ses:eu-west-1:123456789012:identity/acme.example", SESConfigurationSet: "auth-events",
		PasswordMinimumLength: 16, PasswordRequireLowercase: ptr(false), PasswordRequireUppercase: ptr(false), PasswordRequireNumbers: ptr(false), PasswordRequireSymbols: ptr(false),
		TemporaryPasswordValidityDays: 3, MFA: "ON", DeletionProtection: "INACTIVE", FeaturePlan: "PLUS", ThreatProtection: "ENFORCED",
		AllowPasswordAuth: true, ClientAttributes: []string{"email", "phone_number", "name"},
		AccessTokenValidityMinutes: 5, IDTokenValidityMinutes: 1440, RefreshTokenValidityDays: 3650,
		DomainPrefix: "acme-login", ManagedLoginVersion: 2, CallbackURLs: []string{"https://app.acme.example/cb"}, LogoutURLs: []string{"https://app.acme.example/"},
		Protect: true, Tags: map[string]string{"team": "identity"},
	},
	"MFA off, LITE": {MFA: "OFF", FeaturePlan: "LITE"},
	// What adoption declares: names, a username with aliases, a case-sensitive pool, standard and
	// custom attributes, the client's own lists, a secret (adopted pools import it; see components).
	"adopted": {
		PoolName: "cruddur-user-pool", ClientName: "cruddur", UsernameAttributes: []string{}, AliasAttributes: []string{"email", "preferred_username"},
		CaseSensitiveUsernames: ptr(true), MFA: "OFF",
		Schema: []components.SchemaAttribute{
			{Name: "email", Required: true, MinLength: "0", MaxLength: "2048"},
			{Name: "name", Required: true, MinLength: "0", MaxLength: "2048"},
			{Name: "custom:team", Mutable: ptr(false), MinLength: "1", MaxLength: "64"},
			{Name: "custom:level", Type: "Number", MinValue: "0", MaxValue: "10"},
		},
		ClientAttributes: []string{"email", "name", "custom:team"}, ClientReadAttributes: []string{"email", "email_verified", "name", "custom:team", "custom:level"},
		ClientAuthFlows: []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"}, ClientGenerateSecret: true,
		ClientPreventUserExistenceErrors: "LEGACY",
	},
	"MFA optional, audit": {MFA: "OPTIONAL", FeaturePlan: "PLUS", ThreatProtection: "AUDIT"},
}

func ptr[T any](v T) *T { return &v }

// registered runs the component under mocks and returns what it registered.
func registered(tb testing.TB, args components.UserPoolArgs) []pulumimock.Resource {
	tb.Helper()
	a, err := pulumimock.Run(tb, "proj", nil, func(ctx *pulumi.Context) error {
		_, err := components.NewUserPool(ctx, "auth", &args)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return a.Resources()
}

// requestsFor translates one registered resource into its requests, as JSON values keyed by
// operation, and fails on any declared input no translation read.
func requestsFor(tb testing.TB, r pulumimock.Resource) (map[string]any, map[string]placement) {
	tb.Helper()
	in := newInputs(r.Inputs)
	reqs := map[string]any{}
	var where map[string]placement
	switch r.Type {
	case TypeUserPool:
		p := translateUserPool(in, autoname(in, r.Name))
		reqs["CreateUserPool"] = p.Create
		if p.MFA != nil {
			reqs["SetUserPoolMfaConfig"] = p.MFA
		}
		where = wherePool
	case TypeUserPoolClient:
		reqs["CreateUserPoolClient"] = translateUserPoolClient(in, autoname(in, r.Name))
		where = whereClient
	case TypeUserPoolDomain:
		reqs["CreateUserPoolDomain"] = translateUserPoolDomain(in)
		where = whereDomain
	default:
		return nil, nil
	}
	if u := in.unread(); len(u) > 0 {
		tb.Errorf("%s: declared inputs no translation read: %v", r.Type, u)
	}
	var plain map[string]any
	b, _ := json.Marshal(reqs)
	_ = json.Unmarshal(b, &plain)
	return plain, where
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

// leaves lists a declared property tree's values by path ("schemas[1].name"); lists of strings
// and the mapInputs are single values.
func leaves(m map[string]any, prefix string, out map[string]any) {
	for k, v := range m {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		switch v := v.(type) {
		case map[string]any:
			if mapInputs[p] {
				out[p] = v
			} else {
				leaves(v, p, out)
			}
		case []any:
			if len(v) > 0 {
				if _, ok := v[0].(map[string]any); ok {
					for i, e := range v {
						leaves(e.(map[string]any), fmt.Sprintf("%s[%d]", p, i), out)
					}
					continue
				}
			}
			out[p] = v
		default:
			out[p] = v
		}
	}
}

// mapInputs are the inputs that are maps of strings, one value each, not blocks.
var mapInputs = map[string]bool{"tags": true}

// at walks a JSON value by a path like "Schema[1].Name".
func at(v any, path string) (any, bool) {
	for _, part := range strings.Split(path, ".") {
		name, idx := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 {
			name = part[:i]
			idx, _ = strconv.Atoi(strings.Trim(part[i:], "[]"))
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[name]; !ok || v == nil {
			return nil, false
		}
		if idx >= 0 {
			l, ok := v.([]any)
			if !ok || idx >= len(l) {
				return nil, false
			}
			v = l[idx]
		}
	}
	return v, true
}

// TestEveryDeclaredInputReachesItsRequest translates everything the component declares, for
// each case, and checks that each declared input arrives where the provider puts it — so a field
// dropped from (or misplaced in) the translation fails here.
func TestEveryDeclaredInputReachesItsRequest(t *testing.T) {
	for name, args := range componentCases {
		t.Run(name, func(t *testing.T) {
			for _, r := range registered(t, args) {
				reqs, where := requestsFor(t, r)
				if reqs == nil {
					continue
				}
				declared := map[string]any{}
				leaves(r.Inputs.Mappable(), "", declared)
				for path, want := range declared {
					pattern := indexRE.ReplaceAllString(path, "[]")
					p, ok := where[pattern]
					if !ok {
						t.Errorf("%s input %s: no stated place in the provider's request (add it to the table)", r.Type, path)
						continue
					}
					reqPath := p.path
					if m := indexRE.FindString(path); m != "" {
						reqPath = strings.Replace(reqPath, "[]", m, 1)
					}
					got, ok := at(reqs[p.op], reqPath)
					if p.absentWhen != nil && reflect.DeepEqual(want, p.absentWhen) {
						if ok && got != "" {
							t.Errorf("%s input %s=%v: %s %s=%v, want it not sent", r.Type, path, want, p.op, reqPath, got)
						}
						continue
					}
					if !ok || !reflect.DeepEqual(got, want) {
						t.Errorf("%s input %s=%#v: %s %s=%#v, want the declared value", r.Type, path, want, p.op, reqPath, got)
					}
				}
			}
		})
	}
}

// TestProviderQuirks pins what the provider sends beyond the declared inputs, each row a rule
// from its code.
func TestProviderQuirks(t *testing.T) {
	obj := func(kv ...any) resource.PropertyMap {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return resource.NewPropertyMapFromMap(m)
	}
	pool := func(in resource.PropertyMap) map[string]any {
		r := translateUserPool(newInputs(in), "p")
		out := map[string]any{"CreateUserPool": r.Create}
		if r.MFA != nil {
			out["SetUserPoolMfaConfig"] = r.MFA
		}
		var plain map[string]any
		b, _ := json.Marshal(out)
		_ = json.Unmarshal(b, &plain)
		return plain
	}
	tests := []struct {
		name  string
		in    resource.PropertyMap
		path  string
		want  any // nil: absent
		rule  string
		isAbs bool
	}{
		{"invite template without SMS sends it empty", obj("adminCreateUserConfig", map[string]any{"inviteMessageTemplate": map[string]any{"emailSubject": "s", "emailMessage": "{username} {####}"}}),
			"CreateUserPool.AdminCreateUserConfig.InviteMessageTemplate.SMSMessage", "", "expandAdminCreateUserConfigType copies every key", false},
		{"verification template skips empties", obj("verificationMessageTemplate", map[string]any{"emailMessage": "{####}"}),
			"CreateUserPool.VerificationMessageTemplate.SmsMessage", nil, "expandVerificationMessageTemplateType skips \"\"", true},
		{"verification template default option", obj("verificationMessageTemplate", map[string]any{"emailMessage": "{####}"}),
			"CreateUserPool.VerificationMessageTemplate.DefaultEmailOption", "CONFIRM_WITH_CODE", "default_email_option Default", false},
		{"deletion protection default sent", obj(), "CreateUserPool.DeletionProtection", "INACTIVE", "deletion_protection Default INACTIVE", false},
		{"MFA never in CreateUserPool", obj("mfaConfiguration", "ON", "softwareTokenMfaConfiguration", map[string]any{"enabled": true}),
			"CreateUserPool.MfaConfiguration", "", "resourceUserPoolCreate sets MFA afterwards", false},
		{"MFA ON set afterwards", obj("mfaConfiguration", "ON", "softwareTokenMfaConfiguration", map[string]any{"enabled": true}),
			"SetUserPoolMfaConfig.MfaConfiguration", "ON", "SetUserPoolMfaConfig when not OFF", false},
		{"MFA unset means OFF: no call", obj(), "SetUserPoolMfaConfig", nil, "mfa_configuration Default OFF", true},
		{"password history sent as 0", obj("passwordPolicy", map[string]any{"minimumLength": 8.0}),
			"CreateUserPool.Policies.PasswordPolicy.PasswordHistorySize", 0.0, "expandPasswordPolicyType copies every key", false},
		{"ESSENTIALS not sent", obj("userPoolTier", "ESSENTIALS"), "CreateUserPool.UserPoolTier", "", "user_pool_tier != ESSENTIALS", false},
		{"LITE sent", obj("userPoolTier", "LITE"), "CreateUserPool.UserPoolTier", "LITE", "user_pool_tier != ESSENTIALS", false},
		{"add-ons OFF still sent", obj("userPoolAddOns", map[string]any{"advancedSecurityMode": "OFF"}),
			"CreateUserPool.UserPoolAddOns.AdvancedSecurityMode", "OFF", "user_pool_add_ons sent when declared", false},
		{"no add-ons block, none sent", obj(), "CreateUserPool.UserPoolAddOns", nil, "user_pool_add_ons sent when declared", true},
		{"e-mail sending account default", obj("emailConfiguration", map[string]any{"sourceArn": "arn:aws:ses:eu-west-1:1:identity/x"}),
			"CreateUserPool.EmailConfiguration.EmailSendingAccount", "COGNITO_DEFAULT", "email_sending_account Default", false},
		{"empty top-level verification message not sent", obj("emailVerificationMessage", ""), "CreateUserPool.EmailVerificationMessage", nil, "GetOk", true},
		{"case sensitivity false is sent", obj("usernameConfiguration", map[string]any{"caseSensitive": false}),
			"CreateUserPool.UsernameConfiguration.CaseSensitive", false, "expandUsernameConfigurationType", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := at(pool(tt.in), tt.path)
			if tt.isAbs {
				if ok {
					t.Errorf("%s=%#v, want absent (%s)", tt.path, got, tt.rule)
				}
				return
			}
			if !ok || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s=%#v (present %v), want %#v (%s)", tt.path, got, ok, tt.want, tt.rule)
			}
		})
	}
}

// TestUnreadInputFails shows that an input no translation reads stops the deploy, naming it.
func TestUnreadInputFails(t *testing.T) {
	in := newInputs(resource.NewPropertyMapFromMap(map[string]any{
		"smsConfiguration": map[string]any{"externalId": "x", "snsCallerArn": "arn:aws:iam::1:role/r"},
		"passwordPolicy":   map[string]any{"minimumLength": 8.0, "futureField": true},
	}))
	translateUserPool(in, "p")
	got := in.unread()
	want := []string{"passwordPolicy.futureField", "smsConfiguration"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("unread=%v, want %v", got, want)
	}
	if err := unreadError(TypeUserPool, "auth-pool", got); !strings.Contains(err.Error(), "smsConfiguration") {
		t.Errorf("error %q does not name the input", err)
	}
}

func TestAutoname(t *testing.T) {
	name := autoname(newInputs(resource.PropertyMap{}), "auth-pool")
	if !regexp.MustCompile(`^auth-pool-[0-9a-f]{7}$`).MatchString(name) {
		t.Errorf("autoname=%q, want auth-pool-<7 hex> like pulumi-aws", name)
	}
	if got := autoname(newInputs(resource.NewPropertyMapFromMap(map[string]any{"name": "mine"})), "auth-pool"); got != "mine" {
		t.Errorf("declared name: %q, want mine", got)
	}
}

// TestTodaysComponentWithoutSMSIsRefused: the pool as the component declared it before the
// invitation SMS text (e-mail subject and body only) becomes, through the provider's
// expandAdminCreateUserConfigType, a CreateUserPool that AWS's model refuses, with AWS's words.
func TestTodaysComponentWithoutSMSIsRefused(t *testing.T) {
	r := registered(t, components.UserPoolArgs{})[1]
	if r.Type != TypeUserPool {
		t.Fatalf("second registration %s, want the pool", r.Type)
	}
	in := r.Inputs // Copy is shallow: the nested template below is changed in place
	tmpl := in["adminCreateUserConfig"].ObjectValue()["inviteMessageTemplate"].ObjectValue()
	delete(tmpl, "smsMessage")
	req := translateUserPool(newInputs(in), "auth-pool-1234567").Create
	_, err := planClient().CreateUserPool(context.Background(), req, awscheck.Guard)
	const want = "1 validation error detected: Value '' at 'adminCreateUserConfig.inviteMessageTemplate.sMSMessage' failed to satisfy constraint: Member must have length greater than or equal to 6"
	var v *awscheck.ValidationError
	if !errors.As(err, &v) || v.Error() != want {
		t.Fatalf("err=%v, want %q", err, want)
	}
	// With the SMS text the component now declares, the same request passes.
	fresh := registered(t, components.UserPoolArgs{})[1].Inputs
	if _, err := planClient().CreateUserPool(context.Background(), translateUserPool(newInputs(fresh), "auth-pool-1234567").Create, awscheck.Guard); err != nil {
		t.Fatalf("the component's pool: %v", err)
	}
}

// TestEveryCaseSendsValidRequests runs every component case through Plan: each request passes
// AWS's model and documented rules.
func TestEveryCaseSendsValidRequests(t *testing.T) {
	for name, args := range componentCases {
		t.Run(name, func(t *testing.T) {
			_, err := Plan(context.Background(), "p", "s", nil, func(ctx *pulumi.Context) (pulumi.Map, error) {
				_, err := components.NewUserPool(ctx, "auth", &args)
				return pulumi.Map{}, err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
