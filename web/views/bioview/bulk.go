package bioview

import (
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/web/layout"
)

// BulkFormView is the "change the selected controls" form of the control
// list, with what the user chose when it comes back with errors.
type BulkFormView struct {
	CanBulk     bool // the principal may edit controls
	CanSetOwner bool // only the CISO assigns owners
	Selected    map[int64]bool
	// Editable are the rows that get a checkbox: the principal may change
	// them (the server checks again per control).
	Editable    map[int64]bool
	Action      string // POST target, carrying the list's query
	Field       string
	OwnerDeptID string
	Status      string
	Applicable  string // "1" or "0"
	Justification,
	LastReview, NextReview string
	Form layout.Form
}

// Open reports whether the folded form opens: it comes back with errors or
// a selection.
func (b BulkFormView) Open() bool {
	return len(b.Form.Errors) > 0 || b.Form.Message != "" || len(b.Selected) > 0
}

// FieldOptions are the changes the principal may make.
func (b BulkFormView) FieldOptions() []layout.Option {
	var out []layout.Option
	for _, f := range compliance.BulkFields {
		if f == compliance.BulkOwner && !b.CanSetOwner {
			continue
		}
		out = append(out, layout.Option{Value: string(f), Label: f.Label()})
	}
	return out
}

// ApplicabilityOptions are the two answers of the VvT.
func ApplicabilityOptions() []layout.Option {
	return []layout.Option{{Value: "0", Label: "Niet van toepassing"}, {Value: "1", Label: "Van toepassing"}}
}

// BulkConfirmView is the confirmation page of a bulk change.
type BulkConfirmView struct {
	Plan   compliance.BulkPlan
	Back   string // the list with its filters
	Action string // POST /bio/bulk/bevestigen, with the list's query
}

// BulkResultView is the page after a bulk change.
type BulkResultView struct {
	Result compliance.BulkResult
	Back   string
}

// BulkNewValue says in words what the change sets.
func BulkNewValue(p compliance.BulkPlan) string {
	ch := p.Change
	switch ch.Field {
	case compliance.BulkOwner:
		return layout.OrDash(p.OwnerName)
	case compliance.BulkStatus:
		return ch.Status.Label()
	case compliance.BulkApplicability:
		if ch.Applicable {
			return "Van toepassing"
		}
		return "Niet van toepassing, onderbouwing: " + ch.Justification
	case compliance.BulkReviewDates:
		return "laatste " + dateText(ch.LastReview) + ", volgende " + dateText(ch.NextReview)
	}
	return ""
}

// BulkCurrentValue is the value the change replaces on c.
func BulkCurrentValue(f compliance.BulkField, c compliance.Control) string {
	switch f {
	case compliance.BulkOwner:
		return layout.OrDash(c.OwnerDeptName)
	case compliance.BulkStatus:
		return c.Status.Label()
	case compliance.BulkApplicability:
		return yesNoApplicable(c.Applicable)
	case compliance.BulkReviewDates:
		return "laatste " + layout.Date(c.LastReview) + ", volgende " + layout.Date(c.NextReview)
	}
	return ""
}

func yesNoApplicable(b bool) string {
	if b {
		return "Van toepassing"
	}
	return "Niet van toepassing"
}

// dateText shows a yyyy-mm-dd form value as dd-mm-yyyy; empty means the
// date stays as it is.
func dateText(s string) string {
	if len(s) != 10 {
		return "ongewijzigd"
	}
	return s[8:10] + "-" + s[5:7] + "-" + s[0:4]
}
