package incidentview

import (
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/web/layout"
)

// IncidentTrackForms is the state of the one note form of the datalek
// track (aanvullende melding or FG advice) shown again after a mistake.
type IncidentTrackForms struct {
	Kind string // incident.NoteFollowUp, incident.NoteAdvice; "" when none
	In   incident.NoteInput
	Form layout.Form
}

// noteForm is the state of the note form of kind.
func (v IncidentShowView) noteForm(kind string) (incident.NoteInput, layout.Form) {
	if v.TrackForms.Kind == kind {
		return v.TrackForms.In, v.TrackForms.Form
	}
	return incident.NoteInput{}, layout.Form{}
}

// IncidentFactsView is the form of a datalek's facts for the AP.
type IncidentFactsView struct {
	incident.FactsPage
	Input incident.FactsInput
	Form  layout.Form
	Stale bool // the form conflicted: the stored facts are shown next to the input
}

// CanFollowUp: the handler may record an aanvullende melding (after the
// notification, while the incident is open).
func (v IncidentShowView) CanFollowUp() bool {
	return v.CanHandle && v.APDecision == incident.APNotify && v.Status != incident.StatusClosed
}

// CanEditFacts: the handler may edit the facts for the AP.
func (v IncidentShowView) CanEditFacts() bool {
	return v.CanHandle && v.Status != incident.StatusClosed
}

func choiceSet(values []string) map[string]bool {
	out := make(map[string]bool, len(values))
	for _, x := range values {
		out[x] = true
	}
	return out
}

func joinedLabels(list []incident.Choice, values []string) string {
	s := ""
	for i, l := range incident.Labels(list, values) {
		if i > 0 {
			s += "; "
		}
		s += l
	}
	return layout.OrDash(s)
}

// StaleLines are the stored facts shown next to the input after a conflict.
func (v IncidentFactsView) StaleLines() []string {
	f := v.Facts
	return []string{
		"Aard van de inbreuk: " + joinedLabels(incident.Natures, f.Nature),
		"Groepen betrokkenen: " + joinedLabels(incident.PersonGroups, f.PersonGroups),
		"Soorten persoonsgegevens: " + joinedLabels(incident.DataCategories, f.DataCategories),
		"Bijzondere persoonsgegevens: " + joinedLabels(incident.SpecialCategories, f.SpecialCategories),
		"Opgeslagen door " + layout.OrDash(f.UpdatedBy) + " op " + layout.OptDateTime(f.UpdatedAt, "–"),
		"Versie: " + layout.Itoa(f.Version),
	}
}
