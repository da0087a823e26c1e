package incidentview

import (
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/web/layout"
)

// IncidentRetentionView is the beheerder's page of incidents past their
// retention period, or the confirmation of a selection (Confirm).
type IncidentRetentionView struct {
	Rows     []incident.PurgeRow
	Selected map[int64]bool
	Confirm  bool
	Form     layout.Form
}

// Checked reports whether the row was selected.
func (v IncidentRetentionView) Checked(id int64) bool { return v.Selected[id] }

// attachmentHint is the hint of the file input.
func attachmentHint(limit int64) string {
	return "Optioneel. Bijvoorbeeld een schermafdruk, de verdachte e-mail (.eml of .msg) of een pdf. Hoogstens " +
		layout.Itoa(incident.MaxAttachments) + " bestanden, samen hoogstens " + compliance.FormatSize(limit) + "."
}

// attachmentSource says who added an attachment (", meegestuurd met de
// melding", ", door Carla Smit"), "" when nobody is known.
func attachmentSource(a incident.Attachment) string {
	switch {
	case a.ByReporter:
		return ", meegestuurd met de melding"
	case a.UploadedBy != "":
		return ", door " + a.UploadedBy
	}
	return ""
}
