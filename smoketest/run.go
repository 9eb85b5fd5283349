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

	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/middleware"
	"github.com/clickops/cognito-pool/appconfig"
	"github.com/clickops/cognito-pool/emulator"
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
	if err := cliio.NoArgs(fs); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if *outputs == "" {
		return fmt.Errorf("%w: -outputs is required (the JSON of `pulumi stack output --json`, - for stdin)", errUsage)
	}
	if *flow != "srp" && *flow != "password" {
		return fmt.Errorf("%w: -auth-flow %s is not srp or password", errUsage, cliio.Quote(*flow))
	}
	if *stepTimeout <= 0 {
		return fmt.Errorf("%w: -step-timeout %s is not positive: every step would time out at once", errUsage, *stepTimeout)
	}
	if err := checkEmailDomain(*emailDomain); err != nil {
		return fmt.Errorf("%w: -email-domain %s: %w", errUsage, cliio.Quote(*emailDomain), err)
	}
	if *outputs == "-" {
		cliio.HintIfTerminal(stdin, stderr, "smoketest: reading the stack outputs from stdin (a terminal): pipe in `pulumi stack output --json`, or pass -outputs FILE; Ctrl-D ends the input")
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

// readTarget reads the stack outputs from path ("-" = stdin), checked by appconfig.FromOutputs:
// the same rules as the apps' settings (the region is the pool id's, values within Cognito's limits).
func readTarget(path string, stdin io.Reader) (target, error) {
	data, err := cliio.ReadInput(path, stdin, appconfig.MaxOutputsSize)
	if err != nil {
		return target{}, fmt.Errorf("%w: -outputs: %w", errUsage, err)
	}
	s, err := appconfig.FromOutputs(data)
	if err != nil {
		return target{}, fmt.Errorf("%w: %w", errUsage, cliio.InFile(cliio.Name(path), err))
	}
	return target{
		PoolID: s.UserPoolID, ClientID: s.ClientID, Region: s.Region,
		Issuer: s.Issuer, JWKSURL: s.JWKSURI,
		Emulated: strings.HasPrefix(s.UserPoolID, "local_"),
	}, nil
}

// checkEmailDomain checks the -email-domain flag: a domain name of two or more labels, each 1–63
// letters, digits or hyphens, not starting or ending with a hyphen, 253 characters at most
// (RFC 1035 §2.3.4, RFC 1123 §2.1), with a top-level label that is not all digits (an IP address is
// not a mail domain). Cognito refuses a sign-up whose e-mail it cannot parse, or sends mail nowhere.
func checkEmailDomain(d string) error {
	if d == "" {
		return errors.New("empty: the test user needs an e-mail address")
	}
	if len(d) > 253 {
		return fmt.Errorf("%d characters, over the 253 of a domain name", len(d))
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return errors.New("not a domain name of two or more labels (e.g. example.com)")
	}
	for _, l := range labels {
		if !domainLabelRE.MatchString(l) {
			return fmt.Errorf("label %s is not 1–63 letters, digits or hyphens (no hyphen first or last)", cliio.Quote(l))
		}
	}
	if allDigitsRE.MatchString(labels[len(labels)-1]) {
		return errors.New("the last label is all digits: an IP address is not a mail domain")
	}
	return nil
}

var (
	domainLabelRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
	allDigitsRE   = regexp.MustCompile(`^[0-9]+$`)
)

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
		if httpClient != nil {
			opts = append(opts, func(o *cip.Options) { o.HTTPClient = httpClient })
		}
		return emulator.NewClient(t.Endpoint, t.Region, opts...), nil
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
