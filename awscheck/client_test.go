package awscheck

import (
	"errors"
	"strings"
	"testing"
)

func TestClientForPool(t *testing.T) {
	// The app's pool: e-mail and name required, a custom tenant attribute, a developer-only one.
	const appPool = `{"PoolName":"app","Schema":[` +
		`{"Name":"email","AttributeDataType":"String","Required":true},` +
		`{"Name":"name","AttributeDataType":"String","Required":true},` +
		`{"Name":"tenant","AttributeDataType":"String","Mutable":true},` +
		`{"Name":"score","AttributeDataType":"Number","DeveloperOnlyAttribute":true}]}`
	for _, tc := range []struct {
		name, pool, client string
		want               []string // Error() and Detail of each
	}{
		{"no attribute lists", appPool, `{` + client + `}`, nil},
		{"the app's client", appPool, `{` + client + `,"ReadAttributes":["email","email_verified","name","preferred_username","custom:tenant"],"WriteAttributes":["email","name","preferred_username","custom:tenant"]}`, nil},
		{"required attribute not writable", appPool, `{` + client + `,"WriteAttributes":["email","preferred_username"]}`,
			[]string{"InvalidParameterException: Invalid write attributes specified while creating a client | the pool requires name, which WriteAttributes lacks"}},
		{"undeclared custom attribute", appPool, `{` + client + `,"ReadAttributes":["custom:plan"],"WriteAttributes":["email","name","custom:plan"]}`,
			[]string{
				`InvalidParameterException: Invalid read attributes specified while creating a client | "custom:plan" is neither a standard attribute nor a custom attribute of the pool`,
				`InvalidParameterException: Invalid write attributes specified while creating a client | "custom:plan" is neither a standard attribute nor a custom attribute of the pool`,
			}},
		{"custom attribute without its prefix", appPool, `{` + client + `,"ReadAttributes":["tenant"]}`,
			[]string{`InvalidParameterException: Invalid read attributes specified while creating a client | "tenant" is neither a standard attribute nor a custom attribute of the pool`}},
		{"developer-only attribute", appPool, `{` + client + `,"ReadAttributes":["custom:score"]}`,
			[]string{`InvalidParameterException: Invalid read attributes specified while creating a client | "custom:score" is neither a standard attribute nor a custom attribute of the pool`}},
		{"choice-based sign-in on LITE", `{"PoolName":"app","UserPoolTier":"LITE"}`, `{` + client + `,"ExplicitAuthFlows":["ALLOW_USER_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]}`,
			[]string{"FeatureUnavailableInTierException: ExplicitAuthFlows ALLOW_USER_AUTH needs UserPoolTier ESSENTIALS or PLUS; the pool is on LITE | "}},
		{"choice-based sign-in on the default tier", `{"PoolName":"app"}`, `{` + client + `,"ExplicitAuthFlows":["ALLOW_USER_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ClientForPool([]byte(tc.pool), []byte(tc.client))
			var got []string
			if err != nil {
				for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
					var re *RequestError
					if !errors.As(e, &re) || re.Operation != "CreateUserPoolClient" {
						t.Fatalf("ClientForPool = %v, want *RequestError values for CreateUserPoolClient", err)
					}
					got = append(got, re.Error()+" | "+re.Detail)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("errors:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// Each request is checked on its own first, and the error says which one failed.
func TestClientForPoolChecksEachRequest(t *testing.T) {
	err := ClientForPool([]byte(`{}`), []byte(`{`+client+`}`))
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.HasPrefix(err.Error(), "pool: 1 validation error detected") {
		t.Fatalf("bad pool: %v", err)
	}
	err = ClientForPool([]byte(`{"PoolName":"app"}`), []byte(`{"UserPoolId":"eu-west-1_abc"}`))
	if !errors.As(err, &ve) || !strings.HasPrefix(err.Error(), "client: ") {
		t.Fatalf("bad client: %v", err)
	}
}
