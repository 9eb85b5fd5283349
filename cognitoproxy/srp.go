package cognitoproxy

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"
)

// The server side of Cognito's SRP-6a, written from the protocol (RFC 5054, and the client in
// amazon-cognito-identity-js's AuthenticationHelper that Amplify ships): the 3072-bit group of
// RFC 5054 appendix A with g = 2, k = H(pad(N) | pad(g)), x = H(pad(salt) | H(poolName | userId |
// ":" | password)), u = H(pad(A) | pad(B)), S = (A · v^u)^b mod N, the key = HKDF-SHA256(ikm =
// pad(S), salt = pad(u), info = "Caldera Derived Key")[:16], and the PASSWORD_CLAIM_SIGNATURE =
// HMAC-SHA256(key, poolName | userId | SECRET_BLOCK | TIMESTAMP).
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
	srpK = hashInt(pad(srpN), pad(srpG))
)

// timestampLayout is Cognito's TIMESTAMP, Java's `EEE MMM d HH:mm:ss z yyyy` in English: 24-hour
// clock, day of month not zero-padded, zone UTC ("Tue Feb 3 09:01:02 UTC 2026").
const timestampLayout = "Mon Jan 2 15:04:05 MST 2006"

// timestampSkew is how far TIMESTAMP may be from the proxy's clock. AWS does not document its
// tolerance; five minutes is the usual allowance for clock skew in AWS request signing.
const timestampSkew = 5 * time.Minute

// pad is x's big-endian bytes with a leading zero byte when the top bit is set (padHex).
func pad(x *big.Int) []byte {
	b := x.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		return append([]byte{0}, b...)
	}
	return b
}

func hash(parts ...[]byte) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

func hashInt(parts ...[]byte) *big.Int { return new(big.Int).SetBytes(hash(parts...)) }

// poolName is the part of a pool id after the region ("eu-west-1_AbC" → "AbC"), the name SRP hashes.
func poolName(poolID string) string {
	_, name, _ := strings.Cut(poolID, "_")
	return name
}

// verifier is v = g^x for the user's password.
func verifier(poolID, userID, password string, salt []byte) *big.Int {
	x := hashInt(pad(new(big.Int).SetBytes(salt)), hash([]byte(poolName(poolID)+userID+":"+password)))
	return new(big.Int).Exp(srpG, x, srpN)
}

// srpSession is one USER_SRP_AUTH between InitiateAuth and RespondToAuthChallenge. Cognito
// returns no Session for PASSWORD_VERIFIER (amazon-cognito-identity-js sends none back): the
// SECRET_BLOCK names the session.
type srpSession struct {
	poolID, clientID string
	userID           string // USER_ID_FOR_SRP: the user's internal username
	asked            string // the USERNAME InitiateAuth named
	known            bool   // false: a simulated challenge for a user that does not exist
	password         string // the stored password the proof was checked against
	a, b, bigB, v    *big.Int
	secret           []byte
	expires          time.Time
}

// srpServer holds the sessions between the two calls. Its key makes the simulated salt and user id
// for unknown usernames stable, as Cognito's are ("the same salt and internal user id in UUID
// format for the same user name and user pool combination": Managing user existence error
// responses, Amazon Cognito Developer Guide).
type srpServer struct {
	key      []byte
	mu       sync.Mutex
	sessions map[string]*srpSession
}

func newSRPServer() *srpServer {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &srpServer{key: key, sessions: map[string]*srpSession{}}
}

func (s *srpServer) derive(parts ...string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(strings.Join(parts, "\x00")))
	return m.Sum(nil)
}

// simulatedUserID is a UUID-shaped id for a username that does not exist.
func (s *srpServer) simulatedUserID(poolID, username string) string {
	b := s.derive("user", poolID, strings.ToLower(username))[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// start answers SRP_A with the PASSWORD_VERIFIER challenge. password is the stored one, unused
// when known is false.
func (s *srpServer) start(sess *srpSession, srpA string, now time.Time, validity time.Duration) (map[string]string, *apiError) {
	a, ok := new(big.Int).SetString(srpA, 16)
	if !ok || new(big.Int).Mod(a, srpN).Sign() == 0 {
		return nil, invalidParameter("SRP_A is not a valid SRP public value")
	}
	salt := s.derive("salt", sess.poolID, sess.userID)[:16]
	if sess.known {
		sess.v = verifier(sess.poolID, sess.userID, sess.password, salt)
	} else {
		sess.v = new(big.Int).SetBytes(s.derive("verifier", sess.poolID, sess.userID))
	}
	var bigB *big.Int
	for {
		bBytes := make([]byte, 32)
		_, _ = rand.Read(bBytes)
		sess.b = new(big.Int).SetBytes(bBytes)
		bigB = new(big.Int).Add(new(big.Int).Mul(srpK, sess.v), new(big.Int).Exp(srpG, sess.b, srpN))
		bigB.Mod(bigB, srpN)
		if bigB.Sign() != 0 && hashInt(pad(a), pad(bigB)).Sign() != 0 {
			break
		}
	}
	sess.a, sess.bigB = a, bigB
	sess.secret = make([]byte, 64)
	_, _ = rand.Read(sess.secret)
	sess.expires = now.Add(validity)
	block := base64.StdEncoding.EncodeToString(sess.secret)

	s.mu.Lock()
	for k, old := range s.sessions {
		if now.After(old.expires) {
			delete(s.sessions, k)
		}
	}
	s.sessions[block] = sess
	s.mu.Unlock()
	return map[string]string{
		"SALT":            hex.EncodeToString(salt),
		"SRP_B":           bigB.Text(16),
		"SECRET_BLOCK":    block,
		"USER_ID_FOR_SRP": sess.userID,
		"USERNAME":        sess.userID,
	}, nil
}

// verify checks a PASSWORD_VERIFIER answer and returns its session. A session is used once.
func (s *srpServer) verify(clientID string, resp map[string]string, now time.Time) (*srpSession, *apiError) {
	block := resp["PASSWORD_CLAIM_SECRET_BLOCK"]
	s.mu.Lock()
	sess := s.sessions[block]
	delete(s.sessions, block)
	s.mu.Unlock()
	if sess == nil || sess.clientID != clientID {
		return nil, notAuthorized(msgIncorrectCredentials)
	}
	if now.After(sess.expires) {
		return nil, notAuthorized(msgSessionExpired)
	}
	if u := resp["USERNAME"]; u != sess.userID && u != sess.asked {
		return nil, notAuthorized(msgIncorrectCredentials)
	}
	ts := resp["TIMESTAMP"]
	when, err := time.Parse(timestampLayout, ts)
	if err != nil || when.Format(timestampLayout) != ts || !strings.Contains(ts, " UTC ") {
		return nil, invalidParameter(msgTimestampFormat)
	}
	if d := when.Sub(now); d > timestampSkew || d < -timestampSkew {
		return nil, notAuthorized(fmt.Sprintf("TIMESTAMP %q is more than %s from the server's clock (%s)", ts, timestampSkew, now.UTC().Format(timestampLayout)))
	}
	if !sess.known {
		return nil, notAuthorized(msgIncorrectCredentials)
	}
	u := hashInt(pad(sess.a), pad(sess.bigB))
	S := new(big.Int).Exp(new(big.Int).Mul(sess.a, new(big.Int).Exp(sess.v, u, srpN)), sess.b, srpN)
	key, err := hkdf.Key(sha256.New, pad(S), pad(u), "Caldera Derived Key", 16)
	if err != nil {
		return nil, internalError(err)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(poolName(sess.poolID) + sess.userID))
	mac.Write(sess.secret)
	mac.Write([]byte(ts))
	got, err := base64.StdEncoding.DecodeString(resp["PASSWORD_CLAIM_SIGNATURE"])
	if err != nil || !hmac.Equal(got, mac.Sum(nil)) {
		return nil, notAuthorized(msgIncorrectCredentials)
	}
	return sess, nil
}
