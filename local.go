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
	"syscall"
	"time"

	"github.com/clickops/cognito-pool/appconfig"
	"github.com/clickops/cognito-pool/emulator"
	"github.com/clickops/cognito-pool/internal/stackconfig"
	"github.com/clickops/cognito-pool/localdeploy"
)

// localMain is `go run . local`: the program deployed into cognito-local instead of AWS, with the
// smoke test run against it. It returns the exit code: 0 ok, 1 failure, 2 bad usage.
func localMain(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := runLocal(ctx, args, os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	default:
		fmt.Fprintln(os.Stderr, "local:", err)
		var usage usageError
		if errors.As(err, &usage) {
			return 2
		}
		return 1
	}
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
		outputs   = fs.String("outputs", filepath.Join(".local", "outputs.json"), "where to write the stack outputs")
		serve     = fs.Bool("serve", false, "keep the emulator and pool up until Ctrl-C (front-end work)")
		skipSmoke = fs.Bool("no-smoke", false, "deploy and print only, no smoke test")
		endpoint  = fs.String("endpoint", "", "deploy into this already running Cognito-compatible `URL` (cognito-local, LocalStack) instead of starting cognito-local")
	)
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	start := time.Now()
	proj, cfg, err := stackconfig.Load(".", *stack)
	if err != nil {
		return usageError{err}
	}

	target, code := *endpoint, ""
	if target == "" {
		emu, err := emulator.Start(ctx, emulator.Options{})
		if err != nil {
			return err
		}
		defer emu.Close()
		target, code = emu.Endpoint, emu.Code
		fmt.Fprintf(stdout, "cognito-local %s (confirmation code %s)\n", emu.Endpoint, emu.Code)
	} else {
		if u, err := url.Parse(target); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError{fmt.Errorf("-endpoint %q is not an http(s) URL", target)}
		}
		fmt.Fprintf(stdout, "deploying into %s\n", target)
	}
	started := time.Now()

	region := cfg["aws:region"]
	if region == "" {
		region = "local"
	}
	dep, err := localdeploy.Deploy(ctx, emulator.NewClient(target, region), target, proj.Name.String(), *stack, cfg, declare)
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
	if err := os.MkdirAll(filepath.Dir(*outputs), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(*outputs, append(data, '\n'), 0o644); err != nil {
		return err
	}

	if !*skipSmoke {
		cmdArgs := []string{"-outputs", *outputs, "-endpoint", target, "-auth-flow", "password"}
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
		fmt.Fprintf(stdout, "\nThe pool is served at %s; Ctrl-C stops it.\n", target)
		<-ctx.Done()
	}
	return nil
}
