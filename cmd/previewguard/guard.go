package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Guarded are the resource types whose replacement or deletion loses data: a new user pool has
// no users, and a pool's hosted-UI domain can't be moved back once another pool takes it.
var Guarded = []string{
	"aws:cognito/userPool:UserPool",
	"aws:cognito/userPoolDomain:UserPoolDomain",
}

// destructiveOps are the step ops of `pulumi preview --json` that replace or delete a resource.
var destructiveOps = []string{"replace", "create-replacement", "delete-replaced", "delete", "discard", "discard-replaced", "import-replacement"}

// digest is the part of `pulumi preview --json` (the engine's PreviewDigest) the guard reads.
type digest struct {
	Steps         []previewStep   `json:"steps"`
	ChangeSummary map[string]int  `json:"changeSummary"`
	Diagnostics   json.RawMessage `json:"diagnostics"`
}

type previewStep struct {
	Op             string                  `json:"op"`
	URN            string                  `json:"urn"`
	ReplaceReasons []string                `json:"replaceReasons"`
	DetailedDiff   map[string]propertyDiff `json:"detailedDiff"`
}

type propertyDiff struct {
	Kind      string `json:"kind"`
	InputDiff bool   `json:"inputDiff"`
}

// Finding is one guarded resource the preview would replace or delete.
type Finding struct {
	Type, Name, URN string
	Ops             []string // in preview order, e.g. create-replacement, replace, delete-replaced
	Properties      []string // what forces the replacement (replaceReasons and *-replace diffs)
}

func (f Finding) String() string {
	action := "replaced"
	if slices.Contains(f.Ops, "delete") && !slices.ContainsFunc(f.Ops, func(op string) bool { return strings.Contains(op, "replace") }) {
		action = "deleted"
	}
	s := fmt.Sprintf("%s %q would be %s (ops: %s)", f.Type, f.Name, action, strings.Join(f.Ops, ", "))
	if len(f.Properties) > 0 {
		s += "; forced by: " + strings.Join(f.Properties, ", ")
	}
	return s
}

var errInput = errors.New("not the output of `pulumi preview --json`")

// Check reads a preview and returns the guarded resources it would replace or delete.
func Check(data []byte) ([]Finding, error) {
	var d digest
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("%w: %w", errInput, err)
	}
	if d.Steps == nil && d.ChangeSummary == nil {
		return nil, fmt.Errorf("%w: no steps and no changeSummary (did the preview fail?)", errInput)
	}
	byURN := map[string]*Finding{}
	var order []string
	for i, st := range d.Steps {
		if st.URN == "" || st.Op == "" {
			return nil, fmt.Errorf("%w: step %d has no urn or op", errInput, i)
		}
		if !slices.Contains(destructiveOps, st.Op) {
			continue
		}
		urn, err := resource.ParseURN(st.URN)
		if err != nil {
			return nil, fmt.Errorf("%w: step %d: %w", errInput, i, err)
		}
		typ := string(urn.Type())
		if !slices.Contains(Guarded, typ) {
			continue
		}
		f, ok := byURN[st.URN]
		if !ok {
			f = &Finding{Type: typ, Name: urn.Name(), URN: st.URN}
			byURN[st.URN] = f
			order = append(order, st.URN)
		}
		f.Ops = append(f.Ops, st.Op)
		f.Properties = append(f.Properties, st.ReplaceReasons...)
		for prop, diff := range st.DetailedDiff {
			if strings.HasSuffix(diff.Kind, "-replace") {
				f.Properties = append(f.Properties, prop)
			}
		}
	}
	findings := make([]Finding, 0, len(order))
	for _, urn := range order {
		f := byURN[urn]
		sort.Strings(f.Properties)
		f.Properties = slices.Compact(f.Properties)
		findings = append(findings, *f)
	}
	return findings, nil
}
