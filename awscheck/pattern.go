package awscheck

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The model's patterns are Java regular expressions, and AWS checks them against the whole value
// (java.util.regex.Matcher.matches), not a part of it: AWS refused the client ID
// "ap-northeast-1_xxxxxxxxx" with "Member must satisfy regular expression pattern: [\w+]+"
// although "ap" matches (github.com/boto/boto3/issues/3581), and the stack name
// "serverlessTest.-dev" with "[a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*"
// (github.com/serverless/serverless/issues/2036). Go's RE2 reads Java's syntax almost
// everywhere; compilePattern rewrites the few constructs whose meaning differs
// (java.util.regex.Pattern's documentation):
//
//   - \s is [ \t\n\x0B\f\r] in Java; RE2's \s lacks \x0B (vertical tab). Both become RE2's
//     [[:space:]], which is Java's set; \S becomes [[:^space:]].
//   - . outside DOTALL mode excludes every Java line terminator (\n, \r, \u0085, \u2028, \u2029);
//     RE2's . excludes only \n.
//   - \uhhhh is spelled \x{hhhh} in RE2.
//   - $ at the end matches before a final line terminator in Java, but under matches() the
//     terminator would remain unmatched, so it means end of input, as RE2's $ does. A $ anywhere
//     else is refused rather than guessed.
//
// Lookaround, backreferences, possessive quantifiers, class intersections and Java-only escapes
// are refused too. Exactly one model pattern needs a construct RE2 lacks, and gets a hand-written
// check (s3BucketPattern). Unicode classes (\p{L} ...) follow Go's Unicode tables, which may be a
// newer Unicode version than AWS's Java: characters assigned in between can differ.

// s3BucketPattern is the model's S3BucketType pattern: a lookbehind, which RE2 doesn't have.
const s3BucketPattern = `^[0-9A-Za-z\.\-_]*(?<!\.)$`

// s3BucketName is s3BucketPattern by hand: every character one of 0-9 A-Z a-z . - _, and the
// value not ending in '.' (the negative lookbehind (?<!\.) just before the end). The empty value
// matches, as the pattern does (the lookbehind finds no '.' before position 0).
func s3BucketName(s string) bool {
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return !strings.HasSuffix(s, ".")
}

// javaLineTerminatorsExcluded is Java's . without DOTALL.
const javaLineTerminatorsExcluded = `[^\n\r\x{85}\x{2028}\x{2029}]`

// compilePattern returns a whole-value matcher with the meaning Java gives pattern p.
func compilePattern(p string) (func(string) bool, error) {
	if p == s3BucketPattern {
		return s3BucketName, nil
	}
	re2, err := javaToRE2(p)
	if err != nil {
		return nil, fmt.Errorf("pattern %s: %w", p, err)
	}
	re, err := regexp.Compile(`^(?:` + re2 + `)$`)
	if err != nil {
		return nil, fmt.Errorf("pattern %s: %w", p, err)
	}
	return re.MatchString, nil
}

// javaToRE2 rewrites Java regular expression p into RE2 syntax with the same meaning, or says
// which construct it can't carry over.
func javaToRE2(p string) (string, error) {
	var b strings.Builder
	inClass := false
	dotAll := false
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\\':
			if i+1 >= len(p) {
				return "", fmt.Errorf("trailing backslash")
			}
			e := p[i+1]
			i += 2
			switch e {
			case 's':
				b.WriteString(inOrOut(inClass, "[:space:]"))
			case 'S':
				b.WriteString(inOrOut(inClass, "[:^space:]"))
			case 'u':
				if i+4 > len(p) {
					return "", fmt.Errorf(`short \u escape`)
				}
				fmt.Fprintf(&b, `\x{%s}`, p[i:i+4])
				i += 4
			case 'h', 'H', 'v', 'V', 'R', 'X', 'Z', 'G', 'k', 'c':
				return "", fmt.Errorf(`\%c means something else in Java than in RE2`, e)
			default:
				if '1' <= e && e <= '9' {
					return "", fmt.Errorf("backreference \\%c", e)
				}
				b.WriteByte('\\')
				b.WriteByte(e)
			}
			continue
		case inClass:
			switch {
			case c == '[':
				return "", fmt.Errorf("nested character class at offset %d", i)
			case c == '&' && i+1 < len(p) && p[i+1] == '&':
				return "", fmt.Errorf("character class intersection at offset %d", i)
			case c == ']':
				inClass = false
			}
		case c == '[':
			if strings.HasPrefix(p[i:], "[]") || strings.HasPrefix(p[i:], "[^]") {
				return "", fmt.Errorf("class starting with ] at offset %d", i)
			}
			inClass = true
		case c == '(' && i+1 < len(p) && p[i+1] == '?':
			switch {
			case strings.HasPrefix(p[i:], "(?:"):
			case strings.HasPrefix(p[i:], "(?s)"):
				dotAll = true
			default:
				return "", fmt.Errorf("group construct %.4q at offset %d", p[i:], i)
			}
		case c == '.' && !dotAll:
			b.WriteString(javaLineTerminatorsExcluded)
			i++
			continue
		case c == '$' && i != len(p)-1:
			return "", fmt.Errorf("$ before the end at offset %d", i)
		case (c == '+' || c == '*' || c == '?' || c == '}') && i+1 < len(p) && p[i+1] == '+':
			return "", fmt.Errorf("possessive quantifier at offset %d", i)
		}
		_, size := utf8.DecodeRuneInString(p[i:])
		b.WriteString(p[i : i+size])
		i += size
	}
	if inClass {
		return "", fmt.Errorf("unclosed character class")
	}
	return b.String(), nil
}

// inOrOut spells the POSIX class name for use inside a bracket expression, or as one on its own.
func inOrOut(inClass bool, posix string) string {
	if inClass {
		return posix
	}
	return "[" + posix + "]"
}
