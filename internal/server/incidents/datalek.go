package incidents

import (
	"context"
	"net/http"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/incidentview"
)

// ---- the datalek track: the facts for the AP, the draft, follow-ups, the FG's advice ----

// factsForm shows the form of the facts; keep is the input shown again
// (nil: the stored facts), stale shows the stored facts next to it.
func (h *Handlers) factsForm(w http.ResponseWriter, r *http.Request, status int, id int64, keep *incident.FactsInput, state layout.Form, stale bool) {
	fp, err := h.svc.FactsForm(r.Context(), *kit.Principal(r), id)
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	v := incidentview.IncidentFactsView{FactsPage: fp, Form: state, Stale: stale}
	if keep != nil {
		v.Input = *keep
	}
	formInput(keep != nil && !stale, stale, &v.Input, &v.Input.Version, incident.FactsInputOf(fp.Facts), fp.Facts.Version)
	v.Form.Order = incident.FactsFields
	h.kit.Render(w, r, status, incidentview.IncidentFactsPage(h.kit.Page(r, "Gegevens voor de AP-melding "+fp.NumberText(), section), v))
}

// FactsForm serves GET /incidenten/{id}/ap-gegevens.
func (h *Handlers) FactsForm(w http.ResponseWriter, r *http.Request) {
	kit.WithID(h.kit, w, r, func(id int64) { h.factsForm(w, r, http.StatusOK, id, nil, layout.Form{}, false) })
}

// SaveFacts serves POST /incidenten/{id}/ap-gegevens.
func (h *Handlers) SaveFacts(w http.ResponseWriter, r *http.Request) {
	kit.SubmitAction(h.kit, w, r, kit.Action[incident.FactsInput]{
		Read: func(f *httpkit.Values) incident.FactsInput {
			return incident.FactsInput{FactsAnswers: incident.FactsAnswers{Nature: f.Strings("nature"), PersonGroups: f.Strings("person_groups"),
				PersonGroupsOther: f.Raw("person_groups_other"), DataCategories: f.Strings("data_categories"), DataOther: f.Raw("data_other"),
				SpecialCategories: f.Strings("special_categories"), Consequences: f.Strings("consequences"),
				ConsequencesText: f.Raw("consequences_text"), MeasuresTaken: f.Raw("measures_taken"), MeasuresPlanned: f.Raw("measures_planned"),
				Encrypted: f.String("encrypted"), EncryptionNote: f.Raw("encryption_note"), SubjectsInformed: f.String("subjects_informed"),
				SubjectsHow: f.Raw("subjects_how"), SubjectsNotReason: f.Raw("subjects_not_reason"),
				CrossBorder: f.String("cross_border"), CrossBorderNote: f.Raw("cross_border_note")},
				PersonsMin: f.Raw("persons_min"), PersonsMax: f.Raw("persons_max"), Records: f.Raw("records"), InformedOn: f.Raw("informed_on"),
				Version: f.Version()}
		},
		Save: h.svc.SaveFacts,
		Reshow: func(status int, id int64, in incident.FactsInput, state layout.Form, stale bool) {
			h.factsForm(w, r, status, id, &in, state, stale)
		},
		Done: shown[incident.FactsInput]("De gegevens voor de AP-melding zijn opgeslagen.", "#datalek-feiten"),
	})
}

// Concept serves GET /incidenten/{id}/ap-concept: the draft of the
// notification to the AP.
func (h *Handlers) Concept(w http.ResponseWriter, r *http.Request) {
	d, _, ok := kit.Load(h.kit, w, r, h.svc.Concept)
	if !ok {
		return
	}
	h.kit.Render(w, r, http.StatusOK, incidentview.IncidentConceptPage(h.kit.Page(r, "Concept AP-melding "+d.Incident.NumberText(), section), d))
}

// note serves the form of a note of a datalek (an aanvullende melding or
// an advice): save stores it, the incident page shows it at anchor.
func (h *Handlers) note(w http.ResponseWriter, r *http.Request, kind string, save func(context.Context, authz.Principal, int64, incident.NoteInput) error,
	flash, anchor string) {
	dateField, textField := incident.NoteFields(kind)
	read := func(f *httpkit.Values) incident.NoteInput {
		return incident.NoteInput{Kind: kind, On: f.String(dateField), Text: f.Raw(textField)}
	}
	pageForm(h, w, r, kind, read, save, func(in incident.NoteInput, state layout.Form) incidentview.IncidentShowView {
		state.Order = []string{dateField, textField}
		return incidentview.IncidentShowView{TrackForms: incidentview.IncidentTrackForms{Kind: kind, In: in, Form: state}}
	}, shown[incident.NoteInput](flash, anchor))
}

// FollowUp serves POST /incidenten/{id}/aanvullende-meldingen.
func (h *Handlers) FollowUp(w http.ResponseWriter, r *http.Request) {
	h.note(w, r, incident.NoteFollowUp, h.svc.AddFollowUp, "De aanvullende melding aan de AP is vastgelegd.", "#aanvullende-meldingen")
}

// Advise serves POST /incidenten/{id}/fg-advies: the FG's advice.
func (h *Handlers) Advise(w http.ResponseWriter, r *http.Request) {
	h.note(w, r, incident.NoteAdvice, h.svc.Advise, "Het advies van de FG is vastgelegd.", "#fg-advies")
}
