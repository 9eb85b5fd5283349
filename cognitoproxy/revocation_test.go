package cognitoproxy

import (
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"
)

// jwt is an unsigned token with these claims (revocations read claims, they do not verify).
func jwt(tb testing.TB, claims map[string]any) string {
	tb.Helper()
	data, err := json.Marshal(claims)
	if err != nil {
		tb.Fatal(err)
	}
	return "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString(data) + ".sig"
}

const iss = "http://127.0.0.1:9/local_Pool1"

func token(tb testing.TB, jti, user string, iat time.Time) (string, *tokenClaims) {
	tok := jwt(tb, map[string]any{"jti": jti, "iss": iss, "username": user, "iat": iat.Unix(), "exp": iat.Unix() + 3600, "token_use": "access", "client_id": "c1"})
	c, err := decodeClaims(tok)
	if err != nil {
		tb.Fatal(err)
	}
	return tok, c
}

func refreshToken(tb testing.TB, jti, user string, iat time.Time) (string, *tokenClaims) {
	tok := jwt(tb, map[string]any{"jti": jti, "iss": iss, "cognito:username": user, "iat": iat.Unix()})
	c, err := decodeClaims(tok)
	if err != nil {
		tb.Fatal(err)
	}
	return tok, c
}

// TestGlobalSignOutWithinOneSecond: iat has whole seconds, so tokens of the sign-out's own second
// are told apart by whether the proxy saw them issued after it.
func TestGlobalSignOutWithinOneSecond(t *testing.T) {
	r := newRevocations()
	signOutAt := time.Date(2026, 11, 28, 15, 30, 7, 400e6, time.UTC)
	_, earlier := token(t, "a-earlier", "ada", signOutAt.Add(-2*time.Second))
	_, sameBefore := token(t, "a-same-before", "ada", signOutAt.Add(-100*time.Millisecond))
	r.signOutUser("local_Pool1", "ada", signOutAt)
	sameAfterTok, sameAfter := token(t, "a-same-after", "ada", signOutAt.Add(300*time.Millisecond))
	r.issued(&authResult{AccessToken: sameAfterTok}, "c1", nil)
	_, later := token(t, "a-later", "ada", signOutAt.Add(time.Second))
	_, otherUser := token(t, "b", "grace", signOutAt.Add(-time.Hour))
	_, unseenSame := token(t, "a-unseen", "ada", signOutAt.Add(200*time.Millisecond))

	tests := []struct {
		name string
		c    *tokenClaims
		want bool
	}{
		{"issued a second before", earlier, true},
		{"same second, before the sign-out", sameBefore, true},
		{"same second, seen issued after it", sameAfter, false},
		{"same second, not seen by the proxy", unseenSame, true},
		{"next second", later, false},
		{"another user", otherUser, false},
	}
	for _, tt := range tests {
		if got := r.isRevoked(tt.c); got != tt.want {
			t.Errorf("%s: isRevoked=%v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRevokeRefreshRevokesItsAccessTokens: RevokeToken takes the refresh token and the access
// tokens issued with it, at sign-in and at each refresh, and nothing else.
func TestRevokeRefreshRevokesItsAccessTokens(t *testing.T) {
	r := newRevocations()
	now := time.Now()
	refreshTok, refresh := refreshToken(t, "r1", "ada", now)
	signInTok, signIn := token(t, "a1", "ada", now)
	r.issued(&authResult{AccessToken: signInTok, RefreshToken: refreshTok}, "c1", nil)
	refreshedTok, refreshed := token(t, "a2", "ada", now)
	r.issued(&authResult{AccessToken: refreshedTok}, "c1", refresh)
	otherRefreshTok, _ := refreshToken(t, "r2", "ada", now)
	otherTok, other := token(t, "a3", "ada", now)
	r.issued(&authResult{AccessToken: otherTok, RefreshToken: otherRefreshTok}, "c1", nil)

	r.revokeRefresh(refresh.JTI)
	for _, c := range []*tokenClaims{refresh, signIn, refreshed} {
		if !r.isRevoked(c) {
			t.Errorf("%s not revoked", c.JTI)
		}
	}
	if r.isRevoked(other) {
		t.Error("the other session's access token was revoked too")
	}
	if got := r.refreshClientOf("r1"); got != "c1" {
		t.Errorf("refreshClientOf=%q, want c1", got)
	}
}

func FuzzDecodeClaims(f *testing.F) {
	f.Add("a.eyJqdGkiOiJ4IiwiaXNzIjoiaHR0cDovL2gvcCJ9.c")
	f.Add("")
	f.Add("...")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodeClaims(s)
		if err == nil && (c.JTI == "" || c.Issuer == "") {
			t.Fatalf("decodeClaims(%q) accepted claims without jti or iss", s)
		}
		if err == nil {
			_ = c.poolID()
		}
	})
}
