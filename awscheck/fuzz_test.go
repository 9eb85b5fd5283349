package awscheck

import (
	"errors"
	"testing"
)

// FuzzRequest: any body, for operations with deep and varied input shapes, returns nil or an
// error of the documented kinds, and never panics.
//
//	go test ./awscheck -run '^$' -fuzz FuzzRequest
func FuzzRequest(f *testing.F) {
	ops := []string{"CreateUserPool", "CreateUserPoolClient", "SetUserPoolMfaConfig", "SignUp", "CreateManagedLoginBranding", "SetUICustomization"}
	for _, seed := range []string{
		``, `{}`, `[]`, `null`, `"x"`, `{"PoolName":"p"}`,
		`{"PoolName":"p","AdminCreateUserConfig":{"InviteMessageTemplate":{"SMSMessage":""}}}`,
		`{"PoolName":"p","Schema":[{"Name":"a","AttributeDataType":"Text"},null],"UserPoolTags":{"":"x"}}`,
		`{"UserPoolId":"eu-west-1_a","ClientName":"c","ExplicitAuthFlows":["ALLOW_USER_SRP_AUTH"],"AccessTokenValidity":99999999999}`,
		`{"UserPoolId":"eu-west-1_a","MfaConfiguration":"ON","SoftwareTokenMfaConfiguration":{"Enabled":"yes"}}`,
		`{"ClientId":"abc","Username":"a\u2028b","Password":"\u000b"}`,
		`{"UserPoolId":"eu-west-1_a","ClientId":"abc","Settings":[[[[[[{}]]]]]]}`,
		`{"UserPoolId":"eu-west-1_a","ImageFile":"AAAA===="}`,
		`{"PoolName":"p","PoolName":null}`,
		`{"PoolName":"p"} trailing`,
	} {
		for i := range ops {
			f.Add(uint8(i), []byte(seed))
		}
	}
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		err := Request(ops[int(op)%len(ops)], body)
		if err == nil {
			return
		}
		var ve *ValidationError
		var re *RequestError
		if !errors.As(err, &ve) && !errors.As(err, &re) {
			t.Fatalf("Request returned %T %v, want a *ValidationError or *RequestError", err, err)
		}
		if ve != nil && (len(ve.Violations) == 0 || ve.Error() == "") {
			t.Fatalf("empty ValidationError: %#v", ve)
		}
	})
}

// BenchmarkRequest checks a realistic CreateUserPool body: the project's pool as the SDK
// serializes it.
func BenchmarkRequest(b *testing.B) {
	body := []byte(`{"AccountRecoverySetting":{"RecoveryMechanisms":[{"Name":"verified_email","Priority":1}]},` +
		`"AdminCreateUserConfig":{"AllowAdminCreateUserOnly":false,"InviteMessageTemplate":{"EmailMessage":"Hello {username}, your temporary password is {####}.","EmailSubject":"Welcome to the app","SMSMessage":"Hello {username}, your temporary password is {####}."}},` +
		`"AutoVerifiedAttributes":["email"],"DeletionProtection":"ACTIVE","EmailConfiguration":{"EmailSendingAccount":"COGNITO_DEFAULT"},"MfaConfiguration":"OFF",` +
		`"Policies":{"PasswordPolicy":{"MinimumLength":8,"RequireLowercase":true,"RequireNumbers":true,"RequireSymbols":true,"RequireUppercase":true,"TemporaryPasswordValidityDays":7}},` +
		`"PoolName":"app-3f9c2d1","Schema":[` +
		`{"AttributeDataType":"String","Mutable":true,"Name":"email","Required":true,"StringAttributeConstraints":{"MaxLength":"2048","MinLength":"0"}},` +
		`{"AttributeDataType":"String","Mutable":true,"Name":"name","Required":true,"StringAttributeConstraints":{"MaxLength":"2048","MinLength":"0"}},` +
		`{"AttributeDataType":"String","Mutable":true,"Name":"preferred_username","Required":false,"StringAttributeConstraints":{"MaxLength":"2048","MinLength":"0"}}],` +
		`"UserPoolTags":{"project":"app","stack":"dev"},"UsernameAttributes":["email"],"UsernameConfiguration":{"CaseSensitive":false},` +
		`"VerificationMessageTemplate":{"DefaultEmailOption":"CONFIRM_WITH_CODE","EmailMessage":"Your verification code is {####}.","EmailSubject":"Your app verification code","SmsMessage":"Your verification code is {####}."}}`)
	if err := Request("CreateUserPool", body); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Request("CreateUserPool", body); err != nil {
			b.Fatal(err)
		}
	}
}
