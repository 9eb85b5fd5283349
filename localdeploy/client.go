package localdeploy

import (
	"cmp"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// translateUserPoolClient mirrors userPoolClientResource.Create of terraform-provider-aws
// internal/service/cognitoidp/user_pool_client.go (read at hashicorp@01f431114674c27cf790fafb67ac274bf8f765e1).
// It is a Plugin Framework resource: CreateUserPoolClient is built by autoflex (fwflex.Expand with
// the field prefix "Client") from the plan, which skips null and unknown values, so only what the
// program declares is sent and AWS applies its own defaults to the rest (refresh 30 days, auth
// session 3 minutes, token revocation on). clientName is the declared name or Pulumi's autoname.
func translateUserPoolClient(in inputs, clientName string) *cip.CreateUserPoolClientInput {
	in.str("name") // read by the caller, which autonames it
	req := &cip.CreateUserPoolClientInput{
		UserPoolId:                               in.strp("userPoolId"),
		ClientName:                               aws.String(clientName),
		AccessTokenValidity:                      in.int32p("accessTokenValidity"),
		IdTokenValidity:                          in.int32p("idTokenValidity"),
		RefreshTokenValidity:                     in.integer("refreshTokenValidity"),
		AuthSessionValidity:                      in.int32p("authSessionValidity"),
		EnableTokenRevocation:                    in.boolp("enableTokenRevocation"),
		EnablePropagateAdditionalUserContextData: in.boolp("enablePropagateAdditionalUserContextData"),
		PreventUserExistenceErrors:               types.PreventUserExistenceErrorTypes(in.str("preventUserExistenceErrors")),
		ExplicitAuthFlows:                        enumsOrNil[types.ExplicitAuthFlowsType](in.strs("explicitAuthFlows")),
		ReadAttributes:                           in.strs("readAttributes"),
		WriteAttributes:                          in.strs("writeAttributes"),
		SupportedIdentityProviders:               in.strs("supportedIdentityProviders"),
		CallbackURLs:                             in.strs("callbackUrls"),
		LogoutURLs:                               in.strs("logoutUrls"),
		DefaultRedirectURI:                       in.strp("defaultRedirectUri"),
		AllowedOAuthFlows:                        enumsOrNil[types.OAuthFlowType](in.strs("allowedOauthFlows")),
		AllowedOAuthScopes:                       in.strs("allowedOauthScopes"),
		// Plain bools: the SDK sends them only when true (generate_secret false never reaches AWS).
		AllowedOAuthFlowsUserPoolClient: in.boolean("allowedOauthFlowsUserPoolClient"),
		GenerateSecret:                  in.boolean("generateSecret"),
	}
	// token_validity_units: a declared block fills its unset units from the schema defaults
	// (access_token and id_token "hours", refresh_token "days").
	if u, ok := in.block("tokenValidityUnits"); ok {
		req.TokenValidityUnits = &types.TokenValidityUnitsType{
			AccessToken:  types.TimeUnitsType(cmp.Or(u.str("accessToken"), string(types.TimeUnitsTypeHours))),
			IdToken:      types.TimeUnitsType(cmp.Or(u.str("idToken"), string(types.TimeUnitsTypeHours))),
			RefreshToken: types.TimeUnitsType(cmp.Or(u.str("refreshToken"), string(types.TimeUnitsTypeDays))),
		}
	}
	return req
}

func enumsOrNil[T ~string](v []string) []T {
	if v == nil {
		return nil
	}
	return enums[T](v)
}
