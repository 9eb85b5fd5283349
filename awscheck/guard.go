package awscheck

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Guard makes a Cognito client check every request with Request before sending it. Pass it as an
// option: cognitoidentityprovider.New(opts, awscheck.Guard) or NewFromConfig(cfg, awscheck.Guard).
//
// The check runs in the Build step, after the SDK has serialized the request and before signing,
// retries and the network: it reads the body and the operation from the X-Amz-Target header, and
// puts the same bytes back for sending. A request that fails never leaves the process; the call
// returns the *ValidationError or *RequestError, which errors.As finds through the SDK's
// *smithy.OperationError.
func Guard(o *cip.Options) {
	o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
		return stack.Build.Add(middleware.BuildMiddlewareFunc("awscheck.Guard", guard), middleware.After)
	})
}

func guard(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("awscheck: unexpected request type %T", in.Request)
	}
	m, err := loadModel()
	if err != nil {
		return middleware.BuildOutput{}, middleware.Metadata{}, err
	}
	target := req.Header.Get("X-Amz-Target")
	op, found := strings.CutPrefix(target, m.targetPrefix+".")
	if !found {
		return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("awscheck: X-Amz-Target %q is not a Cognito user pools operation", target)
	}
	var body []byte
	if s := req.GetStream(); s != nil {
		if body, err = io.ReadAll(s); err != nil {
			return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("awscheck: reading the %s request body: %w", op, err)
		}
		if req, err = req.SetStream(bytes.NewReader(body)); err != nil {
			return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("awscheck: restoring the %s request body: %w", op, err)
		}
		in.Request = req
	}
	if err := Request(op, body); err != nil {
		return middleware.BuildOutput{}, middleware.Metadata{}, err
	}
	return next.HandleBuild(ctx, in)
}
