// Package views_test holds the rules every view package keeps.
package views_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestViewsDecideNoPermission: permissions reach a view only as flags the
// handler computed (docs/architecture.md, "Adding a domain", step 6), so the
// route table, the handler and the page cannot disagree about who sees what.
func TestViewsDecideNoPermission(t *testing.T) {
	files, err := filepath.Glob("*/*.templ")
	if err != nil || len(files) == 0 {
		t.Fatalf("no views found: %v", err)
	}
	check := regexp.MustCompile(`Principal\.(Can|Has|Departments)\(|authz\.[A-Z]\w*\)`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if loc := check.FindIndex(b); loc != nil {
			t.Errorf("%s decides a permission (%q): compute a flag in the handler", f, b[loc[0]:loc[1]])
		}
	}
}
