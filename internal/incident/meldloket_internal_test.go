package incident

import (
	"bytes"
	"strings"
	"testing"
)

// TestFollowUpCodes: codes and tokens carry 160 random bits; a code is
// found again however the reporter types it, and nothing else is a code.
func TestFollowUpCodes(t *testing.T) {
	code := newFollowUpCode()
	if len(code) != 39 || strings.Count(code, "-") != 7 {
		t.Fatalf("code %q", code)
	}
	h, ok := followUpHash(code)
	if !ok || len(h) != 32 {
		t.Fatalf("hash of %q: %v %d", code, ok, len(h))
	}
	for _, typed := range []string{strings.ToLower(code), strings.ReplaceAll(code, "-", " "), " " + strings.ReplaceAll(code, "-", "") + " "} {
		if g, ok := followUpHash(typed); !ok || !bytes.Equal(g, h) {
			t.Errorf("%q is not the same code", typed)
		}
	}
	for _, bad := range []string{"", "x", code[:38], code + "A", strings.Replace(code, code[:1], "1", 1), strings.Repeat("é", 32)} {
		if _, ok := followUpHash(bad); ok {
			t.Errorf("%q is taken for a code", bad)
		}
	}
	if newFollowUpCode() == code {
		t.Error("two equal codes")
	}
	tok := newToken()
	if !tokenPattern.MatchString(tok) || len(tok) != 32 || newToken() == tok {
		t.Errorf("token %q", tok)
	}
}

// TestLoketReportInput: the public form keeps the report's rules, drops the
// portal's choices and checks the reporter's details.
func TestLoketReportInput(t *testing.T) {
	in := LoketReportInput{ReportInput: ReportInput{Title: " Iets ", DiscoveredAt: "2026-12-01T10:00", PersonalData: "nee", ApplicationID: 7, DepartmentID: 3},
		Name: strings.Repeat("n", 201), Email: "Naam <a@b.nl>"}
	v := in.Validate()
	if v["name"] == "" || v["email"] == "" || v["title"] != "" || in.Title != "Iets" || in.ApplicationID != 0 || in.DepartmentID != 0 {
		t.Errorf("validation %v, input %+v", v, in)
	}
	in.Name, in.Email = "  Piet  ", " piet@voorbeeld.nl "
	if v := in.Validate(); len(v) != 0 || in.Name != "Piet" || in.Email != "piet@voorbeeld.nl" {
		t.Errorf("validation %v, input %+v", v, in)
	}
}
