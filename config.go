package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/clickops/cognito-pool/components"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// loadConfig reads the project's config keys (declared with types and defaults in Pulumi.yaml)
// into UserPoolArgs. An unset key leaves the field zero, which the component reads as its default.
func loadConfig(ctx *pulumi.Context) (*components.UserPoolArgs, error) {
	project := ctx.Project()
	args, _, err := readConfig(project, func(key string) (string, bool) {
		return ctx.GetConfig(project + ":" + key)
	})
	return args, err
}

// configReader turns raw config strings into typed values, remembering the first error per key.
type configReader struct {
	project string
	get     func(key string) (string, bool)
	keys    []string
	errs    []error
}

func (c *configReader) raw(key string) (string, bool) {
	c.keys = append(c.keys, key)
	return c.get(key)
}

func (c *configReader) fail(key, v, want string) {
	c.errs = append(c.errs, fmt.Errorf("config %s:%s: %q is not %s", c.project, key, v, want))
}

func (c *configReader) str(key string) string {
	v, _ := c.raw(key)
	return v
}

// integer reads an integer key. The component reads a zero field as "the default", so an explicit
// 0 would be silently replaced: it is checked here against the field's range instead.
func (c *configReader) integer(key string) int {
	v, ok := c.raw(key)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		c.fail(key, v, "an integer")
		return 0
	}
	if n == 0 {
		if r, ok := components.Bounds[fieldOf(key)]; ok {
			c.errs = append(c.errs, fmt.Errorf("config %s:%s: %s", c.project, key, r.Check(0)))
		}
	}
	return n
}

func (c *configReader) boolean(key string) *bool {
	v, ok := c.raw(key)
	if !ok {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		c.fail(key, v, "true or false")
		return nil
	}
	return &b
}

func (c *configReader) json(key string, out any, want string) {
	v, ok := c.raw(key)
	if ok && v != "" {
		if err := json.Unmarshal([]byte(v), out); err != nil {
			c.fail(key, v, want)
		}
	}
}

// readConfig is loadConfig without Pulumi, so parsing is testable on its own; get takes a key
// without the project prefix. It also returns the keys it read: Pulumi.yaml must declare exactly these.
func readConfig(project string, get func(key string) (string, bool)) (*components.UserPoolArgs, []string, error) {
	c := &configReader{project: project, get: get}
	a := &components.UserPoolArgs{
		AppName:                       c.str("appName"),
		VerificationEmailSubject:      c.str("verificationEmailSubject"),
		VerificationEmailMessage:      c.str("verificationEmailMessage"),
		InvitationEmailSubject:        c.str("invitationEmailSubject"),
		InvitationEmailMessage:        c.str("invitationEmailMessage"),
		InvitationSMSMessage:          c.str("invitationSmsMessage"),
		SESFromAddress:                c.str("sesFromAddress"),
		SESSourceARN:                  c.str("sesSourceArn"),
		SESConfigurationSet:           c.str("sesConfigurationSet"),
		PasswordMinimumLength:         c.integer("passwordMinimumLength"),
		PasswordRequireLowercase:      c.boolean("passwordRequireLowercase"),
		PasswordRequireUppercase:      c.boolean("passwordRequireUppercase"),
		PasswordRequireNumbers:        c.boolean("passwordRequireNumbers"),
		PasswordRequireSymbols:        c.boolean("passwordRequireSymbols"),
		TemporaryPasswordValidityDays: c.integer("temporaryPasswordValidityDays"),
		MFA:                           c.str("mfa"),
		FeaturePlan:                   c.str("featurePlan"),
		ThreatProtection:              c.str("threatProtection"),
		AccessTokenValidityMinutes:    c.integer("accessTokenValidityMinutes"),
		IDTokenValidityMinutes:        c.integer("idTokenValidityMinutes"),
		RefreshTokenValidityDays:      c.integer("refreshTokenValidityDays"),
		DomainPrefix:                  c.str("domainPrefix"),
		ManagedLoginVersion:           c.integer("managedLoginVersion"),
	}
	if p := c.boolean("deletionProtection"); p != nil && !*p {
		a.DeletionProtection = "INACTIVE"
	}
	if p := c.boolean("allowPasswordAuth"); p != nil {
		a.AllowPasswordAuth = *p
	}
	if p := c.boolean("protect"); p != nil {
		a.Protect = *p
	}
	c.json("clientAttributes", &a.ClientAttributes, "a list of attribute names")
	c.json("callbackUrls", &a.CallbackURLs, "a list of URLs")
	c.json("logoutUrls", &a.LogoutURLs, "a list of URLs")
	c.json("tags", &a.Tags, "an object of string values")
	// Adoption keys (components.UserPoolArgs' fields of that part).
	a.PoolName = c.str("poolName")
	a.ClientName = c.str("clientName")
	c.json("usernameAttributes", &a.UsernameAttributes, "a list of attribute names")
	c.json("aliasAttributes", &a.AliasAttributes, "a list of attribute names")
	a.CaseSensitiveUsernames = c.boolean("caseSensitiveUsernames")
	c.json("schemaAttributes", &a.Schema, "a list of schema attributes ({name, type, required, mutable, developerOnly, minLength, maxLength, minValue, maxValue})")
	c.json("clientReadAttributes", &a.ClientReadAttributes, "a list of attribute names")
	c.json("clientAuthFlows", &a.ClientAuthFlows, "a list of explicit auth flows")
	// An empty list is the project default: derived from clientAttributes and allowPasswordAuth.
	if len(a.ClientReadAttributes) == 0 {
		a.ClientReadAttributes = nil
	}
	if len(a.ClientAuthFlows) == 0 {
		a.ClientAuthFlows = nil
	}
	if p := c.boolean("clientGenerateSecret"); p != nil {
		a.ClientGenerateSecret = *p
	}
	a.ClientPreventUserExistenceErrors = c.str("clientPreventUserExistenceErrors")
	a.ImportPoolID = c.str("importPoolId")
	a.ImportClientID = c.str("importClientId")
	if p := c.boolean("importDomain"); p != nil {
		a.ImportDomain = *p
	}
	if len(c.errs) > 0 {
		return nil, c.keys, errors.Join(c.errs...)
	}
	return a, c.keys, nil
}

// configKey is the config key of a UserPoolArgs field: the field's name in lowerCamelCase with
// each acronym a word ("InvitationSMSMessage" → "invitationSmsMessage", "CallbackURLs" →
// "callbackUrls"). TestEveryFieldHasAConfigKey holds it to the keys readConfig reads.
func configKey(field string) string {
	if key, ok := keyNotFromName[field]; ok {
		return key
	}
	r := []rune(field)
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		upper := unicode.IsUpper(r[i])
		// An acronym's later letters: upper, after an upper, and not the start of the next word
		// (an upper followed by a lower) unless that lower is the plural "s" ("URLs").
		inAcronym := upper && i > 0 && unicode.IsUpper(r[i-1]) &&
			(i+1 == len(r) || !unicode.IsLower(r[i+1]) || (r[i+1] == 's' && (i+2 == len(r) || unicode.IsUpper(r[i+2]))))
		switch {
		case i == 0, inAcronym:
			b.WriteRune(unicode.ToLower(r[i]))
		default:
			b.WriteRune(r[i])
		}
	}
	return b.String()
}

// keyNotFromName are the fields whose key is not their name: "schema" alone would read as the
// whole pool's.
var keyNotFromName = map[string]string{"Schema": "schemaAttributes"}

// fieldOf is configKey backwards, for the keys that have a field.
func fieldOf(key string) string {
	for _, f := range reflect.VisibleFields(reflect.TypeOf(components.UserPoolArgs{})) {
		if configKey(f.Name) == key {
			return f.Name
		}
	}
	return ""
}

// fieldsToKeys rewrites the UserPoolArgs field names a problem mentions as words ("needs
// FeaturePlan PLUS") as config keys.
var fieldsToKeys = func() func(string) string {
	var names []string
	for _, f := range reflect.VisibleFields(reflect.TypeOf(components.UserPoolArgs{})) {
		names = append(names, f.Name)
	}
	re := regexp.MustCompile(`\b(` + strings.Join(names, "|") + `)\b`)
	return func(s string) string { return re.ReplaceAllStringFunc(s, configKey) }
}()

// configError names the config key of each input the component refused, one line a problem:
// "config cognito-pool:passwordMinimumLength: 5 is outside 6–99 characters".
func configError(project string, err error) error {
	bad := components.ArgErrors(err)
	if len(bad) == 0 {
		return err
	}
	errs := make([]error, len(bad))
	for i, a := range bad {
		field, index, _ := strings.Cut(a.Field, "[")
		if index != "" {
			index = "[" + index
		}
		errs[i] = fmt.Errorf("config %s:%s%s: %s", project, configKey(field), index, fieldsToKeys(a.Problem))
	}
	return errors.Join(errs...)
}
