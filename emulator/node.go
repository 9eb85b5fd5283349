package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// checkNode refuses a node older than the packages pinned in dir/package-lock.json accept, naming
// the version found, the version needed and the package that needs it.
func checkNode(ctx context.Context, nodePath, dir string) error {
	need, err := requiredNode(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, nodePath, "--version").Output()
	if err != nil {
		return fmt.Errorf("emulator: %s --version: %w", nodePath, err)
	}
	got, err := parseVersion(strings.TrimSpace(string(out)))
	if err != nil {
		return fmt.Errorf("emulator: %s --version printed %q: %w", nodePath, strings.TrimSpace(string(out)), err)
	}
	if got.less(need.min) {
		return fmt.Errorf("emulator: Node.js v%s (%s) is too old: the packages pinned in %s need Node.js %s or later (%s %s requires %q); install a newer Node.js and put it first on PATH",
			got, nodePath, need.lockfile, need.min, need.pkg, need.version, need.rng)
	}
	return nil
}

// nodeRequirement is the lowest Node.js version every package of a lockfile accepts, and the
// package that sets it.
type nodeRequirement struct {
	min          version
	lockfile     string
	pkg, version string // the package with the highest lower bound
	rng          string // its "engines.node"
}

// requiredNode reads the "engines.node" range of every package npm ci installs from a lockfile
// (version 2 or 3: the "packages" map) and returns the highest of their lower bounds. Optional
// packages are left out: npm skips those whose engines don't match.
func requiredNode(lockfile string) (nodeRequirement, error) {
	data, err := os.ReadFile(lockfile)
	if err != nil {
		return nodeRequirement{}, fmt.Errorf("emulator: the Node.js version cognito-local needs: %w", err)
	}
	var lock struct {
		Packages map[string]struct {
			Version  string          `json:"version"`
			Optional bool            `json:"optional"`
			Engines  json.RawMessage `json:"engines"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(data, &lock); err != nil {
		return nodeRequirement{}, fmt.Errorf("emulator: %s: %w", lockfile, err)
	}
	need := nodeRequirement{lockfile: lockfile}
	for path, p := range lock.Packages {
		var engines struct {
			Node string `json:"node"`
		}
		// Some old packages give engines as a list of strings, which npm ignores; so do we.
		if p.Optional || path == "" || json.Unmarshal(p.Engines, &engines) != nil || engines.Node == "" {
			continue
		}
		low, err := lowestAccepted(engines.Node)
		if err != nil {
			return nodeRequirement{}, fmt.Errorf("emulator: %s: %s: %w", lockfile, path, err)
		}
		name := path[strings.LastIndex(path, "node_modules/")+len("node_modules/"):]
		if need.min.less(low) || (low == need.min && need.pkg != "" && name < need.pkg) {
			need.min, need.pkg, need.version, need.rng = low, name, p.Version, engines.Node
		}
	}
	return need, nil
}

// version is a release number: major, minor, patch.
type version [3]int

func (v version) less(w version) bool {
	for i := range v {
		if v[i] != w[i] {
			return v[i] < w[i]
		}
	}
	return false
}

func (v version) String() string { return fmt.Sprintf("%d.%d.%d", v[0], v[1], v[2]) }

// parseVersion reads what `node --version` prints, e.g. "v18.20.4".
func parseVersion(s string) (version, error) {
	v, n, err := parsePartial(s)
	if err != nil || n != 3 {
		return version{}, fmt.Errorf("not a version like v18.20.4")
	}
	return v, nil
}

// operatorSpace matches an operator followed by spaces (">= 20.19.0"), which node-semver allows.
var operatorSpace = regexp.MustCompile(`(<=|>=|<|>|=|~>|~|\^)\s+`)

// lowestAccepted returns the lowest version a package.json "engines" range accepts, read with
// node-semver's range grammar (https://github.com/npm/node-semver#ranges, what npm applies):
// alternatives joined by "||" (the lowest of their bounds), each a hyphen range "A - B" (A) or
// comparators joined by spaces (the highest of their lower bounds). ">=V", "=V", "V", "^V", "~V"
// start at V with missing or x parts as 0; ">V" starts just above V; "<V" and "<=V" set no lower
// bound: only a too-old Node.js is checked. Prerelease and build tags are ignored (Node.js
// releases have none). The tests hold it against node-semver's own minVersion.
func lowestAccepted(r string) (version, error) {
	var lowest version
	for i, alt := range strings.Split(r, "||") {
		low, err := lowestOfRange(strings.TrimSpace(alt))
		if err != nil {
			return version{}, fmt.Errorf("engines range %q: %w", r, err)
		}
		if i == 0 || low.less(lowest) {
			lowest = low
		}
	}
	return lowest, nil
}

func lowestOfRange(r string) (version, error) {
	if a, _, ok := strings.Cut(r, " - "); ok {
		v, _, err := parsePartial(strings.TrimSpace(a))
		return v, err
	}
	var low version
	for _, c := range strings.Fields(operatorSpace.ReplaceAllString(r, "$1")) {
		op := ""
		for _, o := range []string{">=", "<=", "~>", ">", "<", "=", "~", "^"} {
			if strings.HasPrefix(c, o) {
				op, c = o, c[len(o):]
				break
			}
		}
		v, n, err := parsePartial(c)
		if err != nil {
			return version{}, err
		}
		switch op {
		case "<", "<=":
			continue
		case ">":
			if n == 0 {
				return version{}, fmt.Errorf(">%s accepts no version", c)
			}
			// Just above V: the next patch of a full version, the next minor of "1.2", the next major of "1".
			v[n-1]++
		}
		if low.less(v) {
			low = v
		}
	}
	return low, nil
}

// parsePartial reads a version with optional leading "v" or "=", where trailing parts may be
// missing or x/X/*: "1.2.3", "v1.2", "10.x", "*", "". It returns the version (missing parts 0) and
// how many parts were numbers.
func parsePartial(s string) (version, int, error) {
	s = strings.TrimLeft(s, "v=")
	if i := strings.IndexAny(s, "-+"); i >= 0 {
		s = s[:i]
	}
	var v version
	if s == "" {
		return v, 0, nil
	}
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return version{}, 0, fmt.Errorf("%q: more than three parts", s)
	}
	n := 0
	for i, p := range parts {
		if p == "x" || p == "X" || p == "*" {
			break
		}
		d, err := strconv.Atoi(p)
		if err != nil || d < 0 || p[0] == '+' {
			return version{}, 0, fmt.Errorf("%q: %q is not a number", s, p)
		}
		v[i], n = d, i+1
	}
	return v, n, nil
}
