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
