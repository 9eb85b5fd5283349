package main

import (
	"context"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// The server side of Cognito's SRP-6a (3072-bit group, g=2), written from the protocol rather than
// from the client library, so the test checks the library's PASSWORD_VERIFIER answer: SRP_A, the
// TIMESTAMP format and the signature.
var (
	srpN, _ = new(big.Int).SetString(strings.Join([]string{
		"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
		"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
		"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
		"83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
		"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
		"15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
		"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
		"BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
	}, ""), 16)
	srpG = big.NewInt(2)
)

// pad is a big integer's big-endian bytes with a leading zero byte when the top bit is set, so it
// reads as positive (Cognito's padHex).
func pad(x *big.Int) []byte {
	b := x.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		return append([]byte{0}, b...)
	}
	return b
}

func h(parts ...[]byte) []byte {
	s := sha256.New()
	for _, p := range parts {
		s.Write(p)
	}
	return s.Sum(nil)
}

func hInt(parts ...[]byte) *big.Int { return new(big.Int).SetBytes(h(parts...)) }

// timestampLayout is Cognito's `EEE MMM d HH:mm:ss z yyyy`: 24-hour clock, day not zero-padded.
const timestampLayout = "Mon Jan 2 15:04:05 MST 2006"

type srpSession struct {
	a, b, bigB *big.Int
	secret     []byte
}

// fakeSRPServer answers InitiateAuth USER_SRP_AUTH and RespondToAuthChallenge PASSWORD_VERIFIER
// for one user, with its clock at now.
type fakeSRPServer struct {
	t                            testing.TB
	poolID, clientID, username   string
	userID                       string // USER_ID_FOR_SRP
	salt, verifier               *big.Int
	now                          time.Time
	mu                           sync.Mutex
	sessions                     map[string]*srpSession
	lastTimestamp, lastSignature string
}

func newFakeSRPServer(t testing.TB, poolID, clientID, username, password string, now time.Time) (*fakeSRPServer, *httptest.Server) {
	f := &fakeSRPServer{t: t, poolID: poolID, clientID: clientID, username: username, userID: "7d0e2c1a-sub", now: now, sessions: map[string]*srpSession{}}
	saltBytes := make([]byte, 16)
	_, _ = rand.Read(saltBytes)
	f.salt = new(big.Int).SetBytes(saltBytes)
	poolName := strings.SplitN(poolID, "_", 2)[1]
	// x = H(pad(salt) | H(poolName | userID | ":" | password)); v = g^x mod N
	x := hInt(pad(f.salt), h([]byte(poolName+f.userID+":"+password)))
	f.verifier = new(big.Int).Exp(srpG, x, srpN)
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeSRPServer) fail(w http.ResponseWriter, typ, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": typ, "message": msg})
}

func (f *fakeSRPServer) ok(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeSRPServer) serve(w http.ResponseWriter, r *http.Request) {
	var req struct {
		AuthFlow, ClientId, ChallengeName, Session string
		AuthParameters, ChallengeResponses         map[string]string
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		f.fail(w, "InvalidParameterException", err.Error())
		return
	}
	if req.ClientId != f.clientID {
		f.fail(w, "ResourceNotFoundException", "User pool client does not exist.")
		return
	}
	switch r.Header.Get("X-Amz-Target") {
	case "AWSCognitoIdentityProviderService.InitiateAuth":
		f.initiate(w, req.AuthFlow, req.AuthParameters)
	case "AWSCognitoIdentityProviderService.RespondToAuthChallenge":
		f.respond(w, req.ChallengeName, req.Session, req.ChallengeResponses)
	default:
		f.fail(w, "UnsupportedOperation", r.Header.Get("X-Amz-Target"))
	}
}

func (f *fakeSRPServer) initiate(w http.ResponseWriter, flow string, params map[string]string) {
	if flow != "USER_SRP_AUTH" || params["USERNAME"] != f.username {
		f.fail(w, "NotAuthorizedException", "Incorrect username or password.")
		return
	}
	a, ok := new(big.Int).SetString(params["SRP_A"], 16)
	if !ok || new(big.Int).Mod(a, srpN).Sign() == 0 {
		f.fail(w, "InvalidParameterException", "SRP_A is not a valid public value")
		return
	}
	bBytes := make([]byte, 32)
	_, _ = rand.Read(bBytes)
	b := new(big.Int).SetBytes(bBytes)
	k := hInt(pad(srpN), pad(srpG))
	bigB := new(big.Int).Add(new(big.Int).Mul(k, f.verifier), new(big.Int).Exp(srpG, b, srpN))
	bigB.Mod(bigB, srpN)
	secret := make([]byte, 48)
	_, _ = rand.Read(secret)
	session := hex.EncodeToString(secret[:8])
	f.mu.Lock()
	f.sessions[session] = &srpSession{a: a, b: b, bigB: bigB, secret: secret}
	f.mu.Unlock()
	f.ok(w, map[string]any{
		"ChallengeName": "PASSWORD_VERIFIER",
		"Session":       session,
		"ChallengeParameters": map[string]string{
			"SALT": f.salt.Text(16), "SRP_B": bigB.Text(16), "SECRET_BLOCK": base64.StdEncoding.EncodeToString(secret),
			"USER_ID_FOR_SRP": f.userID, "USERNAME": f.userID,
		},
	})
}

func (f *fakeSRPServer) respond(w http.ResponseWriter, name, session string, resp map[string]string) {
	f.mu.Lock()
	s := f.sessions[session]
	f.lastTimestamp, f.lastSignature = resp["TIMESTAMP"], resp["PASSWORD_CLAIM_SIGNATURE"]
	f.mu.Unlock()
	if name != "PASSWORD_VERIFIER" || s == nil || resp["USERNAME"] != f.userID ||
		resp["PASSWORD_CLAIM_SECRET_BLOCK"] != base64.StdEncoding.EncodeToString(s.secret) {
		f.fail(w, "NotAuthorizedException", "Incorrect username or password.")
		return
	}
	ts := resp["TIMESTAMP"]
	parsed, err := time.Parse(timestampLayout, ts)
	if err != nil || parsed.Format(timestampLayout) != ts || !strings.Contains(ts, " UTC ") {
		f.fail(w, "InvalidParameterException", "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.")
		return
	}
	if d := parsed.Sub(f.now); d > 5*time.Minute || d < -5*time.Minute {
		f.fail(w, "NotAuthorizedException", "TIMESTAMP "+ts+" is not the current time")
		return
	}
	u := hInt(pad(s.a), pad(s.bigB))
	// S = (A · v^u)^b mod N
	S := new(big.Int).Exp(new(big.Int).Mul(s.a, new(big.Int).Exp(f.verifier, u, srpN)), s.b, srpN)
	key, err := hkdf.Key(sha256.New, pad(S), pad(u), "Caldera Derived Key", 16)
	if err != nil {
		f.fail(w, "InternalErrorException", err.Error())
		return
	}
	poolName := strings.SplitN(f.poolID, "_", 2)[1]
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(poolName + f.userID))
	mac.Write(s.secret)
	mac.Write([]byte(ts))
	got, _ := base64.StdEncoding.DecodeString(resp["PASSWORD_CLAIM_SIGNATURE"])
	if !hmac.Equal(got, mac.Sum(nil)) {
		f.fail(w, "NotAuthorizedException", "Incorrect username or password.")
		return
	}
	f.ok(w, map[string]any{"AuthenticationResult": map[string]any{
		"AccessToken": "access-token", "IdToken": "id-token", "RefreshToken": "refresh-token", "ExpiresIn": 3600, "TokenType": "Bearer",
	}})
}

func TestSignInSRP(t *testing.T) {
	const pool, client, user, password = "eu-west-1_SrpTest1", "srp-client", "ada@example.com", "Correct-Horse-9!"
	tests := []struct {
		name     string
		clock    time.Time
		password string
		want     error // nil = tokens
	}{
		{"afternoon UTC (24-hour clock)", time.Date(2026, 11, 28, 15, 30, 7, 0, time.UTC), password, nil},
		{"just after midnight", time.Date(2026, 11, 1, 0, 5, 0, 0, time.UTC), password, nil},
		{"noon", time.Date(2026, 3, 9, 12, 30, 0, 0, time.UTC), password, nil},
		{"single-digit day", time.Date(2026, 2, 3, 9, 1, 2, 0, time.UTC), password, nil},
		{"wrong password", time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC), "Wrong-Horse-9!", &types.NotAuthorizedException{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, srv := newFakeSRPServer(t, pool, client, user, password, tt.clock)
			c, err := newClient(context.Background(), target{Region: "eu-west-1", Endpoint: srv.URL}, srv.Client(), nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := signInSRP(context.Background(), c, pool, client, user, tt.password, func() time.Time { return tt.clock })
			if tt.want != nil {
				var na *types.NotAuthorizedException
				if !errors.As(err, &na) {
					t.Fatalf("err=%v, want NotAuthorizedException", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("signInSRP: %v (TIMESTAMP %q)", err, fake.lastTimestamp)
			}
			if got := *res.AccessToken; got != "access-token" {
				t.Errorf("AccessToken=%q", got)
			}
			if want := tt.clock.Format(timestampLayout); fake.lastTimestamp != want {
				t.Errorf("TIMESTAMP=%q, want %q", fake.lastTimestamp, want)
			}
		})
	}
}
