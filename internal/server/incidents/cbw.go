package incidents

import (
	"net/http"

	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/incidentview"
)

// The Cbw track of an incident (significant incidents, the three reports)
// and the report to the IBD / CSIRT; the CISO's page of the terms.

// cbwForms fills the Cbw and CSIRT forms of an incident's page, as show
// fills the others.
func cbwForms(v *incidentview.IncidentShowView, p incident.Page) {
	formInput(v.Keep == "cbw", v.Stale == "cbw", &v.CbwIn, &v.CbwIn.Version, p.Cbw.Input(p.Version), p.Version)
	formInput(v.Keep == "csirt", v.Stale == "csirt", &v.CsirtIn, &v.CsirtIn.Version, p.Cbw.CsirtInput(p.Version), p.Version)
	v.CbwForm.Order = incident.CbwFieldOrder()
	v.CsirtForm.Order = []string{"csirt_reported_at", "csirt_reference"}
}

// formInput sets the input a form shows: the stored one, except the form
// shown again after a field error (kept as it is: the input and the version
// the user saw) or after a conflict (the input, with the stored version now).
func formInput[In any](kept, stale bool, in *In, version *int, stored In, now int) {
	switch {
	case kept:
	case stale:
		*version = now
	default:
		*in = stored
	}
}

func readCbw(f *httpkit.Values) incident.CbwInput {
	in := incident.CbwInput{Significant: f.Bool("cbw_significant"), Version: f.Version()}
	for i := range in.SentAt {
		in.SentAt[i], in.Reference[i] = f.String(incident.SentField(i)), f.String(incident.RefField(i))
	}
	return in
}

// Cbw serves POST /incidenten/{id}/cbw: the significant-incident mark and
// the moments the three reports were sent.
func (h *Handlers) Cbw(w http.ResponseWriter, r *http.Request) {
	pageForm(h, w, r, "cbw", readCbw, h.svc.SaveCbw, func(in incident.CbwInput, state layout.Form) incidentview.IncidentShowView {
		return incidentview.IncidentShowView{CbwIn: in, CbwForm: state}
	}, shown[incident.CbwInput]("De Cbw-gegevens zijn opgeslagen.", "#incident-cbw"))
}

// Csirt serves POST /incidenten/{id}/csirt: when the incident was reported
// to the IBD / CSIRT, with the reference.
func (h *Handlers) Csirt(w http.ResponseWriter, r *http.Request) {
	read := func(f *httpkit.Values) incident.CsirtInput {
		return incident.CsirtInput{ReportedAt: f.String("csirt_reported_at"), Reference: f.String("csirt_reference"), Version: f.Version()}
	}
	pageForm(h, w, r, "csirt", read, h.svc.SaveCsirt, func(in incident.CsirtInput, state layout.Form) incidentview.IncidentShowView {
		return incidentview.IncidentShowView{CsirtIn: in, CsirtForm: state}
	}, shown[incident.CsirtInput]("De melding aan de IBD / CSIRT is opgeslagen.", "#incident-csirt"))
}

const settingsTitle = "Termijnen Cbw-meldingen"

func (h *Handlers) settingsPage(w http.ResponseWriter, r *http.Request, status int, v incidentview.IncidentCbwSettingsView, keep bool) {
	sp, ok := kit.Fetch(h.kit, w, r, h.svc.CbwSettingsOf)
	if !ok {
		return
	}
	v.CbwSettingsPage = sp
	formInput(keep, v.Stale, &v.Input, &v.Input.Version, incident.SettingsInputOf(sp.Settings), sp.Settings.Version)
	v.Form.Order = incident.SettingsFieldOrder()
	h.kit.Render(w, r, status, incidentview.IncidentCbwSettingsPage(h.kit.Page(r, settingsTitle, section), v))
}

// Settings serves GET /incidenten/instellingen: the terms of the Cbw
// reports.
func (h *Handlers) Settings(w http.ResponseWriter, r *http.Request) {
	h.settingsPage(w, r, http.StatusOK, incidentview.IncidentCbwSettingsView{}, false)
}

// SettingsSave serves POST /incidenten/instellingen.
func (h *Handlers) SettingsSave(w http.ResponseWriter, r *http.Request) {
	kit.SubmitSetting(h.kit, w, r, kit.Setting[incident.CbwSettingsInput]{
		Read: func(f *httpkit.Values) incident.CbwSettingsInput {
			in := incident.CbwSettingsInput{Version: f.Version()}
			for i, rep := range incident.CbwReports {
				in.Start[i], in.Amount[i], in.Unit[i] = f.String(rep.Key+"_start"), f.String(rep.Key+"_amount"), f.String(rep.Key+"_unit")
			}
			return in
		},
		Save: h.svc.SaveCbwSettings,
		Reshow: func(status int, in incident.CbwSettingsInput, state layout.Form, stale bool) {
			h.settingsPage(w, r, status, incidentview.IncidentCbwSettingsView{Input: in, Form: state, Stale: stale}, !stale)
		},
		Flash: "De termijnen van de Cbw-meldingen zijn opgeslagen.", Target: "/incidenten/instellingen",
	})
}
