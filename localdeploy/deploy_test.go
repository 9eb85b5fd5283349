package localdeploy

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/clickops/cognito-pool/components"
	"github.com/clickops/cognito-pool/internal/emulatortest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestDeployRefusesUnsupportedTypes(t *testing.T) {
	e := emulatortest.Start(t)
	_, err := Deploy(context.Background(), e.Client(), e.Endpoint, "p", "s", nil, func(ctx *pulumi.Context) (pulumi.Map, error) {
		p, err := components.NewUserPool(ctx, "auth", nil)
		if err != nil {
			return nil, err
		}
		_, err = cognito.NewUserGroup(ctx, "admins", &cognito.UserGroupArgs{UserPoolId: p.UserPoolID})
		return pulumi.Map{}, err
	})
	if err == nil || !strings.Contains(err.Error(), "aws:cognito/userGroup:UserGroup") || !strings.Contains(err.Error(), "not supported locally") {
		t.Fatalf("err=%v, want one naming the unsupported type", err)
	}
}

func TestDeployProgramError(t *testing.T) {
	e := emulatortest.Start(t)
	_, err := Deploy(context.Background(), e.Client(), e.Endpoint, "p", "s", nil, func(ctx *pulumi.Context) (pulumi.Map, error) {
		_, err := components.NewUserPool(ctx, "auth", &components.UserPoolArgs{MFA: "SMS"})
		return nil, err
	})
	if err == nil || !strings.Contains(err.Error(), "MFA") {
		t.Fatalf("err=%v, want the validation error", err)
	}
	out, err := e.Client().ListUserPools(context.Background(), &cip.ListUserPoolsInput{MaxResults: aws.Int32(10)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.UserPools) != 0 {
		t.Errorf("invalid args created %d pools in the emulator, want 0", len(out.UserPools))
	}
}

// TestDeployDomainChecksButDoesNotSend: the hosted-UI domain is translated and checked but
// cognito-local, which has no hosted UI, never receives it.
func TestDeployDomainChecksButDoesNotSend(t *testing.T) {
	e := emulatortest.Start(t)
	dep, err := Deploy(context.Background(), e.Client(), e.Endpoint, "p", "s", nil, func(ctx *pulumi.Context) (pulumi.Map, error) {
		_, err := components.NewUserPool(ctx, "auth", &components.UserPoolArgs{DomainPrefix: "acme", CallbackURLs: []string{"https://a.example.com"}})
		return pulumi.Map{}, err
	})
	if err != nil {
		t.Fatal(err)
	}
	var domains []Created
	for _, r := range dep.Resources {
		if r.Type == TypeUserPoolDomain {
			domains = append(domains, r)
		}
	}
	if len(domains) != 1 || domains[0].NotSent == "" || domains[0].ID != "acme" {
		t.Fatalf("domains %+v, want acme, checked and not sent", domains)
	}
}
