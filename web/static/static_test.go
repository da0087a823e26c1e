package static

import (
	"io/fs"
	"strings"
	"testing"
)

func TestEmbeddedAssets(t *testing.T) {
	want := map[string]string{
		"app.css":                              ".skip-link",
		"app.js":                               "data-confirm",
		"picker.js":                            "data-picker",
		"vendor/utrecht-component-library.css": ".utrecht-button--primary-action",
		"vendor/voorbeeld-theme.css":           ".voorbeeld-theme",
		"vendor/htmx.min.js":                   "htmx",
		"vendor/axe.min.js":                    "axe",
		"vendor/LICENSES/utrecht-component-library-css.txt": "EUROPEAN UNION PUBLIC LICENCE",
		"vendor/LICENSES/voorbeeld-design-tokens.txt":       "EUROPEAN UNION PUBLIC LICENCE",
		"vendor/LICENSES/htmx.org.txt":                      "BSD",
		"vendor/LICENSES/axe-core.txt":                      "Mozilla Public License",
	}
	for name, needle := range want {
		b, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !strings.Contains(string(b), needle) {
			t.Errorf("%s: does not contain %q", name, needle)
		}
	}
}

func TestNoExternalURLsInAppCSS(t *testing.T) {
	b, err := fs.ReadFile(FS, "app.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"url(", "@import", "http://", "https://"} {
		if strings.Contains(string(b), bad) {
			t.Errorf("app.css must stay self-contained, found %q", bad)
		}
	}
}

// TestAppCSSBraces: every block of app.css is closed. One lost "}" (a merge
// can drop it) nests the rest of the file in the open rule and the browser
// ignores all of it.
func TestAppCSSBraces(t *testing.T) {
	b, err := fs.ReadFile(FS, "app.css")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	depth, line := 0, 1
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				t.Fatalf("app.css line %d: comment not closed", line)
			}
			line += strings.Count(s[i:i+2+end], "\n")
			i += end + 3
		case s[i] == '\n':
			line++
		case s[i] == '{':
			depth++
		case s[i] == '}':
			if depth--; depth < 0 {
				t.Fatalf("app.css line %d: } without {", line)
			}
		}
	}
	if depth != 0 {
		t.Errorf("app.css: %d block(s) not closed", depth)
	}
}
