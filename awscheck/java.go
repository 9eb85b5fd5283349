package awscheck

import (
	"sort"
	"unicode/utf16"
)

// AWS's validator is Java, and its messages print collections in the order Java keeps them in,
// not in the order of the model or the request. These functions reproduce that order.

// javaStringHash is java.lang.String.hashCode: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code
// units, in 32-bit arithmetic.
func javaStringHash(s string) uint32 {
	var h uint32
	for _, r := range s {
		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			h = 31*h + uint32(hi)
			h = 31*h + uint32(lo)
			continue
		}
		h = 31*h + uint32(r)
	}
	return h
}

// javaEnumOrder is the order AWS lists an enum's values in after "Member must satisfy enum value
// set:". It is neither the model's order nor sorted; every real message we found lists the values
// by String.hashCode() mod 32, ascending — a 32-bucket hash table without Java 8's hash spreading
// — and the one message with two values in a bucket puts the one later in the model first:
//
//   - OAuthFlowType [code, implicit, client_credentials] → "[implicit, client_credentials, code]"
//     (github.com/awsdocs/aws-cloudformation-user-guide/pull/517)
//   - UserPoolMfaType [OFF, ON, OPTIONAL] → "[OPTIONAL, OFF, ON]"
//     (github.com/rosberglinhares/CloudFormationCognitoCustomResources/issues/1)
//   - ExplicitAuthFlowsType as of 2019 (8 values, two sharing bucket 20) → "[ALLOW_CUSTOM_AUTH,
//     ADMIN_NO_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH,
//     CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH]"
//     (github.com/awsdocs/aws-cloudformation-user-guide/pull/525)
//   - DynamoDB's 13 ComparisonOperator values, as recorded by the dynalite emulator's tests.
//
// No Cognito enum has more than 16 values, so a table that grows past 24 entries never matters.
func javaEnumOrder(values []string) []string {
	out := append([]string(nil), values...)
	pos := map[string]int{}
	for i, v := range values {
		pos[v] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		bi, bj := javaStringHash(out[i])&31, javaStringHash(out[j])&31
		if bi != bj {
			return bi < bj
		}
		return pos[out[i]] > pos[out[j]]
	})
	return out
}

// javaHashMapOrder returns the indexes of keys (in the order they were sent) in the order a
// java.util.HashMap built by inserting them one by one iterates them: by bucket
// (hash ^ hash>>>16) & (capacity-1), capacity 16 doubled whenever the map holds more than
// three quarters of it, insertion order within a bucket. AWS prints map values that way
// ("Value '{de onde?=..., Quem foi?=..., o que?=...}' at 'targets.1.member.inputTransformer
// .inputPathsMap'" for keys sent as "Quem foi?", "o que?", "de onde?"). Buckets of 8 or more
// keys, which Java turns into trees, are not modelled.
func javaHashMapOrder(keys []string) []int {
	capacity := 16
	for len(keys)*4 > capacity*3 {
		capacity *= 2
	}
	idx := make([]int, len(keys))
	bucket := make([]uint32, len(keys))
	for i, k := range keys {
		idx[i] = i
		h := javaStringHash(k)
		bucket[i] = (h ^ h>>16) & uint32(capacity-1)
	}
	sort.SliceStable(idx, func(a, b int) bool { return bucket[idx[a]] < bucket[idx[b]] })
	return idx
}
