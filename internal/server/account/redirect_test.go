package account

import "testing"

func TestSafeNextKeepsUsersOnThePortal(t *testing.T) {
	for in, want := range map[string]string{
		"/processen?q=x":       "/processen?q=x",
		"":                     "/",
		"//evil.example":       "/",
		"/\t/evil.example":     "/",
		"/\\evil.example":      "/",
		"https://evil.example": "/",
		"/login?next=/x":       "/",
		"javascript:alert(1)":  "/",
		"/%0d%0aSet-Cookie:x":  "/%0d%0aSet-Cookie:x",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
