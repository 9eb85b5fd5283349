package awscheck

import (
	"encoding/json"
	"strings"
	"testing"

	awsmodels "github.com/clickops/cognito-pool/third_party/aws-models"
)

// Every pattern in the model compiles for Go, except the S3 bucket one, which is checked by hand.
func TestEveryPatternCompiles(t *testing.T) {
	b, err := awsmodels.CognitoIDP()
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Shapes map[string]struct {
			Pattern string `json:"pattern"`
		} `json:"shapes"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	patterns := map[string]bool{}
	for _, s := range raw.Shapes {
		if s.Pattern != "" {
			patterns[s.Pattern] = true
		}
	}
	if len(patterns) != 38 {
		t.Errorf("%d distinct patterns in the model, want 38 (botocore 1.43.11): update this test with the model", len(patterns))
	}
	byHand := 0
	for p := range patterns {
		if _, err := javaToRE2(p); err != nil {
			if p != s3BucketPattern {
				t.Errorf("pattern %s doesn't translate: %v", p, err)
			}
			byHand++
		}
		if _, err := compilePattern(p); err != nil {
			t.Errorf("compilePattern(%s): %v", p, err)
		}
	}
	if byHand != 1 {
		t.Errorf("%d patterns need a hand-written check, want 1 (%s)", byHand, s3BucketPattern)
	}
}

func TestModelLoads(t *testing.T) {
	m, err := loadModel()
	if err != nil {
		t.Fatal(err)
	}
	if m.targetPrefix != "AWSCognitoIdentityProviderService" || len(m.inputs) < 100 {
		t.Fatalf("target prefix %q, %d operations", m.targetPrefix, len(m.inputs))
	}
}

// Java's meaning, not RE2's, for every construct whose meaning differs.
func TestPatternsMeanWhatJavaMeans(t *testing.T) {
	for _, tc := range []struct {
		pattern, value string
		want           bool
	}{
		{`[\w-]+_[0-9a-zA-Z]+`, "eu-west-1_abc", true},
		{`[\w-]+_[0-9a-zA-Z]+`, "eu-west-1_abc!", false}, // whole value, not a part
		{`[\w+]+`, "ap-northeast-1_x", false},
		{`[\S]+`, "pass\vword", false}, // Java's \s includes the vertical tab
		{`[\S]+`, "pässword", true},
		{`[\w\s+=,.@-]+`, "a\vb", true},
		{`[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+`, "Bienvenue à bord", true},
		{`.*\{####\}.*`, "code {####}", true},
		{`.*\{####\}.*`, "code\r{####}", false}, // Java's . stops at every line terminator
		{`.*\{####\}.*`, "code\u2028{####}", false},
		{`.*\{####\}.*`, "code\u0085{####}", false},
		{`.*\{####\}.*`, "code\n{####}", false},
		{`(?s).*`, "line\nline\u2028", true}, // DOTALL
		{`^[0-9a-fA-F]+$`, "c0ffee", true},
		{`^[0-9a-fA-F]+$`, "c0ffee\n", false}, // $ before a final newline, but matches() needs it all
		{`^cognito:(default|dutch|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))$`, "cognito:chinese-simplified", true},
		{`^cognito:(default|dutch|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))$`, "cognito:klingon", false},
		{`[A-Za-z0-9-_=.]+`, "abc-_=.", true},
		{`[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+`, "Google", true},
		{`[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+`, "_Go", false},
		// The one pattern RE2 can't read: characters from the class, no trailing dot.
		{s3BucketPattern, "my-bucket.logs_1", true},
		{s3BucketPattern, "my-bucket.", false},
		{s3BucketPattern, "my bucket", false},
		{s3BucketPattern, "bücket", false},
		{s3BucketPattern, "", true},
		{s3BucketPattern, ".a", true},
	} {
		match, err := compilePattern(tc.pattern)
		if err != nil {
			t.Fatalf("compilePattern(%s): %v", tc.pattern, err)
		}
		if got := match(tc.value); got != tc.want {
			t.Errorf("%s matches %q = %v, want %v", tc.pattern, tc.value, got, tc.want)
		}
	}
}

// Constructs whose Java meaning RE2 can't carry are refused, not guessed.
func TestPatternsRefused(t *testing.T) {
	for _, p := range []string{
		`a(?=b)`, `a(?!b)`, `(?<=a)b`, `(?<!a)b`, `(a)\1`, `a++`, `a*+`, `[a-z&&[^b]]`, `[a[b]]`,
		`\h+`, `\R`, `\Z`, `a$b`, `[abc`, `(?i)abc`, `[]a]`, `\`,
	} {
		if _, err := compilePattern(p); err == nil {
			t.Errorf("compilePattern(%s) = nil error, want it refused", p)
		}
	}
}

func TestJavaUnicodeEscape(t *testing.T) {
	got, err := javaToRE2(`[\u0041-\u005A]+`)
	if err != nil || !strings.Contains(got, `\x{0041}`) {
		t.Fatalf("javaToRE2 = %q, %v", got, err)
	}
	match, _ := compilePattern(`[\u0041-\u005A]+`)
	if !match("ABC") || match("abc") {
		t.Fatal(`[\u0041-\u005A]+ should match upper-case ASCII only`)
	}
}
