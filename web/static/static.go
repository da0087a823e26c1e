// Package static holds the browser assets of Baken: the application's own
// stylesheet and script, plus the vendored NL Design System CSS, htmx and
// axe-core (see README.md and scripts/vendor.sh).
package static

import "embed"

// FS contains app.css, app.js, picker.js and the vendor/ directory (including
// vendor/LICENSES/), with paths relative to this directory, e.g.
// "app.css" or "vendor/htmx.min.js". Serve it with
// http.FileServerFS(static.FS) under a prefix such as /static/.
//
//go:embed app.css app.js picker.js vendor
var FS embed.FS
