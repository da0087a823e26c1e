// Package auditview holds the views of the audit trail and its before/after comparison.
// Views get typed view models from the handlers, permissions only as flags
// the handler computed, and never query anything; shared parts are in
// web/layout.
package auditview

import (
	"bytes"
	"encoding/json"
)

// prettyJSON indents a stored JSON document for display.
func prettyJSON(b []byte) string {
	if len(b) == 0 {
		return "–"
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, "", "  "); err != nil {
		return string(b)
	}
	return buf.String()
}
