// Package pulumimock runs Pulumi code under pulumi.WithMocks against a fake AWS that records every
// registered resource and answers with ids and outputs shaped like Cognito's.
package pulumimock

import (
	"fmt"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource is one registration the program made.
type Resource struct {
	Type, Name string
	Parent     string // parent URN; "" for none
	Protect    bool
	// DeleteBeforeReplace is the resource option of that name.
	DeleteBeforeReplace bool
	// ImportID is the Import option's id ("" without one).
	ImportID string
	Inputs   resource.PropertyMap
	ID       string
}

// AWS is a pulumi.MockResourceMonitor that plays AWS for the Cognito types.
type AWS struct {
	Region string

	mu        sync.Mutex
	resources []Resource
}

// NewResource records the registration and returns an id and the outputs AWS would.
func (a *AWS) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := len(a.resources) + 1
	state := args.Inputs.Copy()
	var id string
	switch args.TypeToken {
	case "aws:cognito/userPool:UserPool":
		id = fmt.Sprintf("%s_Mock%04d", a.Region, n)
		state["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:cognito-idp:%s:123456789012:userpool/%s", a.Region, id))
		state["endpoint"] = resource.NewProperty(fmt.Sprintf("cognito-idp.%s.amazonaws.com/%s", a.Region, id))
	case "aws:cognito/userPoolClient:UserPoolClient":
		id = fmt.Sprintf("mockclient%04d", n)
	case "aws:cognito/userPoolDomain:UserPoolDomain":
		id = args.Inputs["domain"].StringValue()
	default:
		if args.Custom {
			id = fmt.Sprintf("%s-id", args.Name)
		}
	}
	r := Resource{Type: args.TypeToken, Name: args.Name, Inputs: args.Inputs, ID: id}
	if rpc := args.RegisterRPC; rpc != nil {
		r.Parent = rpc.GetParent()
		r.Protect = rpc.GetProtect()
		r.DeleteBeforeReplace = rpc.GetDeleteBeforeReplace()
		r.ImportID = rpc.GetImportId()
	}
	a.resources = append(a.resources, r)
	return id, state, nil
}

// Call answers provider functions; the program calls none.
func (a *AWS) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("unexpected provider function %s", args.Token)
}

// Resources returns what was registered, in order.
func (a *AWS) Resources() []Resource {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Resource(nil), a.resources...)
}

// ByType returns the registrations of one type.
func (a *AWS) ByType(typ string) []Resource {
	var out []Resource
	for _, r := range a.Resources() {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// WithConfig sets the stack config the program reads (full keys, e.g. "project:key").
func WithConfig(cfg map[string]string) pulumi.RunOption {
	return func(info *pulumi.RunInfo) { info.Config = cfg }
}

// Run runs body under mocks as project/stack and returns the fake AWS and the body's error.
func Run(tb testing.TB, project string, cfg map[string]string, body pulumi.RunFunc) (*AWS, error) {
	tb.Helper()
	aws := &AWS{Region: "eu-west-1"}
	if r, ok := cfg["aws:region"]; ok {
		aws.Region = r
	}
	err := pulumi.RunErr(body, pulumi.WithMocks(project, "test", aws), WithConfig(cfg))
	return aws, err
}
