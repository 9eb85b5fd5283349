package localdeploy

import (
	"cmp"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// This file mirrors the requests terraform-provider-aws builds for aws_cognito_user_pool, the
// resource pulumi-aws v6 (6.83.x bridges a late 5.x provider) runs: resourceUserPoolCreate and the
// expand… functions of internal/service/cognitoidp/user_pool.go. Read at hashicorp/terraform-provider-aws
// @015edb133ea64d879a0fdd1551d0c8daee7d4995 (the expand functions) and, for the create path with
// user_pool_tier, a late-5.x copy @ffe1cbf2bfca816eb2be841bc88e53e82b8bd4af (lidor-k fork; identical
// expand functions). Each function names the one it mirrors.
//
// Two mechanisms decide what reaches the wire, and this translation keeps both:
//   - The provider is a Terraform SDKv2 resource: a declared block holds every key of its schema,
//     unset ones as "", 0 or false (helper/schema readObjectField). An expand function that copies
//     a key without checking it sends that zero value: inputs.str/integer/boolean return them.
//   - The AWS SDK omits a non-pointer zero (false, 0, "") but sends a pointer to one: the same
//     SDK types are used here, so its serializer decides as it does for the provider.

// userPoolRequests are the calls resourceUserPoolCreate makes: CreateUserPool, then
// SetUserPoolMfaConfig when MFA is not OFF (nil otherwise; its UserPoolId is filled in after the
// create).
type userPoolRequests struct {
	Create *cip.CreateUserPoolInput
	MFA    *cip.SetUserPoolMfaConfigInput
}

// Schema defaults of aws_cognito_user_pool that apply when the program leaves a field unset
// (the mock engine hands over the declared inputs only, without the provider's Check).
const (
	defaultDeletionProtection = types.DeletionProtectionTypeInactive // deletion_protection Default
	defaultMFAConfiguration   = types.UserPoolMfaTypeOff             // mfa_configuration Default
	defaultEmailSendingAcct   = types.EmailSendingAccountTypeCognitoDefault
	defaultEmailOption        = types.DefaultEmailOptionTypeConfirmWithCode
)

// translateUserPool mirrors resourceUserPoolCreate's request building. poolName is the name the
// pool gets: the declared name, or Pulumi's autoname.
func translateUserPool(in inputs, poolName string) userPoolRequests {
	in.str("name") // read by the caller, which autonames it
	req := &cip.CreateUserPoolInput{
		PoolName: aws.String(poolName),
		// getTagsIn: the resource's tags (merged with provider default tags, none here); nil
		// when there are none.
		UserPoolTags: in.strMap("tags"),
	}
	if b, ok := in.block("accountRecoverySetting"); ok {
		req.AccountRecoverySetting = expandAccountRecoverySettingType(b)
	}
	if b, ok := in.block("adminCreateUserConfig"); ok {
		req.AdminCreateUserConfig = expandAdminCreateUserConfigType(b)
	}
	if v := in.strs("aliasAttributes"); len(v) > 0 {
		req.AliasAttributes = enums[types.AliasAttributeType](v)
	}
	if v := in.strs("autoVerifiedAttributes"); len(v) > 0 {
		req.AutoVerifiedAttributes = enums[types.VerifiedAttributeType](v)
	}
	// deletion_protection has Default INACTIVE, so GetOk is always true: the field is always sent.
	req.DeletionProtection = types.DeletionProtectionType(cmp.Or(in.str("deletionProtection"), string(defaultDeletionProtection)))
	if b, ok := in.block("deviceConfiguration"); ok {
		req.DeviceConfiguration = &types.DeviceConfigurationType{
			ChallengeRequiredOnNewDevice:     b.boolean("challengeRequiredOnNewDevice"),
			DeviceOnlyRememberedOnUserPrompt: b.boolean("deviceOnlyRememberedOnUserPrompt"),
		}
	}
	if b, ok := in.block("emailConfiguration"); ok {
		req.EmailConfiguration = expandEmailConfigurationType(b)
	}
	// GetOk on a string: sent only when non-empty.
	req.EmailVerificationSubject = nonEmpty(in.str("emailVerificationSubject"))
	req.EmailVerificationMessage = nonEmpty(in.str("emailVerificationMessage"))
	req.SmsAuthenticationMessage = nonEmpty(in.str("smsAuthenticationMessage"))
	req.SmsVerificationMessage = nonEmpty(in.str("smsVerificationMessage"))
	if b, ok := in.block("passwordPolicy"); ok {
		req.Policies = &types.UserPoolPolicyType{PasswordPolicy: expandPasswordPolicyType(b)}
	}
	if s := in.blocks("schemas"); len(s) > 0 {
		req.Schema = expandSchemaAttributeTypes(s)
	}
	if v := in.strs("usernameAttributes"); len(v) > 0 {
		req.UsernameAttributes = enums[types.UsernameAttributeType](v)
	}
	if b, ok := in.block("usernameConfiguration"); ok {
		req.UsernameConfiguration = expandUsernameConfigurationType(b)
	}
	if b, ok := in.block("userAttributeUpdateSettings"); ok {
		req.UserAttributeUpdateSettings = &types.UserAttributeUpdateSettingsType{
			AttributesRequireVerificationBeforeUpdate: enums[types.VerifiedAttributeType](b.strs("attributesRequireVerificationBeforeUpdates")),
		}
	}
	// user_pool_add_ons: sent only when the block is declared; the mode only when non-empty.
	if b, ok := in.block("userPoolAddOns"); ok {
		req.UserPoolAddOns = &types.UserPoolAddOnsType{}
		if v := b.str("advancedSecurityMode"); v != "" {
			req.UserPoolAddOns.AdvancedSecurityMode = types.AdvancedSecurityModeType(v)
		}
	}
	if b, ok := in.block("verificationMessageTemplate"); ok {
		req.VerificationMessageTemplate = expandVerificationMessageTemplateType(b)
	}
	// resourceUserPoolCreate: `if v := UserPoolTierType(d.Get("user_pool_tier")); v != ESSENTIALS
	// { input.UserPoolTier = v }` — ESSENTIALS (AWS's default) is never sent at create.
	if v := types.UserPoolTierType(in.str("userPoolTier")); v != types.UserPoolTierTypeEssentials {
		req.UserPoolTier = v
	}

	// MfaConfiguration is never part of CreateUserPool: the provider sets it afterwards with
	// SetUserPoolMfaConfig, when it is not OFF (AWS refuses OPTIONAL/ON at create without an SMS
	// configuration).
	out := userPoolRequests{Create: req}
	mfa := types.UserPoolMfaType(cmp.Or(in.str("mfaConfiguration"), string(defaultMFAConfiguration)))
	totp, hasTOTP := in.block("softwareTokenMfaConfiguration")
	if mfa != types.UserPoolMfaTypeOff {
		out.MFA = &cip.SetUserPoolMfaConfigInput{MfaConfiguration: mfa}
		if hasTOTP {
			// expandSoftwareTokenMFAConfigType: Enabled is a plain bool (sent only when true).
			out.MFA.SoftwareTokenMfaConfiguration = &types.SoftwareTokenMfaConfigType{Enabled: totp.boolean("enabled")}
		}
	}
	return out
}

// expandAccountRecoverySettingType: one RecoveryOptionType per mechanism, the list always non-nil.
func expandAccountRecoverySettingType(b inputs) *types.AccountRecoverySettingType {
	s := &types.AccountRecoverySettingType{RecoveryMechanisms: []types.RecoveryOptionType{}}
	for _, m := range b.blocks("recoveryMechanisms") {
		s.RecoveryMechanisms = append(s.RecoveryMechanisms, types.RecoveryOptionType{
			Name:     types.RecoveryOptionNameType(m.str("name")),
			Priority: aws.Int32(m.integer("priority")),
		})
	}
	return s
}

// expandAdminCreateUserConfigType copies every key of invite_message_template, empty ones
// included: an undeclared SMS message reaches AWS as "SMSMessage": "" (terraform-provider-aws
// issues #13060 and #49203).
func expandAdminCreateUserConfigType(b inputs) *types.AdminCreateUserConfigType {
	c := &types.AdminCreateUserConfigType{AllowAdminCreateUserOnly: b.boolean("allowAdminCreateUserOnly")}
	if t, ok := b.block("inviteMessageTemplate"); ok {
		c.InviteMessageTemplate = &types.MessageTemplateType{
			EmailMessage: aws.String(t.str("emailMessage")),
			EmailSubject: aws.String(t.str("emailSubject")),
			SMSMessage:   aws.String(t.str("smsMessage")),
		}
	}
	return c
}

// expandEmailConfigurationType skips every empty string; email_sending_account has Default
// COGNITO_DEFAULT, so a declared block always carries it.
func expandEmailConfigurationType(b inputs) *types.EmailConfigurationType {
	return &types.EmailConfigurationType{
		ConfigurationSet:    nonEmpty(b.str("configurationSet")),
		EmailSendingAccount: types.EmailSendingAccountType(cmp.Or(b.str("emailSendingAccount"), string(defaultEmailSendingAcct))),
		From:                nonEmpty(b.str("fromEmailAddress")),
		ReplyToEmailAddress: nonEmpty(b.str("replyToEmailAddress")),
		SourceArn:           nonEmpty(b.str("sourceArn")),
	}
}

// expandPasswordPolicyType copies every key: MinimumLength and PasswordHistorySize are pointers,
// sent even as 0; the Require* bools and TemporaryPasswordValidityDays only when set.
func expandPasswordPolicyType(b inputs) *types.PasswordPolicyType {
	return &types.PasswordPolicyType{
		MinimumLength:                 aws.Int32(b.integer("minimumLength")),
		PasswordHistorySize:           aws.Int32(b.integer("passwordHistorySize")),
		RequireLowercase:              b.boolean("requireLowercase"),
		RequireNumbers:                b.boolean("requireNumbers"),
		RequireSymbols:                b.boolean("requireSymbols"),
		RequireUppercase:              b.boolean("requireUppercase"),
		TemporaryPasswordValidityDays: b.integer("temporaryPasswordValidityDays"),
	}
}

// expandSchemaAttributeTypes: the three booleans always sent; constraint strings only when
// non-empty, and a string-constraints block with neither becomes nil. (The provider sends the set
// in its hash order; the order means nothing to Cognito, so declaration order is kept.)
func expandSchemaAttributeTypes(list []inputs) []types.SchemaAttributeType {
	out := make([]types.SchemaAttributeType, 0, len(list))
	for _, s := range list {
		a := types.SchemaAttributeType{
			AttributeDataType:      types.AttributeDataType(s.str("attributeDataType")),
			DeveloperOnlyAttribute: aws.Bool(s.boolean("developerOnlyAttribute")),
			Mutable:                aws.Bool(s.boolean("mutable")),
			Name:                   aws.String(s.str("name")),
			Required:               aws.Bool(s.boolean("required")),
		}
		if c, ok := s.block("numberAttributeConstraints"); ok {
			a.NumberAttributeConstraints = &types.NumberAttributeConstraintsType{
				MaxValue: nonEmpty(c.str("maxValue")),
				MinValue: nonEmpty(c.str("minValue")),
			}
		}
		if c, ok := s.block("stringAttributeConstraints"); ok {
			sc := &types.StringAttributeConstraintsType{MaxLength: nonEmpty(c.str("maxLength")), MinLength: nonEmpty(c.str("minLength"))}
			if sc.MaxLength != nil || sc.MinLength != nil {
				a.StringAttributeConstraints = sc
			}
		}
		out = append(out, a)
	}
	return out
}

// expandUsernameConfigurationType: CaseSensitive is a pointer, so false is sent.
func expandUsernameConfigurationType(b inputs) *types.UsernameConfigurationType {
	return &types.UsernameConfigurationType{CaseSensitive: aws.Bool(b.boolean("caseSensitive"))}
}

// expandVerificationMessageTemplateType skips empty strings; default_email_option has Default
// CONFIRM_WITH_CODE, so a declared template always carries it.
func expandVerificationMessageTemplateType(b inputs) *types.VerificationMessageTemplateType {
	return &types.VerificationMessageTemplateType{
		DefaultEmailOption: types.DefaultEmailOptionType(cmp.Or(b.str("defaultEmailOption"), string(defaultEmailOption))),
		EmailMessage:       nonEmpty(b.str("emailMessage")),
		EmailMessageByLink: nonEmpty(b.str("emailMessageByLink")),
		EmailSubject:       nonEmpty(b.str("emailSubject")),
		EmailSubjectByLink: nonEmpty(b.str("emailSubjectByLink")),
		SmsMessage:         nonEmpty(b.str("smsMessage")),
	}
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func enums[T ~string](v []string) []T {
	out := make([]T, len(v))
	for i, s := range v {
		out[i] = T(s)
	}
	return out
}
