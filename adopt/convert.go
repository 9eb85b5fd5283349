package adopt

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/clickops/cognito-pool/components"
	"github.com/clickops/cognito-pool/internal/cognitoattr"
	"github.com/clickops/cognito-pool/internal/poolid"
)

// Setting is one project config key and its value (a string, bool, int, list or object).
type Setting struct {
	Key   string
	Value any
}

// Result is a pool turned into stack config.
type Result struct {
	// Region is the pool's region (aws:region).
	Region string
	// Config are the project's keys, in the order they are written.
	Config []Setting
	// Warnings name what the config can't carry as it is, and what the first `pulumi up` will
	// change in place because of it.
	Warnings []string
	// Report compares each setting with the secure default.
	Report []Row
}

// Convert turns what Read found into stack config. Settings the project can't declare and whose
// loss would change the pool's behaviour (Lambda triggers, SMS, e-mail links, a custom domain)
// are refused with an error wrapping ErrRefused that names them all; the rest is carried exactly
// or named in Warnings.
func Convert(l *Live) (*Result, error) {
	p := l.Pool
	id := aws.ToString(p.Id)
	r := &Result{Region: poolid.Region(id)}
	set := func(k string, v any) { r.Config = append(r.Config, Setting{k, v}) }
	warn := func(format string, args ...any) { r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...)) }
	var refused []string

	if lc := p.LambdaConfig; lc != nil && lambdaTriggers(lc) != "" {
		refused = append(refused, "Lambda triggers ("+lambdaTriggers(lc)+"): the project declares none, and the first update would remove them")
	}
	if p.SmsConfiguration != nil && aws.ToString(p.SmsConfiguration.SnsCallerArn) != "" {
		refused = append(refused, "SMS configuration (SNS role "+aws.ToString(p.SmsConfiguration.SnsCallerArn)+"): the project sends no SMS")
	}
	if m := l.MFA; m != nil && m.SmsMfaConfiguration != nil && m.SmsMfaConfiguration.SmsConfiguration != nil {
		refused = append(refused, "SMS MFA: the project's second factor is TOTP only")
	}
	if m := l.MFA; m != nil && m.EmailMfaConfiguration != nil {
		refused = append(refused, "e-mail MFA: the project's second factor is TOTP only")
	}
	if t := p.VerificationMessageTemplate; t != nil && t.DefaultEmailOption == types.DefaultEmailOptionTypeConfirmWithLink {
		refused = append(refused, "verification by link (CONFIRM_WITH_LINK): the project verifies with a code")
	}
	if aws.ToString(p.CustomDomain) != "" {
		refused = append(refused, "custom domain "+aws.ToString(p.CustomDomain)+": the project declares a prefix domain only")
	}

	set("poolName", aws.ToString(p.Name))
	set("usernameAttributes", strs(p.UsernameAttributes))
	set("aliasAttributes", strs(p.AliasAttributes))
	// A pool without UsernameConfiguration (made before 2020) has case-sensitive usernames.
	caseSensitive := p.UsernameConfiguration == nil || aws.ToBool(p.UsernameConfiguration.CaseSensitive)
	if p.UsernameConfiguration == nil {
		warn("the pool reports no username configuration (case-sensitive usernames): the first `pulumi up` declares caseSensitive true explicitly")
	}
	set("caseSensitiveUsernames", caseSensitive)
	schema := Schema(p.SchemaAttributes)
	set("schemaAttributes", schema)

	if pp := passwordPolicy(p); pp != nil {
		set("passwordMinimumLength", int(aws.ToInt32(pp.MinimumLength)))
		set("passwordRequireLowercase", pp.RequireLowercase)
		set("passwordRequireUppercase", pp.RequireUppercase)
		set("passwordRequireNumbers", pp.RequireNumbers)
		set("passwordRequireSymbols", pp.RequireSymbols)
		if pp.TemporaryPasswordValidityDays > 0 {
			set("temporaryPasswordValidityDays", int(pp.TemporaryPasswordValidityDays))
		}
		if n := aws.ToInt32(pp.PasswordHistorySize); n > 0 {
			warn("password history of %d: the project doesn't declare it, so the first `pulumi up` sets it to 0", n)
		}
	}

	mfa := "OFF"
	if l.MFA != nil && l.MFA.MfaConfiguration != "" {
		mfa = string(l.MFA.MfaConfiguration)
	}
	set("mfa", mfa)
	if mfa != "OFF" && (l.MFA.SoftwareTokenMfaConfiguration == nil || !l.MFA.SoftwareTokenMfaConfiguration.Enabled) {
		warn("MFA %s without TOTP: the project turns TOTP on as the second factor", mfa)
	}
	set("deletionProtection", p.DeletionProtection == types.DeletionProtectionTypeActive)
	if p.UserPoolTier != "" {
		set("featurePlan", string(p.UserPoolTier))
	} else {
		warn("the pool reports no feature plan: the project's default ESSENTIALS is declared")
	}
	threat := "OFF"
	if p.UserPoolAddOns != nil && p.UserPoolAddOns.AdvancedSecurityMode != "" {
		threat = string(p.UserPoolAddOns.AdvancedSecurityMode)
	}
	set("threatProtection", threat)

	if t := p.VerificationMessageTemplate; t != nil && aws.ToString(t.EmailMessage) != "" {
		set("verificationEmailSubject", aws.ToString(t.EmailSubject))
		set("verificationEmailMessage", aws.ToString(t.EmailMessage))
	} else if aws.ToString(p.EmailVerificationMessage) != "" {
		set("verificationEmailSubject", aws.ToString(p.EmailVerificationSubject))
		set("verificationEmailMessage", aws.ToString(p.EmailVerificationMessage))
	} else {
		warn("no verification e-mail template: the first `pulumi up` sets the project's default message")
	}
	if t := p.VerificationMessageTemplate; t != nil && aws.ToString(t.SmsMessage) != "" {
		warn("the verification SMS text is not declared (the project sends no SMS): the first `pulumi up` leaves it out of the template")
	}
	if a := p.AdminCreateUserConfig; a != nil && a.InviteMessageTemplate != nil && aws.ToString(a.InviteMessageTemplate.EmailMessage) != "" {
		t := a.InviteMessageTemplate
		set("invitationEmailSubject", aws.ToString(t.EmailSubject))
		set("invitationEmailMessage", aws.ToString(t.EmailMessage))
		if s := aws.ToString(t.SMSMessage); s != "" {
			set("invitationSmsMessage", s)
		}
	} else {
		warn("no invitation template: the first `pulumi up` sets the project's default invitation e-mail and SMS text")
	}
	if a := p.AdminCreateUserConfig; a != nil && a.AllowAdminCreateUserOnly {
		warn("sign-up is for administrators only: the project allows self sign-up, so the first `pulumi up` opens it")
	}
	if e := p.EmailConfiguration; e != nil && e.EmailSendingAccount == types.EmailSendingAccountTypeDeveloper {
		set("sesSourceArn", aws.ToString(e.SourceArn))
		if v := aws.ToString(e.From); v != "" {
			set("sesFromAddress", v)
		}
		if v := aws.ToString(e.ConfigurationSet); v != "" {
			set("sesConfigurationSet", v)
		}
		if v := aws.ToString(e.ReplyToEmailAddress); v != "" {
			warn("reply-to address %s: the project doesn't declare one, so the first `pulumi up` removes it", v)
		}
	}
	if got := strs(p.AutoVerifiedAttributes); !slices.Equal(got, []string{"email"}) {
		warn("auto-verified attributes %v: the project verifies email, so the first `pulumi up` sets [email]", got)
	}
	if u := p.UserAttributeUpdateSettings; u == nil || !slices.Equal(strs(u.AttributesRequireVerificationBeforeUpdate), []string{"email"}) {
		warn("e-mail changes take effect before verification: the project keeps the old address until the new one is verified (in-place update)")
	}
	if a := p.AccountRecoverySetting; a == nil || len(a.RecoveryMechanisms) != 1 || a.RecoveryMechanisms[0].Name != types.RecoveryOptionNameTypeVerifiedEmail {
		warn("account recovery is not \"verified e-mail only\": the first `pulumi up` sets it so (in-place update)")
	}
	if p.DeviceConfiguration != nil {
		warn("device remembering is on: the project doesn't declare it, so the first `pulumi up` turns it off")
	}
	if len(p.UserPoolTags) > 0 {
		set("tags", p.UserPoolTags)
	}

	if c := l.Client; c != nil {
		r.client(c, schema, set, warn)
		if len(l.OtherClients) > 0 {
			warn("other clients %s stay unmanaged: the project declares one client", strings.Join(l.OtherClients, ", "))
		}
	} else {
		warn("the pool has no client: the first `pulumi up` creates the project's web client")
	}

	if d := l.Domain; d != nil {
		set("domainPrefix", aws.ToString(d.Domain))
		if v := d.ManagedLoginVersion; v != nil {
			set("managedLoginVersion", int(*v))
		}
		set("importDomain", true)
	}
	// Pulumi's protect: an adopted pool holds real users.
	set("protect", true)
	set("importPoolId", id)
	if l.Client != nil {
		set("importClientId", aws.ToString(l.Client.ClientId))
	}
	r.Report = report(l, r)

	if len(refused) > 0 {
		return r, fmt.Errorf("%w pool %s: %s", ErrRefused, id, strings.Join(refused, "; "))
	}
	return r, nil
}

// client carries the web client.
func (r *Result) client(c *types.UserPoolClientType, schema []components.SchemaAttribute, set func(string, any), warn func(string, ...any)) {
	set("clientName", aws.ToString(c.ClientName))
	write, read := c.WriteAttributes, c.ReadAttributes
	if write == nil || read == nil {
		// No list means every attribute (API reference, CreateUserPoolClient ReadAttributes).
		all := allAttributes(schema)
		if write == nil {
			write = all
		}
		if read == nil {
			read = slices.Concat(all, []string{"email_verified", "phone_number_verified"})
		}
		warn("the client lists no read or write attributes (all of them): the first `pulumi up` declares the full list explicitly")
	}
	set("clientAttributes", write)
	set("clientReadAttributes", read)
	var flows []string
	for _, f := range c.ExplicitAuthFlows {
		flows = append(flows, string(f))
	}
	if len(flows) > 0 {
		set("clientAuthFlows", flows)
	} else {
		warn("the client lists no auth flows (Cognito's default: SRP, refresh, custom): the project declares SRP and refresh")
	}
	set("clientGenerateSecret", aws.ToString(c.ClientSecret) != "")
	pue := "LEGACY" // the API's default when the client doesn't say (COGNITO.md, pitfall 9)
	if c.PreventUserExistenceErrors != "" {
		pue = string(c.PreventUserExistenceErrors)
	}
	set("clientPreventUserExistenceErrors", pue)
	if c.EnableTokenRevocation != nil && !*c.EnableTokenRevocation {
		warn("token revocation is off: the project turns it on (in-place update)")
	}

	units := c.TokenValidityUnits
	if units == nil {
		units = &types.TokenValidityUnitsType{} // the API's default units: hours, hours, days
	}
	access, ok := minutes(c.AccessTokenValidity, units.AccessToken, types.TimeUnitsTypeHours, 60)
	if !ok {
		warn("access token validity %d %s is not whole minutes: rounded to %d minutes", aws.ToInt32(c.AccessTokenValidity), units.AccessToken, access)
	}
	id, ok := minutes(c.IdTokenValidity, units.IdToken, types.TimeUnitsTypeHours, 60)
	if !ok {
		warn("ID token validity %d %s is not whole minutes: rounded to %d minutes", aws.ToInt32(c.IdTokenValidity), units.IdToken, id)
	}
	refreshMin, _ := minutes(aws.Int32(c.RefreshTokenValidity), units.RefreshToken, types.TimeUnitsTypeDays, 30*24*60)
	refresh := (refreshMin + 24*60 - 1) / (24 * 60)
	if refresh*24*60 != refreshMin {
		warn("refresh token validity %d %s is not whole days: rounded up to %d days", c.RefreshTokenValidity, units.RefreshToken, refresh)
	}
	set("accessTokenValidityMinutes", access)
	set("idTokenValidityMinutes", id)
	set("refreshTokenValidityDays", refresh)
	if units.AccessToken != types.TimeUnitsTypeMinutes || units.IdToken != types.TimeUnitsTypeMinutes || units.RefreshToken != types.TimeUnitsTypeDays {
		warn("token validity units are not minutes/minutes/days: the first `pulumi up` restates the same lifetimes in those units (in-place update)")
	}
	if len(c.AllowedOAuthFlows) > 0 || len(c.CallbackURLs) > 0 {
		set("callbackUrls", c.CallbackURLs)
		if len(c.LogoutURLs) > 0 {
			set("logoutUrls", c.LogoutURLs)
		}
		if !slices.Equal(c.AllowedOAuthFlows, []types.OAuthFlowType{types.OAuthFlowTypeCode}) || !slices.Equal(c.AllowedOAuthScopes, []string{"openid", "email", "profile"}) {
			warn("OAuth flows %v and scopes %v: the project declares the code flow with openid, email, profile (in-place update)", c.AllowedOAuthFlows, c.AllowedOAuthScopes)
		}
	}
}

// minutes is a token validity in minutes: v in unit (def when unset), or fallback minutes when v
// is nil (AWS's default). ok is false when the value is not whole minutes (then rounded up).
func minutes(v *int32, unit, def types.TimeUnitsType, fallback int) (int, bool) {
	if v == nil || *v == 0 {
		return fallback, true
	}
	if unit == "" {
		unit = def
	}
	n := int(*v)
	switch unit {
	case types.TimeUnitsTypeSeconds:
		return (n + 59) / 60, n%60 == 0
	case types.TimeUnitsTypeHours:
		return n * 60, true
	case types.TimeUnitsTypeDays:
		return n * 24 * 60, true
	}
	return n, true
}

// Schema turns DescribeUserPool's attributes into the project's schema: every custom attribute,
// and every standard one that differs from Cognito's standard definition (DescribeUserPool
// returns all standard attributes; terraform-provider-aws's flattenSchemaAttributeTypes drops
// those matching userPoolSchemaAttributeMatchesStandardAttribute's list in the same way).
func Schema(attrs []types.SchemaAttributeType) []components.SchemaAttribute {
	out := []components.SchemaAttribute{}
	for _, a := range attrs {
		name := aws.ToString(a.Name)
		devOnly := aws.ToBool(a.DeveloperOnlyAttribute)
		name = strings.TrimPrefix(name, "dev:") // developer-only: dev:custom:<name>
		if name == "sub" || name == "identities" || (cognitoattr.IsStandard(name) && isStandardDefault(a)) {
			continue
		}
		s := components.SchemaAttribute{
			Name: name, Type: string(a.AttributeDataType), Required: aws.ToBool(a.Required), DeveloperOnly: devOnly,
		}
		if a.Mutable != nil && !*a.Mutable {
			s.Mutable = aws.Bool(false)
		}
		if c := a.StringAttributeConstraints; c != nil && a.AttributeDataType == types.AttributeDataTypeString {
			s.MinLength, s.MaxLength = aws.ToString(c.MinLength), aws.ToString(c.MaxLength)
		}
		if c := a.NumberAttributeConstraints; c != nil && a.AttributeDataType == types.AttributeDataTypeNumber {
			s.MinValue, s.MaxValue = aws.ToString(c.MinValue), aws.ToString(c.MaxValue)
		}
		out = append(out, s)
	}
	return out
}

// isStandardDefault reports whether a standard attribute is as Cognito defines it when a pool
// doesn't declare it (terraform-provider-aws userPoolSchemaAttributeMatchesStandardAttribute:
// optional, mutable, not developer-only; String 0–2048 except birthdate 10–10; the two
// verification flags Boolean; updated_at Number from 0).
func isStandardDefault(a types.SchemaAttributeType) bool {
	name := aws.ToString(a.Name)
	if aws.ToBool(a.Required) || !aws.ToBool(a.Mutable) || aws.ToBool(a.DeveloperOnlyAttribute) {
		return false
	}
	switch {
	case cognitoattr.IsVerified(name):
		return a.AttributeDataType == types.AttributeDataTypeBoolean
	case name == "updated_at":
		c := a.NumberAttributeConstraints
		return a.AttributeDataType == types.AttributeDataTypeNumber && c != nil && aws.ToString(c.MinValue) == "0" && c.MaxValue == nil
	}
	lo, hi := "0", "2048"
	if name == "birthdate" {
		lo, hi = "10", "10"
	}
	c := a.StringAttributeConstraints
	return a.AttributeDataType == types.AttributeDataTypeString && c != nil && aws.ToString(c.MinLength) == lo && aws.ToString(c.MaxLength) == hi
}

// allAttributes are the attributes a client may write when it lists none: the standard ones but
// sub and the verification flags, and the schema's custom attributes a client may use.
func allAttributes(schema []components.SchemaAttribute) []string {
	var out []string
	for _, a := range cognitoattr.Standard {
		if a != "sub" && !cognitoattr.IsVerified(a) {
			out = append(out, a)
		}
	}
	for _, s := range schema {
		if strings.HasPrefix(s.Name, components.CustomPrefix) && !s.DeveloperOnly {
			out = append(out, s.Name)
		}
	}
	return out
}

func passwordPolicy(p *types.UserPoolType) *types.PasswordPolicyType {
	if p.Policies == nil {
		return nil
	}
	return p.Policies.PasswordPolicy
}

// lambdaTriggers names the triggers a pool has, "" for none.
func lambdaTriggers(c *types.LambdaConfigType) string {
	b, _ := json.Marshal(c)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	var names []string
	for k, v := range m {
		if v != nil && v != "" {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

func strs[T ~string](v []T) []string {
	out := []string{}
	for _, s := range v {
		out = append(out, string(s))
	}
	return out
}

// YAML renders the stack file: aws:region and each setting under project. Values are written as
// JSON, which YAML reads as it is, so every string is quoted exactly.
func (r *Result) YAML(project, header string) []byte {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(header, "\n"), "\n") {
		b.WriteString("# " + line + "\n")
	}
	b.WriteString("config:\n")
	b.WriteString("  aws:region: " + strconv.Quote(r.Region) + "\n")
	for _, s := range r.Config {
		var v strings.Builder
		enc := json.NewEncoder(&v)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s.Value)
		fmt.Fprintf(&b, "  %s:%s: %s\n", project, s.Key, strings.TrimSpace(v.String()))
	}
	return []byte(b.String())
}

// Values renders the settings as the Pulumi CLI passes config to a program: strings as they
// are, everything else as JSON; keyed without the project prefix.
func (r *Result) Values() map[string]string {
	out := map[string]string{}
	for _, s := range r.Config {
		if v, ok := s.Value.(string); ok {
			out[s.Key] = v
			continue
		}
		b, _ := json.Marshal(s.Value)
		out[s.Key] = string(b)
	}
	return out
}
