package incidentview

import (
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/web/layout"
)

// MeldloketSettingsView is the CISO's page of the public meldloket.
type MeldloketSettingsView struct {
	Loket     incident.Loket
	Input     incident.LoketInput
	Form      layout.Form
	PublicURL string // the loket's full address; "" before the first save
	// Stored is the stored state after a conflict, shown next to the input.
	Stored *incident.Loket
}

// MeldloketFormView is the public report form.
type MeldloketFormView struct {
	Loket incident.PublicLoket
	Input incident.LoketReportInput
	Form  layout.Form
}

// Action is the form's address.
func (v MeldloketFormView) Action() string { return "/meldloket/" + v.Loket.Token }

// StatusPath is the address of the status look-up.
func (v MeldloketFormView) StatusPath() string { return "/meldloket/" + v.Loket.Token + "/status" }

// MeldloketReceiptView is the page after a report: the number and the
// follow-up code, shown once.
type MeldloketReceiptView struct {
	Loket   incident.PublicLoket
	Receipt incident.Receipt
}

// StatusPath is the address of the status look-up.
func (v MeldloketReceiptView) StatusPath() string { return "/meldloket/" + v.Loket.Token + "/status" }

// MeldloketStatusView is the status look-up: the form, and the status of
// the one report when the code was found.
type MeldloketStatusView struct {
	Loket  incident.PublicLoket
	Code   string
	Form   layout.Form
	Result *incident.LoketStatus
}

// Action is the form's address.
func (v MeldloketStatusView) Action() string { return "/meldloket/" + v.Loket.Token + "/status" }

// FormPath is the address of the report form.
func (v MeldloketStatusView) FormPath() string { return "/meldloket/" + v.Loket.Token }

// storedLoketText names the stored settings after a conflict.
func storedLoketText(l incident.Loket) string {
	state := "uit"
	if l.Enabled {
		state = "aan"
	}
	intro := "geen"
	if l.Intro != "" {
		intro = "\u201c" + l.Intro + "\u201d"
	}
	return "Opgeslagen staat nu: meldloket " + state + ", introductietekst " + intro + "."
}
