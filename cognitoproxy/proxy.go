package cognitoproxy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/clickops/cognito-pool/cognitojwt"
)

// maxBody bounds a request or backend answer; Cognito requests are a few KiB.
const maxBody = 1 << 20

// Options configure New.
type Options struct {
	// Backend is cognito-local's endpoint, e.g. emulator.Emulator.Endpoint. Required. It must be
	// the URL cognito-local's tokens name as their issuer domain (http://<HOST>:<PORT>, as the
	// emulator package starts it): access tokens from any other issuer are refused.
	Backend string
	// DataDir is cognito-local's working directory, e.g. emulator.Emulator.DataDir(); the proxy
	// reads users' passwords and refresh tokens from .cognito/db/ under it. Required.
	DataDir string
	// Now is the clock for SRP TIMESTAMPs and sign-outs; default time.Now. For tests.
	Now func() time.Time
}

// Proxy is the front. It is an http.Handler; Start serves it on a loopback port. The caller should
// call Close.
type Proxy struct {
	// Endpoint is the proxy's Cognito API endpoint (http://127.0.0.1:<port>), set by Start: what
	// the AWS SDKs, Amplify and the smoke test are pointed at.
	Endpoint string

	backend *backend
	configs *configs
	users   *userStore
	srp     *srpServer
	revoked *revocations
	now     func() time.Time

	verifierMu sync.Mutex
	verifiers  map[string]*cognitojwt.Verifier // pool + client → access token verifier

	routes  map[string]handler // the operations the proxy answers or checks
	reverse *httputil.ReverseProxy

	server *http.Server
	done   chan struct{}
}

// New checks opts and returns a Proxy in front of the backend. It makes no request.
func New(opts Options) (*Proxy, error) {
	u, err := url.Parse(opts.Backend)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("cognitoproxy: Options.Backend %q is not an http(s) URL of cognito-local", opts.Backend)
	}
	if fi, err := os.Stat(opts.DataDir); opts.DataDir == "" || err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("cognitoproxy: Options.DataDir %q is not cognito-local's data directory", opts.DataDir)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	b := &backend{endpoint: strings.TrimRight(opts.Backend, "/"), http: &http.Client{Timeout: 30 * time.Second}}
	p := &Proxy{
		backend:   b,
		configs:   newConfigs(b),
		users:     &userStore{dir: opts.DataDir},
		srp:       newSRPServer(),
		revoked:   newRevocations(),
		now:       opts.Now,
		verifiers: map[string]*cognitojwt.Verifier{},
	}
	p.routes = p.handlers()
	p.reverse = &httputil.ReverseProxy{
		Rewrite:      func(r *httputil.ProxyRequest) { r.SetURL(u) },
		Transport:    b.http.Transport,
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) { writeError(w, internalError(err)) },
	}
	return p, nil
}

// Start listens on a free loopback port, sets Endpoint and serves until ctx ends or Close. Call it
// once.
func (p *Proxy) Start(ctx context.Context) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("cognitoproxy: listen: %w", err)
	}
	p.Endpoint = "http://" + l.Addr().String()
	p.server = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	p.done = make(chan struct{})
	go func() {
		defer close(p.done)
		_ = p.server.Serve(l)
	}()
	go func() {
		select {
		case <-ctx.Done():
			p.Close()
		case <-p.done:
		}
	}()
	return nil
}

// Close stops serving (in-flight requests get 5 s to finish). It is safe to call more than once,
// and without Start.
func (p *Proxy) Close() error {
	if p.server == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := p.server.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return p.server.Close()
	}
	<-p.done
	return nil
}

// Client returns a Cognito API client for the proxy (after Start): static credentials, which
// nothing checks, and no retries.
func (p *Proxy) Client() *cip.Client {
	cfg := aws.Config{
		Region:           "local",
		Credentials:      credentials.NewStaticCredentialsProvider("local", "local", ""),
		RetryMaxAttempts: 1,
	}
	return cip.NewFromConfig(cfg, func(o *cip.Options) { o.BaseEndpoint = aws.String(p.Endpoint) })
}

// request is one Cognito API call: its operation and JSON body.
type request struct {
	op     string
	body   []byte
	fields map[string]json.RawMessage
	http   *http.Request
	// access: the verified claims of the request's AccessToken, when it has one.
	access *tokenClaims
}

func (r *request) str(key string) string {
	var s string
	_ = json.Unmarshal(r.fields[key], &s)
	return s
}

func (r *request) strMap(key string) map[string]string {
	var m map[string]string
	_ = json.Unmarshal(r.fields[key], &m)
	return m
}

func (r *request) attributeNames(key string) []string {
	var attrs []attribute
	_ = json.Unmarshal(r.fields[key], &attrs)
	names := make([]string, len(attrs))
	for i, a := range attrs {
		names[i] = a.Name
	}
	return names
}

// attributes is a list of {Name, Value} (UserAttributes) as a map.
func (r *request) attributes(key string) map[string]string {
	var attrs []attribute
	_ = json.Unmarshal(r.fields[key], &attrs)
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		m[a.Name] = a.Value
	}
	return m
}

// set replaces a field and re-encodes the body; the other fields keep their bytes.
func (r *request) set(key string, v any) {
	data, _ := json.Marshal(v)
	r.fields[key] = data
	r.body, _ = json.Marshal(r.fields)
}

type handler func(ctx context.Context, req *request) (*reply, error)

func (p *Proxy) handlers() map[string]handler {
	return map[string]handler{
		"InitiateAuth":                p.initiateAuth,
		"AdminInitiateAuth":           p.adminInitiateAuth,
		"RespondToAuthChallenge":      p.respondToAuthChallenge,
		"AdminRespondToAuthChallenge": p.adminRespondToAuthChallenge,
		"GetTokensFromRefreshToken":   p.getTokensFromRefreshToken,
		"GlobalSignOut":               p.globalSignOut,
		"AdminUserGlobalSignOut":      p.adminUserGlobalSignOut,
		"RevokeToken":                 p.revokeToken,
		"SignUp":                      p.signUp,
		"ConfirmSignUp":               p.confirmSignUp,
		"ResendConfirmationCode":      p.resendConfirmationCode,
		"ForgotPassword":              p.forgotPassword,
		"ConfirmForgotPassword":       p.confirmForgotPassword,
		"ChangePassword":              p.changePassword,
		"AdminSetUserPassword":        p.adminSetUserPassword,
		"AdminCreateUser":             p.adminCreateUser,
		"GetUser":                     p.getUser,
		"UpdateUserAttributes":        p.updateUserAttributes,
		"DeleteUserAttributes":        p.deleteUserAttributes,
		"CreateUserPoolClient":        p.createUserPoolClient,
		"UpdateUserPoolClient":        p.updateUserPoolClient,
		"DeleteUserPoolClient":        p.forgetAfter,
		"UpdateUserPool":              p.forgetAfter,
		"DeleteUserPool":              p.forgetAfter,
		"SetUserPoolMfaConfig":        p.forgetAfter,
	}
}

// ServeHTTP answers Cognito API calls the proxy handles and passes everything else, the JWKS
// and /health among it, to the backend unchanged.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	op, isAPI := strings.CutPrefix(target, targetPrefix)
	if r.Method != http.MethodPost || !isAPI {
		p.passThrough(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		writeError(w, invalidParameter("request body: %v", err))
		return
	}
	req := &request{op: op, body: body, http: r}
	if json.Unmarshal(body, &req.fields) != nil {
		req.fields = map[string]json.RawMessage{}
	}
	ctx := r.Context()
	var rep *reply
	if h, ok := p.routes[op]; ok || req.fields["AccessToken"] != nil || isAdminUserOp(req) {
		if !ok {
			h = p.forward
		}
		if err = p.prepare(ctx, req); err == nil {
			rep, err = h(ctx, req)
		}
	} else {
		rep, err = p.forward(ctx, req)
	}
	if err != nil {
		var e *apiError
		if !errors.As(err, &e) {
			e = internalError(err)
		}
		writeError(w, e)
		return
	}
	writeReply(w, rep)
}

// prepare applies the checks every call of a kind needs: an AccessToken is verified and must not
// be revoked; an admin call's Username is resolved like a sign-in.
func (p *Proxy) prepare(ctx context.Context, req *request) error {
	if req.fields["AccessToken"] != nil {
		c, err := p.verifyAccess(ctx, req.str("AccessToken"))
		if err != nil {
			return err
		}
		req.access = c
	}
	if isAdminUserOp(req) {
		return p.resolveAdminUsername(ctx, req)
	}
	return nil
}

// isAdminUserOp: an admin call on one user (UserPoolId + Username), e.g. AdminGetUser.
func isAdminUserOp(req *request) bool {
	return strings.HasPrefix(req.op, "Admin") && req.fields["UserPoolId"] != nil && req.fields["Username"] != nil
}

// forward sends the request to the backend as it is (or as a handler rewrote it).
func (p *Proxy) forward(ctx context.Context, req *request) (*reply, error) {
	h := http.Header{}
	for _, k := range []string{"Authorization", "X-Amz-Date", "X-Amz-User-Agent", "User-Agent", "Origin"} {
		if v := req.http.Header.Values(k); len(v) > 0 {
			h[k] = v
		}
	}
	return p.backend.send(ctx, req.op, req.body, h)
}

// forgetAfter forwards a change to a pool or client and drops what the proxy cached of it.
func (p *Proxy) forgetAfter(ctx context.Context, req *request) (*reply, error) {
	rep, err := p.forward(ctx, req)
	p.configs.forget(req.str("UserPoolId"), req.str("ClientId"))
	return rep, err
}

// passThrough proxies a non-API request (the JWKS, /health, CORS preflight) byte for byte.
func (p *Proxy) passThrough(w http.ResponseWriter, r *http.Request) {
	p.reverse.ServeHTTP(w, r)
}

// ok is a 200 answer in the API's JSON.
func ok(v any) (*reply, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return &reply{status: http.StatusOK, body: data}, nil
}

// hopHeaders are the backend's headers that describe its connection, not its answer.
var hopHeaders = []string{"Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length"}

func writeReply(w http.ResponseWriter, rep *reply) {
	for k, v := range rep.header {
		if !slices.Contains(hopHeaders, k) {
			w.Header()[k] = v
		}
	}
	if rep.header == nil {
		corsHeaders(w)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	}
	w.WriteHeader(rep.status)
	_, _ = w.Write(rep.body)
}

func writeError(w http.ResponseWriter, e *apiError) {
	data, _ := json.Marshal(e)
	corsHeaders(w)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Errortype", e.Type+":")
	status := http.StatusBadRequest
	if e.Type == "InternalErrorException" {
		status = http.StatusInternalServerError
	}
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// corsHeaders lets a browser app read the proxy's own answers, as cognito-local (cors origin *)
// and AWS let it read theirs.
func corsHeaders(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Expose-Headers", "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date")
}

// verifyAccess checks an access token as Cognito does for the user API: signature, expiry,
// token_use and client with cognitojwt against the backend's JWKS, then revocation. Answers are
// NotAuthorizedException "Invalid Access Token", "Access Token has expired", "Access Token has been
// revoked" (GlobalSignOut API reference).
func (p *Proxy) verifyAccess(ctx context.Context, token string) (*tokenClaims, error) {
	c, err := decodeClaims(token)
	if err != nil || c.ClientID == "" || !strings.HasPrefix(c.Issuer, p.backend.endpoint+"/") {
		return nil, notAuthorized(msgAccessInvalid)
	}
	v, err := p.verifier(c.poolID(), c.ClientID)
	if err != nil {
		return nil, notAuthorized(msgAccessInvalid)
	}
	if _, err := v.Verify(ctx, token); err != nil {
		switch {
		case errors.Is(err, cognitojwt.ErrExpired):
			return nil, notAuthorized(msgAccessExpired)
		case errors.Is(err, cognitojwt.ErrJWKSUnavailable):
			return nil, internalError(err)
		}
		return nil, notAuthorized(msgAccessInvalid)
	}
	if p.revoked.isRevoked(c) {
		return nil, notAuthorized(msgAccessRevoked)
	}
	return c, nil
}

func (p *Proxy) verifier(poolID, clientID string) (*cognitojwt.Verifier, error) {
	p.verifierMu.Lock()
	defer p.verifierMu.Unlock()
	key := poolID + "/" + clientID
	if v, ok := p.verifiers[key]; ok {
		return v, nil
	}
	v, err := cognitojwt.NewVerifier(cognitojwt.Config{
		UserPoolID: poolID,
		ClientIDs:  []string{clientID},
		TokenUse:   cognitojwt.TokenUseAccess,
		Issuer:     p.backend.endpoint + "/" + poolID,
		HTTPClient: p.backend.http,
		Now:        p.now,
	})
	if err != nil {
		return nil, err
	}
	p.verifiers[key] = v
	return v, nil
}
