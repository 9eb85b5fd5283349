package emulator

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeInstall makes an emulator folder whose cognito-local is the given shell script, with this
// repository's lockfile (Start reads the Node.js requirement from it).
func fakeInstall(t *testing.T, script string) string {
	t.Helper()
	dir := t.TempDir()
	lock, err := os.ReadFile("package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "package-lock.json"), lock, 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "node_modules", ".bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "cognito-local"), []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A start-up that times out while the emulator is still writing: the error carries its output, and
// reading that output races with nothing (run with -race).
func TestStartTimeoutWhileEmulatorWrites(t *testing.T) {
	dir := fakeInstall(t, "while :; do echo still starting; sleep 0.001; done\n")
	_, err := Start(context.Background(), Options{Dir: dir, StartTimeout: 500 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "no answer") || !strings.Contains(err.Error(), "within 500ms") || !strings.Contains(err.Error(), "still starting") {
		t.Fatalf("err=%.300v, want a timeout that shows the emulator's output", err)
	}
}

func TestLogBufferKeepsTheTail(t *testing.T) {
	for _, tc := range []struct {
		name         string
		writes       int // writes of 1 KiB each
		wantLen      int
		wantDropNote bool
	}{
		{"short", 3, 3 << 10, false},
		{"exactly the limit", logKept >> 10, logKept, false},
		{"one over", logKept>>10 + 1, logKept, true},
		{"many times over", 10 * logKept >> 10, logKept, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b logBuffer
			for i := range tc.writes {
				line := strings.Repeat(string(rune('a'+i%26)), 1<<10)
				if n, err := b.Write([]byte(line)); n != len(line) || err != nil {
					t.Fatalf("Write=%d, %v", n, err)
				}
			}
			got := b.String()
			const note = "[earlier output dropped]\n"
			if strings.HasPrefix(got, note) != tc.wantDropNote {
				t.Errorf("drop note=%v, want %v", strings.HasPrefix(got, note), tc.wantDropNote)
			}
			got = strings.TrimPrefix(got, note)
			if len(got) != tc.wantLen {
				t.Errorf("kept %d bytes, want %d", len(got), tc.wantLen)
			}
			last := string(rune('a' + (tc.writes-1)%26))
			if !strings.HasSuffix(got, strings.Repeat(last, 1<<10)) {
				t.Errorf("the last write is not kept whole")
			}
		})
	}
}

// impostor listens on a loopback port and answers /health with 200, like a cognito-local would:
// another process that took the port Start picked before node could bind it.
func impostor(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"ok":true}`))
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return l.Addr().(*net.TCPAddr).Port
}

func TestStartRetriesWhenThePortIsTaken(t *testing.T) {
	taken := impostor(t)
	var picked []int
	opts := Options{pickPort: func() (int, error) {
		port, err := taken, error(nil)
		if len(picked) > 0 { // the first attempt gets the taken port, the others a free one
			port, err = freePort()
		}
		picked = append(picked, port)
		return port, err
	}}
	e, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if len(picked) != 2 || e.Endpoint != "http://127.0.0.1:"+strconv.Itoa(picked[1]) {
		t.Fatalf("ports tried %v, endpoint %s: want the taken %d, then a new one", picked, e.Endpoint, taken)
	}
	if !healthy(e.Endpoint) {
		t.Fatalf("%s/health not OK", e.Endpoint)
	}
}

func TestStartGivesUpWhenEveryPortIsTaken(t *testing.T) {
	taken := impostor(t)
	tries := 0
	_, err := Start(context.Background(), Options{pickPort: func() (int, error) { tries++; return taken, nil }})
	if err == nil || !errors.Is(err, errPortTaken) || !strings.Contains(err.Error(), "127.0.0.1:"+strconv.Itoa(taken)) {
		t.Fatalf("err=%v, want one naming the taken port", err)
	}
	if tries != startAttempts {
		t.Errorf("tried %d times, want %d", tries, startAttempts)
	}
}

// Emulators started at once each get their own port and directory (run with -race).
func TestConcurrentStarts(t *testing.T) {
	const n = 4
	var wg sync.WaitGroup
	emulators := make([]*Emulator, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { emulators[i], errs[i] = Start(context.Background(), Options{}) })
	}
	wg.Wait()
	endpoints, dirs := map[string]bool{}, map[string]bool{}
	for i, e := range emulators {
		if errs[i] != nil {
			t.Errorf("start %d: %v", i, errs[i])
			continue
		}
		defer e.Close()
		if endpoints[e.Endpoint] || dirs[e.dataDir] {
			t.Errorf("emulator %d shares %s or %s", i, e.Endpoint, e.dataDir)
		}
		endpoints[e.Endpoint], dirs[e.dataDir] = true, true
		if !healthy(e.Endpoint) {
			t.Errorf("%s/health not OK", e.Endpoint)
		}
	}
}

// Close from several goroutines at once, with the context ending too: every call returns with the
// process ended and the directory gone (run with -race); later calls do nothing.
func TestCloseIsIdempotent(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	e, err := Start(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if err := e.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			select {
			case <-e.exited:
			default:
				t.Error("Close returned before the process ended")
			}
			if _, err := os.Stat(e.dataDir); !os.IsNotExist(err) {
				t.Errorf("Close returned before %s was removed: %v", e.dataDir, err)
			}
		})
	}
	cancel()
	wg.Wait()
	if err := e.Close(); err != nil {
		t.Errorf("Close after Close: %v", err)
	}
}

// An emulator that ended on its own (killed from outside) still closes cleanly.
func TestCloseAfterTheProcessDied(t *testing.T) {
	e, err := Start(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-e.exited
	done := make(chan struct{})
	go func() { e.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Close hangs on a process that already ended")
	}
	if _, err := os.Stat(e.dataDir); !os.IsNotExist(err) {
		t.Errorf("data dir %s not removed: %v", e.dataDir, err)
	}
}
