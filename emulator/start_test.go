package emulator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
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
	if err == nil || !strings.Contains(err.Error(), "no answer") || !strings.Contains(err.Error(), "still starting") {
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
