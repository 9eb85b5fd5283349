package emulator

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// NewClient returns a Cognito API client for an emulator at endpoint (cognito-local, LocalStack):
// static credentials (emulators check none) and no retries (cognito-local answers an unsupported
// operation with HTTP 500, which the SDK would retry 3 times). optFns change its options.
func NewClient(endpoint, region string, optFns ...func(*cip.Options)) *cip.Client {
	cfg := aws.Config{
		Region:           region,
		Credentials:      credentials.NewStaticCredentialsProvider("local", "local", ""),
		RetryMaxAttempts: 1,
	}
	return cip.NewFromConfig(cfg, append([]func(*cip.Options){func(o *cip.Options) { o.BaseEndpoint = aws.String(endpoint) }}, optFns...)...)
}
