// Package cognitoproxy is an HTTP front for cognito-local that answers like Amazon Cognito where
// cognito-local 5.3.0 does not, so the app's real client libraries and the smoke test run locally
// with production settings, and a wrongly configured pool fails locally as it would on AWS.
//
// Start it in front of a running emulator and point clients at Endpoint:
//
//	emu, _ := emulator.Start(ctx, emulator.Options{})
//	defer emu.Close()
//	px, _ := cognitoproxy.New(cognitoproxy.Options{Backend: emu.Endpoint, DataDir: emu.DataDir()})
//	_ = px.Start(ctx)
//	defer px.Close()
//
// What it adds, with the AWS behaviour it reproduces:
//
//   - USER_SRP_AUTH → PASSWORD_VERIFIER → RespondToAuthChallenge: the server side of Cognito's SRP
//     (srp.go), with TIMESTAMP's format ("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in
//     english.") and freshness checked, then the emulator's own tokens for the user.
//   - GetTokensFromRefreshToken (aws-amplify 6's refresh), GlobalSignOut, AdminUserGlobalSignOut
//     and RevokeToken: a signed-out or revoked refresh token gets "Refresh Token has been
//     revoked", a signed-out access token "Access Token has been revoked" from every
//     token-authorized operation (GlobalSignOut and RevokeToken API references). Access tokens are
//     verified (signature, expiry, client) with cognitojwt before cognito-local, which checks
//     none, sees them.
//   - For the deployed pool and client (DescribeUserPool / DescribeUserPoolClient, cached until
//     the proxy passes a change to them): the client's ExplicitAuthFlows, WriteAttributes and
//     ReadAttributes; the pool's password policy; case-insensitive usernames;
//     PreventUserExistenceErrors ENABLED ("Managing user existence error responses", Amazon
//     Cognito Developer Guide); and CreateUserPoolClient's "REFRESH_TOKEN_AUTH should always be
//     allowed." Each rule cites its source where it is written (rules.go, handlers.go).
//   - ResendConfirmationCode, which cognito-local lacks, and AWS's wording where cognito-local's
//     differs (a wrong password is NotAuthorizedException "Incorrect username or password.").
//
// Everything else — other operations, the JWKS at /<poolId>/.well-known/jwks.json, /health —
// passes through unchanged.
//
// Tokens keep cognito-local's issuer, <Backend>/<poolId>: cognito-local reads its IssuerDomain
// once at start-up, before the proxy's address exists, and the proxy does not re-sign tokens. A
// verifier therefore takes the issuer and JWKS URL of the emulator (localdeploy.Deploy's outputs when
// given the emulator's endpoint), while API calls go to the proxy.
//
// The proxy reads cognito-local's data files (<DataDir>/.cognito/db/<poolId>.json) for users'
// passwords — SRP needs a verifier, which the API never returns — and refresh tokens; it changes
// them only through the API. Revocations live in the proxy's memory, as long as the emulator's
// data does in local mode; tokens are linked to revocations only when they were issued through the
// proxy.
package cognitoproxy
