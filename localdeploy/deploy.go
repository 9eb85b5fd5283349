package localdeploy

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource types the emulator can create.
const (
	TypeUserPool       = "aws:cognito/userPool:UserPool"
	TypeUserPoolClient = "aws:cognito/userPoolClient:UserPoolClient"
)

// Program is a Pulumi program that also returns its stack exports.
type Program func(ctx *pulumi.Context) (pulumi.Map, error)

// Created is one resource the deploy made in the emulator, with the inputs the program declared.
type Created struct {
	Type, Name, ID string
	Inputs         resource.PropertyMap
}

// Deployment is the result of Deploy.
type Deployment struct {
	// Outputs are the stack outputs, keyed like `pulumi stack output --json`. issuer and jwksUri
	// are the emulator's (<endpoint>/<poolId>), not AWS's, so a verifier can use them as they are.
	Outputs map[string]any
	// Resources lists what was created, in order.
	Resources []Created
}

// Deploy runs program under pulumi.WithMocks with a resource monitor that creates each declared
// resource in the Cognito API at client (the emulator) — the same program `pulumi up` runs, with
// the stack config cfg ("project:key" → value, as the CLI passes it). A resource type the emulator
// has no counterpart for fails the deploy with an error naming it.
func Deploy(ctx context.Context, client *cip.Client, endpoint, project, stack string, cfg map[string]string, program Program) (*Deployment, error) {
	m := &monitor{ctx: ctx, client: client, endpoint: strings.TrimRight(endpoint, "/")}
	var outputs map[string]any
	err := pulumi.RunErr(func(pctx *pulumi.Context) error {
		exports, err := program(pctx)
		if err != nil {
			return err
		}
		exports.ToMapOutput().ApplyT(func(v map[string]any) map[string]any {
			outputs = v
			return v
		})
		return nil
	}, pulumi.WithMocks(project, stack, m), func(info *pulumi.RunInfo) { info.Config = cfg })
	if err != nil {
		return nil, fmt.Errorf("deploy into %s: %w", endpoint, err)
	}
	if id, ok := outputs["userPoolId"].(string); ok {
		iss := m.endpoint + "/" + id
		outputs["issuer"] = iss
		outputs["jwksUri"] = iss + "/.well-known/jwks.json"
	}
	return &Deployment{Outputs: outputs, Resources: m.created}, nil
}

// monitor plays the Pulumi engine and the AWS provider: custom resources become Cognito API calls.
type monitor struct {
	ctx      context.Context
	client   *cip.Client
	endpoint string

	mu      sync.Mutex
	created []Created
}

func (m *monitor) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if !args.Custom || strings.HasPrefix(args.TypeToken, "pulumi:providers:") {
		return "", args.Inputs, nil // components and providers exist only in Pulumi
	}
	ctx, cancel := context.WithTimeout(m.ctx, 10*time.Second)
	defer cancel()
	var (
		id    string
		state = args.Inputs.Copy()
		err   error
	)
	switch args.TypeToken {
	case TypeUserPool:
		id, err = m.createUserPool(ctx, args.Name, args.Inputs, state)
	case TypeUserPoolClient:
		id, err = m.createUserPoolClient(ctx, args.Name, args.Inputs)
	default:
		return "", nil, fmt.Errorf("%s %q is not supported locally: cognito-local has no counterpart (deploy it to AWS with pulumi up)", args.TypeToken, args.Name)
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s %q: %w", args.TypeToken, args.Name, err)
	}
	m.mu.Lock()
	m.created = append(m.created, Created{Type: args.TypeToken, Name: args.Name, ID: id, Inputs: args.Inputs})
	m.mu.Unlock()
	return id, state, nil
}

func (m *monitor) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("provider function %s is not supported locally", args.Token)
}

func (m *monitor) createUserPool(ctx context.Context, name string, in, state resource.PropertyMap) (string, error) {
	req := userPoolInput(name, in)
	out, err := m.client.CreateUserPool(ctx, req)
	if err != nil {
		return "", fmt.Errorf("CreateUserPool: %w", err)
	}
	pool := out.UserPool
	id := aws.ToString(pool.Id)
	// As the AWS provider does, TOTP is switched on after creation with SetUserPoolMfaConfig.
	if totp, ok := object(in, "softwareTokenMfaConfiguration"); ok {
		if _, err := m.client.SetUserPoolMfaConfig(ctx, &cip.SetUserPoolMfaConfigInput{
			UserPoolId:                    aws.String(id),
			MfaConfiguration:              types.UserPoolMfaType(str(in, "mfaConfiguration")),
			SoftwareTokenMfaConfiguration: &types.SoftwareTokenMfaConfigType{Enabled: aws.ToBool(boolean(totp, "enabled"))},
		}); err != nil {
			return "", fmt.Errorf("SetUserPoolMfaConfig: %w", err)
		}
	}
	state["arn"] = resource.NewProperty(aws.ToString(pool.Arn))
	state["name"] = resource.NewProperty(aws.ToString(pool.Name))
	state["endpoint"] = resource.NewProperty(strings.TrimPrefix(strings.TrimPrefix(m.endpoint, "http://"), "https://") + "/" + id)
	return id, nil
}

func (m *monitor) createUserPoolClient(ctx context.Context, name string, in resource.PropertyMap) (string, error) {
	out, err := m.client.CreateUserPoolClient(ctx, userPoolClientInput(name, in))
	if err != nil {
		return "", fmt.Errorf("CreateUserPoolClient: %w", err)
	}
	return aws.ToString(out.UserPoolClient.ClientId), nil
}

// userPoolInput translates the declared aws.cognito.UserPool inputs into CreateUserPool, field by
// field, as the AWS provider does. name is used when the program sets no pool name.
func userPoolInput(name string, in resource.PropertyMap) *cip.CreateUserPoolInput {
	req := &cip.CreateUserPoolInput{
		PoolName:                 aws.String(orDefault(str(in, "name"), name)),
		UsernameAttributes:       enums[types.UsernameAttributeType](strs(in, "usernameAttributes")),
		AliasAttributes:          enums[types.AliasAttributeType](strs(in, "aliasAttributes")),
		AutoVerifiedAttributes:   enums[types.VerifiedAttributeType](strs(in, "autoVerifiedAttributes")),
		MfaConfiguration:         types.UserPoolMfaType(str(in, "mfaConfiguration")),
		DeletionProtection:       types.DeletionProtectionType(str(in, "deletionProtection")),
		UserPoolTier:             types.UserPoolTierType(str(in, "userPoolTier")),
		EmailVerificationMessage: strp(in, "emailVerificationMessage"),
		EmailVerificationSubject: strp(in, "emailVerificationSubject"),
		UserPoolTags:             strMap(in, "tags"),
	}
	if u, ok := object(in, "usernameConfiguration"); ok {
		req.UsernameConfiguration = &types.UsernameConfigurationType{CaseSensitive: boolean(u, "caseSensitive")}
	}
	if u, ok := object(in, "userAttributeUpdateSettings"); ok {
		req.UserAttributeUpdateSettings = &types.UserAttributeUpdateSettingsType{
			AttributesRequireVerificationBeforeUpdate: enums[types.VerifiedAttributeType](strs(u, "attributesRequireVerificationBeforeUpdates")),
		}
	}
	for _, s := range objects(in, "schemas") {
		attr := types.SchemaAttributeType{
			Name:                   strp(s, "name"),
			AttributeDataType:      types.AttributeDataType(str(s, "attributeDataType")),
			Required:               boolean(s, "required"),
			Mutable:                boolean(s, "mutable"),
			DeveloperOnlyAttribute: boolean(s, "developerOnlyAttribute"),
		}
		if c, ok := object(s, "stringAttributeConstraints"); ok {
			attr.StringAttributeConstraints = &types.StringAttributeConstraintsType{MinLength: strp(c, "minLength"), MaxLength: strp(c, "maxLength")}
		}
		if c, ok := object(s, "numberAttributeConstraints"); ok {
			attr.NumberAttributeConstraints = &types.NumberAttributeConstraintsType{MinValue: strp(c, "minValue"), MaxValue: strp(c, "maxValue")}
		}
		req.Schema = append(req.Schema, attr)
	}
	if t, ok := object(in, "verificationMessageTemplate"); ok {
		req.VerificationMessageTemplate = &types.VerificationMessageTemplateType{
			DefaultEmailOption: types.DefaultEmailOptionType(str(t, "defaultEmailOption")),
			EmailSubject:       strp(t, "emailSubject"),
			EmailMessage:       strp(t, "emailMessage"),
			EmailSubjectByLink: strp(t, "emailSubjectByLink"),
			EmailMessageByLink: strp(t, "emailMessageByLink"),
			SmsMessage:         strp(t, "smsMessage"),
		}
	}
	if a, ok := object(in, "adminCreateUserConfig"); ok {
		cfg := &types.AdminCreateUserConfigType{AllowAdminCreateUserOnly: aws.ToBool(boolean(a, "allowAdminCreateUserOnly"))}
		if t, ok := object(a, "inviteMessageTemplate"); ok {
			cfg.InviteMessageTemplate = &types.MessageTemplateType{EmailSubject: strp(t, "emailSubject"), EmailMessage: strp(t, "emailMessage"), SMSMessage: strp(t, "smsMessage")}
		}
		req.AdminCreateUserConfig = cfg
	}
	if p, ok := object(in, "passwordPolicy"); ok {
		req.Policies = &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{
			MinimumLength:                 int32p(p, "minimumLength"),
			RequireLowercase:              aws.ToBool(boolean(p, "requireLowercase")),
			RequireUppercase:              aws.ToBool(boolean(p, "requireUppercase")),
			RequireNumbers:                aws.ToBool(boolean(p, "requireNumbers")),
			RequireSymbols:                aws.ToBool(boolean(p, "requireSymbols")),
			TemporaryPasswordValidityDays: aws.ToInt32(int32p(p, "temporaryPasswordValidityDays")),
			PasswordHistorySize:           int32p(p, "passwordHistorySize"),
		}}
	}
	if r, ok := object(in, "accountRecoverySetting"); ok {
		s := &types.AccountRecoverySettingType{}
		for _, mech := range objects(r, "recoveryMechanisms") {
			s.RecoveryMechanisms = append(s.RecoveryMechanisms, types.RecoveryOptionType{
				Name: types.RecoveryOptionNameType(str(mech, "name")), Priority: int32p(mech, "priority"),
			})
		}
		req.AccountRecoverySetting = s
	}
	if e, ok := object(in, "emailConfiguration"); ok {
		req.EmailConfiguration = &types.EmailConfigurationType{
			EmailSendingAccount: types.EmailSendingAccountType(str(e, "emailSendingAccount")),
			SourceArn:           strp(e, "sourceArn"),
			From:                strp(e, "fromEmailAddress"),
			ReplyToEmailAddress: strp(e, "replyToEmailAddress"),
			ConfigurationSet:    strp(e, "configurationSet"),
		}
	}
	if a, ok := object(in, "userPoolAddOns"); ok {
		req.UserPoolAddOns = &types.UserPoolAddOnsType{AdvancedSecurityMode: types.AdvancedSecurityModeType(str(a, "advancedSecurityMode"))}
	}
	return req
}

// userPoolClientInput translates the declared aws.cognito.UserPoolClient inputs into CreateUserPoolClient.
func userPoolClientInput(name string, in resource.PropertyMap) *cip.CreateUserPoolClientInput {
	req := &cip.CreateUserPoolClientInput{
		UserPoolId:                      strp(in, "userPoolId"),
		ClientName:                      aws.String(orDefault(str(in, "name"), name)),
		GenerateSecret:                  aws.ToBool(boolean(in, "generateSecret")),
		ExplicitAuthFlows:               enums[types.ExplicitAuthFlowsType](strs(in, "explicitAuthFlows")),
		PreventUserExistenceErrors:      types.PreventUserExistenceErrorTypes(str(in, "preventUserExistenceErrors")),
		EnableTokenRevocation:           boolean(in, "enableTokenRevocation"),
		AccessTokenValidity:             int32p(in, "accessTokenValidity"),
		IdTokenValidity:                 int32p(in, "idTokenValidity"),
		RefreshTokenValidity:            aws.ToInt32(int32p(in, "refreshTokenValidity")),
		AuthSessionValidity:             int32p(in, "authSessionValidity"),
		ReadAttributes:                  strs(in, "readAttributes"),
		WriteAttributes:                 strs(in, "writeAttributes"),
		SupportedIdentityProviders:      strs(in, "supportedIdentityProviders"),
		AllowedOAuthFlowsUserPoolClient: aws.ToBool(boolean(in, "allowedOauthFlowsUserPoolClient")),
		AllowedOAuthFlows:               enums[types.OAuthFlowType](strs(in, "allowedOauthFlows")),
		AllowedOAuthScopes:              strs(in, "allowedOauthScopes"),
		CallbackURLs:                    strs(in, "callbackUrls"),
		LogoutURLs:                      strs(in, "logoutUrls"),
		DefaultRedirectURI:              strp(in, "defaultRedirectUri"),
	}
	if u, ok := object(in, "tokenValidityUnits"); ok {
		req.TokenValidityUnits = &types.TokenValidityUnitsType{
			AccessToken:  types.TimeUnitsType(str(u, "accessToken")),
			IdToken:      types.TimeUnitsType(str(u, "idToken")),
			RefreshToken: types.TimeUnitsType(str(u, "refreshToken")),
		}
	}
	return req
}

// Accessors over Pulumi property maps: a missing or unknown value reads as absent.

func get(m resource.PropertyMap, key string) (resource.PropertyValue, bool) {
	v, ok := m[resource.PropertyKey(key)]
	if !ok || v.IsNull() || v.IsComputed() {
		return v, false
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v, true
}

func str(m resource.PropertyMap, key string) string {
	if v, ok := get(m, key); ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}

func strp(m resource.PropertyMap, key string) *string {
	if v, ok := get(m, key); ok && v.IsString() {
		return aws.String(v.StringValue())
	}
	return nil
}

func boolean(m resource.PropertyMap, key string) *bool {
	if v, ok := get(m, key); ok && v.IsBool() {
		return aws.Bool(v.BoolValue())
	}
	return nil
}

func int32p(m resource.PropertyMap, key string) *int32 {
	if v, ok := get(m, key); ok && v.IsNumber() {
		return aws.Int32(int32(v.NumberValue()))
	}
	return nil
}

func strs(m resource.PropertyMap, key string) []string {
	v, ok := get(m, key)
	if !ok || !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

func strMap(m resource.PropertyMap, key string) map[string]string {
	obj, ok := object(m, key)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for k, v := range obj {
		if v.IsString() {
			out[string(k)] = v.StringValue()
		}
	}
	return out
}

func object(m resource.PropertyMap, key string) (resource.PropertyMap, bool) {
	if v, ok := get(m, key); ok && v.IsObject() {
		return v.ObjectValue(), true
	}
	return nil, false
}

func objects(m resource.PropertyMap, key string) []resource.PropertyMap {
	v, ok := get(m, key)
	if !ok || !v.IsArray() {
		return nil
	}
	var out []resource.PropertyMap
	for _, e := range v.ArrayValue() {
		if e.IsObject() {
			out = append(out, e.ObjectValue())
		}
	}
	return out
}

func enums[T ~string](v []string) []T {
	if v == nil {
		return nil
	}
	out := make([]T, len(v))
	for i, s := range v {
		out[i] = T(s)
	}
	return out
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
