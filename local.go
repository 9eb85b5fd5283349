package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/clickops/cognito-pool/appconfig"
	"github.com/clickops/cognito-pool/cognitoproxy"
	"github.com/clickops/cognito-pool/emulator"
	"github.com/clickops/cognito-pool/internal/cliio"
	"github.com/clickops/cognito-pool/internal/stackconfig"
	"github.com/clickops/cognito-pool/localdeploy"
)

// localMain is `go run . local`: the program deployed into cognito-local instead of AWS, with the
// smoke test run against it. It returns the exit code: 0 ok, 1 failure, 2 bad usage.
func localMain(args []string) int {
	// A closed terminal (SIGHUP) stops a local-serve session like Ctrl-C: the emulator and its
	// temporary directory go with it.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return exitCode("local", runLocal(ctx, args, os.Stdout, os.Stderr), os.Stderr)
}

// exitCode reports err on stderr, one line a problem each naming the command, and gives the
// exit code: 0 ok (or -h), 2 bad usage or input (usageError), 1 anything else.
func exitCode(command string, err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	for _, line := range strings.Split(strings.TrimSpace(err.Error()), "\n") {
		fmt.Fprintln(stderr, command+":", line)
	}
	var usage usageError
	if errors.As(err, &usage) {
		return 2
	}
	return 1
}

// usageError marks bad flags or stack config: exit 2.
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

// runLocal starts the emulator, deploys the stack's config of this very program into it, runs the
// smoke test binary against it, prints the outputs and app settings, and stops the emulator
// (after Ctrl-C with -serve).
func runLocal(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		stack     = fs.String("stack", "dev", "stack whose Pulumi.<stack>.yaml config is deployed")
		smoke     = fs.String("smoketest", "", "smoke test `binary` (default: go run ./smoketest)")
		outputs   = fs.String("outputs", "", "where to write the stack outputs (default .local/<stack>/outputs.json)")
		serve     = fs.Bool("serve", false, "keep the emulator and pool up until Ctrl-C (front-end work)")
		skipSmoke = fs.Bool("no-smoke", false, "deploy and print only, no smoke test")
		endpoint  = fs.String("endpoint", "", "deploy into this already running Cognito-compatible `URL` (cognito-local, LocalStack) instead of starting cognito-local")
	)
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if err := cliio.NoArgs(fs); err != nil {
		return usageError{err}
	}
	start := time.Now()
	// Everything that can be refused is checked before anything starts or is written: the
	// flags, the stack file, and every request the deploy would send (localdeploy.Plan).
	if *outputs == "" {
		*outputs = filepath.Join(".local", *stack, "outputs.json")
	}
	if fi, err := os.Stat(*outputs); err == nil && fi.IsDir() {
		return usageError{fmt.Errorf("-outputs %q is a directory, want a file path", *outputs)}
	}
	if *smoke != "" && !*skipSmoke {
		if _, err := exec.LookPath(*smoke); err != nil {
			return usageError{fmt.Errorf("-smoketest %q: %w", *smoke, err)}
		}
	}
	if *endpoint != "" {
		if u, err := url.Parse(*endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError{fmt.Errorf("-endpoint %q is not an http(s) URL", *endpoint)}
		}
	}
	proj, cfg, err := stackconfig.Load(".", *stack)
	if err != nil {
		return usageError{err}
	}
	if _, err := localdeploy.Plan(ctx, proj.Name.String(), *stack, cfg, declare); err != nil {
		return usageError{err}
	}
	if err := os.MkdirAll(filepath.Dir(*outputs), 0o755); err != nil {
		return usageError{fmt.Errorf("-outputs %q: %w", *outputs, err)}
	}
	unlock, err := lockOutputs(*outputs)
	if err != nil {
		return err
	}
	defer unlock()

	// target is where the API calls go; tokens name issuerBase (cognito-local's own address) as
	// their issuer's host. Started here, cognito-local gets the AWS-like front (cognitoproxy):
	// SRP, refresh with GetTokensFromRefreshToken, sign-out and the rules cognito-local skips.
	target, issuerBase, code, flow := *endpoint, *endpoint, "", "password"
	if target == "" {
		emu, err := emulator.Start(ctx, emulator.Options{})
		if err != nil {
			return err
		}
		defer emu.Close()
		px, err := cognitoproxy.New(cognitoproxy.Options{Backend: emu.Endpoint, DataDir: emu.DataDir()})
		if err != nil {
			return err
		}
		if err := px.Start(ctx); err != nil {
			return err
		}
		defer px.Close()
		target, issuerBase, code, flow = px.Endpoint, emu.Endpoint, emu.Code, "srp"
		fmt.Fprintf(stdout, "Cognito endpoint %s (cognitoproxy in front of cognito-local %s; confirmation code %s)\n", px.Endpoint, emu.Endpoint, emu.Code)
	} else {
		fmt.Fprintf(stdout, "deploying into %s\n", target)
	}
	started := time.Now()

	region := cfg["aws:region"]
	if region == "" {
		region = "local"
	}
	dep, err := localdeploy.Deploy(ctx, emulator.NewClient(target, region), issuerBase, proj.Name.String(), *stack, cfg, declare)
	if err != nil {
		return err
	}
	deployed := time.Now()
	for _, r := range dep.Resources {
		if r.NotSent != "" {
			fmt.Fprintf(stdout, "%s %s (%s): %s\n", r.Type, r.Name, r.ID, r.NotSent)
			continue
		}
		fmt.Fprintf(stdout, "created %s %s (%s)\n", r.Type, r.Name, r.ID)
	}
	data, err := json.MarshalIndent(dep.Outputs, "", "  ")
	if err != nil {
		return err
	}
	if err := cliio.WriteFiles([]cliio.OutFile{{Flag: "-outputs", Path: *outputs, Data: append(data, '\n')}}, 0o644); err != nil {
		return err
	}

	if !*skipSmoke {
		cmdArgs := []string{"-outputs", *outputs, "-endpoint", target, "-issuer", dep.Outputs["issuer"].(string), "-auth-flow", flow}
		if code != "" {
			cmdArgs = append(cmdArgs, "-code", code)
		}
		name := *smoke
		if name == "" {
			name, cmdArgs = "go", append([]string{"run", "./smoketest"}, cmdArgs...)
		}
		fmt.Fprintf(stdout, "\n$ %s %q\n", name, cmdArgs)
		cmd := exec.CommandContext(ctx, name, cmdArgs...)
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("smoke test: %w", err)
		}
	}
	smoked := time.Now()

	fmt.Fprintf(stdout, "\nStack outputs (%s):\n%s\n", *outputs, data)
	settings, err := appconfig.FromOutputs(data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nFront end (.env):\n%s\nBackend:\n%s", settings.DotEnv(), settings.BackendEnv())
	fmt.Fprintf(stdout, "\ntimings: start %s, deploy %s, smoke test %s, total %s\n",
		started.Sub(start).Round(time.Millisecond), deployed.Sub(started).Round(time.Millisecond),
		smoked.Sub(deployed).Round(time.Millisecond), time.Since(start).Round(time.Millisecond))

	if *serve {
		fmt.Fprintf(stdout, "\nThe pool is served at %s (the front end's Cognito endpoint); Ctrl-C stops it.\n", target)
		<-ctx.Done()
	}
	return nil
}

// lockOutputs takes the outputs file's lock for the whole run (a -serve session included), so two
// runs never write the same outputs file: the second is refused, naming the first. The caller
// should call the returned function.
func lockOutputs(outputs string) (func(), error) {
	path := outputs + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		return nil, fmt.Errorf("another `local` run (%s) is using %s: wait for it, stop it, or pass -outputs FILE (or -stack)",
			strings.TrimSpace(string(holder)), outputs)
	}
	_ = f.Truncate(0)
	_, _ = fmt.Fprintf(f, "pid %d", os.Getpid())
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close() // the file stays: removing it would let a waiting opener lock a deleted file
	}, nil
}
