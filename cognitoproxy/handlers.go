package cognitoproxy

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"
)

// client returns the request's app client and its pool, or AWS's answer for an unknown client.
func (p *Proxy) client(ctx context.Context, id string) (*clientConfig, *poolConfig, error) {
	if id == "" {
		return nil, nil, invalidParameter("1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null")
	}
	c, pool, err := p.configs.client(ctx, id)
	if errors.Is(err, errNotFound) {
		return nil, nil, clientNotFound(id)
	}
	return c, pool, err
}

// user finds the user a request names in the pool (findUser's rules); nil when there is none.
func (p *Proxy) user(pool *poolConfig, name string) (*storedUser, error) {
	users, err := p.users.users(pool.ID)
	if errors.Is(err, errNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return findUser(users, pool, name), nil
}

// backendError is the backend's error answer, changed by fix when fix knows it better.
func backendError(rep *reply, fix func(*apiError) *apiError) (*reply, error) {
	if rep.status == http.StatusOK {
		return rep, nil
	}
	if e := parseAPIError(rep.body); e != nil {
		if f := fix(e); f != nil {
			return nil, f
		}
	}
	return rep, nil
}

// wrongPassword: cognito-local answers a wrong password with InvalidPasswordException; AWS with
// NotAuthorizedException "Incorrect username or password." ("Managing user existence error
// responses", Amazon Cognito Developer Guide: username-password authentication).
func wrongPassword(e *apiError) *apiError {
	if e.Type == "InvalidPasswordException" {
		return notAuthorized(msgIncorrectCredentials)
	}
	return nil
}

// codeMismatch words cognito-local's CodeMismatchException ("Incorrect confirmation code") as AWS.
func codeMismatch(e *apiError) *apiError {
	if e.Type == "CodeMismatchException" {
		return &apiError{"CodeMismatchException", msgCodeMismatch}
	}
	return nil
}

// authReply passes an authentication answer on, recording the tokens it carries.
func (p *Proxy) authReply(rep *reply, clientID string, usedRefresh *tokenClaims) (*reply, error) {
	if rep.status != http.StatusOK {
		return backendError(rep, wrongPassword)
	}
	var out struct{ AuthenticationResult *authResult }
	if json.Unmarshal(rep.body, &out) == nil && out.AuthenticationResult != nil {
		p.revoked.issued(out.AuthenticationResult, clientID, usedRefresh)
	}
	return rep, nil
}

// authAnswer is InitiateAuth's and RespondToAuthChallenge's answer.
type authAnswer struct {
	ChallengeName        string            `json:"ChallengeName,omitempty"`
	Session              string            `json:"Session,omitempty"`
	ChallengeParameters  map[string]string `json:"ChallengeParameters"`
	AuthenticationResult *authResult       `json:"AuthenticationResult,omitempty"`
}

func (p *Proxy) initiateAuth(ctx context.Context, req *request) (*reply, error) {
	client, pool, err := p.client(ctx, req.str("ClientId"))
	if err != nil {
		return nil, err
	}
	flow := req.str("AuthFlow")
	if !flowAllowed(client.ExplicitAuthFlows, flow) {
		return nil, flowNotEnabled(flow, false)
	}
	params := req.strMap("AuthParameters")
	switch flow {
	case "USER_SRP_AUTH":
		return p.startSRP(client, pool, params)
	case "USER_PASSWORD_AUTH":
		return p.passwordAuth(ctx, req, client, pool, params)
	case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
		return p.refreshOrForward(ctx, req, client.ClientID, pool, params["REFRESH_TOKEN"], true)
	}
	return p.refreshOrForward(ctx, req, client.ClientID, pool, "", false)
}

// refreshOrForward forwards an InitiateAuth or AdminInitiateAuth that the proxy doesn't answer
// itself; a refresh is first checked against revocations and sign-outs.
func (p *Proxy) refreshOrForward(ctx context.Context, req *request, clientID string, pool *poolConfig, token string, refresh bool) (*reply, error) {
	var rc *tokenClaims
	if refresh {
		var err error
		if rc, err = p.checkRefresh(pool, clientID, token); err != nil {
			return nil, err
		}
	}
	rep, err := p.forward(ctx, req)
	if err != nil {
		return nil, err
	}
	return p.authReply(rep, clientID, rc)
}

func (p *Proxy) adminInitiateAuth(ctx context.Context, req *request) (*reply, error) {
	client, pool, err := p.client(ctx, req.str("ClientId"))
	if err != nil {
		return nil, err
	}
	flow := req.str("AuthFlow")
	if !flowAllowed(client.ExplicitAuthFlows, flow) {
		return nil, flowNotEnabled(flow, true)
	}
	params := req.strMap("AuthParameters")
	switch flow {
	case "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH":
		return p.passwordAuth(ctx, req, client, pool, params)
	case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
		return p.refreshOrForward(ctx, req, client.ClientID, pool, params["REFRESH_TOKEN"], true)
	}
	return p.refreshOrForward(ctx, req, client.ClientID, pool, "", false)
}

// passwordAuth is a sign-in with USERNAME and PASSWORD: the username is resolved as Cognito does
// (case, sign-in attributes) and an unknown user gets NotAuthorizedException "Incorrect username
// or password." with PreventUserExistenceErrors ENABLED, UserNotFoundException "User does not
// exist." without ("Managing user existence error responses").
func (p *Proxy) passwordAuth(ctx context.Context, req *request, client *clientConfig, pool *poolConfig, params map[string]string) (*reply, error) {
	u, err := p.user(pool, params["USERNAME"])
	if err != nil {
		return nil, err
	}
	if u == nil {
		if client.preventExistenceErrors() {
			return nil, notAuthorized(msgIncorrectCredentials)
		}
		return nil, &apiError{"UserNotFoundException", msgUserNotFound}
	}
	params["USERNAME"] = u.Username
	req.set("AuthParameters", params)
	rep, err := p.forward(ctx, req)
	if err != nil {
		return nil, err
	}
	return p.authReply(rep, client.ClientID, nil)
}

// authSessionValidity is the client's AuthSessionValidity (minutes, 3–15, default 3: the
// CreateUserPoolClient API reference), how long a PASSWORD_VERIFIER challenge stays answerable.
func authSessionValidity(c *clientConfig) time.Duration {
	if c.AuthSessionValidity >= 3 && c.AuthSessionValidity <= 15 {
		return time.Duration(c.AuthSessionValidity) * time.Minute
	}
	return 3 * time.Minute
}

// startSRP answers USER_SRP_AUTH with the PASSWORD_VERIFIER challenge. For a user that does not
// exist it answers a simulated challenge with PreventUserExistenceErrors ENABLED (the proof then
// fails with "Incorrect username or password."), and UserNotFoundException without.
func (p *Proxy) startSRP(client *clientConfig, pool *poolConfig, params map[string]string) (*reply, error) {
	name := params["USERNAME"]
	if name == "" || params["SRP_A"] == "" {
		return nil, invalidParameter("Missing required parameter SRP_A or USERNAME")
	}
	u, err := p.user(pool, name)
	if err != nil {
		return nil, err
	}
	sess := &srpSession{poolID: pool.ID, clientID: client.ClientID, asked: name}
	switch {
	case u != nil:
		sess.known, sess.userID, sess.password = true, u.Username, u.Password
	case client.preventExistenceErrors():
		sess.userID = p.srp.simulatedUserID(pool.ID, name)
	default:
		return nil, &apiError{"UserNotFoundException", msgUserNotFound}
	}
	challenge, e := p.srp.start(sess, params["SRP_A"], p.now(), authSessionValidity(client))
	if e != nil {
		return nil, e
	}
	return ok(authAnswer{ChallengeName: "PASSWORD_VERIFIER", ChallengeParameters: challenge})
}

func (p *Proxy) respondToAuthChallenge(ctx context.Context, req *request) (*reply, error) {
	client, pool, err := p.client(ctx, req.str("ClientId"))
	if err != nil {
		return nil, err
	}
	resp := req.strMap("ChallengeResponses")
	switch req.str("ChallengeName") {
	case "PASSWORD_VERIFIER":
		sess, e := p.srp.verify(client.ClientID, resp, p.now())
		if e != nil {
			return nil, e
		}
		return p.issueTokens(ctx, client, sess)
	case "NEW_PASSWORD_REQUIRED":
		if e := checkPassword(pool.passwordPolicy(), resp["NEW_PASSWORD"]); e != nil {
			return nil, e
		}
	}
	rep, err := p.forward(ctx, req)
	if err != nil {
		return nil, err
	}
	return p.authReply(rep, client.ClientID, nil)
}

func (p *Proxy) adminRespondToAuthChallenge(ctx context.Context, req *request) (*reply, error) {
	client, pool, err := p.client(ctx, req.str("ClientId"))
	if err != nil {
		return nil, err
	}
	if req.str("ChallengeName") == "NEW_PASSWORD_REQUIRED" {
		if e := checkPassword(pool.passwordPolicy(), req.strMap("ChallengeResponses")["NEW_PASSWORD"]); e != nil {
			return nil, e
		}
	}
	rep, err := p.forward(ctx, req)
	if err != nil {
		return nil, err
	}
	return p.authReply(rep, client.ClientID, nil)
}

// issueTokens gets the emulator's answer for a user whose SRP proof checked out: a password
// sign-in with the stored password (cognito-local ignores the client's flows), so what follows a
// correct password — tokens, UserNotConfirmedException, NEW_PASSWORD_REQUIRED, an MFA challenge —
// is the emulator's, in AWS's shape.
func (p *Proxy) issueTokens(ctx context.Context, client *clientConfig, sess *srpSession) (*reply, error) {
	var out authAnswer
	err := p.backend.call(ctx, "InitiateAuth", map[string]any{
		"AuthFlow":       "USER_PASSWORD_AUTH",
		"ClientId":       client.ClientID,
		"AuthParameters": map[string]string{"USERNAME": sess.userID, "PASSWORD": sess.password},
	}, &out)
	var e *apiError
	if errors.As(err, &e) {
		if f := wrongPassword(e); f != nil {
			return nil, f // the password changed between the challenge and the answer
		}
		return nil, e
	}
	if err != nil {
		return nil, err
	}
	if out.ChallengeParameters == nil {
		out.ChallengeParameters = map[string]string{}
	}
	if out.AuthenticationResult != nil {
		out.AuthenticationResult.complete()
		p.revoked.issued(out.AuthenticationResult, client.ClientID, nil)
	}
	return ok(out)
}

// checkRefresh decides whether a refresh token may be used by this client, as AWS words it:
// NotAuthorizedException "Invalid Refresh Token", "Refresh Token has expired", "Refresh Token has
// been revoked" (after RevokeToken or a global sign-out).
func (p *Proxy) checkRefresh(pool *poolConfig, clientID, token string) (*tokenClaims, error) {
	c, err := decodeClaims(token)
	if err != nil || c.poolID() != pool.ID {
		return nil, notAuthorized(msgRefreshInvalid)
	}
	if p.revoked.isRevoked(c) {
		return nil, notAuthorized(msgRefreshRevoked)
	}
	if issuedTo := p.revoked.refreshClientOf(c.JTI); issuedTo != "" && issuedTo != clientID {
		return nil, notAuthorized(msgRefreshInvalid)
	}
	if c.Expires != 0 && p.now().Unix() >= c.Expires {
		return nil, notAuthorized(msgRefreshExpired)
	}
	users, err := p.users.users(pool.ID)
	if err != nil && !errors.Is(err, errNotFound) {
		return nil, err
	}
	if userWithRefreshToken(users, token) == nil {
		return nil, notAuthorized(msgRefreshInvalid)
	}
	return c, nil
}

// getTokensFromRefreshToken is the operation aws-amplify 6 refreshes sessions with (cognito-local
// 5.3.0 lacks it). Without refresh token rotation on the client it "issues new ID and access
// tokens only" (GetTokensFromRefreshToken API reference); the proxy does no rotation.
func (p *Proxy) getTokensFromRefreshToken(ctx context.Context, req *request) (*reply, error) {
	client, pool, err := p.client(ctx, req.str("ClientId"))
	if err != nil {
		return nil, err
	}
	if !flowAllowed(client.ExplicitAuthFlows, "REFRESH_TOKEN_AUTH") {
		return nil, flowNotEnabled("REFRESH_TOKEN_AUTH", false)
	}
	token := req.str("RefreshToken")
	rc, err := p.checkRefresh(pool, client.ClientID, token)
	if err != nil {
		return nil, err
	}
	var out authAnswer
	if err := p.backend.call(ctx, "InitiateAuth", map[string]any{
		"AuthFlow":       "REFRESH_TOKEN_AUTH",
		"ClientId":       client.ClientID,
		"AuthParameters": map[string]string{"REFRESH_TOKEN": token},
	}, &out); err != nil {
		return nil, err
	}
	if out.AuthenticationResult == nil {
		return nil, internalError(errors.New("the emulator's refresh answer has no AuthenticationResult"))
	}
	res := out.AuthenticationResult
	res.RefreshToken = ""
	res.complete()
	p.revoked.issued(res, client.ClientID, rc)
	return ok(map[string]any{"AuthenticationResult": res})
}

// globalSignOut revokes the user's tokens (cognito-local 5.3.0 lacks the operation). The access
// token was verified by prepare.
func (p *Proxy) globalSignOut(_ context.Context, req *request) (*reply, error) {
	p.revoked.signOutUser(req.access.poolID(), req.access.user(), p.now())
	return ok(struct{}{})
}

func (p *Proxy) adminUserGlobalSignOut(ctx context.Context, req *request) (*reply, error) {
	pool, err := p.configs.pool(ctx, req.str("UserPoolId"))
	if errors.Is(err, errNotFound) {
		return nil, &apiError{"ResourceNotFoundException", "User pool " + req.str("UserPoolId") + " does not exist."}
	}
	if err != nil {
		return nil, err
	}
	u, err := p.user(pool, req.str("Username"))
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, &apiError{"UserNotFoundException", msgUserNotFound}
	}
	p.revoked.signOutUser(pool.ID, u.Username, p.now())
	return ok(struct{}{})
}

// revokeToken revokes the refresh token and the access tokens issued with it, then lets
// cognito-local drop the token from the user.
func (p *Proxy) revokeToken(ctx context.Context, req *request) (*reply, error) {
	_, pool, err := p.client(ctx, req.str("ClientId"))
	if err != nil {
		return nil, err
	}
	c, err := decodeClaims(req.str("Token"))
	if err != nil || c.poolID() != pool.ID {
		return p.forward(ctx, req)
	}
	if issuedTo := p.revoked.refreshClientOf(c.JTI); issuedTo != "" && issuedTo != req.str("ClientId") {
		return p.forward(ctx, req)
	}
	already := p.revoked.isRevoked(c)
	p.revoked.revokeRefresh(c.JTI)
	rep, err := p.forward(ctx, req)
	if err == nil && rep.status != http.StatusOK && already {
		return ok(struct{}{}) // revoking a revoked token again is not an error
	}
	return rep, err
}

func (p *Proxy) signUp(ctx context.Context, req *request) (*reply, error) {
	client, pool, err := p.client(ctx, req.str("ClientId"))
	if err != nil {
		return nil, err
	}
	if e := checkWritable(client.WriteAttributes, req.attributeNames("UserAttributes")); e != nil {
		return nil, e
	}
	if e := checkPassword(pool.passwordPolicy(), req.str("Password")); e != nil {
		return nil, e
	}
	if e := checkRequired(pool.requiredAttributes(), pool.UsernameAttributes, req.attributes("UserAttributes")); e != nil {
		return nil, e
	}
	// SignUp always says a taken username is taken, whatever PreventUserExistenceErrors says
	// ("Managing user existence error responses"); aliases are checked at confirmation, not here.
	signIn := *pool
	signIn.AliasAttributes = nil
	u, err := p.user(&signIn, req.str("Username"))
	if err != nil {
		return nil, err
	}
	exists := &apiError{"UsernameExistsException", "User already exists"}
	if pool.emailUsername() {
		exists.Message = msgEmailExists
	}
	if u != nil {
		return nil, exists
	}
	rep, err := p.forward(ctx, req)
	if err != nil {
		return nil, err
	}
	return backendError(rep, func(e *apiError) *apiError {
		if e.Type == exists.Type {
			return exists
		}
		return nil
	})
}

// existenceOr is the answer for a user that does not exist (or is disabled): hidden with
// PreventUserExistenceErrors ENABLED, UserNotFoundException "Username/client id combination not
// found." without.
func existenceOr(client *clientConfig, hidden *apiError) *apiError {
	if client.preventExistenceErrors() {
		return hidden
	}
	return &apiError{"UserNotFoundException", msgUsernameClientNotFound}
}

func (p *Proxy) confirmSignUp(ctx context.Context, req *request) (*reply, error) {
	client, pool, err := p.client(ctx, req.str("ClientId"))
	if err != nil {
		return nil, err
	}
	u, err := p.user(pool, req.str("Username"))
	if err != nil {
		return nil, err
	}
	if u == nil || u.disabled() {
		// The guide lists no answer of ConfirmSignUp for a missing user; the proxy gives the one a
		// wrong code gets, which tells nothing about the user.
		return nil, existenceOr(client, &apiError{"CodeMismatchException", msgCodeMismatch})
	}
	if u.UserStatus == "CONFIRMED" {
		return nil, notAuthorized("User cannot be confirmed. Current status is CONFIRMED")
	}
	req.set("Username", u.Username)
	rep, err := p.forward(ctx, req)
	if err != nil {
		return nil, err
	}
	return backendError(rep, codeMismatch)
}

// codeDelivery is a CodeDeliveryDetailsType with the destination masked.
func codeDelivery(u *storedUser) map[string]string {
	if email := u.attr("email"); email != "" {
		return map[string]string{"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": maskEmail(email)}
	}
	return map[string]string{"AttributeName": "phone_number", "DeliveryMedium": "SMS", "Destination": maskPhone(u.attr("phone_number"))}
}

// simulatedDelivery is the CodeDeliveryDetails for a user that does not exist: "The simulated
// delivery medium is determined by the input user name format and verification settings of the
// user pool" (Managing user existence error responses, ForgotPassword).
func simulatedDelivery(pool *poolConfig, username string) map[string]string {
	switch {
	case strings.HasPrefix(username, "+"):
		return map[string]string{"AttributeName": "phone_number", "DeliveryMedium": "SMS", "Destination": maskPhone(username)}
	case strings.Contains(username, "@"):
		return map[string]string{"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": maskEmail(username)}
	}
	return map[string]string{"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": maskEmail(username + "@" + poolName(pool.ID))}
}

// resendConfirmationCode answers for an unconfirmed user (cognito-local 5.3.0 lacks the operation).
// cognito-local's code is fixed (emulator.Code) and stays stored until confirmation, so the code
// the user already has stays valid: nothing new is sent.
func (p *Proxy) resendConfirmationCode(ctx context.Context, req *request) (*reply, error) {
	client, u, simulated, err := p.codeRecipient(ctx, req)
	if simulated != nil || err != nil {
		return simulated, err
	}
	if u == nil || u.disabled() {
		return nil, existenceOr(client, nil)
	}
	if u.UserStatus == "CONFIRMED" {
		return nil, invalidParameter(msgAlreadyConfirmed)
	}
	return ok(map[string]any{"CodeDeliveryDetails": codeDelivery(u)})
}

// codeRecipient finds the user a code is sent to (ResendConfirmationCode, ForgotPassword). For an
// unknown or disabled user, a client that hides existence gets simulated: the answer, a simulated
// delivery. Otherwise u is the user, nil when unknown.
func (p *Proxy) codeRecipient(ctx context.Context, req *request) (client *clientConfig, u *storedUser, simulated *reply, err error) {
	client, pool, err := p.client(ctx, req.str("ClientId"))
	if err != nil {
		return nil, nil, nil, err
	}
	name := req.str("Username")
	if u, err = p.user(pool, name); err != nil {
		return nil, nil, nil, err
	}
	if (u == nil || u.disabled()) && client.preventExistenceErrors() {
		simulated, err = ok(map[string]any{"CodeDeliveryDetails": simulatedDelivery(pool, name)})
		return client, nil, simulated, err
	}
	return client, u, nil, nil
}

func (p *Proxy) forgotPassword(ctx context.Context, req *request) (*reply, error) {
	client, u, simulated, err := p.codeRecipient(ctx, req)
	if simulated != nil || err != nil {
		return simulated, err
	}
	if u == nil {
		return nil, existenceOr(client, nil)
	}
	req.set("Username", u.Username)
	rep, err := p.forward(ctx, req)
	if err != nil || rep.status != http.StatusOK {
		return rep, err
	}
	return ok(map[string]any{"CodeDeliveryDetails": codeDelivery(u)})
}

func (p *Proxy) confirmForgotPassword(ctx context.Context, req *request) (*reply, error) {
	client, pool, err := p.client(ctx, req.str("ClientId"))
	if err != nil {
		return nil, err
	}
	if e := checkPassword(pool.passwordPolicy(), req.str("Password")); e != nil {
		return nil, e
	}
	u, err := p.user(pool, req.str("Username"))
	if err != nil {
		return nil, err
	}
	// "Amazon Cognito returns the CodeMismatchException error for users that don't exist or are
	// disabled. If a code isn't requested when using ForgotPassword, Amazon Cognito returns the
	// ExpiredCodeException error." (Managing user existence error responses)
	if u == nil || u.disabled() {
		return nil, existenceOr(client, &apiError{"CodeMismatchException", msgCodeMismatch})
	}
	if u.ConfirmationCode == "" {
		return nil, &apiError{"ExpiredCodeException", msgCodeExpired}
	}
	req.set("Username", u.Username)
	rep, err := p.forward(ctx, req)
	if err != nil {
		return nil, err
	}
	return backendError(rep, codeMismatch)
}

func (p *Proxy) changePassword(ctx context.Context, req *request) (*reply, error) {
	pool, err := p.configs.pool(ctx, req.access.poolID())
	if err != nil {
		return nil, err
	}
	if e := checkPassword(pool.passwordPolicy(), req.str("ProposedPassword")); e != nil {
		return nil, e
	}
	rep, err := p.forward(ctx, req)
	if err != nil {
		return nil, err
	}
	return backendError(rep, wrongPassword)
}

func (p *Proxy) adminSetUserPassword(ctx context.Context, req *request) (*reply, error) {
	return p.adminPassword(ctx, req, "Password")
}

func (p *Proxy) adminCreateUser(ctx context.Context, req *request) (*reply, error) {
	return p.adminPassword(ctx, req, "TemporaryPassword")
}

// adminPassword checks an admin call's password field against the pool's policy, when it is set.
func (p *Proxy) adminPassword(ctx context.Context, req *request, field string) (*reply, error) {
	if pw := req.str(field); pw != "" {
		pool, err := p.configs.pool(ctx, req.str("UserPoolId"))
		if err != nil && !errors.Is(err, errNotFound) {
			return nil, err
		}
		if pool != nil {
			if e := checkPassword(pool.passwordPolicy(), pw); e != nil {
				return nil, e
			}
		}
	}
	return p.forward(ctx, req)
}

// resolveAdminUsername gives an admin call the stored username of the user it names, so a
// case-insensitive pool finds the user whatever the case. An unknown user is left to the backend.
func (p *Proxy) resolveAdminUsername(ctx context.Context, req *request) error {
	pool, err := p.configs.pool(ctx, req.str("UserPoolId"))
	if errors.Is(err, errNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	u, err := p.user(pool, req.str("Username"))
	if err != nil {
		return err
	}
	if u != nil && u.Username != req.str("Username") {
		req.set("Username", u.Username)
	}
	return nil
}

// accessClient is the app client an access token was issued to.
func (p *Proxy) accessClient(ctx context.Context, req *request) (*clientConfig, error) {
	c, _, err := p.client(ctx, req.access.ClientID)
	return c, err
}

func (p *Proxy) getUser(ctx context.Context, req *request) (*reply, error) {
	client, err := p.accessClient(ctx, req)
	if err != nil {
		return nil, err
	}
	rep, err := p.forward(ctx, req)
	if err != nil || rep.status != http.StatusOK {
		return rep, err
	}
	var out map[string]json.RawMessage
	var attrs []attribute
	if json.Unmarshal(rep.body, &out) != nil || json.Unmarshal(out["UserAttributes"], &attrs) != nil {
		return rep, nil
	}
	out["UserAttributes"], _ = json.Marshal(readable(client.ReadAttributes, attrs))
	return ok(out)
}

func (p *Proxy) updateUserAttributes(ctx context.Context, req *request) (*reply, error) {
	client, err := p.accessClient(ctx, req)
	if err != nil {
		return nil, err
	}
	if e := checkWritable(client.WriteAttributes, req.attributeNames("UserAttributes")); e != nil {
		return nil, e
	}
	return p.forward(ctx, req)
}

func (p *Proxy) deleteUserAttributes(ctx context.Context, req *request) (*reply, error) {
	client, err := p.accessClient(ctx, req)
	if err != nil {
		return nil, err
	}
	var names []string
	_ = json.Unmarshal(req.fields["UserAttributeNames"], &names)
	if e := checkWritable(client.WriteAttributes, names); e != nil {
		return nil, e
	}
	return p.forward(ctx, req)
}

func (p *Proxy) createUserPoolClient(ctx context.Context, req *request) (*reply, error) {
	if e := checkClientRequest(req); e != nil {
		return nil, e
	}
	return p.forward(ctx, req)
}

func (p *Proxy) updateUserPoolClient(ctx context.Context, req *request) (*reply, error) {
	if e := checkClientRequest(req); e != nil {
		return nil, e
	}
	return p.forgetAfter(ctx, req)
}
