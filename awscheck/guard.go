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
	body, err := readBody(&in, op)
	if err != nil {
		return middleware.BuildOutput{}, middleware.Metadata{}, err
	}
	if err := Request(op, body); err != nil {
		return middleware.BuildOutput{}, middleware.Metadata{}, err
	}
	return next.HandleBuild(ctx, in)
}

// readBody reads the serialized body of the request in in and puts the same bytes back for sending.
func readBody(in *middleware.BuildInput, op string) ([]byte, error) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return nil, fmt.Errorf("awscheck: unexpected request type %T", in.Request)
	}
	s := req.GetStream()
	if s == nil {
		return nil, nil
	}
	body, err := io.ReadAll(s)
	if err != nil {
		return nil, fmt.Errorf("awscheck: reading the %s request body: %w", op, err)
	}
	if req, err = req.SetStream(bytes.NewReader(body)); err != nil {
		return nil, fmt.Errorf("awscheck: restoring the %s request body: %w", op, err)
	}
	in.Request = req
	return body, nil
}

// Keep stores the serialized body of the call it is passed to in *body, for the checks that
// compare two requests (ClientForPool). Pass it per call, after Guard:
// client.CreateUserPool(ctx, in, awscheck.Keep(&body)).
func Keep(body *[]byte) func(*cip.Options) {
	return func(o *cip.Options) {
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			return stack.Build.Add(middleware.BuildMiddlewareFunc("awscheck.Keep",
				func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
					b, err := readBody(&in, "")
					if err != nil {
						return middleware.BuildOutput{}, middleware.Metadata{}, err
					}
					*body = b
					return next.HandleBuild(ctx, in)
				}), middleware.After)
		})
	}
}
