package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"syscall"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/clickops/cognito-pool/adopt"
	"github.com/clickops/cognito-pool/emulator"
	"github.com/clickops/cognito-pool/internal/poolid"
	"github.com/clickops/cognito-pool/internal/stackconfig"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// stackNameRE is a Pulumi stack name: letters, digits, -, _ and . (also safe in a file name).
var stackNameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)

// adoptMain is `go run . adopt`: read a live pool and write the stack file that adopts it. It
// returns the exit code: 0 ok, 1 failure, 2 bad usage.
func adoptMain(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return exitCode("adopt", runAdopt(ctx, args, ".", os.Stdout, os.Stderr), os.Stderr)
}

// runAdopt reads the pool, turns it into config, checks that config as `make test` and the
// program would (Pulumi.yaml's schema, config.go, the component's rules), and only then writes
// Pulumi.<stack>.yaml and adopt-<stack>.md into dir.
func runAdopt(ctx context.Context, args []string, dir string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("adopt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		pool     = fs.String("pool-id", "", "`id` of the live pool to adopt (required)")
		client   = fs.String("client-id", "", "`id` of the client to adopt (needed when the pool has several)")
		stack    = fs.String("stack", "adopted", "write Pulumi.<`stack`>.yaml")
		region   = fs.String("region", "", "AWS `region` to read from, with the default credentials (default: the pool id's region)")
		endpoint = fs.String("endpoint", "", "read from this Cognito-compatible `URL` (cognito-local) instead of AWS")
		force    = fs.Bool("force", false, "overwrite an existing stack file")
	)
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	switch {
	case fs.NArg() > 0:
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	case *pool == "":
		return usageError{errors.New("-pool-id is required")}
	case *region != "" && *endpoint != "":
		return usageError{errors.New("-region and -endpoint exclude each other")}
	}
	if err := poolid.Check(*pool); err != nil {
		return usageError{fmt.Errorf("-pool-id %q: %w", *pool, err)}
	}
	if *endpoint != "" {
		if u, err := url.Parse(*endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError{fmt.Errorf("-endpoint %q is not an http(s) URL", *endpoint)}
		}
	}
	if !stackNameRE.MatchString(*stack) {
		return usageError{fmt.Errorf("-stack %q is not a stack name (letters, digits, -, _, .)", *stack)}
	}
	proj, err := stackconfig.LoadProject(dir)
	if err != nil {
		return err
	}
	stackFile := filepath.Join(dir, "Pulumi."+*stack+".yaml")
	reportFile := filepath.Join(dir, "adopt-"+*stack+".md")
	if _, err := os.Stat(stackFile); err == nil && !*force {
		return fmt.Errorf("%s exists: adopt never overwrites a stack file without -force", stackFile)
	}

	var c *cip.Client
	if *endpoint != "" {
		c = emulator.NewClient(*endpoint, poolid.Region(*pool))
	} else {
		r := *region
		if r == "" {
			r = poolid.Region(*pool)
		}
		cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(r))
		if err != nil {
			return fmt.Errorf("AWS credentials: %w", err)
		}
		c = cip.NewFromConfig(cfg)
	}
	live, err := adopt.Read(ctx, c, *pool, *client)
	if err != nil {
		return err
	}
	res, err := adopt.Convert(live)
	if err != nil {
		return err
	}
	if *region != "" {
		res.Region = *region
	}
	name := proj.Name.String()
	header := fmt.Sprintf("Written by `go run . adopt -pool-id %s`: the first `pulumi up` of this stack imports the pool\nand its client (no create, no replace); %s says what it can't carry and how to harden.", *pool, filepath.Base(reportFile))
	data := res.YAML(name, header)
	if err := checkAdopted(proj, data, res.Values(), name); err != nil {
		return fmt.Errorf("the config read from pool %s is not valid for this project: %w", *pool, err)
	}

	if err := writeAtomic(stackFile, data); err != nil {
		return err
	}
	if err := writeAtomic(reportFile, []byte(res.Markdown(*pool, filepath.Base(stackFile)))); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s", res.Text())
	fmt.Fprintf(stdout, "wrote %s and %s\n", stackFile, reportFile)
	return nil
}

// checkAdopted checks the stack file against Pulumi.yaml's typed schema and the config against
// config.go and the component's rules, before anything is written.
func checkAdopted(proj *workspace.Project, data []byte, values map[string]string, project string) error {
	tmp, err := os.CreateTemp("", "Pulumi.adopt-*.yaml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	ps, err := workspace.LoadProjectStack(nil, proj, tmp.Name())
	if err != nil {
		return err
	}
	if _, err := stackconfig.Resolve(proj, ps, "the adopted stack file"); err != nil {
		return err
	}
	args, _, err := readConfig(project, func(k string) (string, bool) {
		v, ok := values[k]
		return v, ok
	})
	if err != nil {
		return err
	}
	return args.Validate()
}

// writeAtomic writes data to path through a temporary file in the same directory, so a failure
// leaves no half-written file.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
