package incidents

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/incidentview"
)

// loketService is what the meldloket handlers use of incident.Service.
type loketService interface {
	Loket(ctx context.Context, actor authz.Principal) (incident.Loket, error)
	SaveLoket(ctx context.Context, actor authz.Principal, in incident.LoketInput) error
	OpenLoket(ctx context.Context, token string) (incident.PublicLoket, error)
	ReportViaLoket(ctx context.Context, token, clientIP string, in incident.LoketReportInput) (incident.Receipt, error)
	StatusViaLoket(ctx context.Context, token, clientIP, code string) (incident.LoketStatus, error)
}

// Loket holds the handlers of the public meldloket: the CISO's settings
// page and the public pages without login.
type Loket struct {
	kit *kit.Kit
	svc loketService
}

// NewLoket returns the meldloket handlers.
func NewLoket(k *kit.Kit, svc loketService) *Loket { return &Loket{kit: k, svc: svc} }

// maxLoketBody bounds a public form: the texts' own limits (8000 characters
// of toelichting, up to four bytes each) and the field names fit easily.
const maxLoketBody = 64 << 10

// ---- the CISO's settings ----

func (h *Loket) settings(w http.ResponseWriter, r *http.Request, status int, in *incident.LoketInput, state layout.Form, stale bool) {
	l, ok := kit.Fetch(h.kit, w, r, h.svc.Loket)
	if !ok {
		return
	}
	v := incidentview.MeldloketSettingsView{Loket: l, Form: state}
	if l.Exists {
		v.PublicURL = strings.TrimSuffix(h.kit.Config.BaseURL.String(), "/") + l.Path()
	}
	switch {
	case in == nil:
		v.Input = incident.LoketInput{Enabled: l.Enabled, Intro: l.Intro, Version: l.Version}
	case stale:
		v.Input, v.Stored = *in, &l
		v.Input.Version = l.Version
	default:
		v.Input = *in
	}
	state.Order = []string{"enabled", "intro", "new_link"}
	h.kit.Render(w, r, status, incidentview.MeldloketSettingsPage(h.kit.Page(r, "Openbaar meldloket", section), v))
}

// Settings serves GET /incidenten/meldloket.
func (h *Loket) Settings(w http.ResponseWriter, r *http.Request) {
	h.settings(w, r, http.StatusOK, nil, layout.Form{}, false)
}

// SettingsUpdate serves POST /incidenten/meldloket.
func (h *Loket) SettingsUpdate(w http.ResponseWriter, r *http.Request) {
	p := kit.Principal(r)
	kit.Submit(h.kit, w, r, kit.FormPost[incident.LoketInput]{
		Read: func(f *httpkit.Values) incident.LoketInput {
			return incident.LoketInput{Enabled: f.Bool("enabled"), Intro: f.Raw("intro"), NewLink: f.Bool("new_link"), Version: f.Version()}
		},
		Save: func(ctx context.Context, in incident.LoketInput) (int64, error) {
			return 0, h.svc.SaveLoket(ctx, *p, in)
		},
		Reshow: func(status int, in incident.LoketInput, state layout.Form, stale bool) {
			h.settings(w, r, status, &in, state, stale)
		},
		Done: func(in incident.LoketInput, _ int64) (string, string) {
			if in.Enabled {
				return "Het meldloket staat aan.", "/incidenten/meldloket"
			}
			return "Het meldloket staat uit.", "/incidenten/meldloket"
		},
	})
}

// ---- the public pages ----

func token(r *http.Request) string { return chi.URLParam(r, "token") }

// publicPage is the shell of a public page: nobody's menu, a logged-in
// visitor is treated like any other.
func publicPage(title string) layout.Page { return layout.Page{Title: title} }

// open reads the loket of the request, answering 404 for an unknown or
// switched-off one.
func (h *Loket) open(w http.ResponseWriter, r *http.Request) (incident.PublicLoket, bool) {
	l, err := h.svc.OpenLoket(r.Context(), token(r))
	if err != nil {
		h.fail(w, r, err)
		return l, false
	}
	return l, true
}

// fail answers an error of a public page: 404 for an unknown loket, 429 over
// a limit, the 500 page otherwise. Nothing goes into a session.
func (h *Loket) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch apperr.CodeOf(err) {
	case apperr.NotFound:
		h.kit.RenderError(w, r, http.StatusNotFound)
	default:
		h.kit.ServerError(w, r, err)
	}
}

var loketOrder = []string{"title", "description", "discovered_at", "personal_data", "name", "email"}

// tooMany is the Dutch message of a limit, with the Retry-After header.
func tooMany(w http.ResponseWriter, err error, now time.Time) (layout.Form, bool) {
	var le *incident.LimitError
	if !errors.As(err, &le) {
		return layout.Form{}, false
	}
	wait := max(1, int(math.Ceil(le.Until.Sub(now).Minutes())))
	w.Header().Set("Retry-After", strconv.Itoa(wait*60))
	msg := "Er zijn vanaf uw adres of bij dit meldloket te veel verzoeken gedaan. Probeer het over " + strconv.Itoa(wait) + " minuten opnieuw."
	if wait == 1 {
		msg = "Er zijn vanaf uw adres of bij dit meldloket te veel verzoeken gedaan. Probeer het over een minuut opnieuw."
	}
	if wait > 90 {
		msg = "Er zijn vanaf uw adres of bij dit meldloket te veel verzoeken gedaan. Probeer het over " + strconv.Itoa((wait+59)/60) + " uur opnieuw, of neem op een andere manier contact op met de gemeente."
	}
	return layout.Form{Message: msg}, true
}

// tooLargeMessage is the answer to a public form over maxLoketBody (413).
const tooLargeMessage = "Uw invoer is te groot om te versturen. Maak de toelichting korter en probeer het opnieuw."

// readLoketForm parses a public form within maxLoketBody. tooLarge is true
// for a larger body; another failure is a 400, already written (ok false).
// The portal's input check (validText) may have parsed the form already,
// so the size is also judged on what was read.
func (h *Loket) readLoketForm(w http.ResponseWriter, r *http.Request) (f *httpkit.Values, tooLarge, ok bool) {
	if r.ContentLength > maxLoketBody {
		return httpkit.Of(nil), true, true
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxLoketBody)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return httpkit.Of(nil), true, true
		}
		h.kit.RenderError(w, r, http.StatusBadRequest)
		return nil, false, false
	}
	size := 0
	for k, vs := range r.PostForm {
		for _, v := range vs {
			size += len(k) + len(v) + 2
		}
	}
	if size > maxLoketBody {
		return httpkit.Of(nil), true, true
	}
	return httpkit.Form(r), false, true
}

// Form serves GET /meldloket/{token}: the public report form.
func (h *Loket) Form(w http.ResponseWriter, r *http.Request) {
	l, ok := h.open(w, r)
	if !ok {
		return
	}
	in := incident.LoketReportInput{}
	in.DiscoveredAt = incident.InputValue(l.Now)
	h.kit.Render(w, r, http.StatusOK, incidentview.MeldloketFormPage(publicPage("Incident melden bij "+l.OrgName), incidentview.MeldloketFormView{Loket: l, Input: in}))
}

// posted opens the loket of a public POST and reads its form. A form over
// maxLoketBody is not read: state then carries the message and status 413.
// ok is false when the answer has been written (404, 400).
func (h *Loket) posted(w http.ResponseWriter, r *http.Request) (l incident.PublicLoket, f *httpkit.Values, state layout.Form, status int, ok bool) {
	if l, ok = h.open(w, r); !ok {
		return l, nil, state, 0, false
	}
	f, tooLarge, ok := h.readLoketForm(w, r)
	if tooLarge {
		return l, f, layout.Form{Message: tooLargeMessage}, http.StatusRequestEntityTooLarge, ok
	}
	return l, f, state, http.StatusOK, ok
}

// refused is the form state of a refused public POST: field errors (422) or
// a limit (429); ok is false for any other error.
func refused(w http.ResponseWriter, err error, now time.Time, order ...string) (layout.Form, int, bool) {
	if form, limited := tooMany(w, err, now); limited {
		return form, http.StatusTooManyRequests, true
	}
	return kit.FormState(err, order...)
}

// Report serves POST /meldloket/{token}: stores the report and shows the
// follow-up number and code once.
func (h *Loket) Report(w http.ResponseWriter, r *http.Request) {
	l, f, state, status, ok := h.posted(w, r)
	if !ok {
		return
	}
	in := incident.LoketReportInput{Name: f.Raw("name"), Email: f.Raw("email")}
	in.Title, in.Description, in.DiscoveredAt, in.PersonalData = f.Raw("title"), f.Raw("description"), f.String("discovered_at"), f.String("personal_data")
	in.Now = h.kit.Now()
	if status == http.StatusOK {
		rec, err := h.svc.ReportViaLoket(r.Context(), l.Token, h.kit.ClientIP(r), in)
		if err == nil {
			h.kit.Render(w, r, http.StatusOK, incidentview.MeldloketReceiptPage(publicPage("Melding ontvangen"), incidentview.MeldloketReceiptView{Loket: l, Receipt: rec}))
			return
		}
		if state, status, ok = refused(w, err, h.kit.Now(), loketOrder...); !ok {
			h.fail(w, r, err)
			return
		}
		in.Validate() // show the input as it was judged (trimmed)
	}
	h.kit.Render(w, r, status, incidentview.MeldloketFormPage(publicPage("Incident melden bij "+l.OrgName), incidentview.MeldloketFormView{Loket: l, Input: in, Form: state}))
}

// StatusForm serves GET /meldloket/{token}/status: the form for the code.
func (h *Loket) StatusForm(w http.ResponseWriter, r *http.Request) {
	l, ok := h.open(w, r)
	if !ok {
		return
	}
	h.kit.Render(w, r, http.StatusOK, incidentview.MeldloketStatusPage(publicPage("Status van uw melding"), incidentview.MeldloketStatusView{Loket: l}))
}

// Status serves POST /meldloket/{token}/status: the number and status of the
// one report of the code, nothing else.
func (h *Loket) Status(w http.ResponseWriter, r *http.Request) {
	l, f, state, status, ok := h.posted(w, r)
	if !ok {
		return
	}
	v := incidentview.MeldloketStatusView{Loket: l, Code: f.String("code"), Form: state}
	if status == http.StatusOK {
		res, err := h.svc.StatusViaLoket(r.Context(), l.Token, h.kit.ClientIP(r), v.Code)
		if err == nil {
			v.Result = &res
		} else if v.Form, status, ok = refused(w, err, h.kit.Now(), "code"); !ok {
			h.fail(w, r, err)
			return
		}
	}
	h.kit.Render(w, r, status, incidentview.MeldloketStatusPage(publicPage("Status van uw melding"), v))
}
