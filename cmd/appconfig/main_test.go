package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const outputs = `{"region":"eu-west-1","userPoolId":"eu-west-1_Ab12Cd34E","userPoolClientId":"4m1ot1k3v2f5g6h7j8k9l0"}`

func TestWritesFiles(t *testing.T) {
	dir := t.TempDir()
	env, be, amp := filepath.Join(dir, ".env"), filepath.Join(dir, "backend.env"), filepath.Join(dir, "amplify_outputs.json")
	var out, errb bytes.Buffer
	if code := run([]string{"-dotenv", env, "-backend-env", be, "-amplify", amp}, strings.NewReader(outputs), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for path, want := range map[string]string{
		env: "REACT_APP_CLIENT_ID=4m1ot1k3v2f5g6h7j8k9l0\n",
		be:  "AWS_COGNITO_USER_POOL_ID=eu-west-1_Ab12Cd34E\n",
		amp: `"user_pool_client_id": "4m1ot1k3v2f5g6h7j8k9l0"`,
	} {
		data, err := os.ReadFile(path)
		if err != nil || !strings.Contains(string(data), want) {
			t.Errorf("%s=%q (%v), want it to contain %q", path, data, err, want)
		}
	}
}

func TestPrintsAllWithoutFileFlags(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(nil, strings.NewReader(outputs), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"REACT_APP_AWS_USER_POOLS_ID=eu-west-1_Ab12Cd34E", "AWS_COGNITO_USER_POOL_CLIENT_ID=", `"aws_region": "eu-west-1"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestBadInputExit2(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(nil, strings.NewReader("{}"), &out, &errb); code != 2 || !strings.Contains(errb.String(), `stdin: bad stack outputs: outputs have no "userPoolId"`) {
		t.Errorf("exit %d stderr %q", code, errb.String())
	}
	if code := run([]string{"-outputs", "/nonexistent/outputs.json"}, nil, &out, &errb); code != 2 {
		t.Errorf("missing file: exit %d", code)
	}
}
