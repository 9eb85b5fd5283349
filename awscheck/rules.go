package awscheck

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The rules below are not in the API model's constraints: each names where it comes from. "Model
// doc" is the documentation text inside the vendored model (third_party/aws-models), which is
// also the text of the Cognito API reference. A rule refuses what its source says AWS refuses,
// with AWS's exception and wording where they were found (RequestError.Exception is empty where
// they weren't); where the source leaves a case open (an UpdateUserPool that doesn't restate the
// pool's tier, say), the request passes. ALLOW_REFRESH_TOKEN_AUTH with the ALLOW_ flows
// (authFlows) has AWS's message only from a CloudFormation log, and says so.
//
// Left out on purpose: the model doc of VerificationMessageTemplateType and MessageTemplateType
// says a custom EmailMessage/EmailSubject may be set "only if the value of EmailSendingAccount is
// DEVELOPER". AWS doesn't enforce that: aws-cdk's UserPool sets a verification EmailSubject and
// EmailMessage by default whatever the sender (aws-cognito/lib/user-pool.ts, userVerification
// defaults), and Cognito's default sender sends them. Checking it would refuse working pools.

// rule checks one request body that already satisfies the model.
type rule func(op string, body *node) []*RequestError

var rules = map[string][]rule{
	"CreateUserPool":       {threatProtectionTier, poolTags, createPoolMFA, verificationTemplate, invitationTemplate, requiredCustomAttributes},
	"UpdateUserPool":       {threatProtectionTier, poolTags, verificationTemplate, invitationTemplate},
	"SetUserPoolMfaConfig": {mfaFactors},
	"CreateUserPoolClient": {clientVerifiedAttributes, authFlows, tokenValidity, oauthFlows},
	"UpdateUserPoolClient": {clientVerifiedAttributes, authFlows, tokenValidity, oauthFlows},
}

// get walks members by name; nil when any is absent.
func get(v *node, names ...string) *node {
	for _, n := range names {
		v = v.field(n)
	}
	return v
}

func str(v *node, names ...string) (string, bool) {
	if v = get(v, names...); v == nil || v.kind != kString {
		return "", false
	}
	return v.text, true
}

// strs is a list of strings; present is false when the member is absent.
func strs(v *node, names ...string) (list []string, present bool) {
	if v = get(v, names...); v == nil || v.kind != kArray {
		return nil, false
	}
	for _, item := range v.items {
		list = append(list, item.text)
	}
	return list, true
}

func isTrue(v *node, names ...string) bool {
	v = get(v, names...)
	return v != nil && v.kind == kBool && v.bool
}

// threatProtectionTier: threat protection (AUDIT or ENFORCED) needs the Plus tier. Model doc,
// UserPoolAddOnsType: "To activate this setting, your user pool must be on the Plus tier."
// UserPoolTier: "Defaults to ESSENTIALS." AWS's answer: "FeatureUnavailableInTierException: The
// following features need to be disabled for the ESSENTIALS pricing tier configured: Threat
// Protection" (github.com/hashicorp/terraform-provider-aws/pull/40734,
// github.com/aws/aws-cdk/pull/32367). An UpdateUserPool without UserPoolTier keeps the pool's
// tier, which the request doesn't show: not judged.
func threatProtectionTier(op string, body *node) []*RequestError {
	tier, ok := str(body, "UserPoolTier")
	if !ok {
		if op != "CreateUserPool" {
			return nil
		}
		tier = "ESSENTIALS"
	}
	if tier == "PLUS" {
		return nil
	}
	var on []string
	for _, m := range [][]string{{"UserPoolAddOns", "AdvancedSecurityMode"}, {"UserPoolAddOns", "AdvancedSecurityAdditionalFlows", "CustomAuthMode"}} {
		if mode, _ := str(body, m...); mode == "AUDIT" || mode == "ENFORCED" {
			on = append(on, strings.Join(m, ".")+" "+mode)
		}
	}
	if len(on) == 0 {
		return nil
	}
	return []*RequestError{{Member: strings.Fields(on[0])[0], Exception: FeatureUnavailableInTierException,
		Message: "The following features need to be disabled for the " + tier + " pricing tier configured: Threat Protection",
		Detail:  strings.Join(on, ", ") + " is threat protection, which needs UserPoolTier PLUS"}}
}

// maxPoolTags: "A user pool can have as many as 50 tags" (API reference, TagResource); "Maximum
// number of tags that you can assign to a resource – 50" and the aws: prefix reserved for AWS
// (Developer Guide, "Tagging Amazon Cognito resources", Tag restrictions). Key and value lengths
// are in the model (TagKeysType 1–128, TagValueType 0–256). AWS's exception for these wasn't
// found.
const maxPoolTags = 50

func poolTags(_ string, body *node) []*RequestError {
	tags := get(body, "UserPoolTags")
	if tags == nil {
		return nil
	}
	var errs []*RequestError
	if len(tags.keys) > maxPoolTags {
		errs = append(errs, &RequestError{Member: "UserPoolTags",
			Message: fmt.Sprintf("%d tags; a user pool can have at most %d", len(tags.keys), maxPoolTags)})
	}
	for _, k := range tags.keys {
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			errs = append(errs, &RequestError{Member: fmt.Sprintf("UserPoolTags[%q]", k),
				Message: "tag keys starting with aws: are reserved for AWS"})
		}
	}
	return errs
}

// createPoolMFA: CreateUserPool with MfaConfiguration ON or OPTIONAL and no SmsConfiguration is
// refused — "InvalidParameterException ... SMS configuration and Auto verification for
// phone_number are required when MFA is required/optional"
// (github.com/panther-labs/panther/pull/637,
// github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/769, where TOTP-only
// pools hit it). terraform-provider-aws therefore creates the pool with MFA off and calls
// SetUserPoolMfaConfig afterwards (resourceUserPoolCreate). The message also names
// auto-verification of phone_number; only the missing SmsConfiguration, which every report
// shares, is checked.
func createPoolMFA(_ string, body *node) []*RequestError {
	mfa, _ := str(body, "MfaConfiguration")
	if mfa != "ON" && mfa != "OPTIONAL" || get(body, "SmsConfiguration") != nil {
		return nil
	}
	return []*RequestError{{Member: "MfaConfiguration", Exception: InvalidParameterException,
		Message: "SMS configuration and Auto verification for phone_number are required when MFA is required/optional",
		Detail:  fmt.Sprintf("MfaConfiguration is %s and SmsConfiguration is absent: create the pool with MFA OFF, then call SetUserPoolMfaConfig", mfa)}}
}

// verificationTemplate: model doc, CreateUserPool VerificationMessageTemplate: "For
// CONFIRM_WITH_LINK, specify an EmailMessageByLink and leave EmailMessage blank. For
// CONFIRM_WITH_CODE, specify an EmailMessage and leave EmailMessageByLink blank. When you supply
// both parameters with either choice, Amazon Cognito returns an error." The placeholders
// ({####} in EmailMessage and SmsMessage, {##...##} in EmailMessageByLink) are patterns in the
// model and checked with it.
func verificationTemplate(_ string, body *node) []*RequestError {
	t := get(body, "VerificationMessageTemplate")
	if get(t, "EmailMessage") == nil || get(t, "EmailMessageByLink") == nil {
		return nil
	}
	return []*RequestError{{Member: "VerificationMessageTemplate",
		Message: "set EmailMessage (CONFIRM_WITH_CODE) or EmailMessageByLink (CONFIRM_WITH_LINK), not both"}}
}

// invitationTemplate: "Your custom message must contain the {username} and {####} placeholders"
// (Developer Guide, "Customizing user invitation messages", quoted in
// github.com/aws-amplify/amplify-js/issues/10926); the service checks both in the SMS and e-mail
// invitation (github.com/aws/aws-cdk/pull/6484), as terraform-provider-aws's
// validUserPoolInviteTemplateSMSMessage/EmailMessage do. Since passwordless sign-in, {####} is
// needed only "if you are creating users with passwords" (model doc, AdminCreateUserConfigType
// InviteMessageTemplate; github.com/hashicorp/terraform-provider-aws/pull/49294): it is required
// when the request shows the pool signs in with passwords only (no SignInPolicy on create, or
// AllowedFirstAuthFactors [PASSWORD]). AWS's wording wasn't found.
func invitationTemplate(op string, body *node) []*RequestError {
	t := get(body, "AdminCreateUserConfig", "InviteMessageTemplate")
	if t == nil {
		return nil
	}
	factors, present := strs(body, "Policies", "SignInPolicy", "AllowedFirstAuthFactors")
	passwordsOnly := present && !slices.ContainsFunc(factors, func(f string) bool { return f != "PASSWORD" }) ||
		!present && op == "CreateUserPool"
	var errs []*RequestError
	for _, m := range []string{"SMSMessage", "EmailMessage"} {
		msg, ok := str(t, m)
		if !ok {
			continue
		}
		name := "AdminCreateUserConfig.InviteMessageTemplate." + m
		if !strings.Contains(msg, "{username}") {
			errs = append(errs, &RequestError{Member: name, Message: "the invitation must contain the {username} placeholder"})
		}
		if passwordsOnly && !strings.Contains(msg, "{####}") {
			errs = append(errs, &RequestError{Member: name,
				Message: "the invitation must contain the {####} temporary-password placeholder: the pool signs in with passwords only"})
		}
	}
	return errs
}

// standardAttributes are the standard user attributes (Developer Guide, "Working with user
// attributes": the OpenID Connect set Cognito gives every user). Other schema names are custom.
var standardAttributes = map[string]bool{
	"name": true, "family_name": true, "given_name": true, "middle_name": true, "nickname": true,
	"preferred_username": true, "profile": true, "picture": true, "website": true, "gender": true,
	"birthdate": true, "zoneinfo": true, "locale": true, "updated_at": true, "address": true,
	"email": true, "phone_number": true, "sub": true,
}

// requiredCustomAttributes: a custom attribute can't be required — "InvalidParameterException:
// Required custom attributes are not supported currently."
// (github.com/trek10inc/serverless-cognito-manager/issues/4).
func requiredCustomAttributes(_ string, body *node) []*RequestError {
	var errs []*RequestError
	for i, a := range get(body, "Schema").listItems() {
		name, _ := str(a, "Name")
		if !standardAttributes[name] && isTrue(a, "Required") {
			errs = append(errs, &RequestError{Member: fmt.Sprintf("Schema[%d].Required", i), Exception: InvalidParameterException,
				Message: "Required custom attributes are not supported currently.",
				Detail:  fmt.Sprintf("custom attribute %q is marked required", name)})
		}
	}
	return errs
}

func (n *node) listItems() []*node {
	if n == nil || n.kind != kArray {
		return nil
	}
	return n.items
}

// mfaFactors: SetUserPoolMfaConfig must enable an MFA factor (SMS, e-mail or TOTP) when MFA is
// ON or OPTIONAL, and may enable none when it is OFF. AWS's answers, as recorded by people who
// sent such requests: "Invalid MFA Configuration given. SMS MFA, Email MFA, or Software Token
// MFA must be enabled." (github.com/go-to-k/cdkd/issues/1923 and #1920; earlier "can't disable
// all MFAs with a required or optional configuration", github.com/anomalyco/sst/issues/5177) and
// "InvalidParameterException: Invalid MFA configuration given, can't turn off MFA and configure
// an MFA together." (cdkd #1923; terraform-provider-aws resourceUserPoolUpdate). WebAuthn is not
// an MFA factor.
func mfaFactors(_ string, body *node) []*RequestError {
	mfa, _ := str(body, "MfaConfiguration")
	var enabled []string
	if get(body, "SmsMfaConfiguration") != nil {
		enabled = append(enabled, "SmsMfaConfiguration")
	}
	if get(body, "EmailMfaConfiguration") != nil {
		enabled = append(enabled, "EmailMfaConfiguration")
	}
	if isTrue(body, "SoftwareTokenMfaConfiguration", "Enabled") {
		enabled = append(enabled, "SoftwareTokenMfaConfiguration")
	}
	switch {
	case (mfa == "ON" || mfa == "OPTIONAL") && len(enabled) == 0:
		return []*RequestError{{Member: "MfaConfiguration", Exception: InvalidParameterException,
			Message: "Invalid MFA Configuration given. SMS MFA, Email MFA, or Software Token MFA must be enabled.",
			Detail:  fmt.Sprintf("MfaConfiguration is %s but no SmsMfaConfiguration, EmailMfaConfiguration or SoftwareTokenMfaConfiguration.Enabled", mfa)}}
	case mfa == "OFF" && len(enabled) > 0:
		return []*RequestError{{Member: "MfaConfiguration", Exception: InvalidParameterException,
			Message: "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.",
			Detail:  "MfaConfiguration is OFF but " + strings.Join(enabled, ", ") + " configures a factor"}}
	}
	return nil
}

// creatingOrUpdating is the end of Cognito's client messages.
func creatingOrUpdating(op string) string {
	if strings.HasPrefix(op, "Create") {
		return "while creating a client"
	}
	return "while updating a client"
}

// clientVerifiedAttributes: an app client can't write email_verified or phone_number_verified.
// Model doc, WriteAttributes vs ReadAttributes: by default a client reads "email_verified,
// phone_number_verified, and the standard attributes" but writes only "the Standard
// attributes"; a sign-up that sets the flags is refused (github.com/aws/aws-sdk-js/issues/3603).
// AWS answers a client with attributes it can't write with "InvalidParameterException: Invalid
// write attributes specified while creating a client" (or "updating";
// github.com/aws/aws-cdk/issues/2608 and #20760 show the message, there for other attributes).
func clientVerifiedAttributes(op string, body *node) []*RequestError {
	write, _ := strs(body, "WriteAttributes")
	var errs []*RequestError
	for i, a := range write {
		if a == "email_verified" || a == "phone_number_verified" {
			errs = append(errs, &RequestError{Member: fmt.Sprintf("WriteAttributes[%d]", i), Exception: InvalidParameterException,
				Message: "Invalid write attributes specified " + creatingOrUpdating(op),
				Detail:  a + " is set by verification, not written by a client"})
		}
	}
	return errs
}

// legacyAuthFlows are the ExplicitAuthFlows values without the ALLOW_ prefix.
var legacyAuthFlows = map[string]bool{"ADMIN_NO_SRP_AUTH": true, "CUSTOM_AUTH_FLOW_ONLY": true, "USER_PASSWORD_AUTH": true}

// authFlows: model doc, ExplicitAuthFlows: "You can't assign these legacy ExplicitAuthFlows
// values to user pool clients at the same time as values that begin with ALLOW_". And
// ALLOW_REFRESH_TOKEN_AUTH comes with any ALLOW_ flow: AWS answers InvalidParameterException
// "REFRESH_TOKEN_AUTH should always be allowed." (the service's message in the CloudFormation
// log of aws/aws-cdk#7625), which is why aws-cdk always adds it (aws-cognito/lib/user-pool-client.ts,
// configureAuthFlows: "refreshToken should always be allowed if authFlows are present").
func authFlows(_ string, body *node) []*RequestError {
	flows, _ := strs(body, "ExplicitAuthFlows")
	var legacy, allow []string
	for _, f := range flows {
		if legacyAuthFlows[f] {
			legacy = append(legacy, f)
		} else {
			allow = append(allow, f)
		}
	}
	var errs []*RequestError
	if len(legacy) > 0 && len(allow) > 0 {
		errs = append(errs, &RequestError{Member: "ExplicitAuthFlows",
			Message: fmt.Sprintf("legacy values (%s) can't be combined with ALLOW_ values (%s)", strings.Join(legacy, ", "), strings.Join(allow, ", "))})
	}
	if len(allow) > 0 && !slices.Contains(allow, "ALLOW_REFRESH_TOKEN_AUTH") {
		errs = append(errs, &RequestError{Member: "ExplicitAuthFlows", Exception: InvalidParameterException,
			Message: "REFRESH_TOKEN_AUTH should always be allowed."})
	}
	return errs
}

// tokenValidity: model doc, TokenValidityUnitsType: "AccessTokenValidity duration can range from
// five minutes to one day", the same for IdTokenValidity, "RefreshTokenValidity duration can
// range from 60 minutes to 10 years"; default units hours, hours and days. terraform-provider-aws
// checks the same bounds (resourceUserPoolClientValidityValidator: 5m–24h, 60m–315360000s).
// RefreshTokenValidity 0 is not an error: "If you do, Amazon Cognito overrides the value with
// the default value of 30 days" (model doc). AWS's wording wasn't found.
func tokenValidity(_ string, body *node) []*RequestError {
	var errs []*RequestError
	for _, t := range []struct {
		member, unit string
		defaultUnit  string
		min, max     time.Duration
		zeroDefault  bool
	}{
		{"AccessTokenValidity", "AccessToken", "hours", 5 * time.Minute, 24 * time.Hour, false},
		{"IdTokenValidity", "IdToken", "hours", 5 * time.Minute, 24 * time.Hour, false},
		{"RefreshTokenValidity", "RefreshToken", "days", 60 * time.Minute, 315360000 * time.Second, true},
	} {
		v := get(body, t.member)
		if v == nil {
			continue
		}
		n, _ := strconv.ParseInt(v.text, 10, 64) // an integer: checkTypes passed
		if n == 0 && t.zeroDefault {
			continue
		}
		unit, ok := str(body, "TokenValidityUnits", t.unit)
		if !ok {
			unit = t.defaultUnit
		}
		seconds := n * map[string]int64{"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}[unit]
		if seconds < int64(t.min/time.Second) || seconds > int64(t.max/time.Second) {
			errs = append(errs, &RequestError{Member: t.member,
				Message: fmt.Sprintf("%d %s is outside %s–%s", n, unit, humanDuration(t.min), humanDuration(t.max))})
		}
	}
	return errs
}

func humanDuration(d time.Duration) string {
	const day, year = 24 * time.Hour, 365 * 24 * time.Hour
	switch {
	case d >= year && d%year == 0:
		return fmt.Sprintf("%d years", d/year)
	case d == day:
		return "1 day"
	case d%day == 0:
		return fmt.Sprintf("%d days", d/day)
	}
	return fmt.Sprintf("%d minutes", d/time.Minute)
}

// oauthFlows, for a client with AllowedOAuthFlowsUserPoolClient true (the OAuth settings only
// take effect then; model doc):
//   - "client_credentials flow can not be selected along with code flow or implicit flow."
//     (InvalidOAuthFlowException; quoted from AWS in terraform and CLI examples, and enforced by
//     aws-cdk's configureOAuthFlows; model doc: client_credentials must be "the only allowed
//     OAuth flow");
//   - on create, "InvalidOAuthFlowException: client_credentials flow can not be selected if
//     client does not have a client secret." (GenerateSecret must be true);
//   - "InvalidOAuthFlowException: CallbackUrls can not be empty when code flow or implicit flow
//     is selected" (github.com/cisagov/crossfeed/pull/440, github.com/anomalyco/sst/pull/6272);
//   - "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to
//     use OAuth flows." (AWS's text as CloudFormation relays it; the exception name wasn't
//     shown);
//   - DefaultRedirectURI "Must be in the CallbackURLs list." (model doc).
func oauthFlows(op string, body *node) []*RequestError {
	if !isTrue(body, "AllowedOAuthFlowsUserPoolClient") {
		return nil
	}
	flows, _ := strs(body, "AllowedOAuthFlows")
	scopes, _ := strs(body, "AllowedOAuthScopes")
	callbacks, _ := strs(body, "CallbackURLs")
	credentials := slices.Contains(flows, "client_credentials")
	browser := slices.Contains(flows, "code") || slices.Contains(flows, "implicit")
	var errs []*RequestError
	if len(flows) == 0 || len(scopes) == 0 {
		errs = append(errs, &RequestError{Member: "AllowedOAuthFlowsUserPoolClient",
			Message: "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.",
			Detail:  fmt.Sprintf("%d AllowedOAuthFlows, %d AllowedOAuthScopes", len(flows), len(scopes))})
	}
	if credentials && browser {
		errs = append(errs, &RequestError{Member: "AllowedOAuthFlows", Exception: InvalidOAuthFlowException,
			Message: "client_credentials flow can not be selected along with code flow or implicit flow.",
			Detail:  "AllowedOAuthFlows is [" + strings.Join(flows, ", ") + "]"})
	}
	if credentials && strings.HasPrefix(op, "Create") && !isTrue(body, "GenerateSecret") {
		errs = append(errs, &RequestError{Member: "AllowedOAuthFlows", Exception: InvalidOAuthFlowException,
			Message: "client_credentials flow can not be selected if client does not have a client secret.",
			Detail:  "GenerateSecret is not true"})
	}
	if browser && len(callbacks) == 0 {
		errs = append(errs, &RequestError{Member: "CallbackURLs", Exception: InvalidOAuthFlowException,
			Message: "CallbackUrls can not be empty when code flow or implicit flow is selected",
			Detail:  "AllowedOAuthFlows is [" + strings.Join(flows, ", ") + "] and CallbackURLs is empty"})
	}
	if uri, ok := str(body, "DefaultRedirectURI"); ok && !slices.Contains(callbacks, uri) {
		errs = append(errs, &RequestError{Member: "DefaultRedirectURI",
			Message: fmt.Sprintf("%q is not in CallbackURLs", uri)})
	}
	return errs
}
