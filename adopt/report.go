package adopt

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/clickops/cognito-pool/components"
)

// Move says what moving a setting to the secure default takes.
type Move string

const (
	// Same: the live value is the secure default.
	Same Move = "already secure"
	// InPlace: change the stack config and `pulumi up`; users keep working.
	InPlace Move = "in-place update"
	// NewPool: Cognito can't change it on an existing pool; only a new pool (and a user
	// migration) gets there.
	NewPool Move = "impossible without a new pool"
)

// Row is one line of the hardening report.
type Row struct {
	Setting, Live, Secure string
	Move                  Move
	// Way is how to get there (for NewPool: the way out that keeps the users).
	Way string
}

// migrate is the way out for settings fixed at creation.
const migrate = "a new pool with the secure setting and a user migration Lambda (or a CSV import) that moves users at their next sign-in"

// report compares the live pool with the component's secure defaults (components.Default…).
func report(l *Live, r *Result) []Row {
	v := map[string]any{}
	for _, s := range r.Config {
		v[s.Key] = s.Value
	}
	var rows []Row
	row := func(setting string, live, secure any, fixed bool, way string) {
		ls, ss := fmt.Sprint(live), fmt.Sprint(secure)
		m := Same
		switch {
		case ls == ss:
			way = ""
		case fixed:
			m = NewPool
		default:
			m = InPlace
		}
		rows = append(rows, Row{setting, ls, ss, m, way})
	}
	inPlace := func(key string) string {
		return "set `" + key + "` to the secure value in the stack file, then `pulumi up`"
	}

	row("Sign-in attributes (usernameAttributes)", v["usernameAttributes"], components.DefaultUsernameAttributes, true, migrate)
	row("Sign-in aliases (aliasAttributes)", v["aliasAttributes"], []string{}, true,
		"keep the aliases; a preferred_username alias can't be set at sign-up (COGNITO.md pitfall 3): have the app set it after confirmation, or "+migrate)
	row("Case-sensitive usernames", v["caseSensitiveUsernames"], false, true, migrate)
	var required []string
	for _, s := range v["schemaAttributes"].([]components.SchemaAttribute) {
		if s.Required {
			required = append(required, s.Name)
		}
	}
	slices.Sort(required)
	row("Required attributes", required, []string{"email"}, true,
		"required attributes can't change; to collect a value from every user add an optional attribute (or a custom: one) and have the app ask for it, or "+migrate)
	row("Password minimum length", v["passwordMinimumLength"], components.DefaultPasswordMinimumLength, false, inPlace("passwordMinimumLength")+" (existing passwords keep working until changed)")
	for _, k := range []string{"passwordRequireLowercase", "passwordRequireUppercase", "passwordRequireNumbers", "passwordRequireSymbols"} {
		row("Password: "+strings.TrimPrefix(k, "password"), v[k], true, false, inPlace(k))
	}
	row("Temporary password validity (days)", orDefault(v["temporaryPasswordValidityDays"], 7), components.DefaultTemporaryPasswordValidityDays, false, inPlace("temporaryPasswordValidityDays"))
	row("MFA", v["mfa"], components.DefaultMFA, false, inPlace("mfa")+" (OPTIONAL lets users add a TOTP app; ON makes every user enrol at next sign-in)")
	row("Deletion protection", v["deletionProtection"], true, false, inPlace("deletionProtection"))
	row("Threat protection", v["threatProtection"], "AUDIT or ENFORCED (needs featurePlan PLUS)", false, "set `featurePlan: PLUS` and `threatProtection: ENFORCED`, then `pulumi up`")
	row("Feature plan", orDefault(v["featurePlan"], "(not reported)"), components.DefaultFeaturePlan, false, inPlace("featurePlan"))
	row("E-mail sender", senderOf(v), "SES (the default sender sends about 50 e-mails a day)", false, "verify an SES identity, set `sesSourceArn` and `sesFromAddress`, then `pulumi up`")
	if l.Client != nil {
		row("Client user-existence errors", v["clientPreventUserExistenceErrors"], components.DefaultPreventUserExistenceErrors, false, inPlace("clientPreventUserExistenceErrors"))
		row("Client secret", v["clientGenerateSecret"], false, true,
			"a browser app can't keep a secret: add a second client without one (a new client keeps the pool and its users), move the app to it, then delete the old one")
		row("Client auth flows", v["clientAuthFlows"], components.DefaultClientAuthFlows, false, inPlace("clientAuthFlows")+" (USER_PASSWORD_AUTH sends the password itself; keep it only where SRP isn't possible)")
		row("Access token validity (minutes)", v["accessTokenValidityMinutes"], components.DefaultAccessTokenValidityMinutes, false, inPlace("accessTokenValidityMinutes"))
		row("ID token validity (minutes)", v["idTokenValidityMinutes"], components.DefaultIDTokenValidityMinutes, false, inPlace("idTokenValidityMinutes"))
		row("Refresh token validity (days)", v["refreshTokenValidityDays"], components.DefaultRefreshTokenValidityDays, false, inPlace("refreshTokenValidityDays"))
	}
	row("Pool name", aws.ToString(l.Pool.Name), "(any)", false, "")
	rows[len(rows)-1].Move, rows[len(rows)-1].Way = Same, "the name can't change in place: it is kept"
	return rows
}

func orDefault(v, def any) any {
	if v == nil {
		return def
	}
	return v
}

func senderOf(v map[string]any) string {
	if arn, ok := v["sesSourceArn"]; ok {
		return fmt.Sprintf("SES (%v)", arn)
	}
	return "Cognito default"
}

// Markdown renders the report, the warnings and the next steps for the stack file.
func (r *Result) Markdown(poolID, stackFile string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Hardening report for pool %s\n\n", poolID)
	fmt.Fprintf(&b, "Written by `go run . adopt` with %s. The stack file reproduces the live pool; this table says what moving each setting to the project's secure default takes.\n\n", stackFile)
	b.WriteString("| Setting | Live | Secure default | Moving to it | How |\n|---|---|---|---|---|\n")
	for _, row := range r.Report {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", row.Setting, cell(row.Live), cell(row.Secure), row.Move, cell(row.Way))
	}
	if len(r.Warnings) > 0 {
		b.WriteString("\n## Not carried exactly: the first `pulumi up` changes these in place\n\n")
		for _, w := range r.Warnings {
			b.WriteString("- " + w + "\n")
		}
	}
	return b.String()
}

// Text renders the report for a terminal.
func (r *Result) Text() string {
	var b strings.Builder
	for _, row := range r.Report {
		fmt.Fprintf(&b, "%-38s %-32s → %-24s %s\n", row.Setting, trunc(row.Live), trunc(row.Secure), row.Move)
	}
	for _, w := range r.Warnings {
		b.WriteString("warning: " + w + "\n")
	}
	return b.String()
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func trunc(s string) string {
	if len(s) > 32 {
		return s[:29] + "..."
	}
	return s
}
