package awscheck

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// ruleErrors runs Request and returns the Error() of each *RequestError it joined, failing the
// test on any other error.
func ruleErrors(tb testing.TB, op, body string) []string {
	tb.Helper()
	err := Request(op, []byte(body))
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var out []string
	for _, e := range errs {
		var re *RequestError
		if !errors.As(e, &re) {
			tb.Fatalf("Request(%s) = %v, want only *RequestError values", op, err)
		}
		if re.Operation != op {
			tb.Fatalf("Operation = %q, want %q", re.Operation, op)
		}
		out = append(out, e.Error())
	}
	return out
}

const pool = `"PoolName":"app"`
const client = `"UserPoolId":"eu-west-1_abc","ClientName":"web"`

// Every rule: rows that break it (AWS's exception and wording where known) and rows just inside it.
func TestRules(t *testing.T) {
	tags := func(n int) string {
		var kv []string
		for i := range n {
			kv = append(kv, fmt.Sprintf(`"k%d":"v"`, i))
		}
		return `{` + strings.Join(kv, ",") + `}`
	}
	for _, tc := range []struct {
		name, op, body string
		want           []string
	}{
		// Threat protection needs the Plus tier.
		{"threat protection on the default tier", "CreateUserPool", `{` + pool + `,"UserPoolAddOns":{"AdvancedSecurityMode":"ENFORCED"}}`,
			[]string{"FeatureUnavailableInTierException: The following features need to be disabled for the ESSENTIALS pricing tier configured: Threat Protection"}},
		{"threat protection audit on LITE", "CreateUserPool", `{` + pool + `,"UserPoolTier":"LITE","UserPoolAddOns":{"AdvancedSecurityMode":"AUDIT"}}`,
			[]string{"FeatureUnavailableInTierException: The following features need to be disabled for the LITE pricing tier configured: Threat Protection"}},
		{"custom-auth threat protection", "UpdateUserPool", `{"UserPoolId":"eu-west-1_abc","UserPoolTier":"ESSENTIALS","UserPoolAddOns":{"AdvancedSecurityMode":"OFF","AdvancedSecurityAdditionalFlows":{"CustomAuthMode":"AUDIT"}}}`,
			[]string{"FeatureUnavailableInTierException: The following features need to be disabled for the ESSENTIALS pricing tier configured: Threat Protection"}},
		{"threat protection on PLUS", "CreateUserPool", `{` + pool + `,"UserPoolTier":"PLUS","UserPoolAddOns":{"AdvancedSecurityMode":"ENFORCED"}}`, nil},
		{"threat protection off on the default tier", "CreateUserPool", `{` + pool + `,"UserPoolAddOns":{"AdvancedSecurityMode":"OFF"}}`, nil},
		{"update without the tier: the pool's tier is unknown", "UpdateUserPool", `{"UserPoolId":"eu-west-1_abc","UserPoolAddOns":{"AdvancedSecurityMode":"ENFORCED"}}`, nil},

		// Tags.
		{"51 tags", "CreateUserPool", `{` + pool + `,"UserPoolTags":` + tags(51) + `}`,
			[]string{"CreateUserPool UserPoolTags: 51 tags; a user pool can have at most 50"}},
		{"50 tags", "CreateUserPool", `{` + pool + `,"UserPoolTags":` + tags(50) + `}`, nil},
		{"aws: prefix, any case", "UpdateUserPool", `{"UserPoolId":"eu-west-1_abc","UserPoolTags":{"AWS:owner":"me","team":"aws:x"}}`,
			[]string{`UpdateUserPool UserPoolTags["AWS:owner"]: tag keys starting with aws: are reserved for AWS`}},

		// MFA at creation needs SMS.
		{"MFA optional without SMS", "CreateUserPool", `{` + pool + `,"MfaConfiguration":"OPTIONAL"}`,
			[]string{"InvalidParameterException: SMS configuration and Auto verification for phone_number are required when MFA is required/optional"}},
		{"MFA on without SMS", "CreateUserPool", `{` + pool + `,"MfaConfiguration":"ON"}`,
			[]string{"InvalidParameterException: SMS configuration and Auto verification for phone_number are required when MFA is required/optional"}},
		{"MFA on with SMS", "CreateUserPool", `{` + pool + `,"MfaConfiguration":"ON","SmsConfiguration":{"SnsCallerArn":"arn:aws:iam::123456789012:role/sms"},"AutoVerifiedAttributes":["phone_number"]}`, nil},
		{"MFA off", "CreateUserPool", `{` + pool + `,"MfaConfiguration":"OFF"}`, nil},

		// SetUserPoolMfaConfig: a factor exactly when MFA is on.
		{"MFA optional, no factor", "SetUserPoolMfaConfig", `{"UserPoolId":"eu-west-1_abc","MfaConfiguration":"OPTIONAL","SoftwareTokenMfaConfiguration":{"Enabled":false}}`,
			[]string{"InvalidParameterException: Invalid MFA Configuration given. SMS MFA, Email MFA, or Software Token MFA must be enabled."}},
		{"MFA on, passkeys are no MFA factor", "SetUserPoolMfaConfig", `{"UserPoolId":"eu-west-1_abc","MfaConfiguration":"ON","WebAuthnConfiguration":{"RelyingPartyId":"example.com"}}`,
			[]string{"InvalidParameterException: Invalid MFA Configuration given. SMS MFA, Email MFA, or Software Token MFA must be enabled."}},
		{"MFA optional with TOTP", "SetUserPoolMfaConfig", `{"UserPoolId":"eu-west-1_abc","MfaConfiguration":"OPTIONAL","SoftwareTokenMfaConfiguration":{"Enabled":true}}`, nil},
		{"MFA on with e-mail", "SetUserPoolMfaConfig", `{"UserPoolId":"eu-west-1_abc","MfaConfiguration":"ON","EmailMfaConfiguration":{"Message":"Your code is {####}"}}`, nil},
		{"MFA off with a factor", "SetUserPoolMfaConfig", `{"UserPoolId":"eu-west-1_abc","MfaConfiguration":"OFF","SoftwareTokenMfaConfiguration":{"Enabled":true}}`,
			[]string{"InvalidParameterException: Invalid MFA configuration given, can't turn off MFA and configure an MFA together."}},
		{"MFA off with passkeys", "SetUserPoolMfaConfig", `{"UserPoolId":"eu-west-1_abc","MfaConfiguration":"OFF","WebAuthnConfiguration":{"RelyingPartyId":"example.com"}}`, nil},

		// Verification template: code or link, not both.
		{"both verification e-mails", "CreateUserPool", `{` + pool + `,"VerificationMessageTemplate":{"DefaultEmailOption":"CONFIRM_WITH_CODE","EmailMessage":"Code {####}","EmailMessageByLink":"Click {##here##}"}}`,
			[]string{"CreateUserPool VerificationMessageTemplate: set EmailMessage (CONFIRM_WITH_CODE) or EmailMessageByLink (CONFIRM_WITH_LINK), not both"}},
		{"code verification e-mail", "CreateUserPool", `{` + pool + `,"VerificationMessageTemplate":{"DefaultEmailOption":"CONFIRM_WITH_CODE","EmailMessage":"Code {####}","EmailSubject":"Your code"}}`, nil},

		// Invitation placeholders.
		{"SMS invitation without placeholders", "CreateUserPool", `{` + pool + `,"AdminCreateUserConfig":{"InviteMessageTemplate":{"SMSMessage":"Welcome aboard"}}}`,
			[]string{
				"CreateUserPool AdminCreateUserConfig.InviteMessageTemplate.SMSMessage: the invitation must contain the {username} placeholder",
				"CreateUserPool AdminCreateUserConfig.InviteMessageTemplate.SMSMessage: the invitation must contain the {####} temporary-password placeholder: the pool signs in with passwords only",
			}},
		{"e-mail invitation without the password", "CreateUserPool", `{` + pool + `,"AdminCreateUserConfig":{"InviteMessageTemplate":{"EmailMessage":"Hello {username}"}}}`,
			[]string{"CreateUserPool AdminCreateUserConfig.InviteMessageTemplate.EmailMessage: the invitation must contain the {####} temporary-password placeholder: the pool signs in with passwords only"}},
		{"passwordless pool: no password placeholder needed", "CreateUserPool", `{` + pool + `,"Policies":{"SignInPolicy":{"AllowedFirstAuthFactors":["PASSWORD","EMAIL_OTP"]}},"AdminCreateUserConfig":{"InviteMessageTemplate":{"EmailMessage":"Hello {username}"}}}`, nil},
		{"update without sign-in policy: only {username} judged", "UpdateUserPool", `{"UserPoolId":"eu-west-1_abc","AdminCreateUserConfig":{"InviteMessageTemplate":{"SMSMessage":"Hi {username}"}}}`, nil},
		{"both placeholders", "CreateUserPool", `{` + pool + `,"AdminCreateUserConfig":{"InviteMessageTemplate":{"SMSMessage":"{username}: {####}","EmailMessage":"Hi {username}, password {####}","EmailSubject":"Welcome"}}}`, nil},

		// Custom attributes can't be required.
		{"required custom attribute", "CreateUserPool", `{` + pool + `,"Schema":[{"Name":"email","Required":true},{"Name":"tenant","AttributeDataType":"String","Required":true}]}`,
			[]string{"InvalidParameterException: Required custom attributes are not supported currently."}},

		// App clients.
		{"client writes email_verified", "CreateUserPoolClient", `{` + client + `,"WriteAttributes":["email","email_verified"]}`,
			[]string{"InvalidParameterException: Invalid write attributes specified while creating a client"}},
		{"client update writes phone_number_verified", "UpdateUserPoolClient", `{"UserPoolId":"eu-west-1_abc","ClientId":"abc","WriteAttributes":["phone_number_verified"]}`,
			[]string{"InvalidParameterException: Invalid write attributes specified while updating a client"}},
		{"client reads email_verified", "CreateUserPoolClient", `{` + client + `,"ReadAttributes":["email","email_verified"],"WriteAttributes":["email"]}`, nil},
		{"legacy and ALLOW_ flows mixed", "CreateUserPoolClient", `{` + client + `,"ExplicitAuthFlows":["ADMIN_NO_SRP_AUTH","ALLOW_USER_SRP_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]}`,
			[]string{"CreateUserPoolClient ExplicitAuthFlows: legacy values (ADMIN_NO_SRP_AUTH) can't be combined with ALLOW_ values (ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH)"}},
		{"ALLOW_ flows without refresh", "CreateUserPoolClient", `{` + client + `,"ExplicitAuthFlows":["ALLOW_USER_SRP_AUTH"]}`,
			[]string{"InvalidParameterException: REFRESH_TOKEN_AUTH should always be allowed."}},
		{"legacy flows only", "CreateUserPoolClient", `{` + client + `,"ExplicitAuthFlows":["ADMIN_NO_SRP_AUTH"]}`, nil},
		{"the component's flows", "CreateUserPoolClient", `{` + client + `,"ExplicitAuthFlows":["ALLOW_USER_SRP_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]}`, nil},

		// Token validity after units.
		{"access token 2 days", "CreateUserPoolClient", `{` + client + `,"AccessTokenValidity":2,"TokenValidityUnits":{"AccessToken":"days"}}`,
			[]string{"CreateUserPoolClient AccessTokenValidity: 2 days is outside 5 minutes–1 day"}},
		{"ID token 4 minutes", "CreateUserPoolClient", `{` + client + `,"IdTokenValidity":4,"TokenValidityUnits":{"IdToken":"minutes"}}`,
			[]string{"CreateUserPoolClient IdTokenValidity: 4 minutes is outside 5 minutes–1 day"}},
		{"access token 25 hours, default unit", "CreateUserPoolClient", `{` + client + `,"AccessTokenValidity":25}`,
			[]string{"CreateUserPoolClient AccessTokenValidity: 25 hours is outside 5 minutes–1 day"}},
		{"refresh token 59 minutes", "UpdateUserPoolClient", `{"UserPoolId":"eu-west-1_abc","ClientId":"abc","RefreshTokenValidity":59,"TokenValidityUnits":{"RefreshToken":"minutes"}}`,
			[]string{"UpdateUserPoolClient RefreshTokenValidity: 59 minutes is outside 60 minutes–10 years"}},
		{"refresh token 3651 days, default unit", "CreateUserPoolClient", `{` + client + `,"RefreshTokenValidity":3651}`,
			[]string{"CreateUserPoolClient RefreshTokenValidity: 3651 days is outside 60 minutes–10 years"}},
		{"refresh token 0: AWS uses its default", "CreateUserPoolClient", `{` + client + `,"RefreshTokenValidity":0}`, nil},
		{"bounds exactly", "CreateUserPoolClient", `{` + client + `,"AccessTokenValidity":5,"IdTokenValidity":86400,"RefreshTokenValidity":3650,"TokenValidityUnits":{"AccessToken":"minutes","IdToken":"seconds"}}`, nil},

		// OAuth.
		{"OAuth on without flows or scopes", "CreateUserPoolClient", `{` + client + `,"AllowedOAuthFlowsUserPoolClient":true}`,
			[]string{"CreateUserPoolClient AllowedOAuthFlowsUserPoolClient: AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows."}},
		{"client_credentials with code", "CreateUserPoolClient", `{` + client + `,"GenerateSecret":true,"AllowedOAuthFlowsUserPoolClient":true,"AllowedOAuthFlows":["client_credentials","code"],"AllowedOAuthScopes":["openid"],"CallbackURLs":["https://app.example.com/cb"]}`,
			[]string{"InvalidOAuthFlowException: client_credentials flow can not be selected along with code flow or implicit flow."}},
		{"client_credentials without a secret", "CreateUserPoolClient", `{` + client + `,"AllowedOAuthFlowsUserPoolClient":true,"AllowedOAuthFlows":["client_credentials"],"AllowedOAuthScopes":["api/read"]}`,
			[]string{"InvalidOAuthFlowException: client_credentials flow can not be selected if client does not have a client secret."}},
		{"client_credentials with a secret", "CreateUserPoolClient", `{` + client + `,"GenerateSecret":true,"AllowedOAuthFlowsUserPoolClient":true,"AllowedOAuthFlows":["client_credentials"],"AllowedOAuthScopes":["api/read"]}`, nil},
		{"code flow without callback URLs", "UpdateUserPoolClient", `{"UserPoolId":"eu-west-1_abc","ClientId":"abc","AllowedOAuthFlowsUserPoolClient":true,"AllowedOAuthFlows":["code"],"AllowedOAuthScopes":["openid"]}`,
			[]string{"InvalidOAuthFlowException: CallbackUrls can not be empty when code flow or implicit flow is selected"}},
		{"default redirect not a callback", "CreateUserPoolClient", `{` + client + `,"AllowedOAuthFlowsUserPoolClient":true,"AllowedOAuthFlows":["code"],"AllowedOAuthScopes":["openid"],"CallbackURLs":["https://app.example.com/cb"],"DefaultRedirectURI":"https://app.example.com/other"}`,
			[]string{`CreateUserPoolClient DefaultRedirectURI: "https://app.example.com/other" is not in CallbackURLs`}},
		{"a complete code-flow client", "CreateUserPoolClient", `{` + client + `,"AllowedOAuthFlowsUserPoolClient":true,"AllowedOAuthFlows":["code"],"AllowedOAuthScopes":["openid","email"],"CallbackURLs":["https://app.example.com/cb"],"DefaultRedirectURI":"https://app.example.com/cb"}`, nil},
		{"OAuth off: its settings are not judged", "CreateUserPoolClient", `{` + client + `,"AllowedOAuthFlows":["code"]}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ruleErrors(t, tc.op, tc.body)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("errors:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// A rule error carries the member and, for AWS-worded messages that don't name it, the detail.
func TestRuleErrorNamesTheMember(t *testing.T) {
	err := Request("UpdateUserPool", []byte(`{"UserPoolId":"eu-west-1_abc","UserPoolTier":"ESSENTIALS","UserPoolAddOns":{"AdvancedSecurityMode":"OFF","AdvancedSecurityAdditionalFlows":{"CustomAuthMode":"AUDIT"}}}`))
	var tier *RequestError
	if !errors.As(err, &tier) || tier.Member != "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode" ||
		tier.Detail != "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode AUDIT is threat protection, which needs UserPoolTier PLUS" {
		t.Fatalf("Request = %v (%+v)", err, tier)
	}

	err = Request("CreateUserPoolClient", []byte(`{`+client+`,"WriteAttributes":["email","email_verified"]}`))
	var re *RequestError
	if !errors.As(err, &re) {
		t.Fatalf("Request = %v", err)
	}
	if re.Member != "WriteAttributes[1]" || !strings.Contains(re.Detail, "email_verified") || re.ErrorCode() != InvalidParameterException {
		t.Fatalf("Member %q Detail %q Code %q", re.Member, re.Detail, re.ErrorCode())
	}
}

// Model violations come first: a request that breaks both gets only the model's answer, as at AWS.
func TestModelBeforeRules(t *testing.T) {
	err := Request("CreateUserPool", []byte(`{"PoolName":"p","MfaConfiguration":"ON","AdminCreateUserConfig":{"InviteMessageTemplate":{"SMSMessage":""}}}`))
	var ve *ValidationError
	var re *RequestError
	if !errors.As(err, &ve) || errors.As(err, &re) {
		t.Fatalf("Request = %v, want the model violation alone", err)
	}
}
