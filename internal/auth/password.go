package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// MinPasswordLength is the minimum length of a password, in characters.
const MinPasswordLength = 12

// Params are argon2id cost parameters. They are stored in every hash, so they
// can be raised later without invalidating existing passwords.
type Params struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultParams follow RFC 9106's second recommended option (64 MiB).
var DefaultParams = Params{Time: 3, Memory: 64 * 1024, Threads: 2}

// TestParams are cheap parameters for tests and demo data in tests only.
var TestParams = Params{Time: 1, Memory: 8 * 1024, Threads: 1}

// CheckPasswordPolicy returns a Dutch message when pw is not acceptable.
func CheckPasswordPolicy(pw string) string {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return fmt.Sprintf("Een wachtwoord heeft minimaal %d tekens.", MinPasswordLength)
	}
	if utf8.RuneCountInString(pw) > 256 {
		return "Een wachtwoord heeft maximaal 256 tekens."
	}
	if tooSimple(pw) {
		return "Dit wachtwoord is te eenvoudig te raden: het herhaalt of telt tekens af. Kies bijvoorbeeld een zin van een paar woorden."
	}
	return ""
}

// tooSimple reports a long password that is still guessed at once: fewer
// than five different characters ("aaaaaaaaaaaa", "abababababab") or mostly
// a run up or down ("123456789012", "abcdefghijkl"), the patterns NIST SP
// 800-63B names besides known-breached passwords.
func tooSimple(pw string) bool {
	rs := []rune(pw)
	distinct := map[rune]bool{}
	steps := 0
	for i, r := range rs {
		distinct[r] = true
		if i > 0 && (r-rs[i-1] == 1 || r-rs[i-1] == -1) {
			steps++
		}
	}
	return len(distinct) < 5 || steps*2 > len(rs)
}

// HashPassword returns a PHC-formatted argon2id hash of pw.
func HashPassword(pw string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

var errBadHash = errors.New("malformed password hash")

// VerifyPassword reports whether pw matches the encoded hash, in constant time.
func VerifyPassword(pw, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, errBadHash
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := enc.DecodeString(parts[5])
	// An empty key would match any password; t=0 or p=0 makes argon2 panic.
	if err != nil || len(want) < 16 || len(want) > 64 || p.Time == 0 || p.Threads == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want))) //nolint:gosec // G115: len(want) is 16–64, checked above
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
