// Command previewguard stops a pipeline whose `pulumi preview --json` would replace or delete a
// Cognito user pool (every user lost) or its hosted-UI domain. The text preview shows this as one
// line among many; this exits 1 and names the resource and the properties forcing it.
//
//	pulumi preview --json | go run ./cmd/previewguard
//
// Exit status: 0 nothing guarded is replaced or deleted (or the override is set; or -h), 1 it
// would be, or a guarded resource has a step op previewguard does not know (fail closed), 2 bad
// usage or unreadable input. An unknown op on a type it does not guard is noted on stderr and does
// not block. The override, for an intended replacement, is -allow-replace or
// PREVIEW_GUARD_ALLOW_REPLACE=true; it is logged loudly. Under `go run` a status N shows as
// "exit status N" and go run itself exits 1 (a pipeline step fails either way).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/clickops/cognito-pool/internal/cliio"
)

// MaxPreviewSize caps the preview read: this program's previews are tens of KiB.
const MaxPreviewSize = 64 << 20

// EnvAllow is the environment variable that overrides the guard (a pipeline sets it from a label).
const EnvAllow = "PREVIEW_GUARD_ALLOW_REPLACE"

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

func run(_ context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("previewguard", flag.ContinueOnError)
	fs.SetOutput(stderr)
	preview := fs.String("preview", "-", "`FILE` with the output of `pulumi preview --json` (- = stdin)")
	allow := fs.Bool("allow-replace", false, "let an intended replacement or deletion through (logged loudly); also "+EnvAllow+"=true")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := cliio.NoArgs(fs); err != nil {
		fmt.Fprintln(stderr, "previewguard:", err)
		return 2
	}
	if v := getenv(EnvAllow); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			fmt.Fprintf(stderr, "previewguard: %s=%s is not true or false\n", EnvAllow, cliio.Quote(v))
			return 2
		}
		*allow = *allow || b
	}
	if *preview == "-" {
		cliio.HintIfTerminal(stdin, stderr, "previewguard: reading the preview from stdin (a terminal): pipe in `pulumi preview --json`, or pass -preview FILE; Ctrl-D ends the input")
	}
	data, err := cliio.ReadInput(*preview, stdin, MaxPreviewSize)
	if err != nil {
		fmt.Fprintf(stderr, "previewguard: -preview: %v\n", err)
		return 2
	}
	findings, notes, err := Check(data)
	if err != nil {
		fmt.Fprintf(stderr, "previewguard: %s: %v\n", cliio.Name(*preview), err)
		return 2
	}
	for _, n := range notes {
		fmt.Fprintf(stderr, "previewguard: note: %s\n", n)
	}
	if len(findings) == 0 {
		fmt.Fprintln(stdout, "previewguard: no user pool or user-pool domain is replaced or deleted")
		return 0
	}
	if *allow {
		for _, f := range findings {
			fmt.Fprintf(stderr, "previewguard: WARNING: OVERRIDDEN (-allow-replace / %s): %s\n", EnvAllow, f)
		}
		fmt.Fprintln(stderr, "previewguard: WARNING: the replacement is allowed; a replaced user pool starts with no users")
		return 0
	}
	for _, f := range findings {
		fmt.Fprintf(stderr, "previewguard: BLOCKED: %s\n", f)
	}
	fmt.Fprintf(stderr, "previewguard: a replaced user pool loses every user. If this is intended, re-run with -allow-replace or %s=true.\n", EnvAllow)
	return 1
}
