package components

import (
	"cmp"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/clickops/cognito-pool/awscheck"
	"github.com/clickops/cognito-pool/internal/cognitoattr"
	"github.com/clickops/cognito-pool/internal/loopback"
)

// Defaults applied to zero-value fields of UserPoolArgs. They are the secure choices: a nil or empty
// UserPoolArgs gives a pool a web front end can use as it is.
const (
	DefaultAppName                       = "My App"
	DefaultPasswordMinimumLength         = 12
	DefaultTemporaryPasswordValidityDays = 7
	DefaultMFA                           = "OPTIONAL"
	DefaultDeletionProtection            = "ACTIVE"
	DefaultFeaturePlan                   = "ESSENTIALS"
	DefaultThreatProtection              = "OFF"
	DefaultAccessTokenValidityMinutes    = 60
	DefaultIDTokenValidityMinutes        = 60
	DefaultRefreshTokenValidityDays      = 30
	// DefaultManagedLoginVersion is the hosted UI (classic). Version 2 (managed login) shows an
	// error page until a branding style exists for the client, which this component doesn't
	// declare (AWS developer guide, "Managed login": "If you don't create a style for an app
	// client, managed login displays an error"), and needs a feature plan other than LITE (API
	// reference, CreateUserPoolDomain ManagedLoginVersion).
	DefaultManagedLoginVersion = 1
)

// DefaultClientAttributes are the standard attributes the web client reads and writes: the app's
// sign-up writes name, email and preferred_username, and its pages read name and the handle.
var DefaultClientAttributes = []string{"email", "name", "preferred_username"}

// Cognito's limits, checked before anything is registered.
const (
	maxSubjectLen       = 140
	maxMessageLen       = 20000
	minSMSLen           = 6
	maxSMSLen           = 140
	minPasswordLength   = 6
	maxPasswordLength   = 99
	maxTempPasswordDays = 365
	minTokenMinutes     = 5
	maxTokenMinutes     = 24 * 60
	minRefreshDays      = 1
	maxRefreshDays      = 3650
	maxAppNameLen       = 128
	codePlaceholder     = "{####}"
	userPlaceholder     = "{username}"
)

// UserPoolArgs configures a UserPool. Every field is optional: the zero value of a field means "the
// default", documented on the field.
type UserPoolArgs struct {
	// AppName names the app in e-mail subjects and messages. Default DefaultAppName.
	AppName string

	// VerificationEmailSubject and VerificationEmailMessage are the sign-up verification e-mail
	// (code style: the message must contain {####}). Default: a subject and message naming AppName.
	VerificationEmailSubject string
	VerificationEmailMessage string
	// InvitationEmailSubject and InvitationEmailMessage are sent to users an administrator creates;
	// the message must contain {username} and {####} (the temporary password).
	InvitationEmailSubject string
	InvitationEmailMessage string
	// InvitationSMSMessage is the text message for invited users with a phone number; it must
	// contain {username} and {####} and be 6–140 characters. The pool sends no SMS (it has no SMS
	// configuration), but the AWS provider always sends this field once the invitation template is
	// declared: left empty it reaches Cognito as "" and CreateUserPool fails (see localdeploy).
	// Default: a short text naming AppName.
	InvitationSMSMessage string

	// SESFromAddress ("user@example.com" or "Name <user@example.com>"), SESSourceARN and
	// SESConfigurationSet switch e-mail sending from Cognito's default sender (about 50 e-mails a
	// day) to Amazon SES. SESSourceARN is required with either of the others.
	SESFromAddress      string
	SESSourceARN        string
	SESConfigurationSet string

	// PasswordMinimumLength is 6–99. Default 12.
	PasswordMinimumLength int
	// The character classes a password needs. nil means required.
	PasswordRequireLowercase *bool
	PasswordRequireUppercase *bool
	PasswordRequireNumbers   *bool
	PasswordRequireSymbols   *bool
	// TemporaryPasswordValidityDays is how long an invitation's password works, 1–365. Default 7.
	TemporaryPasswordValidityDays int

	// MFA is OFF, OPTIONAL or ON; second factors are TOTP apps only (no SMS). Default OPTIONAL.
	MFA string
	// DeletionProtection is ACTIVE or INACTIVE. Default ACTIVE (the API's own default is INACTIVE).
	DeletionProtection string
	// FeaturePlan is LITE, ESSENTIALS or PLUS. Default ESSENTIALS.
	FeaturePlan string
	// ThreatProtection is OFF, AUDIT or ENFORCED; anything but OFF needs FeaturePlan PLUS.
	ThreatProtection string

	// AllowPasswordAuth adds ALLOW_USER_PASSWORD_AUTH to the web client, which otherwise signs in
	// with SRP only (the password never leaves the browser).
	AllowPasswordAuth bool
	// ClientAttributes are the standard attributes the web client may read and write (Cognito's
	// standard attribute names). email is required by the pool, so it must be among them;
	// email_verified is read-only: the client reads it whenever it reads email, and never writes
	// it. Default DefaultClientAttributes.
	ClientAttributes []string
	// Token lifetimes: access and ID tokens 5–1440 minutes (default 60), refresh tokens 1–3650
	// days (default 30).
	AccessTokenValidityMinutes int
	IDTokenValidityMinutes     int
	RefreshTokenValidityDays   int

	// DomainPrefix, when set, creates the hosted-UI domain <prefix>.auth.<region>.amazoncognito.com
	// and turns on the OAuth authorization-code flow for the web client. CallbackURLs is then
	// required; callback and logout URLs must be https (http only for localhost).
	DomainPrefix string
	// ManagedLoginVersion is the domain's login pages: 1 hosted UI (classic), 2 managed login.
	// Default DefaultManagedLoginVersion.
	ManagedLoginVersion int
	CallbackURLs        []string
	LogoutURLs          []string

	// Protect sets Pulumi's protect option on the pool and domain: `pulumi destroy` and a
	// replacement then fail until it is lifted.
	Protect bool

	// Tags are added to the pool.
	Tags map[string]string

	// The fields below let the component take over a pool made elsewhere (the console) as it is:
	// their zero values keep the secure defaults above for new pools. adoption.go checks them.

	// PoolName and ClientName name the pool and the web client; empty, Pulumi names them
	// <resource name>-<7 hex digits>. The pool's name can't change in place (a new name replaces
	// the pool), so an adopted pool keeps its own.
	PoolName   string
	ClientName string
	// UsernameAttributes are what users sign in with instead of a username: email and/or
	// phone_number. nil means [email]; an empty list means a username (AliasAttributes may add
	// aliases). Fixed at creation.
	UsernameAttributes []string
	// AliasAttributes let users sign in with email, phone_number or preferred_username besides
	// their username; not together with UsernameAttributes. Fixed at creation.
	AliasAttributes []string
	// CaseSensitiveUsernames: nil means false (AWS's recommendation: "User" and "user" are one
	// user). Fixed at creation.
	CaseSensitiveUsernames *bool
	// Schema is the pool's attribute schema. nil means DefaultSchema (email required,
	// preferred_username optional). Required attributes can't change after creation; custom
	// attributes ("custom:<name>") can only be added.
	Schema []SchemaAttribute
	// ClientReadAttributes are the attributes the web client reads; nil means ClientAttributes
	// plus the verification flag of each (email → email_verified). ClientAttributes is then the
	// write list only.
	ClientReadAttributes []string
	// ClientAuthFlows are the web client's explicit auth flows; nil means ALLOW_USER_SRP_AUTH and
	// ALLOW_REFRESH_TOKEN_AUTH, plus ALLOW_USER_PASSWORD_AUTH with AllowPasswordAuth.
	ClientAuthFlows []string
	// ClientGenerateSecret gives the client a secret: only for an app that keeps it on a server
	// (a browser app can't use one). It can't change in place: a change replaces the client.
	ClientGenerateSecret bool
	// ClientPreventUserExistenceErrors is ENABLED (default: sign-in and recovery don't tell
	// whether a user exists) or LEGACY.
	ClientPreventUserExistenceErrors string
	// ImportPoolID, ImportClientID and ImportDomain adopt existing resources instead of creating
	// them (Pulumi's Import option; import ids pool <poolId>, client <poolId>/<clientId>, domain
	// <prefix>). The first `pulumi up` then reads them; every declared input must equal what it
	// reads, or Pulumi updates (or refuses to replace) the live resource.
	ImportPoolID   string
	ImportClientID string
	ImportDomain   bool
}

// ErrInvalidArgs is wrapped by every validation error of NewUserPool.
var ErrInvalidArgs = errors.New("invalid UserPool args")

// ArgError is one bad input: the UserPoolArgs field ("CallbackURLs[1]" for an element) and the
// rule it breaks. NewUserPool's error joins one per problem; ArgErrors lists them, so a caller can
// name its own inputs (the program names config keys).
type ArgError struct {
	Field, Problem string
}

func (e *ArgError) Error() string { return e.Field + ": " + e.Problem }

// ArgErrors lists the ArgErrors in err, in order.
func ArgErrors(err error) []*ArgError {
	var out []*ArgError
	var walk func(error)
	walk = func(err error) {
		if a, ok := err.(*ArgError); ok {
			out = append(out, a)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

// Range is an integer input's allowed values; Unit names them in errors.
type Range struct {
	Min, Max int
	Unit     string
}

// Check returns the problem with v, or "".
func (r Range) Check(v int) string {
	if v < r.Min || v > r.Max {
		return fmt.Sprintf("%d is outside %d–%d %s", v, r.Min, r.Max, r.Unit)
	}
	return ""
}

// Bounds are the integer fields' ranges (Cognito's own limits). A zero field means its default;
// a caller that can tell "unset" from an explicit 0 (the stack config) checks the 0 against these.
var Bounds = map[string]Range{
	"PasswordMinimumLength":         {minPasswordLength, maxPasswordLength, "characters"},
	"TemporaryPasswordValidityDays": {1, maxTempPasswordDays, "days"},
	"AccessTokenValidityMinutes":    {minTokenMinutes, maxTokenMinutes, "minutes"},
	"IDTokenValidityMinutes":        {minTokenMinutes, maxTokenMinutes, "minutes"},
	"RefreshTokenValidityDays":      {minRefreshDays, maxRefreshDays, "days"},
	"ManagedLoginVersion":           {1, 2, "(1 hosted UI, 2 managed login)"},
}

// Validate applies the defaults and checks the args as NewUserPool does, registering nothing: for
// a tool that writes args (adopt) to check them before it writes.
func (a *UserPoolArgs) Validate() error {
	_, err := resolve(a)
	return err
}

// resolved is UserPoolArgs with every default applied; the component reads only this.
type resolved struct {
	UserPoolArgs
	given                                                      UserPoolArgs // as the caller passed them, to tell a default from a given value
	requireLower, requireUpper, requireNumbers, requireSymbols bool
}

func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

// resolve applies the defaults and validates the result. The error names every bad input and its
// rule, so a user fixes them in one go.
func resolve(a *UserPoolArgs) (*resolved, error) {
	var in UserPoolArgs
	if a != nil {
		in = *a
	}
	r := &resolved{UserPoolArgs: in, given: in}
	r.AppName = cmp.Or(strings.TrimSpace(in.AppName), DefaultAppName)
	r.VerificationEmailSubject = cmp.Or(in.VerificationEmailSubject, fmt.Sprintf("Your %s verification code", r.AppName))
	r.VerificationEmailMessage = cmp.Or(in.VerificationEmailMessage,
		fmt.Sprintf("Your %s verification code is %s. It expires in 24 hours. If you did not sign up for %s, ignore this e-mail.",
			r.AppName, codePlaceholder, r.AppName))
	r.InvitationEmailSubject = cmp.Or(in.InvitationEmailSubject, fmt.Sprintf("Your %s account", r.AppName))
	r.InvitationEmailMessage = cmp.Or(in.InvitationEmailMessage,
		fmt.Sprintf("An account on %s was created for you. Sign in with the username %s and the temporary password %s; you will be asked to choose a new password.",
			r.AppName, userPlaceholder, codePlaceholder))
	r.InvitationSMSMessage = cmp.Or(in.InvitationSMSMessage,
		fmt.Sprintf("%s: username %s, temporary password %s", r.AppName, userPlaceholder, codePlaceholder))
	r.ClientAttributes = in.ClientAttributes
	if r.ClientAttributes == nil {
		r.ClientAttributes = DefaultClientAttributes
	}
	r.ManagedLoginVersion = cmp.Or(in.ManagedLoginVersion, DefaultManagedLoginVersion)
	r.PasswordMinimumLength = cmp.Or(in.PasswordMinimumLength, DefaultPasswordMinimumLength)
	r.TemporaryPasswordValidityDays = cmp.Or(in.TemporaryPasswordValidityDays, DefaultTemporaryPasswordValidityDays)
	r.requireLower = boolOr(in.PasswordRequireLowercase, true)
	r.requireUpper = boolOr(in.PasswordRequireUppercase, true)
	r.requireNumbers = boolOr(in.PasswordRequireNumbers, true)
	r.requireSymbols = boolOr(in.PasswordRequireSymbols, true)
	r.MFA = cmp.Or(in.MFA, DefaultMFA)
	r.DeletionProtection = cmp.Or(in.DeletionProtection, DefaultDeletionProtection)
	r.FeaturePlan = cmp.Or(in.FeaturePlan, DefaultFeaturePlan)
	r.ThreatProtection = cmp.Or(in.ThreatProtection, DefaultThreatProtection)
	r.AccessTokenValidityMinutes = cmp.Or(in.AccessTokenValidityMinutes, DefaultAccessTokenValidityMinutes)
	r.IDTokenValidityMinutes = cmp.Or(in.IDTokenValidityMinutes, DefaultIDTokenValidityMinutes)
	r.RefreshTokenValidityDays = cmp.Or(in.RefreshTokenValidityDays, DefaultRefreshTokenValidityDays)
	r.resolveAdoption()

	if errs := r.validate(); len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalidArgs, errors.Join(errs...))
	}
	return r, nil
}

var (
	// Cognito: lowercase letters, digits and hyphens, not starting or ending with a hyphen, ≤ 63.
	domainPrefixRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)
	// Cognito refuses prefixes containing these reserved words.
	reservedDomainWords = []string{"aws", "amazon", "cognito"}
	sesIdentityARNRE    = regexp.MustCompile(`^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity/.+$`)
	emailRE             = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	configSetRE         = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

func (r *resolved) validate() []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &ArgError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	oneOf := func(field, v string, allowed ...string) {
		for _, a := range allowed {
			if v == a {
				return
			}
		}
		bad(field, "%q is not one of %s", v, strings.Join(allowed, ", "))
	}
	between := func(field string, v int) {
		if err := Bounds[field].Check(v); err != "" {
			bad(field, "%s", err)
		}
	}
	// A text the user left empty is built from AppName: when it breaks a limit, the error names
	// AppName, the input the user did set.
	textLimit := func(field, v string, given string, min, max int) {
		n := utf8.RuneCountInString(v)
		if n >= min && n <= max {
			return
		}
		limit := fmt.Sprintf("over Cognito's limit of %d", max)
		if n < min {
			limit = fmt.Sprintf("under Cognito's minimum of %d", min)
		}
		if given == "" {
			bad("AppName", "%d characters make the default %s %d characters, %s: shorten AppName or set %s",
				utf8.RuneCountInString(r.AppName), field, n, limit, field)
			return
		}
		bad(field, "%d characters is %s", n, limit)
	}

	if n := utf8.RuneCountInString(r.AppName); n > maxAppNameLen {
		bad("AppName", "%d characters is over %d", n, maxAppNameLen)
	}
	if strings.ContainsAny(r.AppName, "{}") {
		bad("AppName", "must not contain { or }: Cognito reads them as template placeholders")
	}
	in := r.given
	textLimit("VerificationEmailSubject", r.VerificationEmailSubject, in.VerificationEmailSubject, 1, maxSubjectLen)
	textLimit("VerificationEmailMessage", r.VerificationEmailMessage, in.VerificationEmailMessage, 1, maxMessageLen)
	textLimit("InvitationEmailSubject", r.InvitationEmailSubject, in.InvitationEmailSubject, 1, maxSubjectLen)
	textLimit("InvitationEmailMessage", r.InvitationEmailMessage, in.InvitationEmailMessage, 1, maxMessageLen)
	// The invitation SMS: the provider's validUserPoolInviteTemplateSMSMessage (terraform-provider-aws
	// internal/service/cognitoidp/validate.go) wants 6–140 characters with {####} and {username};
	// the Cognito API model's SmsInviteMessageType says 6–140.
	textLimit("InvitationSMSMessage", r.InvitationSMSMessage, in.InvitationSMSMessage, minSMSLen, maxSMSLen)
	if !strings.Contains(r.InvitationSMSMessage, codePlaceholder) || !strings.Contains(r.InvitationSMSMessage, userPlaceholder) {
		bad("InvitationSMSMessage", "must contain %s and %s (the username and temporary password)", userPlaceholder, codePlaceholder)
	}
	if !strings.Contains(r.VerificationEmailMessage, codePlaceholder) {
		bad("VerificationEmailMessage", "must contain %s, where Cognito puts the verification code", codePlaceholder)
	}
	if !strings.Contains(r.InvitationEmailMessage, codePlaceholder) || !strings.Contains(r.InvitationEmailMessage, userPlaceholder) {
		bad("InvitationEmailMessage", "must contain %s and %s (the username and temporary password)", userPlaceholder, codePlaceholder)
	}

	if r.SESFromAddress != "" {
		// Cognito takes "user@example.com" or "Name <user@example.com>".
		if a, err := mail.ParseAddress(r.SESFromAddress); err != nil || !emailRE.MatchString(a.Address) {
			bad("SESFromAddress", "%q is not an e-mail address or Name <address>", r.SESFromAddress)
		}
	}
	if r.SESSourceARN != "" && !sesIdentityARNRE.MatchString(r.SESSourceARN) {
		bad("SESSourceARN", "%q is not an SES identity ARN (arn:aws:ses:<region>:<account>:identity/<identity>)", r.SESSourceARN)
	}
	if r.SESConfigurationSet != "" && !configSetRE.MatchString(r.SESConfigurationSet) {
		bad("SESConfigurationSet", "%q must be 1–64 letters, digits, _ or -", r.SESConfigurationSet)
	}
	if r.SESSourceARN == "" && (r.SESFromAddress != "" || r.SESConfigurationSet != "") {
		bad("SESSourceARN", "is required when SESFromAddress or SESConfigurationSet is set")
	}

	between("PasswordMinimumLength", r.PasswordMinimumLength)
	between("TemporaryPasswordValidityDays", r.TemporaryPasswordValidityDays)
	oneOf("MFA", r.MFA, "OFF", "OPTIONAL", "ON")
	oneOf("DeletionProtection", r.DeletionProtection, "ACTIVE", "INACTIVE")
	oneOf("FeaturePlan", r.FeaturePlan, "LITE", "ESSENTIALS", "PLUS")
	oneOf("ThreatProtection", r.ThreatProtection, "OFF", "AUDIT", "ENFORCED")
	if r.ThreatProtection != "OFF" && r.FeaturePlan != "PLUS" {
		bad("ThreatProtection", "%s needs FeaturePlan PLUS (got %s): Cognito answers FeatureUnavailableInTierException", r.ThreatProtection, r.FeaturePlan)
	}

	r.validateAdoption(bad)
	r.validateClientAttributes(bad)
	if len(r.Tags) > 0 {
		if err := awscheck.PoolTags(r.Tags); err != nil {
			bad("Tags", "%v", err)
		}
	}

	between("AccessTokenValidityMinutes", r.AccessTokenValidityMinutes)
	between("IDTokenValidityMinutes", r.IDTokenValidityMinutes)
	between("RefreshTokenValidityDays", r.RefreshTokenValidityDays)

	if r.DomainPrefix != "" {
		if !domainPrefixRE.MatchString(r.DomainPrefix) {
			bad("DomainPrefix", "%q must be 1–63 lowercase letters, digits or hyphens, not starting or ending with a hyphen", r.DomainPrefix)
		}
		for _, w := range reservedDomainWords {
			if strings.Contains(r.DomainPrefix, w) {
				bad("DomainPrefix", "%q contains the reserved word %q", r.DomainPrefix, w)
			}
		}
		if err := Bounds["ManagedLoginVersion"].Check(r.ManagedLoginVersion); err != "" {
			bad("ManagedLoginVersion", "%s", err)
		} else if r.ManagedLoginVersion == 2 && r.FeaturePlan == "LITE" {
			// API reference, CreateUserPoolDomain: "Managed login requires that your user pool be
			// configured for any feature plan other than Lite."
			bad("ManagedLoginVersion", "2 (managed login) needs FeaturePlan ESSENTIALS or PLUS, not LITE")
		}
		if len(r.CallbackURLs) == 0 {
			bad("CallbackURLs", "at least one is required when DomainPrefix is set (the OAuth code flow redirects there)")
		}
	} else if len(r.CallbackURLs) > 0 || len(r.LogoutURLs) > 0 {
		bad("DomainPrefix", "is required when CallbackURLs or LogoutURLs are set (they belong to the hosted UI)")
	}
	for i, u := range r.CallbackURLs {
		if err := checkRedirectURL(u); err != nil {
			bad(fmt.Sprintf("CallbackURLs[%d]", i), "%v", err)
		}
	}
	for i, u := range r.LogoutURLs {
		if err := checkRedirectURL(u); err != nil {
			bad(fmt.Sprintf("LogoutURLs[%d]", i), "%v", err)
		}
	}
	return errs
}

// validateClientAttributes checks ClientAttributes against Cognito's standard attributes and
// the pool's own rule that a required attribute (email) is writable by the client.
func (r *resolved) validateClientAttributes(bad func(field, format string, args ...any)) {
	seen := map[string]bool{}
	for i, a := range r.ClientAttributes {
		field := fmt.Sprintf("ClientAttributes[%d]", i)
		switch {
		case cognitoattr.IsVerified(a):
			bad(field, "%q is read-only: the client reads it with its attribute and only Cognito writes it", a)
		case a == "sub":
			bad(field, "%q is in every token and never writable", a)
		case !cognitoattr.IsStandard(a) && !r.clientVisibleCustom(a):
			bad(field, "%q is neither a Cognito standard attribute (%s) nor a custom attribute of Schema", a, strings.Join(cognitoattr.Standard, ", "))
		case seen[a]:
			bad(field, "%q is listed twice", a)
		}
		seen[a] = true
	}
	// Cognito refuses a sign-up that can't set a required attribute, so the client must be able
	// to write each (AWS developer guide, "Attribute permissions and scopes").
	for _, s := range r.Schema {
		if s.Required && !seen[s.Name] {
			bad("ClientAttributes", "must include %s: the pool requires it, so the client has to be able to write it", s.Name)
		}
	}
}

// checkRedirectURL applies Cognito's rule for callback and logout URLs: absolute, https, no
// fragment; plain http only for a loopback host (local front-end development).
func checkRedirectURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not an absolute URL", raw)
	}
	if u.Fragment != "" {
		return fmt.Errorf("%q must not have a fragment", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if loopback.Host(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%q must be https (http is allowed only for localhost)", raw)
	default:
		return fmt.Errorf("%q must be https (http is allowed only for localhost)", raw)
	}
}
