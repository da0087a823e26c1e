package incidents

import (
	"context"
	"net/http"

	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/pages"
)

// The Cbw track of an incident (significant incidents, the three reports)
// and the report to the IBD / CSIRT; the CISO's page of the terms.

// cbwForms fills the Cbw and CSIRT forms of an incident's page: the stored
// state, except the form shown again after a field error (input and the
// version the user saw) or a conflict (input with the stored version).
func cbwForms(v *pages.IncidentShowView, p incident.Page) {
	switch {
	case v.Keep == "cbw":
	case v.Stale == "cbw":
		v.CbwIn.Version = p.Version
	default:
		v.CbwIn = p.Cbw.Input(p.Version)
	}
	switch {
	case v.Keep == "csirt":
	case v.Stale == "csirt":
		v.CsirtIn.Version = p.Version
	default:
		v.CsirtIn = p.Cbw.CsirtInput(p.Version)
	}
	v.CbwForm.Order = incident.CbwFieldOrder()
	v.CsirtForm.Order = []string{"csirt_reported_at", "csirt_reference"}
}

// reshow is the Reshow of an incident's form named form: the page again,
// with that form's input kept.
func (h *Handlers) reshow(w http.ResponseWriter, r *http.Request, id int64, form string, stale bool, v pages.IncidentShowView, status int) {
	v.Keep = form
	if stale {
		v.Keep, v.Stale = "", form
	}
	h.show(w, r, status, id, v)
}

// Cbw serves POST /incidenten/{id}/cbw: the significant-incident mark and
// the moments the three reports were sent.
func (h *Handlers) Cbw(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	kit.Submit(h.kit, w, r, kit.FormPost[incident.CbwInput]{
		Read: func(f *httpkit.Values) incident.CbwInput {
			in := incident.CbwInput{Significant: f.Bool("cbw_significant"), Version: f.Version()}
			for i := range in.SentAt {
				in.SentAt[i], in.Reference[i] = f.String(incident.SentField(i)), f.String(incident.RefField(i))
			}
			return in
		},
		Save: func(ctx context.Context, in incident.CbwInput) (int64, error) {
			return id, h.svc.SaveCbw(ctx, *p, id, in)
		},
		Reshow: func(status int, in incident.CbwInput, state layout.Form, stale bool) {
			h.reshow(w, r, id, "cbw", stale, pages.IncidentShowView{CbwIn: in, CbwForm: state}, status)
		},
		Done: func(incident.CbwInput, int64) (string, string) {
			return "De Cbw-gegevens zijn opgeslagen.", kit.IDPath("/incidenten", id) + "#incident-cbw"
		},
	})
}

// Csirt serves POST /incidenten/{id}/csirt: when the incident was reported
// to the IBD / CSIRT, with the reference.
func (h *Handlers) Csirt(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	p := kit.Principal(r)
	kit.Submit(h.kit, w, r, kit.FormPost[incident.CsirtInput]{
		Read: func(f *httpkit.Values) incident.CsirtInput {
			return incident.CsirtInput{ReportedAt: f.String("csirt_reported_at"), Reference: f.String("csirt_reference"), Version: f.Version()}
		},
		Save: func(ctx context.Context, in incident.CsirtInput) (int64, error) {
			return id, h.svc.SaveCsirt(ctx, *p, id, in)
		},
		Reshow: func(status int, in incident.CsirtInput, state layout.Form, stale bool) {
			h.reshow(w, r, id, "csirt", stale, pages.IncidentShowView{CsirtIn: in, CsirtForm: state}, status)
		},
		Done: func(incident.CsirtInput, int64) (string, string) {
			return "De melding aan de IBD / CSIRT is opgeslagen.", kit.IDPath("/incidenten", id) + "#incident-csirt"
		},
	})
}

const settingsTitle = "Termijnen Cbw-meldingen"

func (h *Handlers) settingsPage(w http.ResponseWriter, r *http.Request, status int, v pages.IncidentCbwSettingsView, keep bool) {
	sp, err := h.svc.CbwSettingsOf(r.Context(), *kit.Principal(r))
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	v.CbwSettingsPage = sp
	switch {
	case keep:
	case v.Stale:
		v.Input.Version = sp.Settings.Version
	default:
		v.Input = incident.SettingsInputOf(sp.Settings)
	}
	v.Form.Order = incident.SettingsFieldOrder()
	h.kit.Render(w, r, status, pages.IncidentCbwSettingsPage(h.kit.Page(r, settingsTitle, section), v))
}

// Settings serves GET /incidenten/instellingen: the terms of the Cbw
// reports.
func (h *Handlers) Settings(w http.ResponseWriter, r *http.Request) {
	h.settingsPage(w, r, http.StatusOK, pages.IncidentCbwSettingsView{}, false)
}

// SettingsSave serves POST /incidenten/instellingen.
func (h *Handlers) SettingsSave(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	kit.Submit(h.kit, w, r, kit.FormPost[incident.CbwSettingsInput]{
		Read: func(f *httpkit.Values) incident.CbwSettingsInput {
			in := incident.CbwSettingsInput{Version: f.Version()}
			for i, rep := range incident.CbwReports {
				in.Start[i], in.Amount[i], in.Unit[i] = f.String(rep.Key+"_start"), f.String(rep.Key+"_amount"), f.String(rep.Key+"_unit")
			}
			return in
		},
		Save: func(ctx context.Context, in incident.CbwSettingsInput) (int64, error) {
			return 0, h.svc.SaveCbwSettings(ctx, *p, in)
		},
		Reshow: func(status int, in incident.CbwSettingsInput, state layout.Form, stale bool) {
			h.settingsPage(w, r, status, pages.IncidentCbwSettingsView{Input: in, Form: state, Stale: stale}, !stale)
		},
		Done: func(incident.CbwSettingsInput, int64) (string, string) {
			return "De termijnen van de Cbw-meldingen zijn opgeslagen.", "/incidenten/instellingen"
		},
	})
}
