// Command smoketest runs the user journey against a deployed pool: sign up a unique user, confirm
// it, sign in, verify the access and ID tokens with cognitojwt, call a protected handler, change
// the handle, refresh, reset the password, sign out everywhere, and delete the user — always, after
// a failure or Ctrl-C too. What the endpoint can't do is reported as SKIP with the reason.
//
//	go build -o bin/ ./smoketest
//	pulumi stack output --json | bin/smoketest -outputs -
//
// Exit status: 0 every step passed or skipped (or -h), 1 a step failed, 2 bad usage or bad input,
// before any request. Under `go run` these show as "exit status N" and go run itself exits 1.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// Errors run returns, mapped to exit codes by exitCode.
var (
	errUsage  = errors.New("usage")
	errFailed = errors.New("smoke test failed")
)

func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errFailed):
		return 1
	default:
		for _, line := range strings.Split(err.Error(), "\n") { // errors.Join: one problem a line
			fmt.Fprintln(stderr, "smoketest:", line)
		}
		return 2
	}
}
