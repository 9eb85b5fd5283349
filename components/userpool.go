// Package components holds the UserPool component: an Amazon Cognito user pool with e-mail sign-in,
// the preferred_username handle, verification and invitation e-mails, and one web app client, with
// secure defaults and every input checked before anything is registered.
package components

import (
	"fmt"
	"slices"

	"github.com/clickops/cognito-pool/internal/cognitoattr"
	"github.com/clickops/cognito-pool/internal/poolid"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "clickops:cognito:UserPool"

var oauthScopes = []string{"openid", "email", "profile"}

// requiredAttributes are the schema's required attributes, the ones a sign-up must give.
func (r *resolved) requiredAttributes() []string {
	out := []string{}
	for _, a := range r.Schema {
		if a.Required {
			out = append(out, a.Name)
		}
	}
	return out
}

// clientAttributes are the web client's read and write attributes: ClientAttributes, and the
// verification flag of each verifiable one (email → email_verified) to read, never to write.
func clientAttributes(attrs []string) (read, write []string) {
	for _, a := range attrs {
		read = append(read, a)
		if v, ok := cognitoattr.Verified[a]; ok {
			read = append(read, v)
		}
	}
	return read, attrs
}

// Cognito's own bounds for standard string attributes; declaring them explicitly stops the
// perpetual diff the provider shows when they are left out (pulumi-aws #1237).
const (
	stringAttrMinLength = "0"
	stringAttrMaxLength = "2048"
)

// UserPool is a Cognito user pool and its web app client.
type UserPool struct {
	pulumi.ResourceState

	UserPoolID       pulumi.StringOutput `pulumi:"userPoolId"`
	UserPoolArn      pulumi.StringOutput `pulumi:"userPoolArn"`
	UserPoolClientID pulumi.StringOutput `pulumi:"userPoolClientId"`
	// Region is read from the pool id, which Cognito forms as <region>_<suffix>.
	Region pulumi.StringOutput `pulumi:"region"`
	// Endpoint is the pool's endpoint as AWS reports it (cognito-idp.<region>.amazonaws.com/<id>).
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// Issuer is the iss claim of the pool's tokens; JwksURI is where its signing keys are.
	Issuer  pulumi.StringOutput `pulumi:"issuer"`
	JwksURI pulumi.StringOutput `pulumi:"jwksUri"`
	// HostedUIDomain is <prefix>.auth.<region>.amazoncognito.com, or "" without DomainPrefix.
	HostedUIDomain pulumi.StringOutput `pulumi:"hostedUiDomain"`
	// AuthSettings is what a front end's sign-in pages need to know of the pool, as resolved from
	// the args: mfa, passwordPolicy (minimumLength, require*), clientAttributes,
	// usernameAttributes, requiredAttributes. appconfig turns it into amplify_outputs.json.
	AuthSettings pulumi.MapOutput `pulumi:"authSettings"`
}

// NewUserPool validates args, then registers the pool, its web client and, with DomainPrefix, the
// hosted-UI domain. nil args and &UserPoolArgs{} both give the documented defaults. A validation
// error registers nothing, not even the component.
func NewUserPool(ctx *pulumi.Context, name string, args *UserPoolArgs, opts ...pulumi.ResourceOption) (*UserPool, error) {
	r, err := resolve(args)
	if err != nil {
		return nil, fmt.Errorf("UserPool %q: %w", name, err)
	}

	comp := &UserPool{}
	if err := ctx.RegisterComponentResource(TypeToken, name, comp, opts...); err != nil {
		return nil, err
	}
	child := []pulumi.ResourceOption{pulumi.Parent(comp)}
	guarded := []pulumi.ResourceOption{pulumi.Parent(comp), pulumi.Protect(r.Protect)}

	pool, err := cognito.NewUserPool(ctx, name+"-pool", poolArgs(r), withImport(guarded, r.ImportPoolID)...)
	if err != nil {
		return nil, fmt.Errorf("UserPool %q: pool: %w", name, err)
	}
	var clientImport string
	if r.ImportClientID != "" {
		clientImport = r.ImportPoolID + "/" + r.ImportClientID
	}
	client, err := cognito.NewUserPoolClient(ctx, name+"-web-client", clientArgs(r, pool.ID()), withImport(child, clientImport)...)
	if err != nil {
		return nil, fmt.Errorf("UserPool %q: web client: %w", name, err)
	}

	comp.UserPoolID = pool.ID().ToStringOutput()
	comp.UserPoolArn = pool.Arn
	comp.UserPoolClientID = client.ID().ToStringOutput()
	comp.Endpoint = pool.Endpoint
	comp.Region = comp.UserPoolID.ApplyT(poolid.Region).(pulumi.StringOutput)
	comp.Issuer = comp.UserPoolID.ApplyT(poolid.IssuerURL).(pulumi.StringOutput)
	comp.JwksURI = comp.Issuer.ApplyT(func(iss string) string { return iss + "/.well-known/jwks.json" }).(pulumi.StringOutput)
	comp.HostedUIDomain = pulumi.String("").ToStringOutput()
	comp.AuthSettings = pulumi.Map{
		"mfa": pulumi.String(r.MFA),
		"passwordPolicy": pulumi.Map{
			"minimumLength":    pulumi.Int(r.PasswordMinimumLength),
			"requireLowercase": pulumi.Bool(r.requireLower),
			"requireUppercase": pulumi.Bool(r.requireUpper),
			"requireNumbers":   pulumi.Bool(r.requireNumbers),
			"requireSymbols":   pulumi.Bool(r.requireSymbols),
		},
		"clientAttributes":   pulumi.ToStringArray(r.ClientAttributes),
		"usernameAttributes": pulumi.ToStringArray(r.UsernameAttributes),
		"requiredAttributes": pulumi.ToStringArray(r.requiredAttributes()),
	}.ToMapOutput()

	if r.DomainPrefix != "" {
		// The prefix can't change in place and is globally unique: the old domain has to go before
		// its replacement can take the name (COGNITO.md, Domains).
		domain, err := cognito.NewUserPoolDomain(ctx, name+"-domain", &cognito.UserPoolDomainArgs{
			Domain:              pulumi.String(r.DomainPrefix),
			UserPoolId:          pool.ID(),
			ManagedLoginVersion: pulumi.Int(r.ManagedLoginVersion),
		}, withImport(append(guarded, pulumi.DeleteBeforeReplace(true)), domainImport(r))...)
		if err != nil {
			return nil, fmt.Errorf("UserPool %q: domain: %w", name, err)
		}
		comp.HostedUIDomain = pulumi.All(domain.Domain, comp.Region).ApplyT(func(v []any) string {
			return fmt.Sprintf("%s.auth.%s.amazoncognito.com", v[0], v[1])
		}).(pulumi.StringOutput)
	}

	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"userPoolId":       comp.UserPoolID,
		"userPoolArn":      comp.UserPoolArn,
		"userPoolClientId": comp.UserPoolClientID,
		"region":           comp.Region,
		"endpoint":         comp.Endpoint,
		"issuer":           comp.Issuer,
		"jwksUri":          comp.JwksURI,
		"hostedUiDomain":   comp.HostedUIDomain,
		"authSettings":     comp.AuthSettings,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// withImport adds Pulumi's Import option for a non-empty import id.
func withImport(opts []pulumi.ResourceOption, id string) []pulumi.ResourceOption {
	if id == "" {
		return opts
	}
	return append(slices.Clone(opts), pulumi.Import(pulumi.ID(id)))
}

func domainImport(r *resolved) string {
	if r.ImportDomain {
		return r.DomainPrefix
	}
	return ""
}

func poolArgs(r *resolved) *cognito.UserPoolArgs {
	a := &cognito.UserPoolArgs{
		UsernameConfiguration:  cognito.UserPoolUsernameConfigurationArgs{CaseSensitive: pulumi.Bool(boolOr(r.CaseSensitiveUsernames, false))},
		AutoVerifiedAttributes: pulumi.StringArray{pulumi.String("email")},
		UserAttributeUpdateSettings: cognito.UserPoolUserAttributeUpdateSettingsArgs{
			AttributesRequireVerificationBeforeUpdates: pulumi.StringArray{pulumi.String("email")},
		},
		Schemas: schemaArgs(r.Schema),
		VerificationMessageTemplate: cognito.UserPoolVerificationMessageTemplateArgs{
			DefaultEmailOption: pulumi.String("CONFIRM_WITH_CODE"),
			EmailSubject:       pulumi.String(r.VerificationEmailSubject),
			EmailMessage:       pulumi.String(r.VerificationEmailMessage),
		},
		AdminCreateUserConfig: cognito.UserPoolAdminCreateUserConfigArgs{
			AllowAdminCreateUserOnly: pulumi.Bool(false),
			// All three: the provider's expandAdminCreateUserConfigType sends every key of this
			// block, an undeclared SMS message as "", which Cognito refuses (6–140 characters).
			InviteMessageTemplate: cognito.UserPoolAdminCreateUserConfigInviteMessageTemplateArgs{
				EmailSubject: pulumi.String(r.InvitationEmailSubject),
				EmailMessage: pulumi.String(r.InvitationEmailMessage),
				SmsMessage:   pulumi.String(r.InvitationSMSMessage),
			},
		},
		PasswordPolicy: cognito.UserPoolPasswordPolicyArgs{
			MinimumLength:                 pulumi.Int(r.PasswordMinimumLength),
			RequireLowercase:              pulumi.Bool(r.requireLower),
			RequireUppercase:              pulumi.Bool(r.requireUpper),
			RequireNumbers:                pulumi.Bool(r.requireNumbers),
			RequireSymbols:                pulumi.Bool(r.requireSymbols),
			TemporaryPasswordValidityDays: pulumi.Int(r.TemporaryPasswordValidityDays),
		},
		AccountRecoverySetting: cognito.UserPoolAccountRecoverySettingArgs{
			RecoveryMechanisms: cognito.UserPoolAccountRecoverySettingRecoveryMechanismArray{
				cognito.UserPoolAccountRecoverySettingRecoveryMechanismArgs{Name: pulumi.String("verified_email"), Priority: pulumi.Int(1)},
			},
		},
		MfaConfiguration:   pulumi.String(r.MFA),
		DeletionProtection: pulumi.String(r.DeletionProtection),
		UserPoolTier:       pulumi.String(r.FeaturePlan),
		EmailConfiguration: emailConfiguration(r),
	}
	if r.PoolName != "" {
		a.Name = pulumi.String(r.PoolName)
	}
	if len(r.UsernameAttributes) > 0 {
		a.UsernameAttributes = pulumi.ToStringArray(r.UsernameAttributes)
	}
	if len(r.AliasAttributes) > 0 {
		a.AliasAttributes = pulumi.ToStringArray(r.AliasAttributes)
	}
	if r.MFA != "OFF" {
		a.SoftwareTokenMfaConfiguration = cognito.UserPoolSoftwareTokenMfaConfigurationArgs{Enabled: pulumi.Bool(true)}
	}
	// Always declared, OFF included: the provider sends user_pool_add_ons only when declared and
	// doesn't mark it computed, so a block that disappears (PLUS → ESSENTIALS) would leave the
	// pool's mode as it was; declared OFF, the change is an in-place UpdateUserPool.
	a.UserPoolAddOns = cognito.UserPoolUserPoolAddOnsArgs{AdvancedSecurityMode: pulumi.String(r.ThreatProtection)}
	if len(r.Tags) > 0 {
		a.Tags = pulumi.ToStringMap(r.Tags)
	}
	return a
}

func emailConfiguration(r *resolved) cognito.UserPoolEmailConfigurationArgs {
	if r.SESSourceARN == "" {
		return cognito.UserPoolEmailConfigurationArgs{EmailSendingAccount: pulumi.String("COGNITO_DEFAULT")}
	}
	c := cognito.UserPoolEmailConfigurationArgs{
		EmailSendingAccount: pulumi.String("DEVELOPER"),
		SourceArn:           pulumi.String(r.SESSourceARN),
	}
	if r.SESFromAddress != "" {
		c.FromEmailAddress = pulumi.String(r.SESFromAddress)
	}
	if r.SESConfigurationSet != "" {
		c.ConfigurationSet = pulumi.String(r.SESConfigurationSet)
	}
	return c
}

func clientArgs(r *resolved, poolID pulumi.IDOutput) *cognito.UserPoolClientArgs {
	read, write := clientAttributes(r.ClientAttributes)
	if r.ClientReadAttributes != nil {
		read = r.ClientReadAttributes
	}
	a := &cognito.UserPoolClientArgs{
		UserPoolId:                 poolID.ToStringOutput(),
		ExplicitAuthFlows:          pulumi.ToStringArray(r.ClientAuthFlows),
		PreventUserExistenceErrors: pulumi.String(r.ClientPreventUserExistenceErrors),
		EnableTokenRevocation:      pulumi.Bool(true),
		AccessTokenValidity:        pulumi.Int(r.AccessTokenValidityMinutes),
		IdTokenValidity:            pulumi.Int(r.IDTokenValidityMinutes),
		RefreshTokenValidity:       pulumi.Int(r.RefreshTokenValidityDays),
		TokenValidityUnits: cognito.UserPoolClientTokenValidityUnitsArgs{
			AccessToken:  pulumi.String("minutes"),
			IdToken:      pulumi.String("minutes"),
			RefreshToken: pulumi.String("days"),
		},
		ReadAttributes:             pulumi.ToStringArray(read),
		WriteAttributes:            pulumi.ToStringArray(write),
		SupportedIdentityProviders: pulumi.StringArray{pulumi.String("COGNITO")},
	}
	if r.ClientName != "" {
		a.Name = pulumi.String(r.ClientName)
	}
	// generate_secret is RequiresReplace and never read back from AWS (terraform-provider-aws
	// internal/service/cognitoidp/user_pool_client.go @01f43111): an imported client has none in state, so
	// declaring it, true or false, would replace the client. Imported, the live client keeps its
	// secret or its lack of one.
	if r.ImportClientID == "" {
		a.GenerateSecret = pulumi.Bool(r.ClientGenerateSecret)
	}
	if r.DomainPrefix != "" {
		a.AllowedOauthFlowsUserPoolClient = pulumi.Bool(true)
		a.AllowedOauthFlows = pulumi.StringArray{pulumi.String("code")}
		a.AllowedOauthScopes = pulumi.ToStringArray(oauthScopes)
		a.CallbackUrls = pulumi.ToStringArray(r.CallbackURLs)
		if len(r.LogoutURLs) > 0 {
			a.LogoutUrls = pulumi.ToStringArray(r.LogoutURLs)
		}
	}
	return a
}
