// Command cognito-pool is the Pulumi program that declares the Cognito user pool and its web app
// client. `pulumi up` runs it; the tests and the local emulator deploy run the same program function.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/clickops/cognito-pool/components"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	// The Pulumi CLI runs the program without arguments, with its engine's address in the
	// environment; `go run . local` deploys it into the emulator instead (local.go).
	if len(os.Args) > 1 && os.Args[1] == "local" {
		os.Exit(localMain(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "adopt" {
		os.Exit(adoptMain(os.Args[2:]))
	}
	if len(os.Args) > 1 || os.Getenv("PULUMI_MONITOR") == "" {
		os.Exit(usage(os.Args[1:], os.Stdout, os.Stderr))
	}
	pulumi.Run(program)
}

const usageText = `cognito-pool declares an Amazon Cognito user pool and its web app client.

  pulumi up                 deploys it to AWS (the Pulumi CLI runs this program)
  go run . local [flags]    deploys it into cognito-local and runs the smoke test (no AWS)
  go run . local -h         the flags of local
  go run . adopt -pool-id ID [flags]
                            writes Pulumi.<stack>.yaml that takes over a pool made by hand

`

// usage answers a run that is neither the Pulumi CLI's nor a known command: -h gets the usage
// and exit 0, anything else the usage on stderr and exit 2.
func usage(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help"):
		fmt.Fprint(stdout, usageText)
		return 0
	case len(args) == 0:
		fmt.Fprint(stderr, "cognito-pool: no Pulumi engine (PULUMI_MONITOR is unset): run it with pulumi up, or a command below\n\n"+usageText)
	case strings.EqualFold(args[0], "local"), strings.EqualFold(args[0], "adopt"):
		fmt.Fprintf(stderr, "cognito-pool: unknown command %q (did you mean %q?)\n\n%s", args[0], strings.ToLower(args[0]), usageText)
	default:
		fmt.Fprintf(stderr, "cognito-pool: unknown command %q\n\n%s", args[0], usageText)
	}
	return 2
}

// program is what `pulumi up` runs.
func program(ctx *pulumi.Context) error {
	_, err := declare(ctx)
	return err
}

// declare reads the stack config, builds the UserPool component and exports what the front end, the
// backend and the smoke test need. It returns the exports too: the Pulumi SDK's mock monitor does not
// report stack outputs, and the tests and the local deploy read them.
func declare(ctx *pulumi.Context) (pulumi.Map, error) {
	args, err := loadConfig(ctx)
	if err != nil {
		return nil, err
	}
	pool, err := components.NewUserPool(ctx, "auth", args)
	if err != nil {
		return nil, configError(ctx.Project(), err)
	}
	outputs := pulumi.Map{
		"userPoolId":       pool.UserPoolID,
		"userPoolArn":      pool.UserPoolArn,
		"userPoolClientId": pool.UserPoolClientID,
		"region":           pool.Region,
		"issuer":           pool.Issuer,
		"jwksUri":          pool.JwksURI,
		"hostedUiDomain":   pool.HostedUIDomain,
		"authSettings":     pool.AuthSettings,
		"frontendConfig": pulumi.Map{
			"region":           pool.Region,
			"userPoolId":       pool.UserPoolID,
			"userPoolClientId": pool.UserPoolClientID,
		},
		"backendEnv": pulumi.Map{
			"AWS_COGNITO_USER_POOL_ID":        pool.UserPoolID,
			"AWS_COGNITO_USER_POOL_CLIENT_ID": pool.UserPoolClientID,
		},
	}
	for k, v := range outputs {
		ctx.Export(k, v)
	}
	return outputs, nil
}
