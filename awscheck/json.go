package awscheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// node is one JSON value of a request body. Objects keep their keys in the order they were sent:
// AWS prints a map in Java HashMap order, which depends on it when keys share a bucket.
type node struct {
	kind  kind
	text  string  // string value, or a number's JSON text
	bool  bool    // kind == kBool
	items []*node // kind == kArray
	keys  []string
	vals  []*node        // kind == kObject: vals[i] belongs to keys[i]
	index map[string]int // kind == kObject: keys[index[k]] == k
}

type kind uint8

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

func (k kind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "a list", "an object"}[k]
}

// field returns the value of key in an object, or nil when absent or JSON null: AWS's JSON
// protocol treats an explicit null like a missing member.
func (n *node) field(key string) *node {
	if n == nil || n.kind != kObject {
		return nil
	}
	i, ok := n.index[key]
	if !ok || n.vals[i].kind == kNull {
		return nil
	}
	return n.vals[i]
}

// maxDepth bounds nesting: the deepest Cognito input is a handful of levels, and a bound keeps
// hostile input from recursing without end.
const maxDepth = 64

// parseJSON reads exactly one JSON value from body.
func parseJSON(body []byte) (*node, error) {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	n, err := parseValue(d, 0)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return n, nil
}

func parseValue(d *json.Decoder, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	t, err := d.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := t.(type) {
	case nil:
		return &node{kind: kNull}, nil
	case bool:
		return &node{kind: kBool, bool: t}, nil
	case json.Number:
		return &node{kind: kNumber, text: t.String()}, nil
	case string:
		return &node{kind: kString, text: t}, nil
	case json.Delim:
		switch t {
		case '[':
			n := &node{kind: kArray}
			for d.More() {
				v, err := parseValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, v)
			}
			_, err := d.Token() // ]
			return n, err
		case '{':
			n := &node{kind: kObject, index: map[string]int{}}
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string) // the decoder only yields string keys inside an object
				v, err := parseValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				n.set(k, v)
			}
			_, err := d.Token() // }
			return n, err
		}
	}
	return nil, fmt.Errorf("unexpected JSON token %v", t)
}

// set adds a member; a repeated key keeps its first position and its last value, as a Java
// HashMap (and encoding/json) would.
func (n *node) set(k string, v *node) {
	if i, ok := n.index[k]; ok {
		n.vals[i] = v
		return
	}
	n.index[k] = len(n.keys)
	n.keys = append(n.keys, k)
	n.vals = append(n.vals, v)
}
