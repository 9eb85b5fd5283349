package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/clickops/cognito-pool/components"
	"github.com/clickops/cognito-pool/emulator"
	"github.com/clickops/cognito-pool/localdeploy"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// pool is a UserPool component deployed into a cognito-local started for this test.
type pool struct {
	emu     *emulator.Emulator
	outputs map[string]any
	path    string // outputs JSON file
}

func deployPool(t testing.TB) *pool {
	t.Helper()
	return deployPoolWith(t, &components.UserPoolArgs{AllowPasswordAuth: true})
}

// deployPoolWith deploys a UserPool component with args into a fresh cognito-local.
func deployPoolWith(t testing.TB, args *components.UserPoolArgs) *pool {
	t.Helper()
	ctx := context.Background()
	emu, err := emulator.Start(ctx, emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	dep, err := localdeploy.Deploy(ctx, emu.Client(), emu.Endpoint, "smoke", "test", nil, func(ctx *pulumi.Context) (pulumi.Map, error) {
		p, err := components.NewUserPool(ctx, "smoke", args)
		if err != nil {
			return nil, err
		}
		return pulumi.Map{"userPoolId": p.UserPoolID, "userPoolClientId": p.UserPoolClientID, "region": p.Region}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return &pool{emu: emu, outputs: dep.Outputs, path: writeOutputs(t, dep.Outputs)}
}

func writeOutputs(t testing.TB, outputs map[string]any) string {
	t.Helper()
	data, err := json.Marshal(outputs)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "outputs.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// args are the flags `make local` passes.
func (p *pool) args(outputsPath string, extra ...string) []string {
	return append([]string{"-outputs", outputsPath, "-endpoint", p.emu.Endpoint, "-auth-flow", "password", "-code", p.emu.Code}, extra...)
}

// users lists the pool's users, to check that no run leaves one behind.
func (p *pool) users(t *testing.T) []string {
	t.Helper()
	out, err := p.emu.Client().ListUsers(context.Background(), &cip.ListUsersInput{UserPoolId: aws.String(p.outputs["userPoolId"].(string))})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range out.Users {
		names = append(names, aws.ToString(u.Username))
	}
	return names
}

func runSmoke(args []string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return exitCode(err, &errb), out.String(), errb.String()
}

func TestJourneyAgainstEmulator(t *testing.T) {
	p := deployPool(t)
	code, out, errOut := runSmoke(p.args(p.path))
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"--- PASS: preflight", "--- PASS: sign-up", "--- PASS: confirm", "--- PASS: sign-in", "--- PASS: verify-access-token",
		"--- PASS: verify-id-token", "--- PASS: protected-handler", "--- PASS: change-handle", "--- PASS: refresh",
		"--- PASS: forgot-password", "--- PASS: delete-user",
		"--- SKIP: id-token-email-verified", "--- SKIP: id-token-handle", "--- SKIP: global-sign-out",
		// What only AWS shows, SKIP with the reason on bare cognito-local, never PASS:
		"--- SKIP: weak-password-refused", "does not enforce the password policy",
		"--- SKIP: sign-in-email-case", "case-sensitive",
		"--- SKIP: existence-errors-hidden", "ignores preventUserExistenceErrors",
		"PASS: 11 passed, 0 failed, 6 skipped",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if u := p.users(t); len(u) != 0 {
		t.Errorf("users left behind: %v", u)
	}
}

// TestJourneyOnDefaultPool: the component's defaults allow SRP only, which cognito-local lacks; the
// password flow still runs there, since cognito-local ignores explicit auth flows.
func TestJourneyOnDefaultPool(t *testing.T) {
	p := deployPoolWith(t, nil)
	if code, out, errOut := runSmoke(p.args(p.path)); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if u := p.users(t); len(u) != 0 {
		t.Errorf("users left behind: %v", u)
	}
}

func TestJourneyJSONEvents(t *testing.T) {
	p := deployPool(t)
	code, out, _ := runSmoke(p.args(p.path, "-json"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	var events []event
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %q is not a JSON event: %v", sc.Text(), err)
		}
		if e.Time.IsZero() {
			t.Errorf("event %q has no Time", sc.Text())
		}
		events = append(events, e)
	}
	running := map[string]bool{}
	outcomes := map[string]string{}
	for _, e := range events {
		switch e.Action {
		case "run":
			running[e.Test] = true
		case "pass", "fail", "skip":
			if e.Test != "" && !running[e.Test] {
				t.Errorf("%s %s without a run event", e.Action, e.Test)
			}
			if e.Elapsed == nil {
				t.Errorf("%s %s has no Elapsed", e.Action, e.Test)
			}
			outcomes[e.Test] = e.Action
		}
	}
	if outcomes["sign-in"] != "pass" || outcomes["global-sign-out"] != "skip" || outcomes["delete-user"] != "pass" {
		t.Errorf("outcomes=%v", outcomes)
	}
	if last := events[len(events)-1]; last.Action != "pass" || last.Test != "" {
		t.Errorf("last event %+v, want the run's pass", last)
	}
}

func TestWrongClientFailsAndLeavesNoUser(t *testing.T) {
	p := deployPool(t)
	for _, tt := range []struct{ name, key, value string }{
		{"wrong client", "userPoolClientId", "0000000000notaclient00000"},
		{"wrong pool", "userPoolId", "local_NotAPool"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := maps.Clone(p.outputs)
			bad[tt.key] = tt.value
			code, out, _ := runSmoke(p.args(writeOutputs(t, bad)))
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, out)
			}
			if !strings.Contains(out, "--- FAIL: preflight") || !strings.Contains(out, "not run: preflight failed") ||
				!strings.Contains(out, "--- SKIP: delete-user") {
				t.Errorf("output does not show the preflight failing and no user made:\n%s", out)
			}
			if u := p.users(t); len(u) != 0 {
				t.Errorf("users left behind: %v", u)
			}
		})
	}
}

func TestConcurrentRunsOnOnePool(t *testing.T) {
	p := deployPool(t)
	const n = 5
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, out, errOut := runSmoke(p.args(p.path)); code != 0 {
				t.Errorf("run %d: exit %d\n%s%s", i, code, out, errOut)
			}
		}()
	}
	wg.Wait()
	if u := p.users(t); len(u) != 0 {
		t.Errorf("users left behind: %v", u)
	}
}

func TestAdminConfirmWithoutCode(t *testing.T) {
	p := deployPool(t)
	code, out, _ := runSmoke([]string{"-outputs", p.path, "-endpoint", p.emu.Endpoint, "-auth-flow", "password"})
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "--- PASS: confirm") || !strings.Contains(out, "--- SKIP: forgot-password") {
		t.Errorf("want AdminConfirmSignUp to pass and the reset skipped without -code:\n%s", out)
	}
}

func TestSRPOnEmulatorFailsWithHint(t *testing.T) {
	p := deployPool(t)
	code, out, _ := runSmoke([]string{"-outputs", p.path, "-endpoint", p.emu.Endpoint, "-code", p.emu.Code})
	if code != 1 || !strings.Contains(out, "--- FAIL: sign-in") || !strings.Contains(out, "-auth-flow password") {
		t.Fatalf("exit %d, want 1 with a hint to use -auth-flow password:\n%s", code, out)
	}
	if u := p.users(t); len(u) != 0 {
		t.Errorf("users left behind: %v", u)
	}
}

// cancelAfter cancels the run's context once the named Cognito operation has answered, like a
// Ctrl-C arriving mid-journey.
type cancelAfter struct {
	op     string
	nth    int64 // cancel after the nth call of op
	cancel context.CancelFunc
	seen   atomic.Int64
}

func (c *cancelAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if strings.HasSuffix(r.Header.Get("X-Amz-Target"), "."+c.op) && c.seen.Add(1) == c.nth {
		c.cancel()
	}
	return resp, err
}

func TestInterruptStillDeletesUser(t *testing.T) {
	p := deployPool(t)
	tgt, err := readTarget(p.path, nil)
	if err != nil {
		t.Fatal(err)
	}
	tgt.useEndpoint(p.emu.Endpoint)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client, err := newClient(ctx, tgt, &http.Client{Transport: &cancelAfter{op: "SignUp", nth: 2, cancel: cancel}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	j, err := newJourney(tgt, client, "password", p.emu.Code, "example.com")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res := j.run(ctx, 5*time.Second, &textReporter{w: &out})
	// The second SignUp is the journey's user (the first, weak-password-refused, is one
	// cognito-local wrongly accepts). Cognito created the user, but the interrupted sign-up step
	// reports the cancellation: the cleanup must still find and delete both users.
	if res.failed != 1 || !strings.Contains(out.String(), "--- FAIL: sign-up") || !strings.Contains(out.String(), "--- PASS: delete-user") {
		t.Fatalf("want the interrupted sign-up to fail and the user deleted anyway:\n%s", out.String())
	}
	if u := p.users(t); len(u) != 0 {
		t.Errorf("users left behind after interrupt: %v", u)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := `{"userPoolId":"eu-west-1_AbC123","userPoolClientId":"abc","region":"eu-west-1"}`
	tests := []struct {
		name string
		args []string
		want string // in the one stderr line
	}{
		{"no -outputs", nil, "-outputs is required"},
		{"missing file", []string{"-outputs", filepath.Join(dir, "nope.json")}, "no such file"},
		{"garbled JSON", []string{"-outputs", file("garbled.json", `{"userPoolId": `)}, "not a JSON object"},
		{"JSON array", []string{"-outputs", file("array.json", `[]`)}, "not a JSON object"},
		{"pulumi error text", []string{"-outputs", file("err.json", "error: no stack selected")}, "not a JSON object"},
		{"missing pool", []string{"-outputs", file("nopool.json", `{"userPoolClientId":"abc","region":"eu-west-1"}`)}, `no "userPoolId"`},
		{"missing client", []string{"-outputs", file("noclient.json", `{"userPoolId":"eu-west-1_AbC123","region":"eu-west-1"}`)}, `no "userPoolClientId"`},
		{"missing region", []string{"-outputs", file("noregion.json", `{"userPoolId":"eu-west-1_AbC123","userPoolClientId":"abc"}`)}, `no "region"`},
		{"pool id not a string", []string{"-outputs", file("num.json", `{"userPoolId":5,"userPoolClientId":"abc","region":"eu-west-1"}`)}, `"userPoolId" is 5`},
		{"malformed pool id", []string{"-outputs", file("badpool.json", `{"userPoolId":"mypool","userPoolClientId":"abc","region":"eu-west-1"}`)}, "not <region>_<id>"},
		{"bad auth flow", []string{"-outputs", file("good.json", good), "-auth-flow", "magic"}, `-auth-flow "magic"`},
		{"extra argument", []string{"-outputs", file("good2.json", good), "extra"}, `unexpected argument "extra"`},
		{"http issuer", []string{"-outputs", file("good3.json", good), "-issuer", "http://cognito.example.com/x"}, "Issuer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runSmoke(tt.args)
			if code != 2 {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", code, out, errOut)
			}
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
				t.Errorf("stderr=%q, want one line containing %q", errOut, tt.want)
			}
			if out != "" {
				t.Errorf("stdout=%q, want nothing", out)
			}
		})
	}
	t.Run("stdin", func(t *testing.T) {
		var errb bytes.Buffer
		err := run(context.Background(), []string{"-outputs", "-"}, strings.NewReader(`{"userPoolId":`), &bytes.Buffer{}, &errb)
		if exitCode(err, &errb) != 2 || !strings.Contains(errb.String(), "not a JSON object") {
			t.Errorf("err=%v stderr=%q", err, errb.String())
		}
	})
	t.Run("unknown flag", func(t *testing.T) {
		if code, _, errOut := runSmoke([]string{"-nope"}); code != 2 || !strings.Contains(errOut, "flag provided but not defined: -nope") {
			t.Errorf("exit %d stderr %q", code, errOut)
		}
	})
}

func TestExitCode(t *testing.T) {
	var b bytes.Buffer
	for _, tt := range []struct {
		err  error
		want int
	}{{nil, 0}, {errFailed, 1}, {errors.New("x"), 2}, {errUsage, 2}} {
		if got := exitCode(tt.err, &b); got != tt.want {
			t.Errorf("exitCode(%v)=%d, want %d", tt.err, got, tt.want)
		}
	}
}

// TestREADMEDocumentsFlags keeps the README's flag table in step with the flags.
func TestREADMEDocumentsFlags(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, usage := runSmoke([]string{"-h"})
	n := 0
	for _, line := range strings.Split(usage, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || !strings.HasPrefix(line, "  -") {
			continue
		}
		n++
		if !strings.Contains(string(readme), "| `"+f[0]) {
			t.Errorf("README's smoke test table lacks %s", f[0])
		}
	}
	if n < 8 {
		t.Fatalf("found %d flags in the usage text:\n%s", n, usage)
	}
}
