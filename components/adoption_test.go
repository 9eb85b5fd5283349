package components

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/clickops/cognito-pool/internal/pulumimock"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TestAdoptionValidation: every bad adoption field is a row; the error names the field and rule.
func TestAdoptionValidation(t *testing.T) {
	tests := []struct {
		name string
		args UserPoolArgs
		want []string
	}{
		{"pool name with slash", UserPoolArgs{PoolName: "a/b"}, []string{"PoolName", "1–128"}},
		{"client name too long", UserPoolArgs{ClientName: strings.Repeat("c", 129)}, []string{"ClientName"}},
		{"username attribute unknown", UserPoolArgs{UsernameAttributes: []string{"preferred_username"}}, []string{"UsernameAttributes[0]", "email, phone_number"}},
		{"alias attribute unknown", UserPoolArgs{UsernameAttributes: []string{}, AliasAttributes: []string{"name"}}, []string{"AliasAttributes[0]"}},
		{"alias attribute twice", UserPoolArgs{UsernameAttributes: []string{}, AliasAttributes: []string{"email", "email"}}, []string{"AliasAttributes[1]", "twice"}},
		{"aliases with username attributes", UserPoolArgs{AliasAttributes: []string{"preferred_username"}}, []string{"AliasAttributes", "together with UsernameAttributes"}},
		{"schema sub", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true}, {Name: "sub"}}}, []string{"Schema[1]", "sub"}},
		{"schema unknown name", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true}, {Name: "team"}}}, []string{"Schema[1]", "custom:<name>"}},
		{"schema required custom", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true}, {Name: "custom:team", Required: true}}}, []string{"Schema[1]", "required custom"}},
		{"schema custom name too long", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true}, {Name: "custom:" + strings.Repeat("t", 21)}}}, []string{"Schema[1]", "1–20"}},
		{"schema wrong standard type", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Type: "Number", Required: true}}}, []string{"Schema[0]", "String"}},
		{"schema unknown type", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true}, {Name: "custom:a", Type: "Text"}}}, []string{"Schema[1]", "Text"}},
		{"schema twice", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true}, {Name: "email"}}}, []string{"Schema[1]", "twice"}},
		{"schema min over max", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true, MinLength: "9", MaxLength: "3"}}}, []string{"Schema[0]", "minLength 9"}},
		{"schema length not a number", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true, MaxLength: "x"}}}, []string{"Schema[0]", "maxLength"}},
		{"schema length over 2048", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true, MaxLength: "4096"}}}, []string{"Schema[0]", "0–2048"}},
		{"schema value on a string", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true, MinValue: "1"}}}, []string{"Schema[0]", "Number"}},
		{"schema required developer-only", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true, DeveloperOnly: true}}}, []string{"Schema[0]", "developer-only"}},
		{"required attribute the client can't write", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true}, {Name: "name", Required: true}}, ClientAttributes: []string{"email"}}, []string{"ClientAttributes", "must include name"}},
		{"client writes an undeclared custom attribute", UserPoolArgs{ClientAttributes: []string{"email", "custom:team"}}, []string{"ClientAttributes[1]", "custom attribute of Schema"}},
		{"client reads a developer-only attribute", UserPoolArgs{Schema: []SchemaAttribute{{Name: "email", Required: true}, {Name: "custom:x", DeveloperOnly: true}}, ClientReadAttributes: []string{"email", "custom:x"}}, []string{"ClientReadAttributes[1]"}},
		{"flows and allowPasswordAuth", UserPoolArgs{AllowPasswordAuth: true, ClientAuthFlows: []string{"ALLOW_USER_SRP_AUTH"}}, []string{"ClientAuthFlows", "AllowPasswordAuth"}},
		{"flows empty", UserPoolArgs{ClientAuthFlows: []string{}}, []string{"ClientAuthFlows", "at least one"}},
		{"legacy flow", UserPoolArgs{ClientAuthFlows: []string{"USER_PASSWORD_AUTH"}}, []string{"ClientAuthFlows[0]", "ALLOW_USER_SRP_AUTH"}},
		{"existence errors", UserPoolArgs{ClientPreventUserExistenceErrors: "OFF"}, []string{"ClientPreventUserExistenceErrors", "ENABLED, LEGACY"}},
		{"bad import pool id", UserPoolArgs{ImportPoolID: "pool"}, []string{"ImportPoolID", "<region>_<id>"}},
		{"client import without pool", UserPoolArgs{ImportClientID: "abc"}, []string{"ImportClientID", "needs ImportPoolID"}},
		{"bad client import id", UserPoolArgs{ImportPoolID: "eu-west-1_AbC", ImportClientID: "a/b"}, []string{"ImportClientID", "client id"}},
		{"domain import without domain", UserPoolArgs{ImportPoolID: "eu-west-1_AbC", ImportDomain: true}, []string{"ImportDomain", "DomainPrefix"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := resolve(&tt.args)
			if !errors.Is(err, ErrInvalidArgs) {
				t.Fatalf("resolve: %v, want an error wrapping ErrInvalidArgs", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestSecureDefaultsUnchanged: with no adoption field set, a new pool signs in with e-mail,
// case-insensitively, requires e-mail, and the client has no secret, SRP + refresh, ENABLED.
func TestSecureDefaultsUnchanged(t *testing.T) {
	d := deploy(t, &UserPoolArgs{})
	if got := get(t, d.pool, "usernameAttributes"); !reflect.DeepEqual(got, strs("email")) {
		t.Errorf("usernameAttributes=%v, want [email]", got)
	}
	if _, ok := d.pool["aliasAttributes"]; ok {
		t.Errorf("aliasAttributes declared: %v", d.pool["aliasAttributes"])
	}
	if _, ok := d.pool["name"]; ok {
		t.Errorf("pool name declared: %v (want Pulumi's autoname)", d.pool["name"])
	}
	if got := get(t, d.pool, "usernameConfiguration", "caseSensitive"); got != false {
		t.Errorf("caseSensitive=%v, want false", got)
	}
	if got := get(t, d.client, "generateSecret"); got != false {
		t.Errorf("generateSecret=%v, want false", got)
	}
	if got := get(t, d.client, "explicitAuthFlows"); !reflect.DeepEqual(got, strs("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")) {
		t.Errorf("explicitAuthFlows=%v", got)
	}
	if got := get(t, d.client, "preventUserExistenceErrors"); got != "ENABLED" {
		t.Errorf("preventUserExistenceErrors=%v, want ENABLED", got)
	}
	for _, r := range d.aws.Resources() {
		if r.ImportID != "" {
			t.Errorf("%s imported %q without import ids", r.Name, r.ImportID)
		}
	}
}

// TestImportIDs: the import ids become Pulumi's Import option in the provider's id formats
// (pool <poolId>, client <poolId>/<clientId>, domain <prefix>), and an imported client declares
// no generateSecret (RequiresReplace and never read back).
func TestImportIDs(t *testing.T) {
	args := UserPoolArgs{
		ImportPoolID: "eu-west-1_AbC123", ImportClientID: "client42", ImportDomain: true,
		DomainPrefix: "acme", CallbackURLs: []string{"https://a.example.com/cb"}, ClientGenerateSecret: true,
	}
	aws, err := pulumimock.Run(t, "proj", nil, func(ctx *pulumi.Context) error {
		_, err := NewUserPool(ctx, "auth", &args)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{poolType: "eu-west-1_AbC123", clientType: "eu-west-1_AbC123/client42", "aws:cognito/userPoolDomain:UserPoolDomain": "acme"}
	for typ, id := range want {
		rs := aws.ByType(typ)
		if len(rs) != 1 || rs[0].ImportID != id {
			t.Errorf("%s: %+v, want one imported as %q", typ, rs, id)
		}
	}
	if c := aws.ByType(clientType)[0].Inputs; c.HasValue("generateSecret") {
		t.Errorf("imported client declares generateSecret=%v", c["generateSecret"])
	}
}

// TestAdoptionFieldsDeclared: each adoption field reaches the input the provider reads.
func TestAdoptionFieldsDeclared(t *testing.T) {
	d := deploy(t, &UserPoolArgs{
		PoolName: "cruddur-user-pool", ClientName: "cruddur", UsernameAttributes: []string{}, AliasAttributes: []string{"preferred_username"},
		CaseSensitiveUsernames: ptr(true),
		Schema: []SchemaAttribute{
			{Name: "email", Required: true, MinLength: "0", MaxLength: "2048"},
			{Name: "custom:team", Mutable: ptr(false), MaxLength: "64"},
			{Name: "custom:level", Type: "Number", MinValue: "1"},
		},
		ClientAttributes: []string{"email", "custom:team"}, ClientReadAttributes: []string{"email", "custom:level"},
		ClientAuthFlows: []string{"ALLOW_USER_PASSWORD_AUTH"}, ClientGenerateSecret: true, ClientPreventUserExistenceErrors: "LEGACY",
	})
	checks := []struct {
		v    map[string]any
		path []any
		want any
	}{
		{d.pool, []any{"name"}, "cruddur-user-pool"},
		{d.pool, []any{"aliasAttributes"}, strs("preferred_username")},
		{d.pool, []any{"usernameConfiguration", "caseSensitive"}, true},
		{d.pool, []any{"schemas", 1, "name"}, "team"},
		{d.pool, []any{"schemas", 1, "mutable"}, false},
		{d.pool, []any{"schemas", 1, "stringAttributeConstraints"}, map[string]any{"maxLength": "64"}},
		{d.pool, []any{"schemas", 2, "attributeDataType"}, "Number"},
		{d.pool, []any{"schemas", 2, "numberAttributeConstraints"}, map[string]any{"minValue": "1"}},
		{d.client, []any{"name"}, "cruddur"},
		{d.client, []any{"readAttributes"}, strs("email", "custom:level")},
		{d.client, []any{"writeAttributes"}, strs("email", "custom:team")},
		{d.client, []any{"explicitAuthFlows"}, strs("ALLOW_USER_PASSWORD_AUTH")},
		{d.client, []any{"generateSecret"}, true},
		{d.client, []any{"preventUserExistenceErrors"}, "LEGACY"},
	}
	for _, c := range checks {
		if got := get(t, c.v, c.path...); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v=%v, want %v", c.path, got, c.want)
		}
	}
	if _, ok := d.pool["usernameAttributes"]; ok {
		t.Errorf("usernameAttributes declared with UsernameAttributes []: %v", d.pool["usernameAttributes"])
	}
}
