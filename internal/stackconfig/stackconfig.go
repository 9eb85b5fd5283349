// Package stackconfig reads Pulumi.yaml and a stack file with the Pulumi SDK's own loader, checks the
// stack's values against the project's typed config schema, and gives the config map the Pulumi CLI
// would hand the program (project defaults filled in). A typo in a stack file fails here, in
// `make test`, instead of at `pulumi up`.
package stackconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/texttheater/golang-levenshtein/levenshtein"
)

// ErrInvalid is wrapped by every schema violation.
var ErrInvalid = errors.New("stack config does not match Pulumi.yaml")

// LoadProject loads and validates dir/Pulumi.yaml.
func LoadProject(dir string) (*workspace.Project, error) {
	proj, err := workspace.LoadProject(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return nil, fmt.Errorf("load Pulumi.yaml: %w", err)
	}
	if err := proj.Validate(); err != nil {
		return nil, fmt.Errorf("check Pulumi.yaml: %w", err)
	}
	return proj, nil
}

// Load returns the project and the program's config for a stack: every project key with its stack
// value or its default, plus provider keys (aws:region) from the stack file, keyed
// "namespace:name" with values as the CLI passes them (scalars as text, arrays and objects as
// JSON). Stack keys the project does not declare, values of the wrong type and secrets are errors
// naming the key and the file.
func Load(dir, stack string) (*workspace.Project, map[string]string, error) {
	proj, err := LoadProject(dir)
	if err != nil {
		return nil, nil, err
	}
	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	if _, err := os.Stat(path); err != nil {
		return nil, nil, fmt.Errorf("stack %q: %w", stack, err)
	}
	ps, err := workspace.LoadProjectStack(nil, proj, path)
	if err != nil {
		return nil, nil, fmt.Errorf("load %s: %w", filepath.Base(path), err)
	}
	cfg, err := Resolve(proj, ps, filepath.Base(path))
	if err != nil {
		return nil, nil, err
	}
	return proj, cfg, nil
}

// Resolve is Load for an already loaded project and stack; file names the stack in errors.
func Resolve(proj *workspace.Project, ps *workspace.ProjectStack, file string) (map[string]string, error) {
	name := proj.Name.String()
	out := map[string]string{}
	for key, typ := range proj.Config {
		if typ.Default == nil {
			continue
		}
		s, err := text(typ.Default)
		if err != nil {
			return nil, fmt.Errorf("default of %q in Pulumi.yaml: %w", key, err)
		}
		out[name+":"+key] = s
	}

	var errs []error
	keys := make([]config.Key, 0, len(ps.Config))
	for k := range ps.Config {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		v := ps.Config[k]
		full := k.Namespace() + ":" + k.Name()
		if v.Secure() {
			errs = append(errs, fmt.Errorf("%s: %s is a secret; this project declares no secret keys", file, full))
			continue
		}
		switch ns := k.Namespace(); {
		case ns == "aws":
			if !slices.Contains(awsProviderKeys, k.Name()) {
				errs = append(errs, fmt.Errorf("%w: %s: %s is not a setting of the AWS provider%s", ErrInvalid, file, full, closest(awsProviderKeys, k.Name())))
				continue
			}
		case ns != name && ns != "pulumi":
			errs = append(errs, fmt.Errorf("%w: %s: %s: unknown namespace %q, want %s: for this project's keys or aws: for the provider's%s",
				ErrInvalid, file, full, ns, name, closest([]string{name, "aws", "pulumi"}, ns)))
			continue
		}
		if k.Namespace() == name {
			typ, ok := proj.Config[k.Name()]
			if !ok {
				errs = append(errs, fmt.Errorf("%w: %s: %s is not a key of Pulumi.yaml%s", ErrInvalid, file, full, suggest(proj, k.Name())))
				continue
			}
			obj, err := v.ToObject()
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %s: %w", file, full, err))
				continue
			}
			if typ.IsExplicitlyTyped() && !workspace.ValidateConfigValue(typ.TypeName(), typ.Items, obj) {
				errs = append(errs, fmt.Errorf("%w: %s: %s=%v is not of type %s", ErrInvalid, file, full, obj,
					workspace.InferFullTypeName(typ.TypeName(), typ.Items)))
				continue
			}
		}
		s, err := v.Value(config.NopDecrypter)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", file, full, err))
			continue
		}
		out[full] = s
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// text renders a default the way the CLI passes config to a program.
func text(v any) (string, error) {
	switch t := v.(type) {
	case string:
		return t, nil
	case bool:
		return strconv.FormatBool(t), nil
	case int:
		return strconv.Itoa(t), nil
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), nil
	default:
		b, err := json.Marshal(t)
		return string(b), err
	}
}

// suggest names the declared key closest to a misspelt one.
func suggest(proj *workspace.Project, key string) string {
	keys := make([]string, 0, len(proj.Config))
	for k := range proj.Config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return closest(keys, key)
}

// closest names the candidate closest to a misspelt word, within 3 edits: ` (did you mean "x"?)`.
func closest(candidates []string, word string) string {
	best, bestD := "", 4
	for _, c := range candidates {
		if d := levenshtein.DistanceForStrings([]rune(strings.ToLower(c)), []rune(strings.ToLower(word)), levenshtein.DefaultOptions); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// awsProviderKeys are the settings of the AWS provider (pulumi-aws v6.83.4, the getters of
// sdk/v6/go/aws/config/config.go): an aws: key outside them is a typo the provider would ignore.
var awsProviderKeys = []string{
	"accessKey", "allowedAccountIds", "assumeRole", "assumeRoleWithWebIdentity", "customCaBundle",
	"defaultTags", "ec2MetadataServiceEndpoint", "ec2MetadataServiceEndpointMode", "endpoints",
	"forbiddenAccountIds", "httpProxy", "httpsProxy", "ignoreTags", "insecure", "maxRetries", "noProxy",
	"profile", "region", "retryMode", "s3UsEast1RegionalEndpoint", "s3UsePathStyle", "secretKey",
	"sharedConfigFiles", "sharedCredentialsFiles", "skipCredentialsValidation", "skipMetadataApiCheck",
	"skipRegionValidation", "skipRequestingAccountId", "stsRegion", "token",
	"tokenBucketRateLimiterCapacity", "useDualstackEndpoint", "useFipsEndpoint",
}
