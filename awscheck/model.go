package awscheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"

	awsmodels "github.com/clickops/cognito-pool/third_party/aws-models"
)

// model is the Cognito API model, ready for checking requests.
type model struct {
	targetPrefix string            // X-Amz-Target is targetPrefix + "." + operation
	inputs       map[string]*shape // operation name → input shape
	shapes       map[string]*shape
}

// shape is one model shape with its constraints compiled.
type shape struct {
	name      string
	kind      string    // structure, string, integer, long, boolean, blob, timestamp, list, map
	members   []*member // structure: in model order
	byName    map[string]*member
	hasMin    bool
	min       int64
	hasMax    bool
	max       int64
	pattern   string
	matches   func(string) bool
	enum      map[string]bool
	enumText  string // "Member must satisfy enum value set: [...]", values in AWS's order
	elem      *shape // list
	key, val  *shape // map
	sensitive bool   // AWS leaves the value out of its messages
	document  bool   // any JSON value
}

type member struct {
	name     string // as sent: "SMSMessage"
	awsName  string // as AWS prints it in a path: "sMSMessage"
	shape    *shape
	required bool
}

// loadModel parses and compiles the embedded model once.
var loadModel = sync.OnceValues(func() (*model, error) {
	b, err := awsmodels.CognitoIDP()
	if err != nil {
		return nil, err
	}
	return compileModel(b)
})

type rawModel struct {
	Metadata struct {
		TargetPrefix string `json:"targetPrefix"`
	} `json:"metadata"`
	Operations map[string]struct {
		Input *struct {
			Shape string `json:"shape"`
		} `json:"input"`
	} `json:"operations"`
	Shapes map[string]rawShape `json:"shapes"`
}

type rawShape struct {
	Type      string         `json:"type"`
	Members   orderedMembers `json:"members"`
	Required  []string       `json:"required"`
	Min       *json.Number   `json:"min"`
	Max       *json.Number   `json:"max"`
	Pattern   string         `json:"pattern"`
	Enum      []string       `json:"enum"`
	Member    *shapeRef      `json:"member"`
	Key       *shapeRef      `json:"key"`
	Value     *shapeRef      `json:"value"`
	Sensitive bool           `json:"sensitive"`
	Document  bool           `json:"document"`
}

type shapeRef struct {
	Shape string `json:"shape"`
}

// orderedMembers keeps a structure's members in model order (a Go map would lose it).
type orderedMembers []struct {
	name string
	ref  shapeRef
}

func (o *orderedMembers) UnmarshalJSON(b []byte) error {
	d := json.NewDecoder(bytes.NewReader(b))
	if _, err := d.Token(); err != nil { // {
		return err
	}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return err
		}
		var ref shapeRef
		if err := d.Decode(&ref); err != nil {
			return err
		}
		*o = append(*o, struct {
			name string
			ref  shapeRef
		}{t.(string), ref})
	}
	return nil
}

func compileModel(b []byte) (*model, error) {
	var raw rawModel
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("awscheck: reading the API model: %w", err)
	}
	m := &model{
		targetPrefix: raw.Metadata.TargetPrefix,
		inputs:       map[string]*shape{},
		shapes:       map[string]*shape{},
	}
	for name, rs := range raw.Shapes {
		m.shapes[name] = &shape{name: name, kind: rs.Type, sensitive: rs.Sensitive, document: rs.Document}
	}
	lookup := func(owner string, ref *shapeRef) (*shape, error) {
		if ref == nil {
			return nil, fmt.Errorf("awscheck: shape %s lacks a member/key/value shape", owner)
		}
		s, ok := m.shapes[ref.Shape]
		if !ok {
			return nil, fmt.Errorf("awscheck: shape %s refers to unknown shape %s", owner, ref.Shape)
		}
		return s, nil
	}
	patterns := map[string]func(string) bool{}
	for name, rs := range raw.Shapes {
		s := m.shapes[name]
		var err error
		if s.hasMin, s.min, err = bound(rs.Min); err != nil {
			return nil, fmt.Errorf("awscheck: shape %s min: %w", name, err)
		}
		if s.hasMax, s.max, err = bound(rs.Max); err != nil {
			return nil, fmt.Errorf("awscheck: shape %s max: %w", name, err)
		}
		if rs.Pattern != "" {
			s.pattern = rs.Pattern
			if s.matches = patterns[rs.Pattern]; s.matches == nil {
				if s.matches, err = compilePattern(rs.Pattern); err != nil {
					return nil, fmt.Errorf("awscheck: shape %s: %w", name, err)
				}
				patterns[rs.Pattern] = s.matches
			}
		}
		if len(rs.Enum) > 0 {
			s.enum = map[string]bool{}
			for _, v := range rs.Enum {
				s.enum[v] = true
			}
			s.enumText = "Member must satisfy enum value set: [" + strings.Join(javaEnumOrder(rs.Enum), ", ") + "]"
		}
		switch rs.Type {
		case "structure":
			required := map[string]bool{}
			for _, r := range rs.Required {
				required[r] = true
			}
			s.byName = map[string]*member{}
			for _, rm := range rs.Members {
				ms, err := lookup(name, &rm.ref)
				if err != nil {
					return nil, err
				}
				mem := &member{name: rm.name, awsName: lowerFirst(rm.name), shape: ms, required: required[rm.name]}
				s.members = append(s.members, mem)
				s.byName[rm.name] = mem
			}
		case "list":
			if s.elem, err = lookup(name, rs.Member); err != nil {
				return nil, err
			}
		case "map":
			if s.key, err = lookup(name, rs.Key); err != nil {
				return nil, err
			}
			if s.val, err = lookup(name, rs.Value); err != nil {
				return nil, err
			}
		case "string", "integer", "long", "boolean", "blob", "timestamp":
		default:
			return nil, fmt.Errorf("awscheck: shape %s has type %q, which awscheck doesn't know", name, rs.Type)
		}
	}
	for op, ro := range raw.Operations {
		if ro.Input == nil {
			m.inputs[op] = &shape{name: op + "Request", kind: "structure", byName: map[string]*member{}}
			continue
		}
		in, ok := m.shapes[ro.Input.Shape]
		if !ok {
			return nil, fmt.Errorf("awscheck: operation %s has unknown input shape %s", op, ro.Input.Shape)
		}
		m.inputs[op] = in
	}
	return m, nil
}

func bound(n *json.Number) (bool, int64, error) {
	if n == nil {
		return false, 0, nil
	}
	v, err := strconv.ParseInt(n.String(), 10, 64)
	return err == nil, v, err
}

// lowerFirst is AWS's spelling of a member name in an error path: the first letter lower-cased,
// the rest untouched ("SMSMessage" → "sMSMessage", "CallbackURLs" → "callbackURLs").
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
