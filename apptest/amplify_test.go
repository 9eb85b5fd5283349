package apptest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/clickops/cognito-pool/appconfig"
	"github.com/clickops/cognito-pool/cognitojwt"
	"github.com/clickops/cognito-pool/emulator"
	"github.com/clickops/cognito-pool/internal/emulatortest"
)

// installHint is the command that installs the pinned client libraries.
const installHint = "make apptest-deps (or: cd apptest && npm ci)"

// stack is the program's dev stack deployed by `cognito-pool local -serve`, reached through
// cognitoproxy.
type stack struct {
	code    string // the emulator's confirmation code
	c       *cip.Client
	outputs map[string]any
	dir     string    // the apps' config files, written from appconfig's output
	calls   *recorder // what the libraries asked the proxy
	front   string    // the endpoint the libraries use: the proxy, behind the recorder
}

// recorder notes each Cognito call a library makes (operation and AuthFlow) and hands it to the
// proxy, so the test can tell which flows the library really used.
type recorder struct {
	next http.Handler
	mu   sync.Mutex
	ops  []string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(body))
	op := strings.TrimPrefix(req.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")
	var in struct{ AuthFlow, ChallengeName string }
	_ = json.Unmarshal(body, &in)
	if flow := in.AuthFlow + in.ChallengeName; flow != "" {
		op += " " + flow
	}
	if op != "" {
		r.mu.Lock()
		r.ops = append(r.ops, op)
		r.mu.Unlock()
	}
	r.next.ServeHTTP(w, req)
}

// take returns the calls recorded since the last take.
func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	ops := r.ops
	r.ops = nil
	return ops
}

// deployStack runs `cognito-pool local -serve -no-smoke` — the command a front-end developer runs,
// cognito-local behind cognitoproxy with the dev stack deployed — and writes the .env and
// amplify_outputs.json that cmd/appconfig makes of its outputs. The session is stopped with
// Ctrl-C (SIGINT) at the test's end.
func deployStack(t *testing.T) *stack {
	t.Helper()
	if _, err := os.Stat(filepath.Join("node_modules", "amplify5", "package.json")); err != nil {
		t.Fatalf("aws-amplify is not installed in apptest/: run %s", installHint)
	}
	s := &stack{dir: t.TempDir()}
	outputsPath := filepath.Join(s.dir, "outputs.json")
	serve := emulatortest.Serve(t, emulatortest.Program(t, ".."), "..", "-outputs", outputsPath)
	endpoint := serve.Endpoint
	s.code = serve.Code
	s.c = emulator.NewClient(endpoint, "local")
	s.calls = &recorder{next: httputil.NewSingleHostReverseProxy(mustURL(t, endpoint))}
	front := httptest.NewServer(s.calls)
	t.Cleanup(front.Close)
	s.front = front.URL

	data, err := os.ReadFile(outputsPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &s.outputs); err != nil {
		t.Fatal(err)
	}
	s.clientReadsAndWritesAppAttributes(t)
	settings, err := appconfig.FromOutputs(data)
	if err != nil {
		t.Fatal(err)
	}
	amplify, err := settings.AmplifyOutputs()
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{".env": []byte(settings.DotEnv()), "amplify_outputs.json": amplify} {
		if err := os.WriteFile(filepath.Join(s.dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func mustURL(tb testing.TB, raw string) *url.URL {
	tb.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

func (s *stack) str(key string) string { v, _ := s.outputs[key].(string); return v }

// clientReadsAndWritesAppAttributes checks the deployed client (as cognito-local stores what the
// deploy sent) lets the app's pages write and read name, email and preferred_username.
func (s *stack) clientReadsAndWritesAppAttributes(t *testing.T) {
	t.Helper()
	out, err := s.c.DescribeUserPoolClient(context.Background(), &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(s.str("userPoolId")), ClientId: aws.String(s.str("userPoolClientId"))})
	if err != nil {
		t.Fatal(err)
	}
	c := out.UserPoolClient
	for _, a := range []string{"name", "email", "preferred_username"} {
		if !slices.Contains(c.WriteAttributes, a) || !slices.Contains(c.ReadAttributes, a) {
			t.Fatalf("deployed client: %s not in WriteAttributes %v and ReadAttributes %v", a, c.WriteAttributes, c.ReadAttributes)
		}
	}
}

// stepLine is one line amplify5.js or amplify6.js prints.
type stepLine struct {
	Step        string `json:"step"`
	OK          bool   `json:"ok"`
	Name        string `json:"name"`
	Handle      string `json:"handle"`
	AccessToken string `json:"accessToken"`
	IDToken     string `json:"idToken"`
	Error       *struct {
		Name, Message string
	} `json:"error"`
}

func randomEmail(t *testing.T, prefix string) string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + "-" + hex.EncodeToString(b) + "@example.com"
}

// TestAmplifyJourney runs each library's journey, then checks what it left behind: its tokens
// verify with cognitojwt against the outputs' issuer and JWKS, the global sign-out revoked the
// access token, and the user is deleted.
func TestAmplifyJourney(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("node not found on PATH: install Node.js 20 or later, then %s", installHint)
	}
	s := deployStack(t)
	versions := []struct {
		name, script, handlePrefix string
		calls                      []string // calls the library must have made
	}{
		{"aws-amplify 5.3.41", "amplify5.js", "five", []string{
			"InitiateAuth USER_SRP_AUTH", "RespondToAuthChallenge PASSWORD_VERIFIER", "InitiateAuth REFRESH_TOKEN_AUTH", "GlobalSignOut",
		}},
		{"aws-amplify 6.22.1", "amplify6.js", "six", []string{
			"InitiateAuth USER_SRP_AUTH", "RespondToAuthChallenge PASSWORD_VERIFIER", "GetTokensFromRefreshToken", "GlobalSignOut",
		}},
	}
	for _, v := range versions {
		t.Run(v.name, func(t *testing.T) {
			email := randomEmail(t, v.handlePrefix)
			t.Cleanup(func() { s.deleteUser(t, email) })
			const name = "Ada Lovelace"
			newHandle := v.handlePrefix + "-countess"
			s.calls.take()
			lines := s.runScript(t, v.script, map[string]string{
				"APPTEST_EMAIL":        email,
				"APPTEST_PASSWORD":     "Correct-Horse-9!",
				"APPTEST_NEW_PASSWORD": "Battery-Staple-7?",
				"APPTEST_NAME":         name,
				"APPTEST_HANDLE":       v.handlePrefix + "-ada",
				"APPTEST_NEW_HANDLE":   newHandle,
			})
			calls := s.calls.take()
			for _, want := range v.calls {
				if !slices.Contains(calls, want) {
					t.Errorf("%s never called %s; its calls: %q", v.name, want, calls)
				}
			}
			if slices.Contains(calls, "InitiateAuth USER_PASSWORD_AUTH") {
				t.Errorf("%s signed in with USER_PASSWORD_AUTH, not SRP: %q", v.name, calls)
			}
			var read, changed, signedIn *stepLine
			for i := range lines {
				switch l := &lines[i]; l.Step {
				case "read name and handle":
					read = l
				case "change the handle":
					changed = l
				default:
					if l.AccessToken != "" {
						signedIn = l
					}
				}
			}
			if read == nil || read.Name != name {
				t.Errorf("the journey read name %+v, want %q", read, name)
			}
			if changed == nil || changed.Handle != newHandle {
				t.Errorf("the journey read the handle %+v after changing it, want %q", changed, newHandle)
			}
			if signedIn == nil {
				t.Fatal("the journey printed no tokens")
			}
			s.checkTokens(t, email, signedIn.AccessToken, signedIn.IDToken)
		})
	}
}

// runScript runs a journey script with the stack's config and returns its step lines; a failed
// step fails the test with the library's error.
func (s *stack) runScript(t *testing.T, script string, env map[string]string) []stepLine {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Env = append(os.Environ(),
		"APPTEST_ENDPOINT="+s.front,
		"APPTEST_CODE="+s.code,
		"APPTEST_DOTENV="+filepath.Join(s.dir, ".env"),
		"APPTEST_AMPLIFY_OUTPUTS="+filepath.Join(s.dir, "amplify_outputs.json"),
	)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var lines []stepLine
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var l stepLine
		if json.Unmarshal(sc.Bytes(), &l) != nil || l.Step == "" {
			t.Logf("%s: %s", script, sc.Text())
			continue
		}
		if !l.OK {
			t.Fatalf("%s: step %q failed: %s: %s\nstderr:\n%s", script, l.Step, l.Error.Name, l.Error.Message, stderr.String())
		}
		t.Logf("%s: %s: ok", script, l.Step)
		lines = append(lines, l)
	}
	if runErr != nil {
		t.Fatalf("node %s: %v\nstderr:\n%s", script, runErr, stderr.String())
	}
	return lines
}

// checkTokens verifies the library's last tokens with cognitojwt, configured from the outputs'
// issuer and JWKS URL, and checks the global sign-out revoked the access token.
func (s *stack) checkTokens(t *testing.T, email, access, id string) {
	t.Helper()
	ctx := context.Background()
	verifier := func(use cognitojwt.TokenUse) *cognitojwt.Verifier {
		v, err := cognitojwt.NewVerifier(cognitojwt.Config{
			UserPoolID: s.str("userPoolId"), ClientIDs: []string{s.str("userPoolClientId")}, TokenUse: use,
			Issuer: s.str("issuer"), JWKSURL: s.str("jwksUri"),
		})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ac, err := verifier(cognitojwt.TokenUseAccess).Verify(ctx, access)
	if err != nil {
		t.Fatalf("access token: %v", err)
	}
	ic, err := verifier(cognitojwt.TokenUseID).Verify(ctx, id)
	if err != nil {
		t.Fatalf("ID token: %v", err)
	}
	if ic.Email != email || ic.Subject != ac.Subject {
		t.Errorf("ID token email=%q sub=%q, want %q and the access token's sub %q", ic.Email, ic.Subject, email, ac.Subject)
	}
	_, err = s.c.GetUser(ctx, &cip.GetUserInput{AccessToken: aws.String(access)})
	var na *types.NotAuthorizedException
	if !errors.As(err, &na) || na.ErrorMessage() != "Access Token has been revoked" {
		t.Errorf("GetUser after the global sign-out: %v, want NotAuthorizedException: Access Token has been revoked", err)
	}
}

// deleteUser removes the test user, with a fresh context so it runs after a failure too.
func (s *stack) deleteUser(t *testing.T, email string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := s.c.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: aws.String(s.str("userPoolId")), Username: aws.String(email)})
	var nf *types.UserNotFoundException
	if err != nil && !errors.As(err, &nf) {
		t.Errorf("delete %s: %v", email, err)
	}
	out, err := s.c.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: aws.String(s.str("userPoolId"))})
	if err != nil {
		t.Errorf("list users: %v", err)
		return
	}
	for _, u := range out.Users {
		for _, a := range u.Attributes {
			if aws.ToString(a.Name) == "email" && aws.ToString(a.Value) == email {
				t.Errorf("user %s still in the pool after the test", email)
			}
		}
	}
}
