package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

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

func (c *configReader) integer(key string) int {
	v, ok := c.raw(key)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		c.fail(key, v, "an integer")
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
