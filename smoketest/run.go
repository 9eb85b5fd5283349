package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/middleware"
	"github.com/clickops/cognito-pool/internal/cliio"
)

// target is the deployed pool and how to reach it.
type target struct {
	PoolID, ClientID, Region string
	Endpoint                 string // "" = AWS
	Issuer, JWKSURL          string // "" = cognitojwt's defaults for the pool
	// Emulated: cognito-local, whose pool ids all start with "local_". Steps it can't do are SKIP.
	Emulated bool
}

// useEndpoint points the target at an emulator: its API at endpoint and, as cognito-local issues
// them, tokens from <endpoint>/<userPoolId> with the JWKS under that issuer.
func (t *target) useEndpoint(endpoint string) {
	t.Endpoint = strings.TrimRight(endpoint, "/")
	t.Issuer, t.JWKSURL = t.Endpoint+"/"+t.PoolID, ""
}

var poolIDRE = regexp.MustCompile(`^[a-z0-9-]+_[0-9A-Za-z]+$`)

// run parses args, reads the stack outputs and runs the journey. It returns nil when every step
// passed or skipped, an error wrapping errFailed when one failed, and any other error for bad
// usage or input.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("smoketest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		outputs     = fs.String("outputs", "", "`FILE` with the JSON of `pulumi stack output --json` (- = stdin); required")
		endpoint    = fs.String("endpoint", "", "Cognito API endpoint `URL` override (an emulator); the issuer becomes URL/<userPoolId>")
		issuer      = fs.String("issuer", "", "token issuer `URL` override")
		flow        = fs.String("auth-flow", "srp", "sign-in flow: srp or password")
		code        = fs.String("code", "", "confirm sign-up and password reset with this `CODE` (an emulator's fixed code); without it, AdminConfirmSignUp and no reset")
		jsonOut     = fs.Bool("json", false, "print one test2json-shaped event per line")
		stepTimeout = fs.Duration("step-timeout", 15*time.Second, "timeout of each step")
		emailDomain = fs.String("email-domain", "example.com", "domain of the test user's e-mail address")
	)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	if *outputs == "" {
		return fmt.Errorf("%w: -outputs is required (the JSON of `pulumi stack output --json`, - for stdin)", errUsage)
	}
	if *flow != "srp" && *flow != "password" {
		return fmt.Errorf("%w: -auth-flow %q is not srp or password", errUsage, *flow)
	}
	t, err := readTarget(*outputs, stdin)
	if err != nil {
		return err
	}
	if *endpoint != "" {
		t.useEndpoint(*endpoint)
	}
	if *issuer != "" {
		t.Issuer, t.JWKSURL = *issuer, ""
	}

	calls := &atomic.Int64{}
	client, err := newClient(ctx, t, nil, calls)
	if err != nil {
		return err
	}
	j, err := newJourney(t, client, *flow, *code, *emailDomain)
	if err != nil {
		return err
	}
	var rep reporter = &textReporter{w: stdout}
	if *jsonOut {
		rep = &jsonReporter{enc: json.NewEncoder(stdout)}
	}
	res := j.run(ctx, *stepTimeout, rep)
	rep.summary(res, calls.Load())
	if res.failed > 0 {
		return errFailed
	}
	return nil
}

// readTarget reads the stack outputs from path ("-" = stdin).
func readTarget(path string, stdin io.Reader) (target, error) {
	data, err := cliio.ReadInput(path, stdin)
	if err != nil {
		return target{}, fmt.Errorf("%w: -outputs: %w", errUsage, err)
	}
	return parseOutputs(data)
}

// parseOutputs reads the keys the smoke test uses from `pulumi stack output --json`.
func parseOutputs(data []byte) (target, error) {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return target{}, fmt.Errorf("%w: outputs are not a JSON object (want `pulumi stack output --json`): %w", errUsage, err)
	}
	str := func(key string, required bool) (string, error) {
		v, ok := raw[key]
		if !ok || v == nil {
			if required {
				return "", fmt.Errorf("%w: outputs have no %q", errUsage, key)
			}
			return "", nil
		}
		s, ok := v.(string)
		if !ok || (required && s == "") {
			return "", fmt.Errorf("%w: outputs key %q is %v, want a non-empty string", errUsage, key, v)
		}
		return s, nil
	}
	var t target
	var err error
	if t.PoolID, err = str("userPoolId", true); err != nil {
		return target{}, err
	}
	if t.ClientID, err = str("userPoolClientId", true); err != nil {
		return target{}, err
	}
	if t.Region, err = str("region", true); err != nil {
		return target{}, err
	}
	if t.Issuer, err = str("issuer", false); err != nil {
		return target{}, err
	}
	if t.JWKSURL, err = str("jwksUri", false); err != nil {
		return target{}, err
	}
	if !poolIDRE.MatchString(t.PoolID) {
		return target{}, fmt.Errorf("%w: userPoolId %q is not <region>_<id>", errUsage, t.PoolID)
	}
	t.Emulated = strings.HasPrefix(t.PoolID, "local_")
	return t, nil
}

// newClient is a Cognito client for AWS (default credential chain: the admin calls need IAM) or,
// with an endpoint, for an emulator (static credentials, no retries: cognito-local answers what it
// doesn't support with HTTP 500, which the SDK would retry three times). httpClient nil means the
// SDK's own; calls, when not nil, counts every API request attempt.
func newClient(ctx context.Context, t target, httpClient *http.Client, calls *atomic.Int64) (*cip.Client, error) {
	var opts []func(*cip.Options)
	if calls != nil {
		opts = append(opts, func(o *cip.Options) { o.APIOptions = append(o.APIOptions, countCalls(calls)) })
	}
	if t.Endpoint != "" {
		cfg := aws.Config{
			Region:           t.Region,
			Credentials:      credentials.NewStaticCredentialsProvider("local", "local", ""),
			RetryMaxAttempts: 1,
		}
		if httpClient != nil {
			cfg.HTTPClient = httpClient
		}
		opts = append(opts, func(o *cip.Options) { o.BaseEndpoint = aws.String(t.Endpoint) })
		return cip.NewFromConfig(cfg, opts...), nil
	}
	var load []func(*config.LoadOptions) error
	if httpClient != nil {
		load = append(load, config.WithHTTPClient(httpClient))
	}
	cfg, err := config.LoadDefaultConfig(ctx, append(load, config.WithRegion(t.Region))...)
	if err != nil {
		return nil, fmt.Errorf("AWS config: %w", err)
	}
	return cip.NewFromConfig(cfg, opts...), nil
}

// countCalls counts each attempt of an API call (it sits inside the retry loop).
func countCalls(n *atomic.Int64) func(*middleware.Stack) error {
	return func(s *middleware.Stack) error {
		return s.Finalize.Add(middleware.FinalizeMiddlewareFunc("CountCognitoCalls",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				n.Add(1)
				return next.HandleFinalize(ctx, in)
			}), middleware.After)
	}
}
