package awscheck

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
)

// validationMessage runs Request and returns the *ValidationError's message, failing the test
// for any other outcome.
func validationMessage(tb testing.TB, op, body string) string {
	tb.Helper()
	err := Request(op, []byte(body))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		tb.Fatalf("Request(%s, %s) = %v, want a *ValidationError", op, body, err)
	}
	if ve.Operation != op {
		tb.Fatalf("Operation = %q, want %q", ve.Operation, op)
	}
	return ve.Error()
}

// The brief's example: Terraform's expansion of an invitation template without an SMS text.
func TestEmptyInvitationSMS(t *testing.T) {
	got := validationMessage(t, "CreateUserPool",
		`{"PoolName":"app","AdminCreateUserConfig":{"InviteMessageTemplate":{"EmailSubject":"Welcome","EmailMessage":"Hi {username}, {####}","SMSMessage":""}}}`)
	want := "1 validation error detected: Value '' at 'adminCreateUserConfig.inviteMessageTemplate.sMSMessage' " +
		"failed to satisfy constraint: Member must have length greater than or equal to 6"
	if got != want {
		t.Fatalf("message:\n got %s\nwant %s", got, want)
	}
}

// One row per kind of constraint, each one violation and AWS's exact message. Rows marked
// "real" reproduce a message AWS actually sent, quoted in the source named.
func TestConstraints(t *testing.T) {
	schema51 := make([]string, 51)
	for i := range schema51 {
		schema51[i] = fmt.Sprintf(`{"Name":"a%d","AttributeDataType":"String"}`, i)
	}
	for _, tc := range []struct {
		name, op, body, want string
	}{{
		name: "required member absent",
		op:   "CreateUserPool", body: `{}`,
		want: "Value null at 'poolName' failed to satisfy constraint: Member must not be null",
	}, {
		name: "required member JSON null",
		op:   "CreateUserPool", body: `{"PoolName":null}`,
		want: "Value null at 'poolName' failed to satisfy constraint: Member must not be null",
	}, {
		name: "required member of a list element",
		op:   "CreateUserPool", body: `{"PoolName":"p","AccountRecoverySetting":{"RecoveryMechanisms":[{"Name":"verified_email"}]}}`,
		want: "Value null at 'accountRecoverySetting.recoveryMechanisms.1.member.priority' failed to satisfy constraint: Member must not be null",
	}, {
		name: "string too short, in a list element",
		op:   "CreateResourceServer", body: `{"UserPoolId":"eu-west-1_abc","Identifier":"api","Name":"api","Scopes":[{"ScopeName":"read","ScopeDescription":""}]}`,
		want: "Value '' at 'scopes.1.member.scopeDescription' failed to satisfy constraint: Member must have length greater than or equal to 1",
	}, {
		name: "string too long, counted in characters (2049 two-byte characters)",
		op:   "CreateGroup", body: `{"GroupName":"g","UserPoolId":"eu-west-1_abc","Description":"` + strings.Repeat("é", 2049) + `"}`,
		want: "Value '" + strings.Repeat("é", 2049) + "' at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048",
	}, {
		name: "pattern must match the whole value",
		op:   "AdminConfirmSignUp", body: `{"UserPoolId":"eu-west-1_abc!","Username":"admin@example.com"}`,
		want: "Value 'eu-west-1_abc!' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
	}, {
		name: "pattern, a real case (github.com/boto/boto3/issues/3581; AWS printed the value, the model now marks ClientIdType sensitive)",
		op:   "InitiateAuth", body: `{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"ap-northeast-1_xxxxxxxxx"}`,
		want: "Value at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+",
	}, {
		name: "sensitive value left out (real wording: amazon-cognito-identity-js#388)",
		op:   "SignUp", body: `{"ClientId":"abc","Username":"ann","Password":"with space"}`,
		want: "Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+",
	}, {
		name: "enum (real: CloudFormationCognitoCustomResources#1)",
		op:   "CreateUserPool", body: `{"PoolName":"p","MfaConfiguration":"false"}`,
		want: "Value 'false' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OPTIONAL, OFF, ON]",
	}, {
		name: "enum in a list element's member",
		op:   "CreateUserPool", body: `{"PoolName":"p","Schema":[{"Name":"email"},{"Name":"nick","AttributeDataType":"Text"}]}`,
		want: "Value 'Text' at 'schema.2.member.attributeDataType' failed to satisfy constraint: Member must satisfy enum value set: [Boolean, Number, String, DateTime]",
	}, {
		name: "enum list element (real: aws-cloudformation-user-guide#517)",
		op:   "CreateUserPoolClient", body: `{"UserPoolId":"eu-west-1_abc","ClientName":"c","AllowedOAuthFlows":["code","token"]}`,
		want: "Value '[code, token]' at 'allowedOAuthFlows' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [implicit, client_credentials, code]]",
	}, {
		name: "enum list element, the 2019 message plus ALLOW_USER_AUTH (media-insights-on-aws#199)",
		op:   "CreateUserPoolClient", body: `{"UserPoolId":"eu-west-1_abc","ClientName":"c","ExplicitAuthFlows":["ADMIN_USER_PASSWORD_AUTH"]}`,
		want: "Value '[ADMIN_USER_PASSWORD_AUTH]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: " +
			"[ALLOW_CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH]]",
	}, {
		name: "string list element, every element constraint listed (real: aws-sdk-java-v2#5528)",
		op:   "UpdateUserPoolClient", body: `{"UserPoolId":"eu-west-1_abc","ClientId":"abc","CallbackURLs":[""]}`,
		want: "Value '[]' at 'callbackURLs' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 1024, " +
			"Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+]",
	}, {
		name: "verification code e-mail without {####} (the model's pattern)",
		op:   "CreateUserPool", body: `{"PoolName":"p","VerificationMessageTemplate":{"EmailMessage":"Hello there"}}`,
		want: "Value 'Hello there' at 'verificationMessageTemplate.emailMessage' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
			"[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*",
	}, {
		name: "verification link e-mail without {##...##} (the model's pattern)",
		op:   "CreateUserPool", body: `{"PoolName":"p","VerificationMessageTemplate":{"DefaultEmailOption":"CONFIRM_WITH_LINK","EmailMessageByLink":"Click here"}}`,
		want: "Value 'Click here' at 'verificationMessageTemplate.emailMessageByLink' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
			"[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{##[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*##\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*",
	}, {
		name: "verification SMS with a line break before {####} (Java's . stops there)",
		op:   "CreateUserPool", body: `{"PoolName":"p","VerificationMessageTemplate":{"SmsMessage":"Code:\n{####}"}}`,
		want: "Value 'Code:\n{####}' at 'verificationMessageTemplate.smsMessage' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\{####\\}.*",
	}, {
		name: "integer below its minimum",
		op:   "CreateUserPoolClient", body: `{"UserPoolId":"eu-west-1_abc","ClientName":"c","AccessTokenValidity":0}`,
		want: "Value '0' at 'accessTokenValidity' failed to satisfy constraint: Member must have value greater than or equal to 1",
	}, {
		name: "integer above its maximum, nested",
		op:   "CreateUserPool", body: `{"PoolName":"p","Policies":{"PasswordPolicy":{"MinimumLength":100}}}`,
		want: "Value '100' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value less than or equal to 99",
	}, {
		name: "list too short",
		op:   "CreateUserPool", body: `{"PoolName":"p","AccountRecoverySetting":{"RecoveryMechanisms":[]}}`,
		want: "Value '[]' at 'accountRecoverySetting.recoveryMechanisms' failed to satisfy constraint: Member must have length greater than or equal to 1",
	}, {
		name: "list too long, structures printed by shape name",
		op:   "CreateUserPool", body: `{"PoolName":"p","Schema":[` + strings.Join(schema51, ",") + `]}`,
		want: "Value '[" + strings.TrimSuffix(strings.Repeat("SchemaAttributeType, ", 51), ", ") + "]' at 'schema' failed to satisfy constraint: Member must have length less than or equal to 50",
	}, {
		name: "map key",
		op:   "CreateUserPool", body: `{"PoolName":"p","UserPoolTags":{"team":"id","":"x"}}`,
		want: "Value '{=x, team=id}' at 'userPoolTags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]",
	}, {
		name: "map value",
		op:   "CreateUserPool", body: `{"PoolName":"p","UserPoolTags":{"team":"` + strings.Repeat("v", 257) + `"}}`,
		want: "Value '{team=" + strings.Repeat("v", 257) + "}' at 'userPoolTags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 0]",
	}, {
		name: "sensitive map left out",
		op:   "InitiateAuth", body: `{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"abc","AuthParameters":{"USERNAME":"` + strings.Repeat("u", 131073) + `"}}`,
		want: "Value at 'authParameters' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 131072, Member must have length greater than or equal to 0]",
	}, {
		name: "blob length in decoded bytes",
		op:   "SetUICustomization", body: `{"UserPoolId":"eu-west-1_abc","ImageFile":"` + base64.StdEncoding.EncodeToString(make([]byte, 131073)) + `"}`,
		want: "Value '" + base64.StdEncoding.EncodeToString(make([]byte, 131073)) + "' at 'imageFile' failed to satisfy constraint: Member must have length less than or equal to 131072",
	}, {
		name: "vertical tab is whitespace in Java's \\S",
		op:   "SignUp", body: `{"ClientId":"abc","Username":"ann","Password":"pass\u000bword"}`,
		want: "Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := validationMessage(t, tc.op, tc.body)
			if want := "1 validation error detected: " + tc.want; got != want {
				t.Fatalf("message:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestValidRequestsPass(t *testing.T) {
	for _, tc := range []struct{ op, body string }{
		{"CreateUserPool", `{"PoolName":"app pool"}`},
		{"ListUserPools", `{"MaxResults":60}`},
		{"CreateGroup", `{"GroupName":"g","UserPoolId":"eu-west-1_abc","Description":"` + strings.Repeat("é", 2048) + `"}`},
		{"SignUp", `{"ClientId":"abc","Username":"ann","Password":"Passw0rd!","UserAttributes":[{"Name":"email","Value":"a@example.com"}]}`},
		{"SetUICustomization", `{"UserPoolId":"eu-west-1_abc","ImageFile":"` + base64.StdEncoding.EncodeToString(make([]byte, 131072)) + `"}`},
		{"CreateManagedLoginBranding", `{"UserPoolId":"eu-west-1_abc","ClientId":"abc","Settings":{"anything":[1,{"goes":null}]}}`},
	} {
		if err := Request(tc.op, []byte(tc.body)); err != nil {
			t.Errorf("Request(%s, %.80s) = %v, want nil", tc.op, tc.body, err)
		}
	}
}

// Several violations: AWS's counting, its "; " between them, and awscheck's order (model order,
// depth first, length before pattern).
func TestSeveralViolations(t *testing.T) {
	got := validationMessage(t, "SignUp", `{"Username":"","Password":" "}`)
	want := "4 validation errors detected: " +
		"Value null at 'clientId' failed to satisfy constraint: Member must not be null; " +
		"Value at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
		"Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+; " +
		"Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+"
	if got != want {
		t.Fatalf("message:\n got %s\nwant %s", got, want)
	}
}

// AWS lists ten violations at most and counts only those.
func TestAtMostTenViolationsListed(t *testing.T) {
	body := `{"PoolName":"p","Schema":[` + strings.Repeat(`{"AttributeDataType":"x"},`, 11) + `{"AttributeDataType":"x"}]}`
	err := Request("CreateUserPool", []byte(body))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Request = %v, want a *ValidationError", err)
	}
	if len(ve.Violations) != 12 {
		t.Fatalf("%d violations, want 12 (one enum per schema entry)", len(ve.Violations))
	}
	msg := ve.Error()
	if !strings.HasPrefix(msg, "10 validation errors detected: ") || strings.Count(msg, "; Value") != 9 {
		t.Fatalf("message lists %d violations: %s", strings.Count(msg, "; Value")+1, msg)
	}
	if !strings.Contains(msg, "'schema.10.member.attributeDataType'") || strings.Contains(msg, "'schema.11.member") {
		t.Fatalf("message should list schema entries 1–10: %s", msg)
	}
}

// ValidationError behaves like AWS's exception for code that checks the error code.
func TestValidationErrorIsAnAPIError(t *testing.T) {
	err := Request("CreateUserPool", []byte(`{}`))
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("%v is not a smithy.APIError", err)
	}
	if ae.ErrorCode() != InvalidParameterException || ae.ErrorFault() != smithy.FaultClient || ae.ErrorMessage() != err.Error() {
		t.Fatalf("code %q fault %v message %q", ae.ErrorCode(), ae.ErrorFault(), ae.ErrorMessage())
	}
}

// Values of the wrong JSON type are AWS SerializationExceptions; unknown members are refused
// though AWS would drop them. Each names the member as the request spells it.
func TestTypesAndUnknownMembers(t *testing.T) {
	for _, tc := range []struct {
		name, op, body  string
		member, errText string
		exception       string
	}{
		{"boolean as string", "CreateUserPool", `{"PoolName":"p","AdminCreateUserConfig":{"AllowAdminCreateUserOnly":"yes"}}`,
			"AdminCreateUserConfig.AllowAdminCreateUserOnly", "SerializationException: AdminCreateUserConfig.AllowAdminCreateUserOnly: BooleanType takes a boolean, got a string", SerializationException},
		{"string as number", "CreateUserPool", `{"PoolName":7}`,
			"PoolName", "SerializationException: PoolName: UserPoolNameType takes a string, got a number", SerializationException},
		{"integer with a fraction", "CreateUserPoolClient", `{"UserPoolId":"eu-west-1_a","ClientName":"c","AccessTokenValidity":1.5}`,
			"AccessTokenValidity", "SerializationException: AccessTokenValidity: AccessTokenValidityType takes a 32-bit integer, got 1.5", SerializationException},
		{"integer out of 32 bits", "CreateUserPoolClient", `{"UserPoolId":"eu-west-1_a","ClientName":"c","AccessTokenValidity":4294967296}`,
			"AccessTokenValidity", "SerializationException: AccessTokenValidity: AccessTokenValidityType takes a 32-bit integer, got 4294967296", SerializationException},
		{"list as string", "CreateUserPoolClient", `{"UserPoolId":"eu-west-1_a","ClientName":"c","ExplicitAuthFlows":"ALLOW_USER_SRP_AUTH"}`,
			"ExplicitAuthFlows", "SerializationException: ExplicitAuthFlows: ExplicitAuthFlowsListType takes a list, got a string", SerializationException},
		{"structure as list", "CreateUserPool", `{"PoolName":"p","Policies":[]}`,
			"Policies", "SerializationException: Policies: UserPoolPolicyType takes an object, got a list", SerializationException},
		{"map as list", "CreateUserPool", `{"PoolName":"p","UserPoolTags":[]}`,
			"UserPoolTags", "SerializationException: UserPoolTags: UserPoolTagsType takes a map (a JSON object), got a list", SerializationException},
		{"null list element", "CreateUserPool", `{"PoolName":"p","Schema":[null]}`,
			"Schema[0]", "SerializationException: Schema[0]: a list element is null", SerializationException},
		{"bad base64", "SetUICustomization", `{"UserPoolId":"eu-west-1_a","ImageFile":"***"}`,
			"ImageFile", "SerializationException: ImageFile: ImageFileType takes a base64 string, got \"***\" (illegal base64 data at input byte 0)", SerializationException},
		{"body not an object", "CreateUserPool", `[]`,
			"the request body", "SerializationException: the request body: CreateUserPoolRequest takes an object, got a list", SerializationException},
		{"not JSON", "CreateUserPool", `{"PoolName":`,
			"", "SerializationException: the request body is not JSON: unexpected EOF", SerializationException},
		{"unknown member", "CreateUserPool", `{"PoolName":"p","PoolNmae":"q"}`,
			"PoolNmae", `CreateUserPool PoolNmae: CreateUserPoolRequest has no member "PoolNmae" in the API model; AWS would silently ignore it`, ""},
		{"unknown nested member", "CreateUserPool", `{"PoolName":"p","Schema":[{"Name":"a","Type":"String"}]}`,
			"Schema[0].Type", `CreateUserPool Schema[0].Type: SchemaAttributeType has no member "Type" in the API model; AWS would silently ignore it`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Request(tc.op, []byte(tc.body))
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("Request = %v, want a *RequestError", err)
			}
			if re.Member != tc.member || re.Exception != tc.exception || err.Error() != tc.errText {
				t.Fatalf("Member %q Exception %q Error:\n got %s\nwant %s", re.Member, re.Exception, err, tc.errText)
			}
		})
	}
}

// An empty body is the empty request, as the SDK sends {} for an empty input.
func TestEmptyBodyIsEmptyRequest(t *testing.T) {
	if got, want := validationMessage(t, "CreateUserPool", ""), validationMessage(t, "CreateUserPool", "{}"); got != want {
		t.Fatalf("empty body: %s, {}: %s", got, want)
	}
}

func TestUnknownOperation(t *testing.T) {
	if err := Request("CreateBucket", []byte(`{}`)); err == nil || !strings.Contains(err.Error(), `"CreateBucket" is not an operation`) {
		t.Fatalf("Request(CreateBucket) = %v", err)
	}
}

// The first letter of each member name is lower-cased, nothing else.
func TestLowerFirst(t *testing.T) {
	for in, want := range map[string]string{"SMSMessage": "sMSMessage", "CallbackURLs": "callbackURLs", "PoolName": "poolName", "": "", "x": "x"} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}
