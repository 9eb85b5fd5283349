// Command cognito-pool is the Pulumi program that declares the Cognito user pool and its web app
// client. `pulumi up` runs it; the tests and the local emulator deploy run the same program function.
package main

import (
	"os"

	"github.com/clickops/cognito-pool/components"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	// The Pulumi CLI runs the program without arguments; `go run . local` deploys it into the
	// emulator instead (local.go).
	if len(os.Args) > 1 && os.Args[1] == "local" {
		os.Exit(localMain(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "adopt" {
		os.Exit(adoptMain(os.Args[2:]))
	}
	pulumi.Run(program)
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
		return nil, err
	}
	outputs := pulumi.Map{
		"userPoolId":       pool.UserPoolID,
		"userPoolArn":      pool.UserPoolArn,
		"userPoolClientId": pool.UserPoolClientID,
		"region":           pool.Region,
		"issuer":           pool.Issuer,
		"jwksUri":          pool.JwksURI,
		"hostedUiDomain":   pool.HostedUIDomain,
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
