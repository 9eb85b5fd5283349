package cognitoproxy

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/clickops/cognito-pool/awscheck"
)

// passwordPolicy is the pool's Policies.PasswordPolicy.
type passwordPolicy struct {
	MinimumLength    int
	RequireUppercase bool
	RequireLowercase bool
	RequireNumbers   bool
	RequireSymbols   bool
}

// passwordSymbols are the characters Cognito counts as special, besides a space that is neither
// first nor last ("Adding user pool password requirements", Amazon Cognito Developer Guide:
// ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + -).
const passwordSymbols = `^$*.[]{}()?"!@#%&/\,><':;|_~` + "`=+-"

// checkPassword applies the pool's password policy, with AWS's InvalidPasswordException and
// messages ("Password did not conform with policy: Password not long enough", "… Password must
// have uppercase characters", lowercase, numeric, symbol). Letters and digits are Basic Latin, as
// the developer guide says. AWS names one broken rule; which one first when several are broken
// is not documented: this checks length, then lowercase, uppercase, numbers, symbols. A pool
// without a policy (only possible in cognito-local: AWS always has one) is not checked.
func checkPassword(p *passwordPolicy, pw string) *apiError {
	if p == nil {
		return nil
	}
	if utf8.RuneCountInString(pw) < p.MinimumLength {
		return invalidPassword("Password not long enough")
	}
	has := func(ok func(i int, r rune) bool) bool {
		for i, r := range []rune(pw) {
			if ok(i, r) {
				return true
			}
		}
		return false
	}
	last := utf8.RuneCountInString(pw) - 1
	switch {
	case p.RequireLowercase && !has(func(_ int, r rune) bool { return r >= 'a' && r <= 'z' }):
		return invalidPassword("Password must have lowercase characters")
	case p.RequireUppercase && !has(func(_ int, r rune) bool { return r >= 'A' && r <= 'Z' }):
		return invalidPassword("Password must have uppercase characters")
	case p.RequireNumbers && !has(func(_ int, r rune) bool { return r >= '0' && r <= '9' }):
		return invalidPassword("Password must have numeric characters")
	case p.RequireSymbols && !has(func(i int, r rune) bool {
		return strings.ContainsRune(passwordSymbols, r) || (r == ' ' && i > 0 && i < last)
	}):
		return invalidPassword("Password must have symbol characters")
	}
	return nil
}

// The client's ExplicitAuthFlows values (CreateUserPoolClient API reference, ExplicitAuthFlows).
const (
	allowSRP           = "ALLOW_USER_SRP_AUTH"
	allowPassword      = "ALLOW_USER_PASSWORD_AUTH"
	allowRefresh       = "ALLOW_REFRESH_TOKEN_AUTH"
	allowCustom        = "ALLOW_CUSTOM_AUTH"
	allowAdminPass     = "ALLOW_ADMIN_USER_PASSWORD_AUTH"
	allowUserAuth      = "ALLOW_USER_AUTH"
	legacyAdminNoSRP   = "ADMIN_NO_SRP_AUTH"
	legacyCustomOnly   = "CUSTOM_AUTH_FLOW_ONLY"
	legacyUserPassAuth = "USER_PASSWORD_AUTH"
)

// defaultFlows are a client's flows when it was created without ExplicitAuthFlows: "If you don't
// specify a value for ExplicitAuthFlows, your app client supports ALLOW_REFRESH_TOKEN_AUTH,
// ALLOW_USER_SRP_AUTH, and ALLOW_CUSTOM_AUTH" (CreateUserPoolClient API reference).
var defaultFlows = []string{allowRefresh, allowSRP, allowCustom}

// flowAllowed reports whether the client's ExplicitAuthFlows permit the InitiateAuth or
// AdminInitiateAuth AuthFlow. Legacy values (ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY,
// USER_PASSWORD_AUTH) can't be mixed with ALLOW_ values; with them SRP and refresh stay allowed
// unless CUSTOM_AUTH_FLOW_ONLY says custom auth only.
func flowAllowed(explicit []string, flow string) bool {
	flows := explicit
	if len(flows) == 0 {
		flows = defaultFlows
	}
	legacy := !slices.ContainsFunc(flows, func(f string) bool { return strings.HasPrefix(f, "ALLOW_") })
	has := func(f string) bool { return slices.Contains(flows, f) }
	switch flow {
	case "USER_PASSWORD_AUTH":
		return has(allowPassword) || has(legacyUserPassAuth)
	case "USER_SRP_AUTH":
		return has(allowSRP) || (legacy && !has(legacyCustomOnly))
	case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
		return has(allowRefresh) || legacy
	case "CUSTOM_AUTH":
		return has(allowCustom) || has(legacyCustomOnly)
	case "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH":
		return has(allowAdminPass) || has(legacyAdminNoSRP)
	case "USER_AUTH":
		return has(allowUserAuth)
	}
	return false
}

// flowNotEnabled is AWS's answer to a flow the client does not allow: InvalidParameterException
// "USER_PASSWORD_AUTH flow not enabled for this client" from InitiateAuth (the message users of a
// client without ALLOW_USER_PASSWORD_AUTH report), and "Auth flow not enabled for this client"
// from AdminInitiateAuth.
func flowNotEnabled(flow string, admin bool) *apiError {
	if admin {
		return invalidParameter("Auth flow not enabled for this client")
	}
	if flow == "REFRESH_TOKEN" {
		flow = "REFRESH_TOKEN_AUTH"
	}
	return invalidParameter("%s flow not enabled for this client", flow)
}

// checkClientRequest applies AWS's rules for app clients (awscheck: the API model, then the
// documented rules — flows, token validity, OAuth, verified attributes) to CreateUserPoolClient
// and UpdateUserPoolClient, answering with the exception awscheck names (InvalidParameterException
// when it names none). Members the model doesn't know are let through, as AWS ignores them.
func checkClientRequest(req *request) *apiError {
	err := awscheck.Request(req.op, req.body)
	if err == nil {
		return nil
	}
	var v *awscheck.ValidationError
	if errors.As(err, &v) {
		return invalidParameter("%s", v.Error())
	}
	var msgs []string
	code := "InvalidParameterException"
	for _, e := range flatten(err) {
		var r *awscheck.RequestError
		if !errors.As(e, &r) || r.Unknown() {
			continue
		}
		if r.Exception != "" {
			code = r.Exception
		}
		msgs = append(msgs, r.Message)
	}
	if len(msgs) == 0 {
		return nil
	}
	return &apiError{code, strings.Join(msgs, " ")}
}

// flatten lists the errors errors.Join put together.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// checkRequired is SignUp's rule that every required attribute has a value: "When a standard
// attribute is marked as required, a user cannot register unless a value for the attribute is
// provided" (Cognito developer guide, "Working with user attributes"). AWS answers
// InvalidParameterException "Attributes did not conform to the schema: <name>: The attribute is
// required", one "<name>: <problem>" line per attribute (as in aws-amplify/amplify-js#935,
// furaiev/amazon-cognito-identity-dart-2#89 and aws-amplify/amplify-flutter#509);
// cognito-local doesn't check it (jagregory/cognito-local#431). In a pool whose username is the
// e-mail (or phone number), the username is that attribute's value.
func checkRequired(required, usernameAttributes []string, attrs map[string]string) *apiError {
	var missing []string
	for _, name := range required {
		if attrs[name] == "" && !slices.Contains(usernameAttributes, name) {
			missing = append(missing, name+": The attribute is required")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return invalidParameter("Attributes did not conform to the schema: %s", strings.Join(missing, "\n"))
}

// checkWritable is the client's WriteAttributes on SignUp, UpdateUserAttributes and
// DeleteUserAttributes: an attribute outside the list gets NotAuthorizedException "A client
// attempted to write unauthorized attribute". A client without the list may write every attribute
// (CreateUserPoolClient API reference, WriteAttributes).
func checkWritable(writable, names []string) *apiError {
	if len(writable) == 0 {
		return nil
	}
	for _, n := range names {
		if !slices.Contains(writable, n) {
			return notAuthorized(msgUnauthorizedAttribute)
		}
	}
	return nil
}

// readable filters GetUser's attributes to the client's ReadAttributes; sub is always returned.
// A client without the list reads every attribute (CreateUserPoolClient API reference,
// ReadAttributes).
func readable(readAttrs []string, attrs []attribute) []attribute {
	if len(readAttrs) == 0 {
		return attrs
	}
	out := make([]attribute, 0, len(attrs))
	for _, a := range attrs {
		if a.Name == "sub" || slices.Contains(readAttrs, a.Name) {
			out = append(out, a)
		}
	}
	return out
}

// maskEmail hides an address as Cognito does in CodeDeliveryDetails.Destination: the first
// character of the local part and of the domain ("j***@e***").
func maskEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || domain == "" {
		return "***"
	}
	first := func(s string) string { r, _ := utf8.DecodeRuneInString(s); return string(r) }
	return first(local) + "***@" + first(domain) + "***"
}

// maskPhone keeps a phone number's last four digits ("+*******1234").
func maskPhone(phone string) string {
	if len(phone) <= 4 {
		return "+****"
	}
	return "+" + strings.Repeat("*", len(phone)-5) + phone[len(phone)-4:]
}
