package localdeploy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/clickops/cognito-pool/awscheck"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource types the local deploy translates.
const (
	TypeUserPool       = "aws:cognito/userPool:UserPool"
	TypeUserPoolClient = "aws:cognito/userPoolClient:UserPoolClient"
	TypeUserPoolDomain = "aws:cognito/userPoolDomain:UserPoolDomain"
)

// Program is a Pulumi program that also returns its stack exports.
type Program func(ctx *pulumi.Context) (pulumi.Map, error)

// Created is one resource the deploy made, with the inputs the program declared and the API
// requests they became, in order.
type Created struct {
	Type, Name, ID string
	Inputs         resource.PropertyMap
	Requests       []Request
	// NotSent says why the requests were checked but not sent ("" when they were sent): a hosted-UI
	// domain, which cognito-local can't create.
	NotSent string
}

// Request is one Cognito API call: the operation and its SDK input.
type Request struct {
	Operation string
	Input     any
}

// Deployment is the result of Deploy.
type Deployment struct {
	// Outputs are the stack outputs, keyed like `pulumi stack output --json`. issuer and jwksUri
	// are the emulator's (<endpoint>/<poolId>), not AWS's, so a verifier can use them as they are.
	Outputs map[string]any
	// Resources lists what was created, in order.
	Resources []Created
}

// Deploy runs program under pulumi.WithMocks with a resource monitor that plays the Pulumi engine
// and the AWS provider: each declared resource becomes the Cognito API requests the provider would
// send (translated in userpool.go, client.go, domain.go), sent to client (an emulator at endpoint)
// — the same program `pulumi up` runs, with the stack config cfg ("project:key" → value, as the
// CLI passes it). A resource type or a declared input without a translation fails the deploy with
// an error naming it.
func Deploy(ctx context.Context, client *cip.Client, endpoint, project, stack string, cfg map[string]string, program Program) (*Deployment, error) {
	m := &monitor{ctx: ctx, client: client, endpoint: strings.TrimRight(endpoint, "/"), pools: map[string][]byte{}}
	var (
		mu      sync.Mutex // the apply below runs on the SDK's goroutine
		outputs map[string]any
		progErr error
	)
	err := pulumi.RunErr(func(pctx *pulumi.Context) error {
		exports, err := program(pctx)
		if err != nil {
			progErr = err
			return err
		}
		exports.ToMapOutput().ApplyT(func(v map[string]any) map[string]any {
			mu.Lock()
			outputs = v
			mu.Unlock()
			return v
		})
		return nil
	}, pulumi.WithMocks(project, stack, m), func(info *pulumi.RunInfo) { info.Config = cfg })
	mu.Lock()
	defer mu.Unlock()
	if progErr != nil {
		// The program's own error (bad config: one line a problem), without the SDK's wrapping.
		return nil, progErr
	}
	if err != nil {
		return nil, fmt.Errorf("deploy into %s: %w", endpoint, err)
	}
	if id, ok := outputs["userPoolId"].(string); ok {
		iss := m.endpoint + "/" + id
		outputs["issuer"] = iss
		outputs["jwksUri"] = iss + "/.well-known/jwks.json"
	}
	return &Deployment{Outputs: outputs, Resources: m.created}, nil
}

// monitor plays the Pulumi engine and the AWS provider: custom resources become Cognito API calls.
type monitor struct {
	ctx      context.Context
	client   *cip.Client
	endpoint string

	mu      sync.Mutex
	created []Created
	pools   map[string][]byte // CreateUserPool bodies by pool id, for the client's cross-checks
}

func (m *monitor) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if !args.Custom || strings.HasPrefix(args.TypeToken, "pulumi:providers:") {
		return "", args.Inputs, nil // components and providers exist only in Pulumi
	}
	ctx, cancel := context.WithTimeout(m.ctx, 10*time.Second)
	defer cancel()
	in := newInputs(args.Inputs)
	state := args.Inputs.Copy()
	c := Created{Type: args.TypeToken, Name: args.Name, Inputs: args.Inputs}
	var err error
	switch args.TypeToken {
	case TypeUserPool:
		err = m.createUserPool(ctx, in, &c, state)
	case TypeUserPoolClient:
		err = m.createUserPoolClient(ctx, in, &c, state)
	case TypeUserPoolDomain:
		err = m.createUserPoolDomain(ctx, in, &c)
	default:
		return "", nil, fmt.Errorf("%s %q is not supported locally: the local deploy has no translation for it (deploy it to AWS with pulumi up)", args.TypeToken, args.Name)
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s %q: %w", args.TypeToken, args.Name, err)
	}
	m.mu.Lock()
	m.created = append(m.created, c)
	m.mu.Unlock()
	return c.ID, state, nil
}

func (m *monitor) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("provider function %s is not supported locally", args.Token)
}

// translated fails when a declared input was read by no translation.
func translated(in inputs, c *Created) error {
	if u := in.unread(); len(u) > 0 {
		return unreadError(c.Type, c.Name, u)
	}
	return nil
}

// createUserPool is resourceUserPoolCreate: CreateUserPool, then SetUserPoolMfaConfig when MFA
// is not OFF.
func (m *monitor) createUserPool(ctx context.Context, in inputs, c *Created, state resource.PropertyMap) error {
	reqs := translateUserPool(in, autoname(in, c.Name))
	if err := translated(in, c); err != nil {
		return err
	}
	c.Requests = append(c.Requests, Request{"CreateUserPool", reqs.Create})
	var body []byte
	out, err := m.client.CreateUserPool(ctx, reqs.Create, awscheck.Guard, awscheck.Keep(&body))
	if err != nil {
		return fmt.Errorf("CreateUserPool: %w", err)
	}
	pool := out.UserPool
	c.ID = aws.ToString(pool.Id)
	if reqs.MFA != nil {
		reqs.MFA.UserPoolId = aws.String(c.ID)
		c.Requests = append(c.Requests, Request{"SetUserPoolMfaConfig", reqs.MFA})
		if _, err := m.client.SetUserPoolMfaConfig(ctx, reqs.MFA, awscheck.Guard); err != nil {
			return fmt.Errorf("SetUserPoolMfaConfig: %w", err)
		}
	}
	m.mu.Lock()
	m.pools[c.ID] = body
	m.mu.Unlock()
	state["name"] = resource.NewProperty(aws.ToString(reqs.Create.PoolName))
	state["arn"] = resource.NewProperty(aws.ToString(pool.Arn))
	state["endpoint"] = resource.NewProperty(strings.TrimPrefix(strings.TrimPrefix(m.endpoint, "http://"), "https://") + "/" + c.ID)
	return nil
}

// createUserPoolClient is userPoolClientResource.Create: one CreateUserPoolClient.
func (m *monitor) createUserPoolClient(ctx context.Context, in inputs, c *Created, state resource.PropertyMap) error {
	req := translateUserPoolClient(in, autoname(in, c.Name))
	if err := translated(in, c); err != nil {
		return err
	}
	c.Requests = append(c.Requests, Request{"CreateUserPoolClient", req})
	// Checked on its own by Guard, then against its pool before it is sent.
	var body []byte
	_, err := m.client.CreateUserPoolClient(ctx, req, awscheck.Guard, awscheck.Keep(&body), func(o *cip.Options) { o.HTTPClient = &planAnswers{} })
	if err != nil {
		return fmt.Errorf("CreateUserPoolClient: %w", err)
	}
	m.mu.Lock()
	pool, ok := m.pools[aws.ToString(req.UserPoolId)]
	m.mu.Unlock()
	if ok {
		if err := awscheck.ClientForPool(pool, body); err != nil {
			return fmt.Errorf("CreateUserPoolClient: %w", err)
		}
	}
	out, err := m.client.CreateUserPoolClient(ctx, req)
	if err != nil {
		return fmt.Errorf("CreateUserPoolClient: %w", err)
	}
	c.ID = aws.ToString(out.UserPoolClient.ClientId)
	state["name"] = resource.NewProperty(aws.ToString(req.ClientName))
	return nil
}

// createUserPoolDomain builds and checks resourceUserPoolDomainCreate's request like every other,
// but a stand-in answers it instead of the endpoint: cognito-local has no hosted UI.
func (m *monitor) createUserPoolDomain(ctx context.Context, in inputs, c *Created) error {
	req := translateUserPoolDomain(in)
	if err := translated(in, c); err != nil {
		return err
	}
	c.Requests = append(c.Requests, Request{"CreateUserPoolDomain", req})
	if _, err := m.client.CreateUserPoolDomain(ctx, req, awscheck.Guard, func(o *cip.Options) { o.HTTPClient = &planAnswers{} }); err != nil {
		return fmt.Errorf("CreateUserPoolDomain: %w", err)
	}
	c.ID = aws.ToString(req.Domain)
	c.NotSent = "checked, not sent: cognito-local has no hosted UI"
	return nil
}

// autoname is the resource's name input, or the name Pulumi gives a resource that declares none:
// pulumi-aws autonames `name` with tfbridge.AutoName(name, 255, "-"), the URN name plus "-" and 7
// random hex digits (provider/autonaming.go).
func autoname(in inputs, urnName string) string {
	if n := in.str("name"); n != "" {
		return n
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return urnName + "-" + hex.EncodeToString(b)[:7]
}
