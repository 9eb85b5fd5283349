// Package adopt takes over a live Cognito user pool made outside code (the console): it reads the
// pool and its web client, turns them into the project's stack config with import ids, so the
// first `pulumi up` adopts them in place, and reports what moving to the secure defaults costs.
package adopt

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// Live is what adopt reads of a pool.
type Live struct {
	Pool *types.UserPoolType
	MFA  *cip.GetUserPoolMfaConfigOutput
	// Client is the web client to adopt; nil when the pool has none.
	Client *types.UserPoolClientType
	// OtherClients names the pool's clients other than Client (left unmanaged).
	OtherClients []string
	// Domain is the hosted-UI domain; nil without one.
	Domain *types.DomainDescriptionType
}

// ErrNotFound is returned by Read when the pool or the client does not exist.
var ErrNotFound = errors.New("not found")

// ErrRefused wraps what adopt can't carry into code.
var ErrRefused = errors.New("can't adopt")

// Read reads the pool poolID and its client clientID ("" picks the pool's only client) with
// DescribeUserPool, GetUserPoolMfaConfig, ListUserPoolClients + DescribeUserPoolClient and,
// when the pool has a domain, DescribeUserPoolDomain. Each call gets its own timeout.
func Read(ctx context.Context, c *cip.Client, poolID, clientID string) (*Live, error) {
	call := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, 15*time.Second) }
	l := &Live{}

	cctx, cancel := call()
	p, err := c.DescribeUserPool(cctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	cancel()
	var nf *types.ResourceNotFoundException
	if errors.As(err, &nf) {
		return nil, fmt.Errorf("pool %s: %w", poolID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("DescribeUserPool %s: %w", poolID, err)
	}
	l.Pool = p.UserPool

	cctx, cancel = call()
	l.MFA, err = c.GetUserPoolMfaConfig(cctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: aws.String(poolID)})
	cancel()
	if err != nil {
		return nil, fmt.Errorf("GetUserPoolMfaConfig %s: %w", poolID, err)
	}

	var ids []string
	var token *string
	for {
		cctx, cancel = call()
		out, err := c.ListUserPoolClients(cctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(poolID), MaxResults: aws.Int32(60), NextToken: token})
		cancel()
		if err != nil {
			return nil, fmt.Errorf("ListUserPoolClients %s: %w", poolID, err)
		}
		for _, d := range out.UserPoolClients {
			ids = append(ids, aws.ToString(d.ClientId))
		}
		if token = out.NextToken; token == nil {
			break
		}
	}
	switch {
	case clientID != "":
		found := false
		for _, id := range ids {
			if id == clientID {
				found = true
			} else {
				l.OtherClients = append(l.OtherClients, id)
			}
		}
		if !found {
			return nil, fmt.Errorf("client %s of pool %s: %w", clientID, poolID, ErrNotFound)
		}
	case len(ids) > 1:
		return nil, fmt.Errorf("%w: pool %s has %d clients (%s) and the project declares one: pick it with -client-id (the others stay unmanaged)",
			ErrRefused, poolID, len(ids), strings.Join(ids, ", "))
	case len(ids) == 1:
		clientID = ids[0]
	}
	if clientID != "" {
		cctx, cancel = call()
		out, err := c.DescribeUserPoolClient(cctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: aws.String(clientID)})
		cancel()
		if errors.As(err, &nf) {
			return nil, fmt.Errorf("client %s of pool %s: %w", clientID, poolID, ErrNotFound)
		}
		if err != nil {
			return nil, fmt.Errorf("DescribeUserPoolClient %s: %w", clientID, err)
		}
		l.Client = out.UserPoolClient
	}

	if d := aws.ToString(l.Pool.Domain); d != "" {
		cctx, cancel = call()
		out, err := c.DescribeUserPoolDomain(cctx, &cip.DescribeUserPoolDomainInput{Domain: aws.String(d)})
		cancel()
		if err != nil {
			return nil, fmt.Errorf("DescribeUserPoolDomain %s: %w", d, err)
		}
		l.Domain = out.DomainDescription
	}
	return l, nil
}
