package cognitoproxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
)

const targetPrefix = "AWSCognitoIdentityProviderService."

// backend is cognito-local's Cognito API.
type backend struct {
	endpoint string
	http     *http.Client
}

// reply is an HTTP answer, the backend's or one the proxy made.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// send posts body to the backend as operation op, the way the AWS SDKs do.
func (b *backend) send(ctx context.Context, op string, body []byte, header http.Header) (*reply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.endpoint+"/", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", targetPrefix+op)
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s on %s: %w", op, b.endpoint, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("%s on %s: %w", op, b.endpoint, err)
	}
	return &reply{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// call sends in as op and decodes a 200 answer into out. An error answer comes back as *apiError.
func (b *backend) call(ctx context.Context, op string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	rep, err := b.send(ctx, op, body, nil)
	if err != nil {
		return err
	}
	if rep.status != http.StatusOK {
		if e := parseAPIError(rep.body); e != nil {
			return e
		}
		return fmt.Errorf("%s on %s: HTTP %d: %s", op, b.endpoint, rep.status, rep.body)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(rep.body, out); err != nil {
		return fmt.Errorf("%s on %s: answer: %w", op, b.endpoint, err)
	}
	return nil
}

// poolConfig is what the proxy needs of DescribeUserPool's UserPool.
type poolConfig struct {
	ID                    string `json:"Id"`
	UsernameAttributes    []string
	AliasAttributes       []string
	UsernameConfiguration *struct{ CaseSensitive *bool }
	Policies              *struct{ PasswordPolicy *passwordPolicy }
	SchemaAttributes      []struct {
		Name     string
		Required bool
	}
}

// requiredAttributes are the schema's required attributes a sign-up must give (DescribeUserPool
// names custom ones "custom:<name>"). sub is listed as required too, but Cognito sets it.
func (p *poolConfig) requiredAttributes() []string {
	var out []string
	for _, a := range p.SchemaAttributes {
		if a.Required && a.Name != "sub" {
			out = append(out, a.Name)
		}
	}
	return out
}

// caseSensitive reports whether usernames must match in case. A pool created without
// UsernameConfiguration is case sensitive (CreateUserPool API reference, UsernameConfiguration).
func (p *poolConfig) caseSensitive() bool {
	if p.UsernameConfiguration == nil || p.UsernameConfiguration.CaseSensitive == nil {
		return true
	}
	return *p.UsernameConfiguration.CaseSensitive
}

func (p *poolConfig) passwordPolicy() *passwordPolicy {
	if p.Policies == nil {
		return nil
	}
	return p.Policies.PasswordPolicy
}

// emailUsername reports whether the pool's usernames are e-mail addresses.
func (p *poolConfig) emailUsername() bool { return slices.Contains(p.UsernameAttributes, "email") }

// clientConfig is what the proxy needs of DescribeUserPoolClient's UserPoolClient.
type clientConfig struct {
	ClientID                   string `json:"ClientId"`
	UserPoolID                 string `json:"UserPoolId"`
	ExplicitAuthFlows          []string
	ReadAttributes             []string
	WriteAttributes            []string
	PreventUserExistenceErrors string
	AuthSessionValidity        int
}

// preventExistenceErrors is PreventUserExistenceErrors=ENABLED; LEGACY is the API's default.
func (c *clientConfig) preventExistenceErrors() bool {
	return c.PreventUserExistenceErrors == "ENABLED"
}

// configs reads pools and clients from the backend once each and keeps them until the proxy sees
// a request that changes them.
type configs struct {
	b  *backend
	mu sync.Mutex
	// pools and clients are cached Describe answers; poolOfClient maps a client to its pool.
	pools        map[string]*poolConfig
	clients      map[string]*clientConfig
	poolOfClient map[string]string
}

func newConfigs(b *backend) *configs {
	return &configs{b: b, pools: map[string]*poolConfig{}, clients: map[string]*clientConfig{}, poolOfClient: map[string]string{}}
}

var errNotFound = errors.New("not found")

// pool returns the pool with this id; errNotFound when the backend has none.
func (c *configs) pool(ctx context.Context, id string) (*poolConfig, error) {
	c.mu.Lock()
	p, ok := c.pools[id]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	var out struct{ UserPool *poolConfig }
	if err := c.b.call(ctx, "DescribeUserPool", map[string]string{"UserPoolId": id}, &out); err != nil {
		return nil, notFoundOr(err)
	}
	if out.UserPool == nil {
		return nil, errNotFound
	}
	c.mu.Lock()
	c.pools[id] = out.UserPool
	c.mu.Unlock()
	return out.UserPool, nil
}

// client returns the app client with this id and its pool; errNotFound when the backend has none.
func (c *configs) client(ctx context.Context, id string) (*clientConfig, *poolConfig, error) {
	c.mu.Lock()
	cl, ok := c.clients[id]
	c.mu.Unlock()
	if !ok {
		poolID, err := c.findPoolOfClient(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		var out struct{ UserPoolClient *clientConfig }
		if err := c.b.call(ctx, "DescribeUserPoolClient", map[string]string{"UserPoolId": poolID, "ClientId": id}, &out); err != nil {
			return nil, nil, notFoundOr(err)
		}
		if out.UserPoolClient == nil {
			return nil, nil, errNotFound
		}
		cl = out.UserPoolClient
		c.mu.Lock()
		c.clients[id] = cl
		c.mu.Unlock()
	}
	p, err := c.pool(ctx, cl.UserPoolID)
	if err != nil {
		return nil, nil, err
	}
	return cl, p, nil
}

// findPoolOfClient looks the client up in every pool (DescribeUserPoolClient needs the pool id,
// requests carry only the client id).
func (c *configs) findPoolOfClient(ctx context.Context, clientID string) (string, error) {
	c.mu.Lock()
	id, ok := c.poolOfClient[clientID]
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	var pools struct {
		UserPools []struct {
			ID string `json:"Id"`
		}
	}
	if err := c.b.call(ctx, "ListUserPools", map[string]int{"MaxResults": 60}, &pools); err != nil {
		return "", err
	}
	for _, p := range pools.UserPools {
		var clients struct {
			UserPoolClients []struct {
				ClientID string `json:"ClientId"`
			}
		}
		if err := c.b.call(ctx, "ListUserPoolClients", map[string]any{"UserPoolId": p.ID, "MaxResults": 60}, &clients); err != nil {
			return "", err
		}
		c.mu.Lock()
		for _, cl := range clients.UserPoolClients {
			c.poolOfClient[cl.ClientID] = p.ID
		}
		id, ok = c.poolOfClient[clientID]
		c.mu.Unlock()
		if ok {
			return id, nil
		}
	}
	return "", errNotFound
}

// forget drops what is cached of a pool (and its clients) or of a client.
func (c *configs) forget(poolID, clientID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if poolID != "" {
		delete(c.pools, poolID)
		for id, cl := range c.clients {
			if cl.UserPoolID == poolID {
				delete(c.clients, id)
			}
		}
	}
	if clientID != "" {
		delete(c.clients, clientID)
		delete(c.poolOfClient, clientID)
	}
}

func notFoundOr(err error) error {
	var e *apiError
	if errors.As(err, &e) && e.Type == "ResourceNotFoundException" {
		return errNotFound
	}
	return err
}
