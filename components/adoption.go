package components

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/clickops/cognito-pool/internal/cognitoattr"
	"github.com/clickops/cognito-pool/internal/poolid"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SchemaAttribute is one attribute of the pool's schema, as DescribeUserPool reports it. Empty
// constraint strings are not declared.
type SchemaAttribute struct {
	// Name is a standard attribute ("name") or a custom one ("custom:team").
	Name string `json:"name"`
	// Type is String (default), Number, DateTime or Boolean.
	Type     string `json:"type,omitempty"`
	Required bool   `json:"required,omitempty"`
	// Mutable: nil means true. An immutable attribute can be set only at sign-up.
	Mutable *bool `json:"mutable,omitempty"`
	// DeveloperOnly attributes (dev:custom:<name>) are for administrators only: no app client
	// reads or writes them.
	DeveloperOnly bool   `json:"developerOnly,omitempty"`
	MinLength     string `json:"minLength,omitempty"`
	MaxLength     string `json:"maxLength,omitempty"`
	MinValue      string `json:"minValue,omitempty"`
	MaxValue      string `json:"maxValue,omitempty"`
}

// DefaultSchema is the schema of a new pool: e-mail required; the preferred_username handle
// mutable, optional and not an alias, so it can be set at sign-up and changed later, and social
// sign-in is not blocked (COGNITO.md, pool pitfall 3). The string constraints are Cognito's own,
// declared to stop the perpetual diff the provider shows without them (pulumi-aws #1237).
var DefaultSchema = []SchemaAttribute{
	{Name: "email", Type: "String", Required: true, MinLength: stringAttrMinLength, MaxLength: stringAttrMaxLength},
	{Name: "preferred_username", Type: "String", MinLength: stringAttrMinLength, MaxLength: stringAttrMaxLength},
}

// DefaultUsernameAttributes is what users of a new pool sign in with.
var DefaultUsernameAttributes = []string{"email"}

// DefaultClientAuthFlows are the web client's flows: SRP (the password never leaves the
// browser) and refresh.
var DefaultClientAuthFlows = []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}

// DefaultPreventUserExistenceErrors hides whether a user exists (the API's own default is LEGACY).
const DefaultPreventUserExistenceErrors = "ENABLED"

// CustomPrefix starts every custom attribute's name.
const CustomPrefix = "custom:"

var (
	// The Cognito API model's UserPoolNameType and ClientNameType: 1–128 characters of
	// [\w\s+=,.@-] (cognito-idp-2016-04-18 service model).
	nameRE = regexp.MustCompile(`^[\w\s+=,.@-]{1,128}$`)
	// CustomAttributeNameType: 1–20 characters of [\p{L}\p{M}\p{S}\p{N}\p{P}].
	customNameRE = regexp.MustCompile(`^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$`)
	// ClientIdType: 1–128 characters of [\w+].
	clientIDRE = regexp.MustCompile(`^[\w+]{1,128}$`)
	// ExplicitAuthFlowsType values this component declares. The legacy values (ADMIN_NO_SRP_AUTH,
	// CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH) can't be mixed with these (API reference,
	// CreateUserPoolClient ExplicitAuthFlows) and are refused.
	authFlows = []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH",
		"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_AUTH"}
)

// standardType is the data type of a standard attribute.
func standardType(name string) string {
	switch {
	case cognitoattr.IsVerified(name):
		return "Boolean"
	case name == "updated_at":
		return "Number"
	}
	return "String"
}

// resolveAdoption applies the defaults of the adoption fields.
func (r *resolved) resolveAdoption() {
	in := r.given
	if in.UsernameAttributes == nil {
		r.UsernameAttributes = DefaultUsernameAttributes
	}
	if in.Schema == nil {
		r.Schema = DefaultSchema
	} else {
		r.Schema = make([]SchemaAttribute, len(in.Schema))
		for i, s := range in.Schema {
			s.Type = cmp.Or(s.Type, "String")
			r.Schema[i] = s
		}
	}
	if in.ClientAuthFlows == nil {
		r.ClientAuthFlows = DefaultClientAuthFlows
		if in.AllowPasswordAuth {
			r.ClientAuthFlows = append(slices.Clone(DefaultClientAuthFlows), "ALLOW_USER_PASSWORD_AUTH")
		}
	}
	r.ClientPreventUserExistenceErrors = cmp.Or(in.ClientPreventUserExistenceErrors, DefaultPreventUserExistenceErrors)
}

// clientVisibleCustom reports whether a is a custom attribute of the schema an app client may use.
func (r *resolved) clientVisibleCustom(a string) bool {
	for _, s := range r.Schema {
		if s.Name == a && strings.HasPrefix(a, CustomPrefix) && !s.DeveloperOnly {
			return true
		}
	}
	return false
}

// validateAdoption checks the adoption fields against Cognito's rules.
func (r *resolved) validateAdoption(bad func(field, format string, args ...any)) {
	in := r.given
	if in.PoolName != "" && !nameRE.MatchString(in.PoolName) {
		bad("PoolName", "%q must be 1–128 letters, digits, spaces or +=,.@-", in.PoolName)
	}
	if in.ClientName != "" && !nameRE.MatchString(in.ClientName) {
		bad("ClientName", "%q must be 1–128 letters, digits, spaces or +=,.@-", in.ClientName)
	}
	listOf := func(field string, v []string, allowed ...string) {
		for i, a := range v {
			if !slices.Contains(allowed, a) {
				bad(fmt.Sprintf("%s[%d]", field, i), "%q is not one of %s", a, strings.Join(allowed, ", "))
			} else if slices.Index(v, a) != i {
				bad(fmt.Sprintf("%s[%d]", field, i), "%q is listed twice", a)
			}
		}
	}
	// CreateUserPool: UsernameAttributes email/phone_number, AliasAttributes
	// email/phone_number/preferred_username, and not both (API reference, "UsernameAttributes":
	// "This user pool property cannot be updated"; AliasAttributes and UsernameAttributes are
	// alternatives in the developer guide, "User pool attributes → Sign-in options").
	listOf("UsernameAttributes", r.UsernameAttributes, "email", "phone_number")
	listOf("AliasAttributes", r.AliasAttributes, "email", "phone_number", "preferred_username")
	if len(r.UsernameAttributes) > 0 && len(r.AliasAttributes) > 0 {
		bad("AliasAttributes", "can't be set together with UsernameAttributes %v: a pool signs in either with e-mail/phone as the username or with a username and aliases", r.UsernameAttributes)
	}
	r.validateSchema(bad)

	if in.ClientAuthFlows != nil {
		if in.AllowPasswordAuth {
			bad("ClientAuthFlows", "can't be set together with AllowPasswordAuth: list ALLOW_USER_PASSWORD_AUTH in ClientAuthFlows instead")
		}
		if len(in.ClientAuthFlows) == 0 {
			bad("ClientAuthFlows", "is empty: list at least one flow (Cognito would otherwise allow SRP, refresh and custom auth)")
		}
		listOf("ClientAuthFlows", in.ClientAuthFlows, authFlows...)
	}
	for i, a := range r.ClientReadAttributes {
		if !cognitoattr.IsStandard(a) && !r.clientVisibleCustom(a) {
			bad(fmt.Sprintf("ClientReadAttributes[%d]", i), "%q is neither a Cognito standard attribute nor a custom attribute of Schema", a)
		}
	}
	if !slices.Contains([]string{"ENABLED", "LEGACY"}, r.ClientPreventUserExistenceErrors) {
		bad("ClientPreventUserExistenceErrors", "%q is not one of ENABLED, LEGACY", r.ClientPreventUserExistenceErrors)
	}

	if in.ImportPoolID != "" {
		if err := poolid.Check(in.ImportPoolID); err != nil {
			bad("ImportPoolID", "%q: %v", in.ImportPoolID, err)
		}
	}
	if in.ImportClientID != "" {
		if in.ImportPoolID == "" {
			bad("ImportClientID", "needs ImportPoolID: a client is imported as <poolId>/<clientId>")
		}
		if !clientIDRE.MatchString(in.ImportClientID) {
			bad("ImportClientID", "%q is not a client id (1–128 letters, digits, _ or +)", in.ImportClientID)
		}
	}
	if in.ImportDomain && (in.ImportPoolID == "" || r.DomainPrefix == "") {
		bad("ImportDomain", "needs ImportPoolID and DomainPrefix: the domain is imported by its prefix")
	}
}

// validateSchema checks each attribute: a known name and type, constraints that are numbers in
// Cognito's bounds, no required custom attribute (Cognito refuses them: "Required custom
// attributes are not supported currently"), and no name twice.
func (r *resolved) validateSchema(bad func(field, format string, args ...any)) {
	seen := map[string]bool{}
	for i, s := range r.Schema {
		field := fmt.Sprintf("Schema[%d]", i)
		custom, isCustom := strings.CutPrefix(s.Name, CustomPrefix)
		switch {
		case isCustom:
			if !customNameRE.MatchString(custom) {
				bad(field, "%q: a custom attribute's name is 1–20 letters, digits, symbols or punctuation after %s", s.Name, CustomPrefix)
			}
			if s.Required {
				bad(field, "%q: Cognito doesn't support required custom attributes", s.Name)
			}
			if !slices.Contains([]string{"String", "Number", "DateTime", "Boolean"}, s.Type) {
				bad(field, "type %q is not one of String, Number, DateTime, Boolean", s.Type)
			}
		case s.Name == "sub":
			bad(field, "%q is Cognito's own and can't be declared", s.Name)
		case cognitoattr.IsStandard(s.Name):
			if want := standardType(s.Name); s.Type != want {
				bad(field, "%q is a standard %s attribute, not %s", s.Name, want, s.Type)
			}
		default:
			bad(field, "%q is neither a standard attribute nor %s<name>", s.Name, CustomPrefix)
		}
		if seen[s.Name] {
			bad(field, "%q is listed twice", s.Name)
		}
		seen[s.Name] = true
		if s.Required && s.DeveloperOnly {
			bad(field, "%q can't be both required and developer-only: no client could write it", s.Name)
		}
		bounded := func(name, v string, lo, hi int) (int, bool) {
			if v == "" {
				return 0, false
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < lo || n > hi {
				bad(field, "%s %q is not a whole number in %d–%d", name, v, lo, hi)
				return 0, false
			}
			return n, true
		}
		if s.Type != "String" && (s.MinLength != "" || s.MaxLength != "") {
			bad(field, "minLength and maxLength are for String attributes, not %s", s.Type)
		}
		if s.Type != "Number" && (s.MinValue != "" || s.MaxValue != "") {
			bad(field, "minValue and maxValue are for Number attributes, not %s", s.Type)
		}
		// StringAttributeConstraintsType: lengths up to 2048.
		lo, okLo := bounded("minLength", s.MinLength, 0, 2048)
		hi, okHi := bounded("maxLength", s.MaxLength, 0, 2048)
		if okLo && okHi && lo > hi {
			bad(field, "minLength %d is over maxLength %d", lo, hi)
		}
		vlo, okLo := bounded("minValue", s.MinValue, -1<<31, 1<<31-1)
		vhi, okHi := bounded("maxValue", s.MaxValue, -1<<31, 1<<31-1)
		if okLo && okHi && vlo > vhi {
			bad(field, "minValue %d is over maxValue %d", vlo, vhi)
		}
	}
}

// schemaArgs declares the schema. Custom attributes are declared without their prefix, as the
// provider's schema block names them (it adds custom: when it reads them back: flattenSchemaAttributeTypes
// strips the prefix).
func schemaArgs(attrs []SchemaAttribute) cognito.UserPoolSchemaArray {
	out := cognito.UserPoolSchemaArray{}
	for _, s := range attrs {
		a := cognito.UserPoolSchemaArgs{
			Name:                   pulumi.String(strings.TrimPrefix(s.Name, CustomPrefix)),
			AttributeDataType:      pulumi.String(s.Type),
			Required:               pulumi.Bool(s.Required),
			Mutable:                pulumi.Bool(s.Mutable == nil || *s.Mutable),
			DeveloperOnlyAttribute: pulumi.Bool(s.DeveloperOnly),
		}
		if s.MinLength != "" || s.MaxLength != "" {
			c := cognito.UserPoolSchemaStringAttributeConstraintsArgs{}
			if s.MinLength != "" {
				c.MinLength = pulumi.String(s.MinLength)
			}
			if s.MaxLength != "" {
				c.MaxLength = pulumi.String(s.MaxLength)
			}
			a.StringAttributeConstraints = c
		}
		if s.MinValue != "" || s.MaxValue != "" {
			c := cognito.UserPoolSchemaNumberAttributeConstraintsArgs{}
			if s.MinValue != "" {
				c.MinValue = pulumi.String(s.MinValue)
			}
			if s.MaxValue != "" {
				c.MaxValue = pulumi.String(s.MaxValue)
			}
			a.NumberAttributeConstraints = c
		}
		out = append(out, a)
	}
	return out
}
