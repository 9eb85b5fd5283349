// Package awscheck checks Amazon Cognito user pool API requests against AWS's own published
// rules before they are sent, and words what it finds the way AWS does.
//
// Request checks one JSON request body — what the AWS SDK sends with the awsJson1_1 protocol —
// against the operation's input shape in AWS's API model (third_party/aws-models): required
// members, string and list lengths, patterns, enums, number bounds and JSON types, all the way
// down. It then applies the documented rules the model can't express (rules.go).
// ClientForPool checks an app client against the pool it belongs to. Guard makes an
// aws-sdk-go-v2 Cognito client run Request on every request before sending it.
package awscheck

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Request checks body, the JSON request body of operation ("CreateUserPool"), against AWS's API
// model and rules. It returns nil for a request AWS's published rules accept, a *ValidationError
// (with AWS's InvalidParameterException message) for broken member constraints, or one or more
// *RequestError (joined with errors.Join) for wrong JSON types, unknown members and broken
// cross-member rules. Member constraints come first, as at AWS: rules are only checked on a
// request that satisfies the model. An empty body is the empty request {}.
func Request(operation string, body []byte) error {
	_, err := check(operation, body)
	return err
}

// check is Request, also returning the parsed body for callers that look further into it.
func check(operation string, body []byte) (*node, error) {
	m, err := loadModel()
	if err != nil {
		return nil, err
	}
	in, ok := m.inputs[operation]
	if !ok {
		return nil, fmt.Errorf("awscheck: %q is not an operation of the Cognito user pools API", operation)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	root, err := parseJSON(body)
	if err != nil {
		return nil, &RequestError{Operation: operation, Exception: SerializationException,
			Message: "the request body is not JSON: " + err.Error()}
	}
	if err := checkTypes(operation, in, root, ""); err != nil {
		return nil, err
	}
	c := &checker{}
	c.structure(in, root, "")
	if len(c.violations) > 0 {
		return nil, &ValidationError{Operation: operation, Violations: c.violations}
	}
	var errs []error
	for _, r := range rules[operation] {
		for _, e := range r(operation, root) {
			e.Operation = operation
			errs = append(errs, e)
		}
	}
	return root, errors.Join(errs...)
}

// checkTypes reports the first value whose JSON type the shape can't take, and the first member
// the model doesn't have. path is the member as the request spells it.
func checkTypes(op string, s *shape, v *node, path string) error {
	if v.kind == kNull || s.document {
		return nil
	}
	wrong := func(want, got string) error {
		if got == "" {
			got = v.kind.String()
		}
		return &RequestError{Operation: op, Member: pathOrBody(path), Exception: SerializationException,
			Message: fmt.Sprintf("%s: %s takes %s, got %s", pathOrBody(path), s.name, want, got)}
	}
	switch s.kind {
	case "structure":
		if v.kind != kObject {
			return wrong("an object", "")
		}
		for i, k := range v.keys {
			mem, ok := s.byName[k]
			if !ok {
				return &RequestError{Operation: op, Member: joinPath(path, k), unknownMember: true,
					Message: fmt.Sprintf("%s has no member %q in the API model; AWS would silently ignore it", s.name, k)}
			}
			if err := checkTypes(op, mem.shape, v.vals[i], joinPath(path, k)); err != nil {
				return err
			}
		}
	case "list":
		if v.kind != kArray {
			return wrong("a list", "")
		}
		for i, item := range v.items {
			p := fmt.Sprintf("%s[%d]", path, i)
			if item.kind == kNull {
				return &RequestError{Operation: op, Member: p, Exception: SerializationException,
					Message: p + ": a list element is null"}
			}
			if err := checkTypes(op, s.elem, item, p); err != nil {
				return err
			}
		}
	case "map":
		if v.kind != kObject {
			return wrong("a map (a JSON object)", "")
		}
		for i, k := range v.keys {
			p := fmt.Sprintf("%s[%q]", path, k)
			if v.vals[i].kind == kNull {
				return &RequestError{Operation: op, Member: p, Exception: SerializationException,
					Message: p + ": a map value is null"}
			}
			if err := checkTypes(op, s.val, v.vals[i], p); err != nil {
				return err
			}
		}
	case "string":
		if v.kind != kString {
			return wrong("a string", "")
		}
	case "boolean":
		if v.kind != kBool {
			return wrong("a boolean", "")
		}
	case "integer", "long":
		bits := 32
		if s.kind == "long" {
			bits = 64
		}
		want := fmt.Sprintf("a %d-bit integer", bits)
		if v.kind != kNumber {
			return wrong(want, "")
		}
		if _, err := strconv.ParseInt(v.text, 10, bits); err != nil {
			return wrong(want, v.text)
		}
	case "timestamp":
		if v.kind != kNumber {
			return wrong("a number of seconds since 1970", "")
		}
		if f, err := strconv.ParseFloat(v.text, 64); err != nil || math.IsInf(f, 0) {
			return wrong("a number of seconds since 1970", v.text)
		}
	case "blob":
		if v.kind != kString {
			return wrong("a base64 string", "")
		}
		if _, err := base64.StdEncoding.DecodeString(v.text); err != nil {
			return wrong("a base64 string", fmt.Sprintf("%.20q (%v)", v.text, err))
		}
	}
	return nil
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func pathOrBody(path string) string {
	if path == "" {
		return "the request body"
	}
	return path
}

// checker collects the model's constraint violations of one request, in AWS's words.
type checker struct {
	violations []Violation
}

func (c *checker) add(s *shape, v *node, path, constraint string) {
	c.violations = append(c.violations, Violation{Path: path, Value: printed(s, v), Constraint: constraint})
}

// structure checks a structure's members in model order.
func (c *checker) structure(s *shape, v *node, path string) {
	for _, m := range s.members {
		p := joinPath(path, m.awsName)
		mv := v.field(m.name)
		if mv == nil {
			if m.required {
				c.violations = append(c.violations, Violation{Path: p, Value: "null", Constraint: "Member must not be null"})
			}
			continue
		}
		c.value(m.shape, mv, p)
	}
}

// value checks one present value: the container's own constraints before its contents, as AWS
// reports a too-long list before its elements ("Value '[...]' at 'records' failed to satisfy
// constraint: Member must have length less than or equal to 500; Value ” at
// 'records.1.member.partitionKey' ...", kinesalite's tests of Kinesis).
func (c *checker) value(s *shape, v *node, path string) {
	if s.document {
		return
	}
	switch s.kind {
	case "structure":
		c.structure(s, v, path)
	case "list":
		c.length(s, v, path, int64(len(v.items)))
		if scalar(s.elem) {
			for _, item := range v.items {
				if len(failures(s.elem, item)) > 0 {
					c.add(s, v, path, "Member must satisfy constraint: "+constraintList(s.elem))
					break
				}
			}
			return
		}
		for i, item := range v.items {
			c.value(s.elem, item, fmt.Sprintf("%s.%d.member", path, i+1))
		}
	case "map":
		c.length(s, v, path, int64(len(v.keys)))
		for _, k := range v.keys {
			if len(failures(s.key, &node{kind: kString, text: k})) > 0 {
				c.add(s, v, path, "Map keys must satisfy constraint: "+constraintList(s.key))
				break
			}
		}
		if scalar(s.val) {
			for _, item := range v.vals {
				if len(failures(s.val, item)) > 0 {
					c.add(s, v, path, "Map value must satisfy constraint: "+constraintList(s.val))
					break
				}
			}
			return
		}
		for i, k := range v.keys {
			c.value(s.val, v.vals[i], path+"."+k+".member")
		}
	default:
		for _, f := range failures(s, v) {
			c.add(s, v, path, f)
		}
	}
}

func (c *checker) length(s *shape, v *node, path string, n int64) {
	if s.hasMin && n < s.min {
		c.add(s, v, path, fmt.Sprintf("Member must have length greater than or equal to %d", s.min))
	}
	if s.hasMax && n > s.max {
		c.add(s, v, path, fmt.Sprintf("Member must have length less than or equal to %d", s.max))
	}
}

// scalar shapes are checked as a whole when they are list elements or map values: AWS reports
// "Value '[...]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy
// constraint: [Member must satisfy enum value set: [...]]" once for the list
// (github.com/aws-solutions/media-insights-on-aws/pull/199), not once per element.
func scalar(s *shape) bool {
	switch s.kind {
	case "structure", "list", "map":
		return s.document
	}
	return true
}

// failures lists the constraints a scalar value breaks, in AWS's words: length, then pattern,
// then enum; for numbers, the bound.
func failures(s *shape, v *node) []string {
	var out []string
	switch s.kind {
	case "string", "blob":
		n := int64(utf8.RuneCountInString(v.text))
		if s.kind == "blob" {
			b, _ := base64.StdEncoding.DecodeString(v.text) // checkTypes made sure it decodes
			n = int64(len(b))
		}
		if s.hasMin && n < s.min {
			out = append(out, fmt.Sprintf("Member must have length greater than or equal to %d", s.min))
		}
		if s.hasMax && n > s.max {
			out = append(out, fmt.Sprintf("Member must have length less than or equal to %d", s.max))
		}
		if s.matches != nil && !s.matches(v.text) {
			out = append(out, "Member must satisfy regular expression pattern: "+s.pattern)
		}
		if s.enum != nil && !s.enum[v.text] {
			out = append(out, s.enumText)
		}
	case "integer", "long":
		n, _ := strconv.ParseInt(v.text, 10, 64) // checkTypes made sure it parses
		if s.hasMin && n < s.min {
			out = append(out, fmt.Sprintf("Member must have value greater than or equal to %d", s.min))
		}
		if s.hasMax && n > s.max {
			out = append(out, fmt.Sprintf("Member must have value less than or equal to %d", s.max))
		}
	}
	return out
}

// constraintList is every constraint of an element shape in the bracketed form AWS uses for
// list elements and map keys and values, whichever of them failed: "[Member must have length
// less than or equal to 1024, Member must have length greater than or equal to 1, Member must
// satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+]" (callbackURLs,
// github.com/aws/aws-sdk-java-v2/issues/5528); numbers read "less than" before "greater than"
// too.
func constraintList(s *shape) string {
	var parts []string
	switch s.kind {
	case "string", "blob":
		if s.hasMax {
			parts = append(parts, fmt.Sprintf("Member must have length less than or equal to %d", s.max))
		}
		if s.hasMin {
			parts = append(parts, fmt.Sprintf("Member must have length greater than or equal to %d", s.min))
		}
		if s.matches != nil {
			parts = append(parts, "Member must satisfy regular expression pattern: "+s.pattern)
		}
		if s.enum != nil {
			parts = append(parts, s.enumText)
		}
	case "integer", "long":
		if s.hasMax {
			parts = append(parts, fmt.Sprintf("Member must have value less than or equal to %d", s.max))
		}
		if s.hasMin {
			parts = append(parts, fmt.Sprintf("Member must have value greater than or equal to %d", s.min))
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// printed is the value as AWS's message shows it: quoted Java toString, or empty when the model
// marks the shape (or a list's or map's contents) sensitive — "Value at 'password' failed to
// satisfy constraint: ..." (github.com/amazon-archives/amazon-cognito-identity-js/issues/388).
// AWS's own list may differ from the model's: in 2023 it printed a client ID
// (github.com/boto/boto3/issues/3581), which this model marks sensitive.
func printed(s *shape, v *node) string {
	if s.sensitive || s.elem != nil && s.elem.sensitive || s.key != nil && (s.key.sensitive || s.val.sensitive) {
		return ""
	}
	return "'" + javaString(s, v) + "'"
}

// javaString is how Java prints the value: lists as "[a, b]" (so a list holding one empty string
// prints "[]"), maps as "{k=v, k2=v2}" in HashMap order. Structures print as their shape name:
// AWS prints a Java object identity there ("com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@2"
// in kinesalite's record of Kinesis), which carries nothing and can't be reproduced. Blobs print
// as the base64 text sent: how AWS prints them wasn't found.
func javaString(s *shape, v *node) string {
	switch {
	case s.document:
		return s.name
	case s.kind == "list":
		parts := make([]string, len(v.items))
		for i, item := range v.items {
			parts[i] = javaString(s.elem, item)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case s.kind == "map":
		parts := make([]string, 0, len(v.keys))
		for _, i := range javaHashMapOrder(v.keys) {
			parts = append(parts, v.keys[i]+"="+javaString(s.val, v.vals[i]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case s.kind == "structure":
		return s.name
	case v.kind == kBool:
		return strconv.FormatBool(v.bool)
	}
	return v.text
}
