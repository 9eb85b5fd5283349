// Package awsmodels holds AWS's published API models, vendored from botocore (see README.md),
// embedded in the binary so nothing reads them from disk at run time.
package awsmodels

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
)

//go:embed cognito-idp-2016-04-18.service-2.json.gz
var cognitoIDPGzip []byte

// CognitoIDP returns the Amazon Cognito user pools API model (cognito-idp 2016-04-18,
// botocore 1.43.11) as JSON. Each call returns a fresh copy: callers may keep or change it.
func CognitoIDP() ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(cognitoIDPGzip))
	if err != nil {
		return nil, fmt.Errorf("awsmodels: cognito-idp model: %w", err)
	}
	defer zr.Close()
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("awsmodels: cognito-idp model: %w", err)
	}
	return b, nil
}
