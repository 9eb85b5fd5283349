package awscheck

import (
	"reflect"
	"strings"
	"testing"
)

func TestJavaStringHash(t *testing.T) {
	// Well-known values of Java's String.hashCode(): "Aa" and "BB" collide, and
	// "polygenelubricants" hashes to Integer.MIN_VALUE.
	for s, want := range map[string]int32{"": 0, "a": 97, "hello": 99162322, "Aa": 2112, "BB": 2112, "polygenelubricants": -2147483648} {
		if got := int32(javaStringHash(s)); got != want {
			t.Errorf("javaStringHash(%q) = %d, want %d", s, got, want)
		}
	}
	// Beyond the BMP Java hashes the two UTF-16 code units: 0xD83D, 0xDE00.
	if got, want := javaStringHash("😀"), uint32(0xD83D*31+0xDE00); got != want {
		t.Errorf("javaStringHash(😀) = %d, want %d", got, want)
	}
}

// The order of every real "enum value set" message found, from the model's order.
func TestJavaEnumOrderMatchesAWS(t *testing.T) {
	for _, tc := range []struct{ model, aws string }{
		{"code implicit client_credentials", "implicit, client_credentials, code"},
		{"OFF ON OPTIONAL", "OPTIONAL, OFF, ON"},
		{"String Number DateTime Boolean", "Boolean, Number, String, DateTime"},
		{"ADMIN_NO_SRP_AUTH CUSTOM_AUTH_FLOW_ONLY USER_PASSWORD_AUTH ALLOW_ADMIN_USER_PASSWORD_AUTH ALLOW_CUSTOM_AUTH ALLOW_USER_PASSWORD_AUTH ALLOW_USER_SRP_AUTH ALLOW_REFRESH_TOKEN_AUTH",
			"ALLOW_CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH"},
		// DynamoDB, as dynalite records it.
		{"INDEXES TOTAL NONE", "INDEXES, TOTAL, NONE"},
		{"EQ NE IN LE LT GE GT BETWEEN NOT_NULL NULL CONTAINS NOT_CONTAINS BEGINS_WITH",
			"IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS"},
		{"ALL_ATTRIBUTES ALL_PROJECTED_ATTRIBUTES SPECIFIC_ATTRIBUTES COUNT", "SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES"},
	} {
		if got := strings.Join(javaEnumOrder(strings.Fields(tc.model)), ", "); got != tc.aws {
			t.Errorf("javaEnumOrder(%s):\n got %s\nwant %s", tc.model, got, tc.aws)
		}
	}
}

func TestJavaHashMapOrder(t *testing.T) {
	// EventBridge printed the map sent as {"Quem foi?", "o que?", "de onde?"} as
	// {de onde?=..., Quem foi?=..., o que?=...}.
	keys := []string{"Quem foi?", "o que?", "de onde?"}
	var got []string
	for _, i := range javaHashMapOrder(keys) {
		got = append(got, keys[i])
	}
	if want := []string{"de onde?", "Quem foi?", "o que?"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("order %q, want %q", got, want)
	}
	// 13 keys make Java double the table to 32 buckets; the order is still a permutation.
	var many []string
	for i := range 13 {
		many = append(many, string(rune('a'+i)))
	}
	seen := map[int]bool{}
	for _, i := range javaHashMapOrder(many) {
		seen[i] = true
	}
	if len(seen) != 13 {
		t.Fatalf("javaHashMapOrder lost keys: %v", seen)
	}
}
