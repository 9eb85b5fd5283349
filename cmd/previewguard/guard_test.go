package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runGuard(t *testing.T, args []string, env map[string]string, stdin string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// TestFixtures runs the guard on previews written in the shape `pulumi preview --json` prints.
func TestFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		code    int
		want    []string // in stderr when blocked, stdout otherwise
	}{
		{"no-changes.json", 0, []string{"no user pool"}},
		{"first-deploy.json", 0, []string{"no user pool"}},
		{"pool-update.json", 0, []string{"no user pool"}},
		{"client-replace.json", 0, []string{"no user pool"}},
		{"pool-replace.json", 1, []string{`aws:cognito/userPool:UserPool "auth-pool" would be replaced`, "create-replacement, replace, delete-replaced", "forced by: schemas", "-allow-replace"}},
		{"domain-replace.json", 1, []string{`aws:cognito/userPoolDomain:UserPoolDomain "auth-domain" would be replaced`, "forced by: domain"}},
		{"pool-delete.json", 1, []string{`aws:cognito/userPool:UserPool "auth-pool" would be deleted`}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			path := filepath.Join("testdata", tt.fixture)
			code, out, errOut := runGuard(t, []string{"-preview", path}, nil, "")
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			text := out
			if tt.code != 0 {
				text = errOut
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("output lacks %q:\n%s", w, text)
				}
			}
			if tt.code == 1 && strings.Contains(errOut, "auth-web-client") {
				t.Errorf("the client's replacement is not guarded, yet named:\n%s", errOut)
			}
			// Same answer from stdin.
			data, _ := os.ReadFile(path)
			if c, _, _ := runGuard(t, nil, nil, string(data)); c != tt.code {
				t.Errorf("from stdin: exit %d, want %d", c, tt.code)
			}
		})
	}
}

func TestOverrideIsLoud(t *testing.T) {
	path := filepath.Join("testdata", "pool-replace.json")
	for name, c := range map[string]struct {
		args []string
		env  map[string]string
	}{
		"flag": {[]string{"-preview", path, "-allow-replace"}, nil},
		"env":  {[]string{"-preview", path}, map[string]string{EnvAllow: "true"}},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := runGuard(t, c.args, c.env, "")
			if code != 0 {
				t.Fatalf("exit %d with the override, want 0", code)
			}
			if !strings.Contains(errOut, "WARNING: OVERRIDDEN") || !strings.Contains(errOut, "auth-pool") {
				t.Errorf("override not logged loudly:\n%s", errOut)
			}
		})
	}
	if code, _, _ := runGuard(t, []string{"-preview", path}, map[string]string{EnvAllow: "false"}, ""); code != 1 {
		t.Errorf("%s=false: exit %d, want 1", EnvAllow, code)
	}
	if code, _, errOut := runGuard(t, []string{"-preview", path}, map[string]string{EnvAllow: "yes please"}, ""); code != 2 || !strings.Contains(errOut, EnvAllow) {
		t.Errorf("bad %s: exit %d %q, want 2 naming it", EnvAllow, code, errOut)
	}
}

func TestUnreadableInput(t *testing.T) {
	tests := []struct{ name, stdin, want string }{
		{"empty", "", "not the output of `pulumi preview --json`"},
		{"text preview", "Previewing update (prod)\n\n     Type  Name\n", "not the output"},
		{"JSON without steps", `{"config":{}}`, "no steps and no changeSummary"},
		{"step without urn", `{"steps":[{"op":"replace"}]}`, "no urn or op"},
		{"bad urn", `{"steps":[{"op":"replace","urn":"not-a-urn"}]}`, "step 0"},
		{"array", `[]`, "not the output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runGuard(t, nil, nil, tt.stdin)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d stderr %q, want 2 containing %q", code, errOut, tt.want)
			}
		})
	}
	if code, _, errOut := runGuard(t, []string{"-preview", "testdata/missing.json"}, nil, ""); code != 2 || !strings.Contains(errOut, "no such file") {
		t.Errorf("missing file: exit %d %q", code, errOut)
	}
	if code, _, errOut := runGuard(t, []string{"extra"}, nil, ""); code != 2 || !strings.Contains(errOut, `unexpected argument "extra"`) {
		t.Errorf("extra argument: exit %d %q, want 2 naming it", code, errOut)
	}
}

// TestUnknownOps: an op previewguard does not know blocks a guarded resource (fail closed) and is
// only noted on any other.
func TestUnknownOps(t *testing.T) {
	const pool, client = "urn:pulumi:dev::cognito-pool::cognito-pool:index:UserPool$aws:cognito/userPool:UserPool::auth-pool",
		"urn:pulumi:dev::cognito-pool::cognito-pool:index:UserPool$aws:cognito/userPoolClient:UserPoolClient::auth-web-client"
	step := func(op, urn string) string { return `{"op":"` + op + `","urn":"` + urn + `"}` }
	tests := []struct {
		name, steps string
		code        int
		stderr      []string
	}{
		{"unknown op on the pool", step("REPLACE", pool), 1, []string{`BLOCKED: aws:cognito/userPool:UserPool "auth-pool" has op "REPLACE", which previewguard does not know`}},
		{"unknown op after a same", step("same", pool) + "," + step("purge", pool), 1, []string{`has op "purge"`, `ops: "purge"`}},
		{"unknown op on the client", step("REPLACE", client), 0, []string{`note: op "REPLACE" on aws:cognito/userPoolClient:UserPoolClient "auth-web-client" is unknown to previewguard; not a guarded type`}},
		{"every known safe op", step("same", pool) + "," + step("update", pool) + "," + step("read", pool) + "," + step("refresh", pool) + "," + step("import", pool), 0, nil},
		{"remove-pending-replace on the pool", step("remove-pending-replace", pool), 1, []string{`"auth-pool" would be replaced`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runGuard(t, nil, nil, `{"steps":[`+tt.steps+`]}`)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			for _, w := range tt.stderr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if tt.stderr == nil && errOut != "" {
				t.Errorf("stderr=%q, want nothing", errOut)
			}
		})
	}
	if code, _, errOut := runGuard(t, []string{"-allow-replace"}, nil, `{"steps":[`+step("REPLACE", pool)+`]}`); code != 0 || !strings.Contains(errOut, "OVERRIDDEN") {
		t.Errorf("override: exit %d %q, want 0 and a loud warning", code, errOut)
	}
}

// FuzzCheck: any input gives findings or an error, never a panic.
func FuzzCheck(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join("testdata", e.Name())); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"steps":[{"op":"delete","urn":"urn:pulumi:s::p::aws:cognito/userPool:UserPool::x"}]}`))
	f.Add([]byte(`{"steps":[{"op":"REPLACE","urn":"urn:pulumi:s::p::aws:cognito/userPool:UserPool::x"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		findings, notes, err := Check(data)
		if err != nil && (findings != nil || notes != nil) {
			t.Fatalf("findings %v, notes %v with error %v", findings, notes, err)
		}
		for _, fd := range findings {
			if fd.Type == "" || len(fd.Ops) == 0 {
				t.Fatalf("empty finding %+v", fd)
			}
		}
	})
}
