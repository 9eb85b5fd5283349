package cognitoproxy

import (
	"reflect"
	"strings"
	"testing"
)

func TestCheckPassword(t *testing.T) {
	all := &passwordPolicy{MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true}
	tests := []struct {
		name   string
		policy *passwordPolicy
		pw     string
		want   string // "" = accepted
	}{
		{"every class", all, "Correct-Horse-9!", ""},
		{"too short", all, "Sh0rt-Pw!", "Password did not conform with policy: Password not long enough"},
		{"length counts characters, not bytes", &passwordPolicy{MinimumLength: 6}, "ééééé", "Password did not conform with policy: Password not long enough"},
		{"no lowercase", all, "CORRECT-HORSE-9!", "Password did not conform with policy: Password must have lowercase characters"},
		{"no uppercase", all, "correct-horse-9!", "Password did not conform with policy: Password must have uppercase characters"},
		{"no number", all, "Correct-Horse-X!", "Password did not conform with policy: Password must have numeric characters"},
		{"no symbol", all, "CorrectHorse99", "Password did not conform with policy: Password must have symbol characters"},
		{"inner space is a symbol", all, "Correct Horse 9", ""},
		{"leading and trailing spaces are not", all, " CorrectHorse9 ", "Password did not conform with policy: Password must have symbol characters"},
		{"every listed symbol counts", all, "CorrectHorse9`", ""},
		{"a non-Latin letter is no uppercase", all, "Écorrect-horse-9", "Password did not conform with policy: Password must have uppercase characters"},
		{"policy without classes", &passwordPolicy{MinimumLength: 8}, "aaaaaaaa", ""},
		{"pool without policy", nil, "a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := checkPassword(tt.policy, tt.pw)
			switch {
			case tt.want == "" && e != nil:
				t.Fatalf("checkPassword(%q)=%v, want accepted", tt.pw, e)
			case tt.want != "" && (e == nil || e.Type != "InvalidPasswordException" || e.Message != tt.want):
				t.Fatalf("checkPassword(%q)=%v, want InvalidPasswordException: %s", tt.pw, e, tt.want)
			}
		})
	}
}

func TestFlowAllowed(t *testing.T) {
	modern := []string{allowSRP, allowRefresh}
	tests := []struct {
		name  string
		flows []string
		flow  string
		want  bool
	}{
		{"SRP on SRP client", modern, "USER_SRP_AUTH", true},
		{"password on SRP-only client", modern, "USER_PASSWORD_AUTH", false},
		{"password allowed", []string{allowPassword, allowRefresh}, "USER_PASSWORD_AUTH", true},
		{"SRP on password-only client", []string{allowPassword, allowRefresh}, "USER_SRP_AUTH", false},
		{"refresh without ALLOW_REFRESH_TOKEN_AUTH", []string{allowSRP}, "REFRESH_TOKEN_AUTH", false},
		{"REFRESH_TOKEN alias", modern, "REFRESH_TOKEN", true},
		{"admin password needs its own flag", modern, "ADMIN_USER_PASSWORD_AUTH", false},
		{"admin password allowed", []string{allowAdminPass, allowRefresh}, "ADMIN_USER_PASSWORD_AUTH", true},
		{"default flows: SRP", nil, "USER_SRP_AUTH", true},
		{"default flows: refresh", nil, "REFRESH_TOKEN_AUTH", true},
		{"default flows: custom", nil, "CUSTOM_AUTH", true},
		{"default flows: no password", nil, "USER_PASSWORD_AUTH", false},
		{"legacy USER_PASSWORD_AUTH", []string{legacyUserPassAuth}, "USER_PASSWORD_AUTH", true},
		{"legacy keeps SRP", []string{legacyUserPassAuth}, "USER_SRP_AUTH", true},
		{"legacy keeps refresh", []string{legacyAdminNoSRP}, "REFRESH_TOKEN_AUTH", true},
		{"legacy ADMIN_NO_SRP_AUTH", []string{legacyAdminNoSRP}, "ADMIN_NO_SRP_AUTH", true},
		{"legacy custom only has no SRP", []string{legacyCustomOnly}, "USER_SRP_AUTH", false},
		{"unknown flow", modern, "MADE_UP", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := flowAllowed(tt.flows, tt.flow); got != tt.want {
				t.Fatalf("flowAllowed(%v, %s)=%v, want %v", tt.flows, tt.flow, got, tt.want)
			}
		})
	}
}

func TestFlowNotEnabledWording(t *testing.T) {
	tests := []struct {
		flow  string
		admin bool
		want  string
	}{
		{"USER_PASSWORD_AUTH", false, "USER_PASSWORD_AUTH flow not enabled for this client"},
		{"USER_SRP_AUTH", false, "USER_SRP_AUTH flow not enabled for this client"},
		{"REFRESH_TOKEN", false, "REFRESH_TOKEN_AUTH flow not enabled for this client"},
		{"ADMIN_USER_PASSWORD_AUTH", true, "Auth flow not enabled for this client"},
	}
	for _, tt := range tests {
		if e := flowNotEnabled(tt.flow, tt.admin); e.Type != "InvalidParameterException" || e.Message != tt.want {
			t.Errorf("flowNotEnabled(%s, %v)=%v, want InvalidParameterException: %s", tt.flow, tt.admin, e, tt.want)
		}
	}
}

func TestCheckClientRequest(t *testing.T) {
	tests := []struct {
		name, body string
		code, msg  string // "" = passes
	}{
		{"SRP and refresh", `{"UserPoolId":"local_abc","ClientName":"c","ExplicitAuthFlows":["ALLOW_USER_SRP_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]}`, "", ""},
		{"SRP without refresh", `{"UserPoolId":"local_abc","ClientName":"c","ExplicitAuthFlows":["ALLOW_USER_SRP_AUTH"]}`, "InvalidParameterException", "REFRESH_TOKEN_AUTH should always be allowed."},
		{"no flows (AWS's defaults include refresh)", `{"UserPoolId":"local_abc","ClientName":"c"}`, "", ""},
		{"a member the model doesn't know passes, as at AWS", `{"UserPoolId":"local_abc","ClientName":"c","FutureSetting":true}`, "", ""},
		{"model violation", `{"UserPoolId":"local_abc","ClientName":""}`, "InvalidParameterException", "2 validation errors detected: Value '' at 'clientName'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := checkClientRequest(&request{op: "CreateUserPoolClient", body: []byte(tt.body)})
			if tt.code == "" {
				if e != nil {
					t.Fatalf("got %v, want it to pass", e)
				}
				return
			}
			if e == nil || e.Type != tt.code || !strings.HasPrefix(e.Message, tt.msg) {
				t.Fatalf("got %v, want %s: %s…", e, tt.code, tt.msg)
			}
		})
	}
}

func TestCheckWritable(t *testing.T) {
	write := []string{"email", "name", "preferred_username"}
	tests := []struct {
		name     string
		writable []string
		names    []string
		ok       bool
	}{
		{"the app's sign-up", write, []string{"name", "email", "preferred_username"}, true},
		{"name not writable", []string{"email", "preferred_username"}, []string{"name", "email"}, false},
		{"email_verified is not in the list", write, []string{"email_verified"}, false},
		{"custom attribute outside the list", write, []string{"custom:plan"}, false},
		{"client without a list writes all", nil, []string{"website", "custom:plan"}, true},
		{"nothing written", write, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := checkWritable(tt.writable, tt.names)
			if (e == nil) != tt.ok {
				t.Fatalf("checkWritable(%v, %v)=%v, want ok=%v", tt.writable, tt.names, e, tt.ok)
			}
			if e != nil && (e.Type != "NotAuthorizedException" || e.Message != msgUnauthorizedAttribute) {
				t.Fatalf("got %v, want NotAuthorizedException: %s", e, msgUnauthorizedAttribute)
			}
		})
	}
}

func TestReadable(t *testing.T) {
	attrs := []attribute{{"sub", "1"}, {"email", "a@example.com"}, {"name", "Ada"}, {"custom:plan", "pro"}}
	tests := []struct {
		name string
		read []string
		want []attribute
	}{
		{"listed ones and sub", []string{"email"}, []attribute{{"sub", "1"}, {"email", "a@example.com"}}},
		{"no list reads all", nil, attrs},
		{"custom attributes by full name", []string{"custom:plan", "name"}, []attribute{{"sub", "1"}, {"name", "Ada"}, {"custom:plan", "pro"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := readable(tt.read, attrs); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("readable(%v)=%v, want %v", tt.read, got, tt.want)
			}
		})
	}
}

func TestFindUser(t *testing.T) {
	users := map[string]*storedUser{
		"7d0e-sub": {Username: "7d0e-sub", Attributes: []attribute{{"sub", "7d0e-sub"}, {"email", "Ada@Example.com"}, {"preferred_username", "ada"}}},
		"grace":    {Username: "grace", Attributes: []attribute{{"sub", "99"}, {"email", "grace@example.com"}}},
	}
	insensitive := &poolConfig{UsernameAttributes: []string{"email"}, UsernameConfiguration: &struct{ CaseSensitive *bool }{CaseSensitive: new(bool)}}
	sensitive := &poolConfig{UsernameAttributes: []string{"email"}}
	alias := &poolConfig{AliasAttributes: []string{"preferred_username"}}
	tests := []struct {
		name string
		pool *poolConfig
		ask  string
		want string // Username, "" = none
	}{
		{"e-mail as stored", sensitive, "Ada@Example.com", "7d0e-sub"},
		{"e-mail in another case, case-insensitive pool", insensitive, "ada@example.COM", "7d0e-sub"},
		{"e-mail in another case, case-sensitive pool", sensitive, "ada@example.com", ""},
		{"internal username", sensitive, "7d0e-sub", "7d0e-sub"},
		{"username in another case, case-insensitive pool", insensitive, "GRACE", "grace"},
		{"alias attribute", alias, "ada", "7d0e-sub"},
		{"preferred_username without alias", sensitive, "ada", ""},
		{"unknown", insensitive, "nobody@example.com", ""},
		{"empty", insensitive, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findUser(users, tt.pool, tt.ask)
			switch {
			case got == nil && tt.want != "":
				t.Fatalf("findUser(%q)=nil, want %s", tt.ask, tt.want)
			case got != nil && got.Username != tt.want:
				t.Fatalf("findUser(%q)=%s, want %q", tt.ask, got.Username, tt.want)
			}
		})
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ got, want string }{
		{maskEmail("ada@example.com"), "a***@e***"},
		{maskEmail("not-an-address"), "***"},
		{maskPhone("+15555550123"), "+*******0123"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestCheckRequired(t *testing.T) {
	tests := []struct {
		name      string
		required  []string
		usernames []string
		attrs     map[string]string
		want      string // "" = passes
	}{
		{"all given", []string{"email", "name"}, nil, map[string]string{"email": "a@example.com", "name": "Ada"}, ""},
		{"the e-mail username stands for email", []string{"email"}, []string{"email"}, nil, ""},
		{"name missing", []string{"email", "name"}, []string{"email"}, map[string]string{"email": "a@example.com"},
			"Attributes did not conform to the schema: name: The attribute is required"},
		{"empty counts as missing", []string{"name"}, nil, map[string]string{"name": ""},
			"Attributes did not conform to the schema: name: The attribute is required"},
		{"two missing, one line each", []string{"given_name", "custom:team"}, nil, nil,
			"Attributes did not conform to the schema: given_name: The attribute is required\ncustom:team: The attribute is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := checkRequired(tt.required, tt.usernames, tt.attrs)
			if tt.want == "" {
				if e != nil {
					t.Fatalf("got %v, want it to pass", e)
				}
				return
			}
			if e == nil || e.Type != "InvalidParameterException" || e.Message != tt.want {
				t.Fatalf("got %v, want InvalidParameterException: %s", e, tt.want)
			}
		})
	}
}
