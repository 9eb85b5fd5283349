package emulator

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// deadPid returns the pid of a process that has ended and been reaped.
func deadPid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// livePid returns the pid of a process that runs until the test ends.
func livePid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("sleep", "600")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd.Process.Pid
}

func TestRemoveStaleDataDirs(t *testing.T) {
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	owner := func(pid int) string { return fmt.Sprintf("%d %s\n", pid, host) }
	type entry struct {
		name, owner string
		file        bool   // a file, not a directory
		linkTo      string // a symlink to this directory (made with owner) instead
		chown       bool   // owned by another user (needs root)
	}
	cases := []struct {
		name      string
		entry     entry
		wantGone  bool
		needsRoot bool
	}{
		{"owner ended", entry{name: "cognito-local-1", owner: owner(deadPid(t))}, true, false},
		{"owner is this process", entry{name: "cognito-local-2", owner: owner(os.Getpid())}, false, false},
		{"owner is another live process", entry{name: "cognito-local-3", owner: owner(livePid(t))}, false, false},
		{"no owner file (older version, or being made)", entry{name: "cognito-local-4"}, false, false},
		{"owner file unreadable as a pid", entry{name: "cognito-local-5", owner: "12ab " + host}, false, false},
		{"owner on another host", entry{name: "cognito-local-6", owner: fmt.Sprintf("%d elsewhere\n", deadPid(t))}, false, false},
		{"a file, not a directory", entry{name: "cognito-local-7", file: true}, false, false},
		{"a symlink to a stale directory", entry{name: "cognito-local-8", owner: owner(deadPid(t)), linkTo: "target-8"}, false, false},
		{"another name", entry{name: "other-9", owner: owner(deadPid(t))}, false, false},
		{"another user's", entry{name: "cognito-local-10", owner: owner(deadPid(t)), chown: true}, false, true},
	}
	tmp := t.TempDir()
	for _, tc := range cases {
		if tc.needsRoot && os.Getuid() != 0 {
			continue
		}
		path := filepath.Join(tmp, tc.entry.name)
		dir := path
		if tc.entry.linkTo != "" {
			dir = filepath.Join(tmp, tc.entry.linkTo)
		}
		switch {
		case tc.entry.file:
			err = os.WriteFile(path, nil, 0o644)
		default:
			err = os.Mkdir(dir, 0o755)
		}
		if err != nil {
			t.Fatal(err)
		}
		if tc.entry.owner != "" {
			if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(tc.entry.owner), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if tc.entry.linkTo != "" {
			if err := os.Symlink(dir, path); err != nil {
				t.Fatal(err)
			}
		}
		if tc.entry.chown {
			if err := os.Chown(dir, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}
	}

	removeStaleDataDirs(tmp)

	for _, tc := range cases {
		if tc.needsRoot && os.Getuid() != 0 {
			t.Logf("%s: not checked (needs root to chown)", tc.name)
			continue
		}
		_, err := os.Lstat(filepath.Join(tmp, tc.entry.name))
		if gone := os.IsNotExist(err); gone != tc.wantGone {
			t.Errorf("%s: removed=%v, want %v (%v)", tc.name, gone, tc.wantGone, err)
		}
		if tc.entry.linkTo != "" {
			if _, err := os.Stat(filepath.Join(tmp, tc.entry.linkTo, ownerFile)); err != nil {
				t.Errorf("%s: the symlink's target was touched: %v", tc.name, err)
			}
		}
	}
}

func TestNewDataDirRecordsItsOwner(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir, err := newDataDir()
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	data, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if want := fmt.Sprintf("%d %s\n", os.Getpid(), host); err != nil || string(data) != want {
		t.Fatalf("owner file=%q, %v, want %q", data, err, want)
	}
	if !strings.HasPrefix(filepath.Base(dir), dataDirPrefix) || filepath.Dir(dir) != os.TempDir() {
		t.Errorf("data dir %s, want %s in %s", dir, dataDirPrefix+"*", os.TempDir())
	}
	removeStaleDataDirs(os.TempDir())
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("a live process's data dir was removed: %v", err)
	}
}

// killedRunEnv marks the helper process of TestKilledRunIsCleanedUp.
const killedRunEnv = "EMULATOR_TEST_KILLED_RUN"

// TestKilledRunHelper is the run that gets killed: it starts an emulator, says so, and waits.
func TestKilledRunHelper(t *testing.T) {
	if os.Getenv(killedRunEnv) == "" {
		t.Skip("the helper process of TestKilledRunIsCleanedUp")
	}
	e, err := Start(context.Background(), Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("started", e.cmd.Process.Pid, e.dataDir)
	time.Sleep(10 * time.Minute)
}

// liveInGroup lists the processes of a process group that are still running (zombies excluded):
// /proc/<pid>/stat fields after the command are state, ppid, pgrp.
func liveInGroup(t *testing.T, pgid int) []string {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var live []string
	for _, stat := range stats {
		data, err := os.ReadFile(stat)
		if err != nil {
			continue // ended meanwhile
		}
		s := string(data)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 2 && f[2] == strconv.Itoa(pgid) && f[0] != "Z" {
			live = append(live, s)
		}
	}
	return live
}

// A run killed with SIGKILL (no Close) takes cognito-local's process group with it, leaves its data
// directory, and the next Start removes that directory but never a live run's.
func TestKilledRunIsCleanedUp(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the kernel ends node with its parent (Pdeathsig) on Linux only")
	}
	t.Setenv("TMPDIR", t.TempDir())
	helper := exec.Command(os.Args[0], "-test.run=^TestKilledRunHelper$", "-test.count=1")
	helper.Env = append(os.Environ(), killedRunEnv+"=1")
	helper.Stderr = os.Stderr
	out, err := helper.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	defer helper.Process.Kill()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var nodePid int
	var dataDir string
	for nodePid == 0 {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("the helper ended without starting an emulator")
			}
			if _, err := fmt.Sscanf(line, "started %d %s", &nodePid, &dataDir); err != nil && strings.HasPrefix(line, "error:") {
				t.Fatal(line)
			}
		case <-time.After(60 * time.Second):
			t.Fatal("the helper did not start an emulator in 60s")
		}
	}

	if err := helper.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	helper.Wait()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		live := liveInGroup(t, nodePid)
		if len(live) == 0 {
			break
		}
		if time.Now().After(deadline) {
			syscall.Kill(-nodePid, syscall.SIGKILL)
			t.Fatalf("cognito-local's process group outlived its parent by 5s: %q", live)
		}
	}
	if _, err := os.Stat(filepath.Join(dataDir, ownerFile)); err != nil {
		t.Fatalf("the killed run's data dir: %v (want it left behind for the next Start)", err)
	}

	live := startEmulator(t)
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("the killed run's data dir %s survived the next Start: %v", dataDir, err)
	}
	next := startEmulator(t)
	if _, err := os.Stat(live.dataDir); err != nil || !healthy(live.Endpoint) {
		t.Errorf("a later Start broke a live run: dir %v, healthy %v", err, healthy(live.Endpoint))
	}
	if next.dataDir == live.dataDir {
		t.Errorf("two runs share %s", live.dataDir)
	}
}
