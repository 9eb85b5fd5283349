package localdeploy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// inputs reads one resource's declared inputs the way the provider's expand functions read the
// Terraform state, and records every key it reads. After a translation, unread lists the declared
// inputs that no translation read: a field the program declares but the local deploy would drop
// fails the deploy instead of passing silently.
type inputs struct {
	m    resource.PropertyMap
	path string            // "" at the top, "adminCreateUserConfig.inviteMessageTemplate" below
	read map[string]readAs // shared by a resource's whole tree: full paths read, and how
}

// readAs is how a key was read: whole (a value, list or map) or as a block whose keys are read
// one by one.
type readAs int

const (
	whole readAs = iota + 1
	asBlock
)

func newInputs(m resource.PropertyMap) inputs {
	return inputs{m: m, read: map[string]readAs{}}
}

func (in inputs) full(key string) string {
	if in.path == "" {
		return key
	}
	return in.path + "." + key
}

// get returns a declared, known value and marks key read. A null or computed value is undeclared.
func (in inputs) get(key string) (resource.PropertyValue, bool) {
	if in.read[in.full(key)] == 0 {
		in.read[in.full(key)] = whole
	}
	v, ok := in.m[resource.PropertyKey(key)]
	if !ok || v.IsNull() || v.IsComputed() {
		return v, false
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v, true
}

// str is the declared string, or "" (Terraform's zero value for an unset string in a block).
func (in inputs) str(key string) string {
	if v, ok := in.get(key); ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}

// strp is the declared string, or nil when it is undeclared.
func (in inputs) strp(key string) *string {
	if v, ok := in.get(key); ok && v.IsString() {
		return aws.String(v.StringValue())
	}
	return nil
}

// boolean is the declared bool, or false.
func (in inputs) boolean(key string) bool {
	v, ok := in.get(key)
	return ok && v.IsBool() && v.BoolValue()
}

// boolp is the declared bool, or nil when it is undeclared.
func (in inputs) boolp(key string) *bool {
	if v, ok := in.get(key); ok && v.IsBool() {
		return aws.Bool(v.BoolValue())
	}
	return nil
}

// integer is the declared number, or 0.
func (in inputs) integer(key string) int32 {
	if v, ok := in.get(key); ok && v.IsNumber() {
		return int32(v.NumberValue())
	}
	return 0
}

// int32p is the declared number, or nil when it is undeclared.
func (in inputs) int32p(key string) *int32 {
	if v, ok := in.get(key); ok && v.IsNumber() {
		return aws.Int32(int32(v.NumberValue()))
	}
	return nil
}

// strs is the declared list of strings, or nil.
func (in inputs) strs(key string) []string {
	v, ok := in.get(key)
	if !ok || !v.IsArray() {
		return nil
	}
	out := []string{}
	for _, e := range v.ArrayValue() {
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// strMap is the declared map of strings, or nil.
func (in inputs) strMap(key string) map[string]string {
	v, ok := in.get(key)
	if !ok || !v.IsObject() {
		return nil
	}
	out := map[string]string{}
	for k, e := range v.ObjectValue() {
		if e.IsString() {
			out[string(k)] = e.StringValue()
		}
	}
	return out
}

// block is a declared nested object (a Terraform block of at most one item). Reading it does not
// mark its keys read: the expand function that takes it reads them.
func (in inputs) block(key string) (inputs, bool) {
	v, ok := in.get(key)
	in.read[in.full(key)] = asBlock
	if !ok || !v.IsObject() {
		return inputs{}, false
	}
	return inputs{m: v.ObjectValue(), path: in.full(key), read: in.read}, true
}

// blocks is a declared list of nested objects.
func (in inputs) blocks(key string) []inputs {
	v, ok := in.get(key)
	in.read[in.full(key)] = asBlock
	if !ok || !v.IsArray() {
		return nil
	}
	var out []inputs
	for i, e := range v.ArrayValue() {
		if e.IsObject() {
			out = append(out, inputs{m: e.ObjectValue(), path: fmt.Sprintf("%s[%d]", in.full(key), i), read: in.read})
		}
	}
	return out
}

// unread lists the declared inputs no translation read, by path, sorted.
func (in inputs) unread() []string {
	var out []string
	var walk func(m resource.PropertyMap, path string)
	walk = func(m resource.PropertyMap, path string) {
		for k, v := range m {
			p := string(k)
			if path != "" {
				p = path + "." + p
			}
			if v.IsNull() || v.IsComputed() {
				continue
			}
			if v.IsSecret() {
				v = v.SecretValue().Element
			}
			switch {
			case in.read[p] == 0:
				out = append(out, p)
			case in.read[p] == whole:
			case v.IsObject():
				walk(v.ObjectValue(), p)
			case v.IsArray():
				for i, e := range v.ArrayValue() {
					if e.IsObject() {
						walk(e.ObjectValue(), fmt.Sprintf("%s[%d]", p, i))
					}
				}
			}
		}
	}
	walk(in.m, in.path)
	sort.Strings(out)
	return out
}

// unreadError is the error for declared inputs without a translation.
func unreadError(typ, name string, paths []string) error {
	return fmt.Errorf("%s %q declares %s, which the local deploy does not translate: it would be dropped, so the deploy stops (add it to localdeploy, mirroring the provider)",
		typ, name, strings.Join(paths, ", "))
}
