package incident

import (
	"context"
	"fmt"
	"strings"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/plan"
	"github.com/baken-nl/baken/internal/risk"
)

// ActionInput is an improvement action that follows from an incident: it is
// created in the informatiebeveiligingsplan, linked to the incident.
type ActionInput struct {
	Title        string
	DueDate      string // yyyy-mm-dd or dd-mm-jjjj, optional
	DepartmentID int64  // owning afdeling, optional
}

// ErrCloseWithoutAction is the refusal to close an incident that has no
// improvement action: the rule of this register is that every closed
// incident has at least one (BIO2 5.27).
var ErrCloseWithoutAction = apperr.Conflictf("Een incident gaat pas dicht als er minstens één verbeteractie in het informatiebeveiligingsplan aan gekoppeld is (BIO 5.27). Voeg eerst een verbeteractie toe.")

// ErrCloseWithoutAPDecision is the refusal to close a datalek before it is
// decided whether it is reported to the Autoriteit Persoonsgegevens: the
// datalekregister (AVG art. 33 lid 5) needs that decision for every datalek,
// and a closed incident takes no decision any more.
var ErrCloseWithoutAPDecision = apperr.Conflictf("Een datalek gaat pas dicht als is vastgelegd of het bij de Autoriteit Persoonsgegevens is gemeld, of waarom niet. Leg eerst dat besluit vast.")

// AddAction creates an improvement action in the plan, linked to the
// incident, in the incident's transaction: with a timeline entry and an
// audit event on the incident (the plan records its own). The action's owner
// is the handler, and the afdeling when chosen. HandleIncidents, in scope;
// not on a closed incident.
func (s *Service) AddAction(ctx context.Context, actor authz.Principal, id int64, in ActionInput) (actionID int64, err error) {
	err = s.handle(ctx, actor, id, func(tx *db.Tx, cur Incident) error {
		in.Title = strings.TrimSpace(in.Title)
		if cur.Status == StatusClosed {
			return apperr.Conflictf("Dit incident is gesloten; er komen geen verbeteracties meer bij.")
		}
		actionID, err = plan.CreateTx(ctx, tx, plan.Input{Title: in.Title,
			Description: "Verbeteractie naar aanleiding van incident " + cur.NumberText() + " " + cur.Title + ".",
			OwnerUserID: actor.UserID, OwnerDepartmentID: in.DepartmentID, DueDate: strings.TrimSpace(in.DueDate),
			Status: plan.Planned, Priority: plan.Medium, Links: map[string][]int64{KindIncident: {id}}})
		if err != nil {
			return err
		}
		if err := addEntry(ctx, tx, actor, id, tx.Now, "actie", "Verbeteractie toegevoegd aan het informatiebeveiligingsplan: "+in.Title); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: Entity, EntityID: id,
			Summary: fmt.Sprintf("Incident %s: verbeteractie %s toegevoegd", cur.NumberText(), in.Title),
			After:   map[string]any{"actie": actionID, "titel": in.Title, "deadline": in.DueDate, "afdeling": in.DepartmentID}})
	})
	return actionID, err
}

// followUp reads what follows from an incident: its improvement actions
// (one query) and, for readers with ViewRisks, the risks whose threat its
// category maps to (one query, none when the category maps to no threat).
func followUp(ctx context.Context, tx *db.Tx, actor authz.Principal, p *Page) error {
	acts, err := plan.Addressing(ctx, tx, KindIncident, []int64{p.ID})
	if err != nil {
		return err
	}
	p.Actions = acts[p.ID]
	if actor.Can(authz.ViewRisks) {
		p.ShowRisks = true
		if p.Risks, err = risk.RisksForThreats(ctx, tx, risk.ThreatCodesFor(p.Category)); err != nil {
			return err
		}
	}
	return nil
}

// hasActions: at least one plan action addresses the incident.
func hasActions(ctx context.Context, tx *db.Tx, id int64) (bool, error) {
	acts, err := plan.Addressing(ctx, tx, KindIncident, []int64{id})
	return len(acts[id]) > 0, err
}
