package emulator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Every start gets a fresh data directory, os.TempDir()/cognito-local-*, holding ownerFile: the pid
// and host name of the process that started it. Close removes the directory; a run killed before
// Close (SIGKILL, a closed terminal) leaves it behind, and the next Start removes it.
const (
	dataDirPrefix = "cognito-local-"
	ownerFile     = "owner"
)

// newDataDir makes a data directory and records this process as its owner. The owner file is
// written whole (a rename) so that a sweep running at the same time never reads half a pid.
func newDataDir() (string, error) {
	dir, err := os.MkdirTemp("", dataDirPrefix)
	if err != nil {
		return "", err
	}
	host, _ := os.Hostname()
	tmp := filepath.Join(dir, ownerFile+".tmp")
	err = os.WriteFile(tmp, fmt.Appendf(nil, "%d %s\n", os.Getpid(), host), 0o644)
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, ownerFile))
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// removeStaleDataDirs removes the data directories in tmp whose owner is gone. Best effort: a
// directory that can't be read or removed is left alone.
func removeStaleDataDirs(tmp string) {
	dirs, _ := filepath.Glob(filepath.Join(tmp, dataDirPrefix+"*"))
	for _, dir := range dirs {
		if stale(dir) {
			os.RemoveAll(dir)
		}
	}
}

// stale reports whether dir is a data directory of this user whose owner process has ended. Any
// doubt keeps it: not a plain directory (a symlink, a file), another user's, no owner file (an
// older version's, or one being made right now), an owner on another host (a container sharing
// /tmp: its pids aren't ours), or an owner pid that is alive. A reused pid keeps a stale
// directory; it never makes a live one look stale.
func stale(dir string) bool {
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() {
		return false
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); !ok || int(st.Uid) != os.Getuid() {
		return false
	}
	data, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil {
		return false
	}
	pidText, owner, _ := strings.Cut(strings.TrimSpace(string(data)), " ")
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 {
		return false
	}
	if host, _ := os.Hostname(); owner != host {
		return false
	}
	return !alive(pid)
}

// alive reports whether a process with this pid exists: signal 0 checks without sending anything,
// and EPERM means it exists but isn't ours to signal.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
