package localdeploy

import (
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// translateUserPoolDomain mirrors resourceUserPoolDomainCreate of terraform-provider-aws
// internal/service/cognitoidp/user_pool_domain.go (read at a late-5.x copy, isometry/terraform-provider-faws
// @e00409b28f39e11be5802929e97d9bc2fb890ea6): Domain and UserPoolId, and CustomDomainConfig only
// with a certificate. managed_login_version (provider v5.95, not in the copy read) is sent when
// declared, as the attribute of that name on CreateUserPoolDomainInput.
func translateUserPoolDomain(in inputs) *cip.CreateUserPoolDomainInput {
	req := &cip.CreateUserPoolDomainInput{
		Domain:              in.strp("domain"),
		UserPoolId:          in.strp("userPoolId"),
		ManagedLoginVersion: in.int32p("managedLoginVersion"),
	}
	if arn := in.str("certificateArn"); arn != "" {
		req.CustomDomainConfig = &types.CustomDomainConfigType{CertificateArn: &arn}
	}
	return req
}
