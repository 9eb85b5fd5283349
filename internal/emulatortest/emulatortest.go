// Package emulatortest starts cognito-local for a test — directly, or as the program's
// `local -serve` session — one helper instead of one per package.
package emulatortest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clickops/cognito-pool/cognitoproxy"
	"github.com/clickops/cognito-pool/emulator"
)

// Start starts cognito-local for one test and stops it at the test's end.
func Start(tb testing.TB) *emulator.Emulator {
	tb.Helper()
	e, err := emulator.Start(context.Background(), emulator.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	return e
}

// StartWithProxy starts cognito-local with cognitoproxy in front of it, as `local` does, for one
// test; now is the proxy's clock (nil: the real time). Both stop at the test's end.
func StartWithProxy(tb testing.TB, now func() time.Time) (*emulator.Emulator, *cognitoproxy.Proxy) {
	tb.Helper()
	emu := Start(tb)
	px, err := cognitoproxy.New(cognitoproxy.Options{Backend: emu.Endpoint, DataDir: emu.DataDir(), Now: now})
	if err != nil {
		tb.Fatal(err)
	}
	if err := px.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { px.Close() })
	return emu, px
}

// Program builds the cognito-pool program in moduleDir (the repository's root, relative to the
// test's package) and returns the binary's path.
func Program(tb testing.TB, moduleDir string) string {
	tb.Helper()
	bin := tb.TempDir()
	build := exec.Command("go", "build", "-o", bin+"/", ".")
	build.Dir = moduleDir
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("build cognito-pool: %v\n%s", err, out)
	}
	return filepath.Join(bin, "cognito-pool")
}

// Session is a running `cognito-pool local -serve -no-smoke`: what a front-end developer starts.
type Session struct {
	// Endpoint is the Cognito endpoint it prints (cognitoproxy in front of cognito-local), Code
	// the confirmation code.
	Endpoint, Code string
	cmd            *exec.Cmd
	stderr         bytes.Buffer
	stopped        bool
}

// servingRE is the line local prints once the emulator and the front run; the pool is deployed
// when "The pool is served at" follows.
var servingRE = regexp.MustCompile(`^Cognito endpoint (\S+) .*confirmation code (\d+)\)`)

// Serve runs program (see Program) as `local -serve -no-smoke args...` in moduleDir and returns
// once the pool is served. It is stopped with Ctrl-C at the test's end unless Stop was called.
func Serve(tb testing.TB, program, moduleDir string, args ...string) *Session {
	tb.Helper()
	s := &Session{cmd: exec.Command(program, append([]string{"local", "-serve", "-no-smoke"}, args...)...)}
	s.cmd.Dir = moduleDir
	s.cmd.Stderr = &s.stderr
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if !s.stopped {
			if err := s.Stop(os.Interrupt); err != nil {
				tb.Errorf("local -serve after Ctrl-C: %v", err)
			}
		}
	})
	kill := time.AfterFunc(2*time.Minute, func() { _ = s.cmd.Process.Kill() })
	lines := bufio.NewScanner(stdout)
	served := false
	for !served && lines.Scan() {
		if m := servingRE.FindStringSubmatch(lines.Text()); m != nil {
			s.Endpoint, s.Code = m[1], m[2]
		}
		served = strings.HasPrefix(lines.Text(), "The pool is served at ")
	}
	kill.Stop()
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if !served || s.Endpoint == "" {
		tb.Fatalf("local -serve did not serve a pool:\n%s", s.stderr.String())
	}
	return s
}

// Pid is the session's process id.
func (s *Session) Pid() int { return s.cmd.Process.Pid }

// Stop sends sig and waits for the session to end; the error is its exit status, with stderr.
func (s *Session) Stop(sig os.Signal) error {
	s.stopped = true
	if err := s.cmd.Process.Signal(sig); err != nil {
		return err
	}
	if err := s.cmd.Wait(); err != nil {
		return fmt.Errorf("%w\n%s", err, s.stderr.String())
	}
	return nil
}
