package clitest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// bin holds the commands, built once by TestMain.
var bin string

// projectFile is the repository's Pulumi.yaml, for the program's rows.
var projectFile string

// stack is a project directory with one stack file, for the program's rows (Pulumi.x.yaml).
func stack(config string) map[string]string {
	return map[string]string{"Pulumi.yaml": projectFile, "Pulumi.x.yaml": "config:\n" + config}
}

func TestMain(m *testing.M) {
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "clitest-bin-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		build := exec.Command("go", "build", "-o", dir+"/", ".", "./cmd/appconfig", "./cmd/previewguard", "./smoketest")
		build.Dir = filepath.Join("..", "..")
		project, err := os.ReadFile(filepath.Join("..", "..", "Pulumi.yaml"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		projectFile = string(project)
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "building the commands: %v\n%s", err, out)
			return 1
		}
		bin = dir
		return m.Run()
	}())
}

const (
	goodOutputs     = `{"region":"eu-west-1","userPoolId":"eu-west-1_Ab12Cd34E","userPoolClientId":"4m1ot1k3v2f5g6h7j8k9l0"}`
	mismatchOutputs = `{"region":"us-east-1","userPoolId":"eu-west-1_Ab12Cd34E","userPoolClientId":"4m1ot1k3v2f5g6h7j8k9l0"}`
	poolURN         = "urn:pulumi:dev::cognito-pool::cognito-pool:index:UserPool$aws:cognito/userPool:UserPool::auth-pool"
	clientURN       = "urn:pulumi:dev::cognito-pool::cognito-pool:index:UserPool$aws:cognito/userPoolClient:UserPoolClient::auth-web-client"
	terminalHint    = "(a terminal)"
)

// Outputs with one 50 MB value (over the 1 MiB cap on the file) and one of 900 KB (under it).
var (
	hugeOutputs = `{"region":"eu-west-1","userPoolId":"eu-west-1_Ab12Cd34E","userPoolClientId":"` + strings.Repeat("A", 50<<20) + `"}`
	longOutputs = `{"region":"eu-west-1","userPoolId":"eu-west-1_Ab12Cd34E","userPoolClientId":"` + strings.Repeat("A", 900<<10) + `"}`
)

func manyTags(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "    k%d: v\n", i)
	}
	return b.String()
}

func preview(op, urn string) string {
	return `{"steps":[{"op":"` + op + `","urn":"` + urn + `"}]}`
}

type row struct {
	name     string
	cmd      string            // cognito-pool, appconfig, previewguard or smoketest, run in the row's own directory
	args     []string          //
	files    map[string]string // made in the directory first; a name ending in "/" is a directory
	stdin    string            //
	tty      bool              // stdin is a terminal holding stdin, then end of input
	code     int               //
	stderr   []string          // each must be in stderr: the flag, key or path named
	notInErr []string          // none may be in stderr
	left     []string          // files in the directory after the run besides the row's own; nil = none
}

func TestRefusals(t *testing.T) {
	rows := []row{
		// cognito-pool, the program: everything is refused before cognito-local starts or a file is written
		{name: "cognito-pool: no Pulumi engine, no command", cmd: "cognito-pool", code: 2,
			stderr: []string{"no Pulumi engine", "pulumi up", "go run . local"}},
		{name: "cognito-pool: -h", cmd: "cognito-pool", args: []string{"-h"}, code: 0},
		{name: "cognito-pool: a command in another case", cmd: "cognito-pool", args: []string{"Local"}, code: 2,
			stderr: []string{`unknown command "Local" (did you mean "local"?)`}},
		{name: "local: a stray argument", cmd: "cognito-pool", args: []string{"local", "prod"}, files: stack("  aws:region: eu-west-1\n"), code: 2,
			stderr: []string{`local: unexpected argument "prod"`}},
		{name: "local: a stray argument before flags", cmd: "cognito-pool", args: []string{"local", "extra", "-no-smoke"}, files: stack("  aws:region: eu-west-1\n"), code: 2,
			stderr: []string{`unexpected argument "extra"`}},
		{name: "local: -outputs is a directory", cmd: "cognito-pool", args: []string{"local", "-stack", "x", "-outputs", "out"},
			files: func() map[string]string { f := stack("  aws:region: eu-west-1\n"); f["out/"] = ""; return f }(), code: 2,
			stderr: []string{`-outputs "out" is a directory`}},
		{name: "local: -smoketest missing", cmd: "cognito-pool", args: []string{"local", "-stack", "x", "-smoketest", "/nonexistent/smoketest"}, files: stack("  aws:region: eu-west-1\n"), code: 2,
			stderr: []string{`-smoketest "/nonexistent/smoketest"`}},
		{name: "local: an explicit 0", cmd: "cognito-pool", args: []string{"local", "-stack", "x", "-no-smoke"}, files: stack("  cognito-pool:passwordMinimumLength: 0\n  cognito-pool:refreshTokenValidityDays: 0\n"), code: 2,
			stderr: []string{"local: config cognito-pool:passwordMinimumLength: 0 is outside 6–99 characters", "local: config cognito-pool:refreshTokenValidityDays: 0 is outside 1–3650 days"}},
		{name: "local: a range error names the key", cmd: "cognito-pool", args: []string{"local", "-stack", "x", "-no-smoke"}, files: stack("  cognito-pool:passwordMinimumLength: 5\n"), code: 2,
			stderr: []string{"local: config cognito-pool:passwordMinimumLength: 5 is outside 6–99 characters"}, notInErr: []string{"PasswordMinimumLength", "error occurred"}},
		{name: "local: a wrong namespace", cmd: "cognito-pool", args: []string{"local", "-stack", "x", "-no-smoke"}, files: stack("  cognito_pool:passwordMinimumLength: 14\n"), code: 2,
			stderr: []string{`unknown namespace "cognito_pool"`, `did you mean "cognito-pool"`}},
		{name: "local: a misspelt provider key", cmd: "cognito-pool", args: []string{"local", "-stack", "x", "-no-smoke"}, files: stack("  aws:regoin: eu-west-1\n"), code: 2,
			stderr: []string{`aws:regoin is not a setting of the AWS provider (did you mean "region"?)`}},
		{name: "local: a 200-character tag key", cmd: "cognito-pool", args: []string{"local", "-stack", "x", "-no-smoke"},
			files: stack("  cognito-pool:tags:\n    " + strings.Repeat("k", 200) + ": v\n"), code: 2, stderr: []string{"config cognito-pool:tags", "128"}},
		{name: "local: 60 tags", cmd: "cognito-pool", args: []string{"local", "-stack", "x", "-no-smoke"},
			files: stack("  cognito-pool:tags:\n" + manyTags(60)), code: 2, stderr: []string{"config cognito-pool:tags", "at most 50"}},
		{name: "local: an aws: tag", cmd: "cognito-pool", args: []string{"local", "-stack", "x", "-no-smoke"},
			files: stack("  cognito-pool:tags:\n    aws:x: y\n"), code: 2, stderr: []string{"config cognito-pool:tags", "aws:"}},
		{name: "local: a long appName names appName", cmd: "cognito-pool", args: []string{"local", "-stack", "x", "-no-smoke"},
			files: stack("  cognito-pool:appName: " + strings.Repeat("a", 125) + "\n"), code: 2,
			stderr: []string{"config cognito-pool:appName: 125 characters make the default verificationEmailSubject"}},

		// appconfig
		{name: "appconfig: a stray argument", cmd: "appconfig", args: []string{"-outputs", "o.json", "web/.env"},
			files: map[string]string{"o.json": goodOutputs, "web/": ""}, code: 2,
			stderr: []string{`appconfig: unexpected argument "web/.env"`}},
		{name: "appconfig: a stray argument before the flags", cmd: "appconfig", args: []string{"web/.env", "-dotenv", "web/.env"},
			files: map[string]string{"web/": ""}, stdin: goodOutputs, code: 2,
			stderr: []string{`unexpected argument "web/.env"`, "flags after it are not read"}},
		{name: "appconfig: one output directory missing", cmd: "appconfig",
			args:  []string{"-outputs", "o.json", "-dotenv", ".env", "-backend-env", "nodir/b.env", "-amplify", "amplify_outputs.json"},
			files: map[string]string{"o.json": goodOutputs}, code: 2,
			stderr: []string{`-backend-env "nodir/b.env": directory "nodir" does not exist`}},
		{name: "appconfig: an output path is a directory", cmd: "appconfig", args: []string{"-outputs", "o.json", "-dotenv", ".env", "-amplify", "web"},
			files: map[string]string{"o.json": goodOutputs, "web/": ""}, code: 2,
			stderr: []string{`-amplify "web" is a directory`}},
		{name: "appconfig: one file for two outputs", cmd: "appconfig", args: []string{"-outputs", "o.json", "-dotenv", "x.env", "-backend-env", "./x.env"},
			files: map[string]string{"o.json": goodOutputs}, code: 2,
			stderr: []string{`-dotenv and -backend-env name the same file "./x.env"`}},
		{name: "appconfig: region not the pool id's", cmd: "appconfig", args: []string{"-outputs", "o.json", "-dotenv", ".env"},
			files: map[string]string{"o.json": mismatchOutputs}, code: 2,
			stderr: []string{`appconfig: o.json: bad stack outputs: "region" "us-east-1" is not the region of "userPoolId" "eu-west-1_Ab12Cd34E"`}},
		{name: "appconfig: a 50 MB value", cmd: "appconfig", args: []string{"-outputs", "big.json", "-dotenv", ".env"},
			files: map[string]string{"big.json": hugeOutputs}, code: 2,
			stderr: []string{"appconfig: -outputs: big.json: over 1 MiB"}},
		{name: "appconfig: a 900 KB value", cmd: "appconfig", args: []string{"-outputs", "long.json"},
			files: map[string]string{"long.json": longOutputs}, code: 2,
			stderr: []string{`long.json: bad stack outputs: "userPoolClientId" "AAAA`, `"… (921600 bytes) is not an app client id`}},
		{name: "appconfig: outputs file missing", cmd: "appconfig", args: []string{"-outputs", "/nonexistent/outputs.json", "-dotenv", ".env"},
			code: 2, stderr: []string{"/nonexistent/outputs.json: no such file"}},
		{name: "appconfig: bad outputs on stdin", cmd: "appconfig", args: []string{"-dotenv", ".env"}, stdin: "error: no stack selected",
			code: 2, stderr: []string{"appconfig: stdin: bad stack outputs: not a JSON object"}},
		{name: "appconfig: writes all three", cmd: "appconfig", args: []string{"-outputs", "o.json", "-dotenv", "web/.env", "-backend-env", "b.env", "-amplify", "web/amplify_outputs.json"},
			files: map[string]string{"o.json": goodOutputs, "web/": ""}, code: 0,
			left: []string{"b.env", "web/.env", "web/amplify_outputs.json"}},
		{name: "appconfig: stdin a terminal", cmd: "appconfig", tty: true, stdin: goodOutputs, code: 0,
			stderr: []string{"appconfig: reading the stack outputs from stdin " + terminalHint, "-outputs FILE"}},

		// previewguard
		{name: "previewguard: a stray argument", cmd: "previewguard", args: []string{"-preview", "p.json", "extra"},
			files: map[string]string{"p.json": preview("same", poolURN)}, code: 2, stderr: []string{`previewguard: unexpected argument "extra"`}},
		{name: "previewguard: unknown op on the pool", cmd: "previewguard", args: []string{"-preview", "p.json"},
			files: map[string]string{"p.json": preview("REPLACE", poolURN)}, code: 1,
			stderr: []string{`BLOCKED: aws:cognito/userPool:UserPool "auth-pool" has op "REPLACE", which previewguard does not know`}},
		{name: "previewguard: unknown op on the client", cmd: "previewguard", args: []string{"-preview", "p.json"},
			files: map[string]string{"p.json": preview("REPLACE", clientURN)}, code: 0,
			stderr: []string{`note: op "REPLACE" on aws:cognito/userPoolClient:UserPoolClient "auth-web-client" is unknown to previewguard`}},
		{name: "previewguard: preview file missing", cmd: "previewguard", args: []string{"-preview", "/nonexistent/preview.json"},
			code: 2, stderr: []string{"previewguard: -preview: open /nonexistent/preview.json: no such file"}},
		{name: "previewguard: stdin a terminal", cmd: "previewguard", tty: true, stdin: preview("same", poolURN), code: 0,
			stderr: []string{"previewguard: reading the preview from stdin " + terminalHint, "-preview FILE"}},

		// smoketest: each refused before any request (the outputs name no reachable endpoint).
		{name: "smoketest: a stray argument", cmd: "smoketest", args: []string{"-outputs", "o.json", "extra", "-json"},
			files: map[string]string{"o.json": goodOutputs}, code: 2, stderr: []string{`smoketest: usage: unexpected argument "extra"`}},
		{name: "smoketest: negative step timeout", cmd: "smoketest", args: []string{"-outputs", "o.json", "-step-timeout", "-5s"},
			files: map[string]string{"o.json": goodOutputs}, code: 2, stderr: []string{"-step-timeout -5s is not positive"}},
		{name: "smoketest: zero step timeout", cmd: "smoketest", args: []string{"-outputs", "o.json", "-step-timeout", "0"},
			files: map[string]string{"o.json": goodOutputs}, code: 2, stderr: []string{"-step-timeout 0s is not positive"}},
		{name: "smoketest: empty e-mail domain", cmd: "smoketest", args: []string{"-outputs", "o.json", "-email-domain", ""},
			files: map[string]string{"o.json": goodOutputs}, code: 2, stderr: []string{`-email-domain "": empty`}},
		{name: "smoketest: e-mail domain with a space", cmd: "smoketest", args: []string{"-outputs", "o.json", "-email-domain", "my domain.com"},
			files: map[string]string{"o.json": goodOutputs}, code: 2, stderr: []string{`-email-domain "my domain.com": label "my domain"`}},
		{name: "smoketest: e-mail domain of one label", cmd: "smoketest", args: []string{"-outputs", "o.json", "-email-domain", "localhost"},
			files: map[string]string{"o.json": goodOutputs}, code: 2, stderr: []string{`-email-domain "localhost": not a domain name of two or more labels`}},
		{name: "smoketest: region not the pool id's", cmd: "smoketest", args: []string{"-outputs", "o.json"},
			files: map[string]string{"o.json": mismatchOutputs}, code: 2,
			stderr: []string{`o.json: bad stack outputs: "region" "us-east-1" is not the region of "userPoolId" "eu-west-1_Ab12Cd34E"`}},
		{name: "smoketest: outputs file missing", cmd: "smoketest", args: []string{"-outputs", "/nonexistent"},
			code: 2, stderr: []string{"smoketest: usage: -outputs: open /nonexistent: no such file"}},
		{name: "smoketest: a 50 MB value", cmd: "smoketest", args: []string{"-outputs", "big.json"},
			files: map[string]string{"big.json": hugeOutputs}, code: 2, stderr: []string{"-outputs: big.json: over 1 MiB"}},
		{name: "smoketest: a 900 KB value", cmd: "smoketest", args: []string{"-outputs", "long.json"},
			files: map[string]string{"long.json": longOutputs}, code: 2, stderr: []string{`"userPoolClientId" "AAAA`, `(921600 bytes)`}},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			dir := t.TempDir()
			before := makeFiles(t, dir, r.files)
			cmd := exec.Command(filepath.Join(bin, r.cmd), r.args...)
			cmd.Dir = dir
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if r.tty {
				cmd.Stdin = terminalWith(t, r.stdin)
			} else {
				cmd.Stdin = strings.NewReader(r.stdin)
			}
			code := exitCode(t, cmd.Run())
			check(t, r, code, stdout.String(), stderr.String())
			if r.code != 0 && r.cmd != "previewguard" && stdout.Len() != 0 {
				t.Errorf("stdout=%.200q, want nothing on a refusal", stdout.String())
			}
			if got, want := newFiles(t, dir, before), r.left; !slices.Equal(got, want) {
				t.Errorf("files left: %q, want %q", got, want)
			}
		})
	}
}

// TestMakeAppConfig: `make app-config` stops at the first error, with a message that says what to
// do, and never hands appconfig an empty or failed `pulumi stack output`.
func TestMakeAppConfig(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	fake := t.TempDir() // a pulumi that fails as it does without a selected stack
	if err := os.WriteFile(filepath.Join(fake, "pulumi"), []byte("#!/bin/sh\necho 'error: no stack selected' >&2\nexit 255\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	bare := filepath.Dir(goBin) + ":/usr/bin:/bin"
	if p, err := lookPathIn("pulumi", bare); err == nil {
		t.Skipf("a Pulumi CLI is installed (%s): the no-Pulumi case can't be run here", p)
	}
	dir := t.TempDir()
	mismatch := filepath.Join(dir, "o.json")
	if err := os.WriteFile(mismatch, []byte(mismatchOutputs), 0o644); err != nil {
		t.Fatal(err)
	}
	rows := []struct {
		name     string
		path     string
		args     []string
		stderr   []string
		notInErr []string
	}{
		{"no OUTPUTS, no Pulumi", bare, nil,
			[]string{"make app-config: no Pulumi CLI", "install it", "or pass OUTPUTS=FILE"}, []string{"bad stack outputs", "go build"}},
		{"no OUTPUTS, pulumi fails", fake + ":" + bare, nil,
			[]string{"error: no stack selected"}, []string{"bad stack outputs", "unexpected end of JSON input"}},
		{"OUTPUTS with a region not the pool id's", bare, []string{"OUTPUTS=" + mismatch},
			[]string{`appconfig: ` + mismatch + `: bad stack outputs: "region" "us-east-1"`}, nil},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			cmd := exec.Command("make", append([]string{"--no-print-directory", "-s", "app-config"}, r.args...)...)
			cmd.Dir = filepath.Join("..", "..")
			cmd.Env = []string{"PATH=" + r.path} // and no MAKEFLAGS from a `make test` running this
			for _, kv := range os.Environ() {
				if k, _, _ := strings.Cut(kv, "="); k != "PATH" && !strings.HasPrefix(k, "MAKE") && k != "MFLAGS" {
					cmd.Env = append(cmd.Env, kv)
				}
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			// make exits 2 whenever a recipe fails; the recipe's own status is in its message.
			check(t, row{code: 2, stderr: r.stderr, notInErr: r.notInErr}, exitCode(t, cmd.Run()), "", stderr.String())
		})
	}
}

func check(t *testing.T, r row, code int, stdout, stderr string) {
	t.Helper()
	if code != r.code {
		t.Fatalf("exit %d, want %d\nstdout: %.500s\nstderr: %.500s", code, r.code, stdout, stderr)
	}
	for _, w := range r.stderr {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%.1000s", w, stderr)
		}
	}
	for _, w := range r.notInErr {
		if strings.Contains(stderr, w) {
			t.Errorf("stderr has %q:\n%.1000s", w, stderr)
		}
	}
	if !r.tty && strings.Contains(stderr, terminalHint) {
		t.Errorf("a terminal hint without a terminal:\n%s", stderr)
	}
	if len(stderr) > 600 {
		t.Errorf("stderr is %d bytes, want a few short lines:\n%.600s…", len(stderr), stderr)
	}
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	t.Fatal(err)
	return -1
}

// makeFiles makes files in dir and returns every path under dir.
func makeFiles(t *testing.T, dir string, files map[string]string) []string {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(path, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return walk(t, dir)
}

// newFiles lists the paths under dir that were not there before, temporary files included.
func newFiles(t *testing.T, dir string, before []string) []string {
	t.Helper()
	var added []string
	for _, p := range walk(t, dir) {
		if !slices.Contains(before, p) {
			added = append(added, p)
		}
	}
	return added
}

func walk(t *testing.T, dir string) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		paths = append(paths, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

func lookPathIn(name, path string) (string, error) {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fs.ErrNotExist
}
