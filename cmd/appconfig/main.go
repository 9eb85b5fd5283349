// Command appconfig writes the apps' settings from the stack outputs after a deploy:
//
//	go build -o bin/ ./cmd/appconfig
//	pulumi stack output --json | bin/appconfig -dotenv web/.env -backend-env backend.env -amplify web/amplify_outputs.json
//
// Without a file flag it prints all three. Every output path is checked before the outputs are
// read, and the files are written all-or-nothing (a temporary file beside each, renamed over it
// when all are written). Exit status: 0 written or printed (or -h), 1 writing failed (nothing
// left behind), 2 bad usage, unreadable or bad outputs, or an output path that can't be used.
// Under `go run` these show as "exit status N" and go run itself exits 1.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

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
	// fail prints err one problem a line, each naming what it is about.
	fail := func(code int, err error) int {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(stderr, "appconfig:", line)
		}
		return code
	}
	if err := cliio.NoArgs(fs); err != nil {
		return fail(2, err)
	}
	files := []cliio.OutFile{
		{Flag: "-dotenv", Path: *dotenv},
		{Flag: "-backend-env", Path: *backend},
		{Flag: "-amplify", Path: *amplify},
	}
	if err := cliio.CheckPaths(files); err != nil {
		return fail(2, err)
	}
	if *outputs == "-" {
		cliio.HintIfTerminal(stdin, stderr, "appconfig: reading the stack outputs from stdin (a terminal): pipe in `pulumi stack output --json`, or pass -outputs FILE; Ctrl-D ends the input")
	}
	data, err := cliio.ReadInput(*outputs, stdin, appconfig.MaxOutputsSize)
	if err != nil {
		return fail(2, fmt.Errorf("-outputs: %w", err))
	}
	s, err := appconfig.FromOutputs(data)
	if err != nil {
		return fail(2, cliio.InFile(cliio.Name(*outputs), err))
	}
	amp, err := s.AmplifyOutputs()
	if err != nil {
		return fail(1, err)
	}
	files[0].Data, files[1].Data, files[2].Data = []byte(s.DotEnv()), []byte(s.BackendEnv()), amp
	what := []string{"front end .env", "backend environment", "amplify_outputs.json"}
	if *dotenv == "" && *backend == "" && *amplify == "" {
		for i, f := range files {
			fmt.Fprintf(stdout, "# %s\n%s\n", what[i], f.Data)
		}
		return 0
	}
	if err := cliio.WriteFiles(files, 0o644); err != nil {
		return fail(1, err)
	}
	for i, f := range files {
		if f.Path != "" {
			fmt.Fprintf(stdout, "wrote %s: %s\n", what[i], f.Path)
		}
	}
	return 0
}
