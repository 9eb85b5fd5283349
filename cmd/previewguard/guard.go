package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/clickops/cognito-pool/internal/cliio"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Guarded are the resource types whose replacement or deletion loses data: a new user pool has
// no users, and a pool's hosted-UI domain can't be moved back once another pool takes it.
var Guarded = []string{
	"aws:cognito/userPool:UserPool",
	"aws:cognito/userPoolDomain:UserPoolDomain",
}

// The step ops of `pulumi preview --json`, as the Pulumi SDK lists them (apitype.OpType). An op in
// neither list (a newer engine's, or a hand-edited preview) on a guarded type fails closed: it is
// reported as a finding. On any other type it is only noted on stderr: nothing guarded can be
// lost through it, and refusing every preview that shows an op this build does not know, on any
// resource, would stop unrelated deploys.
var (
	// destructiveOps replace or delete a resource. remove-pending-replace is here because it only
	// appears after a delete-before-replace whose create failed: the old resource is gone already
	// and the next steps create a new one.
	destructiveOps = []string{
		string(apitype.OpReplace), string(apitype.OpCreateReplacement), string(apitype.OpDeleteReplaced),
		string(apitype.OpDelete), string(apitype.OpReadDiscard), string(apitype.OpDiscardReplaced),
		string(apitype.OpImportReplacement), string(apitype.OpRemovePendingReplace),
	}
	// safeOps keep the resource.
	safeOps = []string{
		string(apitype.OpSame), string(apitype.OpCreate), string(apitype.OpUpdate), string(apitype.OpRead),
		string(apitype.OpReadReplacement), string(apitype.OpRefresh), string(apitype.OpImport),
	}
)

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
	UnknownOps      []string // ops in neither list above: blocked, since they might replace or delete
}

func (f Finding) String() string {
	var s string
	switch {
	case len(f.UnknownOps) > 0:
		s = fmt.Sprintf("%s %s has op %s, which previewguard does not know: blocked as if it were replaced or deleted (ops: %s)",
			f.Type, cliio.Quote(f.Name), cliio.Quote(f.UnknownOps[0]), strings.Join(quoteAll(f.Ops), ", "))
	default:
		action := "replaced"
		if slices.Contains(f.Ops, "delete") && !slices.ContainsFunc(f.Ops, func(op string) bool { return strings.Contains(op, "replace") }) {
			action = "deleted"
		}
		s = fmt.Sprintf("%s %s would be %s (ops: %s)", f.Type, cliio.Quote(f.Name), action, strings.Join(f.Ops, ", "))
	}
	if len(f.Properties) > 0 {
		s += "; forced by: " + strings.Join(f.Properties, ", ")
	}
	return s
}

// quoteAll quotes ops for a message (an unknown op is input: it may hold anything).
func quoteAll(ops []string) []string {
	q := make([]string, len(ops))
	for i, op := range ops {
		q[i] = op
		if !slices.Contains(destructiveOps, op) && !slices.Contains(safeOps, op) {
			q[i] = cliio.Quote(op)
		}
	}
	return q
}

var errInput = errors.New("not the output of `pulumi preview --json`")

// Check reads a preview and returns the guarded resources it would replace or delete (or give an
// op previewguard does not know), and notes: one line per unknown op on a resource it does not
// guard.
func Check(data []byte) (findings []Finding, notes []string, err error) {
	var d digest
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", errInput, err)
	}
	if d.Steps == nil && d.ChangeSummary == nil {
		return nil, nil, fmt.Errorf("%w: no steps and no changeSummary (did the preview fail?)", errInput)
	}
	byURN := map[string]*Finding{}
	var order []string
	for i, st := range d.Steps {
		if st.URN == "" || st.Op == "" {
			return nil, nil, fmt.Errorf("%w: step %d has no urn or op", errInput, i)
		}
		if slices.Contains(safeOps, st.Op) {
			continue
		}
		unknown := !slices.Contains(destructiveOps, st.Op)
		urn, err := resource.ParseURN(st.URN)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: step %d: %w", errInput, i, err)
		}
		typ := string(urn.Type())
		if !slices.Contains(Guarded, typ) {
			if unknown {
				notes = append(notes, fmt.Sprintf("op %s on %s %s is unknown to previewguard; not a guarded type, so not blocked",
					cliio.Quote(st.Op), typ, cliio.Quote(urn.Name())))
			}
			continue
		}
		f, ok := byURN[st.URN]
		if !ok {
			f = &Finding{Type: typ, Name: urn.Name(), URN: st.URN}
			byURN[st.URN] = f
			order = append(order, st.URN)
		}
		f.Ops = append(f.Ops, st.Op)
		if unknown {
			f.UnknownOps = append(f.UnknownOps, st.Op)
		}
		f.Properties = append(f.Properties, st.ReplaceReasons...)
		for prop, diff := range st.DetailedDiff {
			if strings.HasSuffix(diff.Kind, "-replace") {
				f.Properties = append(f.Properties, prop)
			}
		}
	}
	findings = make([]Finding, 0, len(order))
	for _, urn := range order {
		f := byURN[urn]
		sort.Strings(f.Properties)
		f.Properties = slices.Compact(f.Properties)
		findings = append(findings, *f)
	}
	return findings, notes, nil
}
