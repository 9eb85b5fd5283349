package cognitoproxy

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// storedUser is a user as cognito-local 5.3.0 keeps it in <dataDir>/.cognito/db/<poolId>.json
// (lib/targets/signUp.js builds it; lib/services/dataStore/stormDb.js writes it): the password in
// clear, which is what lets the proxy be the SRP server for it.
type storedUser struct {
	Username         string
	Password         string
	UserStatus       string
	Enabled          *bool
	Attributes       []attribute
	RefreshTokens    []string
	ConfirmationCode string
}

type attribute struct{ Name, Value string }

func (u *storedUser) attr(name string) string {
	for _, a := range u.Attributes {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// disabled is AdminDisableUser's mark; a user without the field is enabled.
func (u *storedUser) disabled() bool { return u.Enabled != nil && !*u.Enabled }

// userStore reads cognito-local's data files. It never writes them: every change goes through
// the backend's API.
type userStore struct{ dir string }

var poolIDRE = regexp.MustCompile(`^[\w-]+_[0-9A-Za-z]+$`)

// users returns the pool's users by username. cognito-local rewrites the file in place
// (fs.writeFile, no rename), so a read can catch it half-written: it is retried briefly.
func (s *userStore) users(poolID string) (map[string]*storedUser, error) {
	if !poolIDRE.MatchString(poolID) {
		return nil, fmt.Errorf("user pool id %q is malformed", poolID)
	}
	path := filepath.Join(s.dir, ".cognito", "db", poolID+".json")
	var lastErr error
	for range 20 {
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			return nil, errNotFound
		}
		if err != nil {
			return nil, err
		}
		var db struct{ Users map[string]*storedUser }
		if lastErr = json.Unmarshal(data, &db); lastErr == nil {
			return db.Users, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil, fmt.Errorf("read %s: %w", path, lastErr)
}

// findUser finds the user a sign-in or recovery request names, as Cognito does: by username, or
// by the attribute the pool signs in with (UsernameAttributes) or allows as an alias
// (AliasAttributes), and by sub as cognito-local does. With UsernameConfiguration.CaseSensitive
// false the match ignores case ("users can sign in with any combination of capital and lowercase
// letters", CreateUserPool API reference, UsernameConfiguration).
func findUser(users map[string]*storedUser, pool *poolConfig, name string) *storedUser {
	if name == "" {
		return nil
	}
	eq := func(a, b string) bool { return a == b }
	if !pool.caseSensitive() {
		eq = strings.EqualFold
	}
	if u, ok := users[name]; ok {
		return u
	}
	signIn := append(slices.Clone(pool.UsernameAttributes), pool.AliasAttributes...)
	for _, u := range sortedUsers(users) {
		if eq(u.Username, name) || u.attr("sub") == name {
			return u
		}
		for _, a := range signIn {
			if v := u.attr(a); v != "" && eq(v, name) {
				return u
			}
		}
	}
	return nil
}

// userWithRefreshToken finds the user cognito-local issued this refresh token to.
func userWithRefreshToken(users map[string]*storedUser, token string) *storedUser {
	for _, u := range users {
		if slices.Contains(u.RefreshTokens, token) {
			return u
		}
	}
	return nil
}

// sortedUsers gives a stable order, so a lookup that could match two users always picks the same.
func sortedUsers(users map[string]*storedUser) []*storedUser {
	keys := make([]string, 0, len(users))
	for k := range users {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]*storedUser, len(keys))
	for i, k := range keys {
		out[i] = users[k]
	}
	return out
}
