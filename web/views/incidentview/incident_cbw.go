package incidentview

import (
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/web/layout"
)

// IncidentCbwSettingsView is the CISO's page of the terms of the Cbw
// reports.
type IncidentCbwSettingsView struct {
	incident.CbwSettingsPage
	Input incident.CbwSettingsInput
	Form  layout.Form
	Stale bool // the terms changed meanwhile: the stored ones are shown next to the input
}

// IncidentCbwStartOptions are the start points of a term.
func IncidentCbwStartOptions() []layout.Option { return layout.ValueOptions(incident.CbwStarts) }

// IncidentCbwUnitOptions are the units of a term's length.
func IncidentCbwUnitOptions() []layout.Option { return layout.ValueOptions(incident.CbwUnits) }

// DefaultTermText describes the default term of report i.
func DefaultTermText(i int) string { return incident.DefaultCbwSettings().Terms[i].Text() }

// storedTerms are the stored terms as the lines of currentVersion.
func (v IncidentCbwSettingsView) storedTerms() []string {
	var out []string
	for i, r := range incident.CbwReports {
		out = append(out, r.Label+": "+v.Settings.Terms[i].Text())
	}
	return append(out, "Versie: "+layout.Itoa(v.Settings.Version))
}

// cbwStored is the stored Cbw state as the lines of currentVersion.
func (v IncidentShowView) cbwStored() []string {
	out := []string{"Significant incident (Cbw): " + layout.YesNo(v.Cbw.Significant)}
	for _, t := range v.Cbw.Terms {
		out = append(out, t.Report.Label+" verzonden: "+layout.OptDateTime(t.SentAt, "nog niet")+" "+t.Reference)
	}
	return append(out, "Versie: "+layout.Itoa(v.Version))
}

// cbwAlert is the most pressing running or missed Cbw term of the page,
// when it asks for attention now.
func (v IncidentShowView) cbwAlert() (incident.CbwBadge, bool) {
	if !v.Cbw.Significant {
		return incident.CbwBadge{}, false
	}
	b := incident.CbwSummary(v.Cbw.Terms)
	return b, b.Clock != nil || b.Urgent()
}
