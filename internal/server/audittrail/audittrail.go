package audittrail

import (
	"net/http"
	"time"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/server/kit"

	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/auditview"
)

// auditFilters are the trail's choice filters (the dates van and tot are a
// small form of their own, answered with a 422). An unknown soort is no
// filter.
var auditFilters = listing.Filters{
	{Name: "soort", Kind: listing.Enum, Values: audit.Entities, Lenient: true},
	{Name: "gebruiker", Kind: listing.ID},
}

// AuditList serves GET /audittrail.
func (h *Handlers) AuditList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pg := listing.Page{Params: listing.Parse(q, map[string]string{"time": "occurred_at"}, "time"), Base: q, Path: r.URL.Path}
	lf, err := auditFilters.Parse(q)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	view := auditview.AuditFilter{Entity: lf.Get("soort"), ActorID: lf.Get("gebruiker"), From: q.Get("van"), Until: q.Get("tot")}
	f := audit.Filter{Query: pg.Query, Limit: pg.Limit(), Offset: pg.Offset(), Entity: view.Entity, ActorID: lf.ID("gebruiker"), Hidden: audit.HiddenFor(*kit.Principal(r))}
	errs := map[string]string{}
	if view.From != "" {
		d, ok := nl.ParseDate(view.From)
		if !ok {
			errs["van"] = nl.InvalidDate("Vanaf")
		}
		f.From = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, nl.Amsterdam)
	}
	if view.Until != "" {
		d, ok := nl.ParseDate(view.Until)
		if !ok {
			errs["tot"] = nl.InvalidDate("Tot en met")
		}
		f.Until = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, nl.Amsterdam) // inclusive
	}
	if !f.From.IsZero() && !f.Until.IsZero() && !f.Until.After(f.From) {
		errs["tot"] = "De einddatum ligt vóór de begindatum."
	}
	status := http.StatusOK
	if len(errs) > 0 {
		view.Form = layout.Form{Errors: errs, Order: []string{"van", "tot"}}
		status = http.StatusUnprocessableEntity
		f.From, f.Until = time.Time{}, time.Time{}
	}
	// The page and the filter's choice of users: one round trip.
	var members []org.Option
	list, err := kit.LoadList(&pg, func(q listing.Params) (list audit.Page, _ int, err error) {
		f.Limit, f.Offset = q.Limit(), q.Offset()
		err = h.kit.ReadBatch(r, func(b *db.Batch) error {
			audit.QueueList(b, f, &list)
			org.QueueMembers(b, &members)
			return nil
		})
		return list, list.Total, err
	})
	if err != nil {
		h.kit.ServerError(w, r, err)
		return
	}
	view.Actors = layout.OrgOptions(members)
	h.kit.Render(w, r, status, auditview.AuditList(h.kit.Page(r, "Audittrail", "audittrail"), pg, list.Entries, view))
}

// AuditShow serves GET /audittrail/{id}.
func (h *Handlers) AuditShow(w http.ResponseWriter, r *http.Request) {
	id, err := kit.PathID(r)
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	var e audit.Entry
	err = h.kit.Read(r, func(tx *db.Tx) error {
		var err error
		e, err = audit.Get(r.Context(), tx, kit.Principal(r).OrgID, id, audit.HiddenFor(*kit.Principal(r)))
		return err
	})
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.kit.Render(w, r, http.StatusOK, auditview.AuditShow(h.kit.Page(r, "Gebeurtenis", "audittrail"), e))
}
