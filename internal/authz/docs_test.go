package authz

import (
	"os"
	"strings"
	"testing"
)

// The permission table in docs/security.md is generated from the table in
// this package. The section looks exactly like this (each marker on its own
// line, the table directly between them, no blank lines):
//
//	<!-- permissions:start -->
//	| actie | omschrijving | ... |
//	...
//	<!-- permissions:end -->
//
// Regenerate it with: UPDATE_DOCS=1 go test ./internal/authz/
const (
	securityDoc      = "../../docs/security.md"
	permissionsStart = "<!-- permissions:start -->"
	permissionsEnd   = "<!-- permissions:end -->"
)

// permissionsSection is the canonical text between the two markers.
func permissionsSection() string { return "\n" + strings.TrimSpace(Markdown()) + "\n" }

// splitDoc returns the text before the section (up to and including the start
// marker), the section itself and the rest (from the end marker on).
func splitDoc(t *testing.T, doc string) (head, section, tail string) {
	t.Helper()
	if n := strings.Count(doc, permissionsStart); n != 1 {
		t.Fatalf("%s: want exactly one %q line, found %d", securityDoc, permissionsStart, n)
	}
	if n := strings.Count(doc, permissionsEnd); n != 1 {
		t.Fatalf("%s: want exactly one %q line, found %d", securityDoc, permissionsEnd, n)
	}
	i := strings.Index(doc, permissionsStart) + len(permissionsStart)
	j := strings.Index(doc, permissionsEnd)
	if j < i {
		t.Fatalf("%s: %q comes before %q", securityDoc, permissionsEnd, permissionsStart)
	}
	return doc[:i], doc[i:j], doc[j:]
}

func TestSecurityDocPermissionTable(t *testing.T) {
	raw, err := os.ReadFile(securityDoc)
	if err != nil {
		t.Fatalf("read %s: %v", securityDoc, err)
	}
	doc := string(raw)
	head, section, tail := splitDoc(t, doc)
	want := permissionsSection()

	if os.Getenv("UPDATE_DOCS") == "1" {
		if section == want {
			return
		}
		info, err := os.Stat(securityDoc)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(securityDoc, []byte(head+want+tail), info.Mode().Perm()); err != nil {
			t.Fatalf("update %s: %v", securityDoc, err)
		}
		t.Logf("updated the permission table in %s", securityDoc)
		return
	}

	if strings.TrimSpace(section) != strings.TrimSpace(Markdown()) {
		t.Fatalf("the permission table in %s differs from authz.Markdown().\n"+
			"Run `UPDATE_DOCS=1 go test ./internal/authz/`, or paste this between the %s and %s lines:\n\n%s",
			securityDoc, permissionsStart, permissionsEnd, strings.TrimSpace(Markdown()))
	}
	// Layout: each marker on a line of its own, exactly one newline between a
	// marker and the table.
	if !strings.HasSuffix(head, "\n"+permissionsStart) && head != permissionsStart {
		t.Errorf("%s: %q must start a line", securityDoc, permissionsStart)
	}
	if !strings.HasPrefix(tail, permissionsEnd+"\n") && tail != permissionsEnd {
		t.Errorf("%s: %q must be followed by a line break", securityDoc, permissionsEnd)
	}
	if section != want {
		t.Errorf("%s: put the table directly between the marker lines, without blank lines "+
			"(or run `UPDATE_DOCS=1 go test ./internal/authz/`)", securityDoc)
	}
}
