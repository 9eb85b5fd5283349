// Command appconfig writes the apps' settings from the stack outputs after a deploy:
//
//	pulumi stack output --json | go run ./cmd/appconfig -dotenv web/.env -backend-env backend.env -amplify web/amplify_outputs.json
//
// Without a file flag it prints all three. Exit status: 0 written, 2 bad usage or outputs.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/clickops/cognito-pool/appconfig"
	"github.com/clickops/cognito-pool/internal/cliio"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("appconfig", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		outputs = fs.String("outputs", "-", "`FILE` with the JSON of `pulumi stack output --json` (- = stdin)")
		dotenv  = fs.String("dotenv", "", "write the React front end's .env to `FILE`")
		backend = fs.String("backend-env", "", "write the backend's environment to `FILE`")
		amplify = fs.String("amplify", "", "write amplify_outputs.json to `FILE`")
	)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "appconfig:", err)
		return 2
	}
	data, err := cliio.ReadInput(*outputs, stdin)
	if err != nil {
		return fail(err)
	}
	s, err := appconfig.FromOutputs(data)
	if err != nil {
		return fail(err)
	}
	amp, err := s.AmplifyOutputs()
	if err != nil {
		return fail(err)
	}
	files := []struct {
		path, what string
		data       []byte
	}{
		{*dotenv, "front end .env", []byte(s.DotEnv())},
		{*backend, "backend environment", []byte(s.BackendEnv())},
		{*amplify, "amplify_outputs.json", amp},
	}
	wrote := false
	for _, f := range files {
		if f.path == "" {
			continue
		}
		if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "wrote %s: %s\n", f.what, f.path)
		wrote = true
	}
	if !wrote {
		for _, f := range files {
			fmt.Fprintf(stdout, "# %s\n%s\n", f.what, f.data)
		}
	}
	return 0
}
