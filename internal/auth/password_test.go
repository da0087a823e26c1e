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
}
