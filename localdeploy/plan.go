package localdeploy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// Plan runs program like Deploy and builds and checks every request, serialized by the AWS SDK as
// for Deploy, but sends none: a stand-in answers each call. It shows what `pulumi up` would ask of
// Cognito, for a stack no endpoint can take whole (a hosted-UI domain), without an emulator.
func Plan(ctx context.Context, project, stack string, cfg map[string]string, program Program) (*Deployment, error) {
	return Deploy(ctx, planClient(), "http://plan.invalid", project, stack, cfg, program)
}

// planClient is a Cognito client whose calls planAnswers answers.
func planClient() *cip.Client {
	return cip.NewFromConfig(aws.Config{
		Region:      "local",
		Credentials: credentials.NewStaticCredentialsProvider("plan", "plan", ""),
		HTTPClient:  &planAnswers{},
	}, func(o *cip.Options) { o.BaseEndpoint = aws.String("http://plan.invalid") })
}

// planAnswers answers each Cognito call as a successful one, with the ids the deploy reads.
type planAnswers struct{ n atomic.Int64 }

func (p *planAnswers) Do(req *http.Request) (*http.Response, error) {
	n := p.n.Add(1)
	op := strings.TrimPrefix(req.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")
	var body string
	switch op {
	case "CreateUserPool":
		body = fmt.Sprintf(`{"UserPool":{"Id":"local_Plan%04d","Arn":"arn:aws:cognito-idp:local:000000000000:userpool/local_Plan%04d"}}`, n, n)
	case "CreateUserPoolClient":
		body = fmt.Sprintf(`{"UserPoolClient":{"ClientId":"planclient%04d"}}`, n)
	default:
		body = `{}`
	}
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/x-amz-json-1.1"}},
		Body:       io.NopCloser(bytes.NewReader([]byte(body))),
		Request:    req,
	}, nil
}
