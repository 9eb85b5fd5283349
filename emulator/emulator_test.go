package emulator

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

func healthy(endpoint string) bool {
	c := &http.Client{Timeout: time.Second}
	resp, err := c.Get(endpoint + "/health")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// startEmulator starts cognito-local for one test and stops it at the test's end.
func startEmulator(t *testing.T) *Emulator {
	t.Helper()
	e, err := Start(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestStartAndClose(t *testing.T) {
	e, err := Start(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !healthy(e.Endpoint) {
		t.Fatalf("%s/health not OK after Start", e.Endpoint)
	}
	if e.Code != DefaultCode {
		t.Errorf("Code=%q, want %q", e.Code, DefaultCode)
	}
	if _, err := os.Stat(e.dataDir); err != nil {
		t.Errorf("data dir: %v", err)
	}
	e.Close()
	e.Close() // twice is fine
	select {
	case <-e.exited:
	default:
		t.Fatal("process still running after Close")
	}
	if healthy(e.Endpoint) {
		t.Error("emulator still answers after Close")
	}
	if _, err := os.Stat(e.dataDir); !os.IsNotExist(err) {
		t.Errorf("data dir %s not removed: %v", e.dataDir, err)
	}
}

func TestContextEndStopsEmulator(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	e, err := Start(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case <-e.exited:
	case <-time.After(5 * time.Second):
		e.Close()
		t.Fatal("emulator still running 5s after its context ended")
	}
}

func TestTwoEmulatorsSideBySide(t *testing.T) {
	a, err := Start(context.Background(), Options{Code: "111111"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Start(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if a.Endpoint == b.Endpoint || a.dataDir == b.dataDir || a.Code != "111111" {
		t.Errorf("emulators share state: %s %s, %s %s", a.Endpoint, b.Endpoint, a.dataDir, b.dataDir)
	}
}

func TestStartWithoutInstallSaysHow(t *testing.T) {
	_, err := Start(context.Background(), Options{Dir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "npm ci") || !strings.Contains(err.Error(), "not installed") {
		t.Fatalf("err=%v, want one naming the install command", err)
	}
}

func TestStartWithoutNodeSaysHow(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Start(context.Background(), Options{})
	if err == nil || !strings.Contains(err.Error(), "node not found") || !strings.Contains(err.Error(), "apt-get install nodejs") {
		t.Fatalf("err=%v, want one naming how to install Node.js", err)
	}
}
