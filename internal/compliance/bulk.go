package compliance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

// BulkField is what a bulk change sets on every selected control.
type BulkField string

const (
	BulkOwner         BulkField = "eigenaar"
	BulkStatus        BulkField = "status"
	BulkApplicability BulkField = "toepasselijkheid"
	BulkReviewDates   BulkField = "beoordeling"
)

// BulkFields lists the bulk changes in the order the form offers them.
var BulkFields = []BulkField{BulkOwner, BulkStatus, BulkApplicability, BulkReviewDates}

// Label is the Dutch name of the change.
func (f BulkField) Label() string {
	switch f {
	case BulkOwner:
		return "Eigenaar (afdeling)"
	case BulkStatus:
		return "Implementatiestatus"
	case BulkApplicability:
		return "Toepasselijkheid"
	case BulkReviewDates:
		return "Beoordelingsdatums"
	}
	return "Onbekend"
}

// MaxBulk bounds a selection: more than any catalogue holds, so a forged form
// cannot make one request do unbounded work.
const MaxBulk = 500

// BulkChange is one change applied to many controls. Only the fields of
// Field are used; the other fields of each control keep their value.
type BulkChange struct {
	Field         BulkField
	OwnerDeptID   int64
	Status        Status
	Applicable    bool
	Justification string
	LastReview    string // yyyy-mm-dd; "" leaves the date as it is
	NextReview    string
}

// BulkItem is a selected control with the version the user saw.
type BulkItem struct {
	ItemID  int64
	Version int
}

// BulkLine is one selected control of a plan or result, with the reason it
// is not changed (empty when it is).
type BulkLine struct {
	Control
	Reason string
}

// BulkPlan is what a bulk change will do: the controls it changes and the
// ones it refuses, for the confirmation page.
type BulkPlan struct {
	Change    BulkChange
	OwnerName string // the new owner's name, for BulkOwner
	Changes   []BulkLine
	Refused   []BulkLine
}

// BulkResult is what a confirmed bulk change did.
type BulkResult struct {
	BulkPlan
	Conflicts []BulkLine // changed by someone else since the confirmation page
}

// input is the control's form input with the change applied: the single
// form's rules (Input.validate) then judge it.
func (ch BulkChange) input(c Control) Input {
	in := InputOf(c)
	switch ch.Field {
	case BulkOwner:
		in.OwnerDeptID = ch.OwnerDeptID
	case BulkStatus:
		in.Status = ch.Status
	case BulkApplicability:
		in.Applicable, in.Justification = ch.Applicable, ch.Justification
		if !ch.Applicable {
			// Choosing "niet van toepassing" for the selection is the
			// decision itself (the confirmation says so): the status follows.
			in.Status = NotApplicable
		}
		if ch.Applicable {
			// Back in the VvT: the old justification no longer applies, and
			// "niet van toepassing" is not a status of an applicable control.
			in.Justification = ""
			if c.Status == NotApplicable {
				in.Status = NotStarted
			}
		}
	case BulkReviewDates:
		if ch.LastReview != "" {
			in.LastReview = ch.LastReview
		}
		if ch.NextReview != "" {
			in.NextReview = ch.NextReview
		}
	}
	return in
}

// validateChange checks what the change itself must say, before any control
// is looked at.
func (ch *BulkChange) validateChange(actor authz.Principal, n int) apperr.Validation {
	v := apperr.Validation{}
	ch.Justification = strings.TrimSpace(ch.Justification)
	if n == 0 {
		v.Add("id", "Kies een of meer maatregelen in de lijst.")
	}
	if n > MaxBulk {
		v.Add("id", fmt.Sprintf("Kies ten hoogste %d maatregelen tegelijk.", MaxBulk))
	}
	switch ch.Field {
	case BulkOwner:
		if !actor.Has(authz.CISO) {
			v.Add("owner_department_id", "Alleen de CISO wijst de eigenaar van een maatregel toe.")
		}
	case BulkStatus:
		if !slices.Contains(Statuses, ch.Status) {
			v.Add("status", "Kies een implementatiestatus.")
		}
	case BulkApplicability:
	case BulkReviewDates:
		if ch.LastReview == "" && ch.NextReview == "" {
			v.Add("next_review", "Vul de laatste of de volgende beoordeling in (of allebei).")
		}
	default:
		v.Add("field", "Kies wat u wilt wijzigen.")
	}
	return v
}

// BulkFieldNames are the form fields of a bulk change, in form order.
var BulkFieldNames = []string{"field", "owner_department_id", "status", "applicable", "justification", "last_review", "next_review", "id"}

// plan sorts the loaded controls into changes and refusals. An error of the
// single form's rules that holds for every selected control is the change's
// own mistake (a missing justification): that is a field error, 422. One
// that holds for some controls only refuses those.
func (ch BulkChange) plan(ctx context.Context, tx *db.Tx, actor authz.Principal, ids []int64, found []Control) (BulkPlan, []statusRecord, error) {
	plan := BulkPlan{Change: ch}
	byID := make(map[int64]Control, len(found))
	for _, c := range found {
		byID[c.ItemID] = c
	}
	for _, id := range ids {
		if _, ok := byID[id]; !ok {
			plan.Refused = append(plan.Refused, BulkLine{Control: Control{ItemID: id, Number: fmt.Sprintf("#%d", id)},
				Reason: "Deze maatregel bestaat niet in het normenkader van deze organisatie."})
		}
	}
	var (
		recs   []statusRecord
		shared apperr.Validation // field → message, for errors every control has
		counts = map[string]int{}
	)
	if ch.Field == BulkOwner {
		// The owner rules once for the whole selection (not a query per
		// control): against "no owner yet" the new afdeling is always checked.
		v := apperr.Validation{}
		if _, err := checkOwner(ctx, tx, actor, Control{}, ch.OwnerDeptID, v); err != nil {
			return plan, nil, err
		}
		if err := v.Err(); err != nil {
			return plan, nil, err
		}
	}
	candidates := 0
	for _, c := range found {
		if !CanEdit(actor, c) {
			plan.Refused = append(plan.Refused, BulkLine{Control: c, Reason: "U mag alleen de maatregelen van uw eigen afdeling bijwerken."})
			continue
		}
		candidates++
		in := ch.input(c)
		rec, v := in.validate()
		if len(v) > 0 {
			if shared == nil {
				shared = apperr.Validation{}
			}
			var msgs []string
			for _, f := range BulkFieldNames {
				if m, ok := v[f]; ok {
					counts[f]++
					shared.Add(f, m)
					msgs = append(msgs, m)
				}
			}
			for f, m := range v { // fields the bulk form does not have
				if !slices.Contains(BulkFieldNames, f) {
					msgs = append(msgs, m)
				}
			}
			plan.Refused = append(plan.Refused, BulkLine{Control: c, Reason: strings.Join(msgs, " ")})
			continue
		}
		if len(diff(recordOf(c), rec, func(int64) string { return "" })) == 0 {
			// Like the single form: a save without a change writes nothing.
			plan.Refused = append(plan.Refused, BulkLine{Control: c, Reason: "Heeft deze waarde al; er verandert niets."})
			continue
		}
		plan.Changes = append(plan.Changes, BulkLine{Control: c})
		recs = append(recs, rec)
	}
	if candidates > 0 && len(plan.Changes) == 0 {
		all := apperr.Validation{}
		for f, n := range counts {
			if n == candidates {
				all.Add(f, shared[f])
			}
		}
		if len(all) > 0 {
			return plan, nil, all.Err()
		}
	}
	return plan, recs, nil
}

// loadBulk loads the selected controls of frameworks the organisation may
// see, in catalogue order: one query whatever the size of the selection.
func loadBulk(ctx context.Context, tx *db.Tx, orgID int64, ids []int64) ([]Control, error) {
	rows, err := tx.Query(ctx, controlSelect+`
		JOIN frameworks f ON f.id = i.framework_id
		WHERE i.id = ANY($2) AND i.kind IN ('control', 'measure') AND (f.organisation_id IS NULL OR f.organisation_id = $1)
		ORDER BY i.sort_key`, orgID, ids)
	if err != nil {
		return nil, fmt.Errorf("load bulk selection: %w", err)
	}
	return pgx.CollectRows(rows, scanControl)
}

func (p *BulkPlan) ownerName(ctx context.Context, tx *db.Tx, orgID int64) error {
	if p.Change.Field != BulkOwner || p.Change.OwnerDeptID == 0 {
		return nil
	}
	err := tx.QueryRow(ctx, `SELECT name FROM departments WHERE organisation_id = $1 AND id = $2`, orgID, p.Change.OwnerDeptID).Scan(&p.OwnerName)
	if db.IsNoRows(err) {
		return nil // checkOwner has refused it
	}
	return err
}

// BulkPreview works out what ch would do to the controls ids, without
// changing anything: the confirmation page.
func (s *Service) BulkPreview(ctx context.Context, actor authz.Principal, ids []int64, ch BulkChange) (BulkPlan, error) {
	ids = dedupe(ids)
	if v := ch.validateChange(actor, len(ids)); len(v) > 0 {
		return BulkPlan{Change: ch}, v.Err()
	}
	var plan BulkPlan
	err := s.DB.ReadAs(ctx, actor, authz.EditControls, func(tx *db.Tx) error {
		found, err := loadBulk(ctx, tx, actor.OrgID, ids)
		if err != nil {
			return err
		}
		if plan, _, err = ch.plan(ctx, tx, actor, ids, found); err != nil {
			return err
		}
		return plan.ownerName(ctx, tx, actor.OrgID)
	})
	return plan, err
}

// BulkApply applies ch to the items in one transaction, with one audit event
// per changed control. Controls the actor may not edit are refused; those
// changed since the confirmation page (another version) are conflicts and
// keep their state.
func (s *Service) BulkApply(ctx context.Context, actor authz.Principal, items []BulkItem, ch BulkChange) (BulkResult, error) {
	versions := make(map[int64]int, len(items))
	var ids []int64
	for _, it := range items {
		if _, ok := versions[it.ItemID]; !ok {
			ids = append(ids, it.ItemID)
		}
		versions[it.ItemID] = it.Version
	}
	if v := ch.validateChange(actor, len(ids)); len(v) > 0 {
		return BulkResult{BulkPlan: BulkPlan{Change: ch}}, v.Err()
	}
	var res BulkResult
	err := s.DB.WriteAs(ctx, actor, authz.EditControls, func(tx *db.Tx) error {
		res = BulkResult{}
		found, err := loadBulk(ctx, tx, actor.OrgID, ids)
		if err != nil {
			return err
		}
		plan, recs, err := ch.plan(ctx, tx, actor, ids, found)
		if err != nil {
			return err
		}
		if err := plan.ownerName(ctx, tx, actor.OrgID); err != nil {
			return err
		}
		res.BulkPlan = plan
		changes := plan.Changes
		res.Changes = nil
		var events []audit.Event
		note := fmt.Sprintf(" (wijziging van %d maatregelen tegelijk)", len(changes))
		for i, line := range changes {
			c := line.Control
			saved := versions[c.ItemID] == c.Version
			if saved {
				if saved, err = saveStatus(ctx, tx, actor, c.ItemID, recs[i], c.Version); err != nil {
					return err
				}
			}
			if !saved {
				res.Conflicts = append(res.Conflicts, BulkLine{Control: c, Reason: "Iemand anders heeft deze maatregel gewijzigd nadat u de bevestiging opende."})
				continue
			}
			res.Changes = append(res.Changes, line)
			events = append(events, statusEvent(c, recs[i], note))
		}
		if len(events) == 0 {
			return nil
		}
		return audit.RecordAll(ctx, tx, events)
	})
	return res, db.MapError(err, nil)
}

func dateString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

func dedupe(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
