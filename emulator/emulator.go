// Package emulator runs cognito-local (pinned in package.json, installed with `npm ci`) as a child
// process on a free loopback port, and deploys a Pulumi program into it (deploy.go), so the whole
// sign-up → sign-in journey runs without an AWS account.
package emulator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// DefaultCode is the confirmation code cognito-local sends for every sign-up and password reset.
const DefaultCode = "424242"

// InstallHint is the command that installs the pinned emulator.
const InstallHint = "make emulator-deps (or: cd emulator && npm ci)"

// Options configure Start. The zero value works from anywhere inside the repository.
type Options struct {
	// Dir holds package.json and node_modules; default: the emulator/ folder of this repository.
	Dir string
	// Code is the fixed confirmation code; default DefaultCode.
	Code string
	// Log, if set, also receives the emulator's output. Its last 32 KiB are kept in memory either
	// way, and shown if it fails to start.
	Log io.Writer
	// StartTimeout bounds the start-up, all port attempts together; default 20s.
	StartTimeout time.Duration

	// pickPort chooses each attempt's port; default freePort. Tests hand out a taken one.
	pickPort func() (int, error)
}

// Emulator is a running cognito-local. The caller should call Close.
type Emulator struct {
	// Endpoint is the Cognito API endpoint, e.g. http://127.0.0.1:43121.
	Endpoint string
	// Code is the confirmation code it sends.
	Code string

	cmd       *exec.Cmd
	dataDir   string
	exited    chan struct{}
	closeOnce sync.Once
	log       *logBuffer
}

// Start launches cognito-local on a free loopback port in a fresh temporary data directory and
// waits until it is ready: it says it listens, and /health answers. A port another process takes
// before node binds it is replaced by a new one. Data directories of earlier runs that were killed
// before Close are removed first. The process is stopped when ctx ends or Close is called,
// whichever comes first.
func Start(ctx context.Context, opts Options) (*Emulator, error) {
	if opts.Code == "" {
		opts.Code = DefaultCode
	}
	if opts.StartTimeout == 0 {
		opts.StartTimeout = 20 * time.Second
	}
	if opts.Dir == "" {
		dir, err := defaultDir()
		if err != nil {
			return nil, err
		}
		opts.Dir = dir
	}
	nodePath, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("emulator: node not found on PATH: install Node.js (Debian 12's will do: apt-get install nodejs npm), then " + InstallHint)
	}
	bin := filepath.Join(opts.Dir, "node_modules", ".bin", "cognito-local")
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("emulator: cognito-local is not installed in %s: run %s", opts.Dir, InstallHint)
	}
	if err := checkNode(ctx, nodePath, opts.Dir); err != nil {
		return nil, err
	}
	removeStaleDataDirs(os.TempDir())
	pickPort := opts.pickPort
	if pickPort == nil {
		pickPort = freePort
	}
	deadline := time.Now().Add(opts.StartTimeout)
	for attempt := 1; ; attempt++ {
		port, err := pickPort()
		if err != nil {
			return nil, fmt.Errorf("emulator: find a free port: %w", err)
		}
		e, err := launch(ctx, bin, port, opts, deadline)
		if !errors.Is(err, errPortTaken) {
			return e, err
		}
		if attempt == startAttempts {
			return nil, fmt.Errorf("emulator: gave up after %d ports: %w", startAttempts, err)
		}
	}
}

// startAttempts bounds how many ports Start tries. freePort's port is free when it is picked, but
// another process (a parallel test package, another emulator) may bind it before node does.
const startAttempts = 5

// errPortTaken is the start-up failure that another port cures.
var errPortTaken = errors.New("taken before cognito-local could bind it")

// launch starts cognito-local on port in a fresh data directory and waits until it is ready.
func launch(ctx context.Context, bin string, port int, opts Options, deadline time.Time) (*Emulator, error) {
	dataDir, err := newDataDir()
	if err != nil {
		return nil, fmt.Errorf("emulator: data directory: %w", err)
	}
	e := &Emulator{
		Endpoint: "http://127.0.0.1:" + strconv.Itoa(port),
		Code:     opts.Code,
		dataDir:  dataDir,
		exited:   make(chan struct{}),
		log:      &logBuffer{},
	}
	cmd := exec.Command(bin)
	cmd.Dir = dataDir
	cmd.Env = append(os.Environ(), "HOST=127.0.0.1", "PORT="+strconv.Itoa(port), "CODE="+opts.Code, "DEBUG=")
	var out io.Writer = e.log
	if opts.Log != nil {
		out = io.MultiWriter(out, opts.Log)
	}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dataDir)
		return nil, fmt.Errorf("emulator: start %s: %w", bin, err)
	}
	e.cmd = cmd
	go func() {
		_ = cmd.Wait()
		close(e.exited)
	}()
	go func() {
		select {
		case <-ctx.Done():
			e.Close()
		case <-e.exited:
		}
	}()

	if err := e.waitReady(ctx, deadline, opts.StartTimeout); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// waitReady waits for the line cognito-local prints once it listens ("Cognito Local running on
// http://127.0.0.1:PORT", lib/bin/start.js), then for /health. Only the process that bound the port
// prints that line: /health alone would also accept whatever else took the port first.
func (e *Emulator) waitReady(ctx context.Context, deadline time.Time, timeout time.Duration) error {
	addr := strings.TrimPrefix(e.Endpoint, "http://")
	client := &http.Client{Timeout: time.Second}
	for {
		if e.log.contains("Cognito Local running on "+e.Endpoint) && e.healthy(ctx, client) {
			return nil
		}
		select {
		case <-e.exited:
			// Node's message when another process has the port (net.Server listen).
			if e.log.contains("EADDRINUSE: address already in use " + addr) {
				return fmt.Errorf("emulator: port %s %w", addr, errPortTaken)
			}
			return fmt.Errorf("emulator: cognito-local exited during start-up:\n%s", e.log.String())
		case <-ctx.Done():
			return fmt.Errorf("emulator: start-up: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("emulator: no answer from cognito-local on %s within %s:\n%s", e.Endpoint, timeout, e.log.String())
		}
	}
}

// DataDir is cognito-local's working directory: its pools and users are in .cognito/db/ under it.
// It is removed by Close.
func (e *Emulator) DataDir() string { return e.dataDir }

func (e *Emulator) healthy(ctx context.Context, client *http.Client) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.Endpoint+"/health", nil)
	if err != nil {
		return false
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Close stops the process group (SIGTERM, then SIGKILL after 3s) and removes the data directory.
// It is safe to call more than once, from several goroutines, and after the process has ended on
// its own; every call returns once the process has ended and the directory is gone.
func (e *Emulator) Close() error {
	e.closeOnce.Do(func() {
		select {
		case <-e.exited:
			// Ended on its own: its pid, and so the group id, may already be another's.
		default:
			pid := e.cmd.Process.Pid
			_ = syscall.Kill(-pid, syscall.SIGTERM)
			select {
			case <-e.exited:
			case <-time.After(3 * time.Second):
				_ = syscall.Kill(-pid, syscall.SIGKILL)
				<-e.exited
			}
		}
		os.RemoveAll(e.dataDir)
	})
	return nil
}

// Client returns a Cognito API client for the emulator (NewClient).
func (e *Emulator) Client() *cip.Client { return NewClient(e.Endpoint, "local") }

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// defaultDir finds the emulator/ folder from the working directory up to the module root.
func defaultDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "emulator"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("emulator: no go.mod above the working directory; set Options.Dir")
		}
		dir = parent
	}
}

// logKept bounds the output kept for error messages: the last 32 KiB, where a failed start-up's
// stack trace is, and never a long session's worth of request lines.
const logKept = 32 << 10

// logBuffer keeps the tail of the emulator's output. exec's copying goroutine writes it while Start
// may read it for an error message, so both go through the lock.
type logBuffer struct {
	mu      sync.Mutex
	buf     []byte
	dropped bool
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > 2*logKept {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-logKept:]...)
		b.dropped = true
	}
	return len(p), nil
}

func (b *logBuffer) contains(s string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Contains(b.buf, []byte(s))
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	tail, dropped := b.buf, b.dropped
	if len(tail) > logKept {
		tail, dropped = tail[len(tail)-logKept:], true
	}
	if dropped {
		return "[earlier output dropped]\n" + string(tail)
	}
	return string(tail)
}
