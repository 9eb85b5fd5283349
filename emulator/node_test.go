package emulator

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// rangeCases are engines ranges and the lowest version each accepts (node-semver's minVersion).
var rangeCases = []struct {
	rng  string
	want version
}{
	{">= 20.19.0", version{20, 19, 0}},
	{">=18", version{18, 0, 0}},
	{"^14.21.3 || >=16", version{14, 21, 3}},
	{"6.* || 8.* || >= 10.*", version{6, 0, 0}},
	{">= 10.x", version{10, 0, 0}},
	{">=0.4.x", version{0, 4, 0}},
	{"*", version{}},
	{"", version{}},
	{"x", version{}},
	{"16", version{16, 0, 0}},
	{"v18.1.2", version{18, 1, 2}},
	{"=18.1.2", version{18, 1, 2}},
	{"~16.3", version{16, 3, 0}},
	{"~> 16.3", version{16, 3, 0}},
	{"^ 16.3.1", version{16, 3, 1}},
	{">1.2.3", version{1, 2, 4}},
	{">1.2", version{1, 3, 0}},
	{">1", version{2, 0, 0}},
	{"<20", version{}},
	{"<=20.1.0", version{}},
	{">=12 <21", version{12, 0, 0}},
	{">=12 >=14.1", version{14, 1, 0}},
	{"14 - 20", version{14, 0, 0}},
	{"14.2 - 20 || >=22", version{14, 2, 0}},
	{">=22 || 14.2 - 20", version{14, 2, 0}},
	{"  >=  18.0.0  ", version{18, 0, 0}},
	{">=18.0.0-rc.1", version{18, 0, 0}},
}

func TestLowestAccepted(t *testing.T) {
	for _, tc := range rangeCases {
		got, err := lowestAccepted(tc.rng)
		if err != nil || got != tc.want {
			t.Errorf("lowestAccepted(%q)=%v, %v, want %v", tc.rng, got, err, tc.want)
		}
	}
	for _, bad := range []string{">*", "1.2.3.4", ">=a", "^1.b", "1..2", ">=18 || nope"} {
		if v, err := lowestAccepted(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("lowestAccepted(%q)=%v, %v, want an error quoting the range", bad, v, err)
		}
	}
}

// lockfileRanges returns every engines.node range in the repository's lockfile.
func lockfileRanges(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	var lock struct {
		Packages map[string]struct {
			Engines json.RawMessage `json:"engines"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(data, &lock); err != nil {
		t.Fatal(err)
	}
	var ranges []string
	for _, p := range lock.Packages {
		var e struct {
			Node string `json:"node"`
		}
		if json.Unmarshal(p.Engines, &e) == nil && e.Node != "" {
			ranges = append(ranges, e.Node)
		}
	}
	return ranges
}

// The Go reading of a range agrees with node-semver's minVersion (the semver package pinned in the
// lockfile) for every range in the lockfile and every case above but the prerelease one.
func TestLowestAcceptedMatchesNodeSemver(t *testing.T) {
	semver, err := filepath.Abs(filepath.Join("node_modules", "semver"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(semver, "package.json")); err != nil {
		t.Skipf("node-semver not installed (%v): run %s", err, InstallHint)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not on PATH")
	}
	ranges := lockfileRanges(t)
	for _, tc := range rangeCases {
		if !strings.Contains(tc.rng, "-rc") {
			ranges = append(ranges, tc.rng)
		}
	}
	in, _ := json.Marshal(ranges)
	script := `const semver = require(process.argv[1]);
for (const r of JSON.parse(process.argv[2])) { const v = semver.minVersion(r); console.log(v ? v.version : "none"); }`
	out, err := exec.Command("node", "-e", script, semver, string(in)).Output()
	if err != nil {
		t.Fatalf("node-semver: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(ranges) {
		t.Fatalf("node-semver answered %d lines for %d ranges", len(lines), len(ranges))
	}
	for i, r := range ranges {
		got, err := lowestAccepted(r)
		if err != nil || got.String() != lines[i] {
			t.Errorf("lowestAccepted(%q)=%v, %v; node-semver minVersion: %s", r, got, err, lines[i])
		}
	}
}

// Debian 12's Node.js (18.20.4, what `make emulator-deps` installs there) runs the pinned packages.
func TestPinnedPackagesAcceptDebian12Node(t *testing.T) {
	need, err := requiredNode("package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	if debian12 := (version{18, 20, 4}); debian12.less(need.min) {
		t.Fatalf("%s %s needs Node.js %s (%q): Debian 12's %s can't run the emulator; pin a version that accepts it (package.json overrides)",
			need.pkg, need.version, need.min, need.rng, debian12)
	}
}

func TestRequiredNodeNamesThePackage(t *testing.T) {
	lock := filepath.Join(t.TempDir(), "package-lock.json")
	data := `{"lockfileVersion": 3, "packages": {
		"": {"name": "x", "engines": {"node": ">=99"}},
		"node_modules/a": {"version": "1.0.0", "engines": {"node": ">=12"}},
		"node_modules/old": {"version": "0.1.0", "engines": ["node >= 0.4"]},
		"node_modules/optional": {"version": "3.0.0", "optional": true, "engines": {"node": ">=30"}},
		"node_modules/b/node_modules/@noble/hashes": {"version": "2.4.0", "engines": {"node": ">= 20.19.0"}},
		"node_modules/c": {"version": "2.0.0"}
	}}`
	if err := os.WriteFile(lock, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	need, err := requiredNode(lock)
	if err != nil {
		t.Fatal(err)
	}
	if need.min != (version{20, 19, 0}) || need.pkg != "@noble/hashes" || need.version != "2.4.0" || need.rng != ">= 20.19.0" {
		t.Fatalf("requiredNode=%+v, want 20.19.0 from @noble/hashes 2.4.0", need)
	}

	if err := os.WriteFile(lock, []byte(`{"packages": {"node_modules/a": {"engines": {"node": ">=1.y"}}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := requiredNode(lock); err == nil || !strings.Contains(err.Error(), "node_modules/a") {
		t.Fatalf("err=%v, want one naming the package with the bad range", err)
	}
}

// fakeNode puts a node that prints the given version first (and alone) on PATH.
func fakeNode(t *testing.T, printed string) {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\necho '" + printed + "'\n"
	if err := os.WriteFile(filepath.Join(dir, "node"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
}

func TestStartRefusesTooOldNode(t *testing.T) {
	pinned, err := requiredNode("package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	// The lockfile before the overrides: @noble/hashes 2.4.0 needed Node.js 20.19.
	noble := fakeInstall(t, "exit 1\n")
	lock := `{"packages": {"node_modules/@noble/hashes": {"version": "2.4.0", "engines": {"node": ">= 20.19.0"}}}}`
	if err := os.WriteFile(filepath.Join(noble, "package-lock.json"), []byte(lock), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, dir, printed string
		want               []string
	}{
		{"older than the pinned packages", "", "v16.20.2",
			[]string{"Node.js v16.20.2", "is too old", pinned.min.String() + " or later", pinned.pkg, "package-lock.json"}},
		{"Debian 12's node and @noble/hashes 2", noble, "v18.20.4",
			[]string{"Node.js v18.20.4", "20.19.0 or later", `@noble/hashes 2.4.0 requires ">= 20.19.0"`}},
		{"not a version", "", "hello",
			[]string{`printed "hello"`, "not a version"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fakeNode(t, tc.printed)
			_, err := Start(context.Background(), Options{Dir: tc.dir})
			if err == nil {
				t.Fatal("Start succeeded")
			}
			t.Log(err)
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err=%v, want it to say %q", err, w)
				}
			}
		})
	}
}

func FuzzLowestAccepted(f *testing.F) {
	for _, tc := range rangeCases {
		f.Add(tc.rng, ">=18")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		va, errA := lowestAccepted(a)
		vb, errB := lowestAccepted(b)
		both, err := lowestAccepted(a + "||" + b)
		if (errA != nil || errB != nil) != (err != nil) {
			t.Fatalf("%q: err=%v, but alone %q: %v, %q: %v", a+"||"+b, err, a, errA, b, errB)
		}
		if err != nil {
			return
		}
		want := va
		if vb.less(va) {
			want = vb
		}
		if both != want {
			t.Fatalf("lowestAccepted(%q)=%v, want the lower of %v and %v", a+"||"+b, both, va, vb)
		}
	})
}

// totp is RFC 6238's time-based one-time password (HMAC-SHA1, 6 digits, 30 s steps) over RFC 4226's
// dynamic truncation: what an authenticator app shows for a base32 secret at time t.
func totp(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(strings.ToUpper(secret), "="))
	if err != nil {
		t.Fatalf("secret %q: %v", secret, err)
	}
	var counter [8]byte
	binary.BigEndian.PutUint64(counter[:], uint64(at.Unix()/30))
	mac := hmac.New(sha1.New, key)
	mac.Write(counter[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", code%1_000_000)
}

// Software-token MFA runs through otplib, whose hashing (@noble/hashes) and base32 (@scure/base) are
// the versions package.json overrides for Node.js 18: the code an authenticator computes from the
// secret cognito-local hands out is accepted, and another code is refused.
func TestSoftwareTokenMFAWithOverriddenPackages(t *testing.T) {
	e := startEmulator(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := e.Client()
	pool, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("totp")})
	if err != nil {
		t.Fatal(err)
	}
	client, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: pool.UserPool.Id, ClientName: aws.String("app")})
	if err != nil {
		t.Fatal(err)
	}
	const email, password = "mfa@example.com", "Correct-Horse-9"
	if _, err := c.SignUp(ctx, &cip.SignUpInput{ClientId: client.UserPoolClient.ClientId, Username: aws.String(email), Password: aws.String(password),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(email)}}}); err != nil {
		t.Fatalf("sign-up: %v", err)
	}
	if _, err := c.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: pool.UserPool.Id, Username: aws.String(email)}); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	auth, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: client.UserPoolClient.ClientId, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": email, "PASSWORD": password}})
	if err != nil {
		t.Fatalf("sign-in: %v", err)
	}
	token := auth.AuthenticationResult.AccessToken
	assoc, err := c.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: token})
	if err != nil {
		t.Fatalf("associate: %v", err)
	}
	secret := aws.ToString(assoc.SecretCode)

	now := time.Now()
	valid := map[string]bool{}
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		valid[totp(t, secret, now.Add(d))] = true
	}
	wrong := "000000"
	for i := 0; valid[wrong]; i++ {
		wrong = fmt.Sprintf("%06d", i)
	}
	_, err = c.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: token, UserCode: aws.String(wrong)})
	var mismatch *types.CodeMismatchException
	if !errors.As(err, &mismatch) {
		t.Fatalf("verify with a wrong code: err=%v, want CodeMismatchException", err)
	}
	out, err := c.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: token, UserCode: aws.String(totp(t, secret, now))})
	if err != nil {
		t.Fatalf("verify with the authenticator's code: %v", err)
	}
	if out.Status != types.VerifySoftwareTokenResponseTypeSuccess {
		t.Fatalf("Status=%q, want SUCCESS", out.Status)
	}
}
