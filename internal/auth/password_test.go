package auth

import (
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	h, err := HashPassword("correct horse battery", TestParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=8192,t=1,p=1$") {
		t.Fatalf("unexpected encoding %q", h)
	}
	if ok, err := VerifyPassword("correct horse battery", h); !ok || err != nil {
		t.Errorf("right password rejected: %v %v", ok, err)
	}
	if ok, _ := VerifyPassword("correct horse batterz", h); ok {
		t.Error("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse battery", TestParams)
	if h == h2 {
		t.Error("two hashes of one password must differ (salt)")
	}
	if _, err := VerifyPassword("x", "$bcrypt$nonsense"); err == nil {
		t.Error("malformed hash must give an error")
	}
	for _, bad := range []string{
		"$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$", // empty key: would match anything
		"$argon2id$v=19$m=8192,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + strings.Repeat("A", 43),
		"$argon2id$v=19$m=8192,t=1,p=0$c2FsdHNhbHRzYWx0c2FsdA$" + strings.Repeat("A", 43),
	} {
		if ok, err := VerifyPassword("x", bad); ok || err == nil {
			t.Errorf("%s: got %v, %v; want a malformed-hash error", bad, ok, err)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	if CheckPasswordPolicy("kort") == "" {
		t.Error("short password accepted")
	}
	if msg := CheckPasswordPolicy("precies12tkn"); msg != "" {
		t.Errorf("12 characters rejected: %s", msg)
	}
	if CheckPasswordPolicy("ëëëëëëëëëëë") == "" { // 11 runes, 22 bytes
		t.Error("length must count characters, not bytes")
	}
	for _, pw := range []string{"aaaaaaaaaaaa", "abababababab", "123456789012", "abcdefghijkl", "987654321098"} {
		if CheckPasswordPolicy(pw) == "" {
			t.Errorf("%q accepted: it repeats or counts", pw)
		}
	}
	for _, pw := range []string{"welkom-bij-baken", "paard batterij nietje", "Zomer in Sneek 2026"} {
		if msg := CheckPasswordPolicy(pw); msg != "" {
			t.Errorf("%q rejected: %s", pw, msg)
		}
	}
}
