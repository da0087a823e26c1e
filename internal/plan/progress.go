package plan

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

// ProgressInput is the owner's report on an action: its status, how far it
// is (a percentage) and a short note.
// The percentage stays text, so a form with an error shows what was typed.
type ProgressInput struct {
	Status   Status
	Progress string // "40", "40%" or ""
	Note     string
	Version  int
}

// ProgressOf is the progress form of a stored action.
func ProgressOf(a Action) ProgressInput {
	return ProgressInput{Status: a.Status, Progress: strconv.Itoa(a.Progress), Note: a.ProgressNote, Version: a.Version}
}

// progressRecord is the progress as written to the audit trail.
type progressRecord struct {
	Status       Status `json:"status"`
	Progress     int    `json:"progress"`
	ProgressNote string `json:"progress_note"`
}

// Validate checks the input on its own.
func (in *ProgressInput) Validate() apperr.Validation {
	_, v := in.parse()
	return v
}

// Percent is the stored percentage: a finished action is done for 100%,
// an empty field is 0.
func (in ProgressInput) Percent() int {
	n, _ := in.parse()
	return n
}

func (in *ProgressInput) parse() (int, apperr.Validation) {
	v := apperr.Validation{}
	if !slices.Contains(Statuses, in.Status) {
		v.Add("status", "Kies een status.")
	}
	text := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(in.Progress), "%"))
	n := 0
	if text != "" {
		var err error
		if n, err = strconv.Atoi(text); err != nil || n < 0 || n > 100 {
			v.Add("progress", "Vul de voortgang in als percentage van 0 tot en met 100.")
			n = 0
		}
	}
	if in.Status == Done {
		n = 100
	}
	v.Text("progress_note", &in.Note, 2000, "", "De toelichting op de voortgang is te lang (maximaal 2000 tekens).")
	return n, v
}

// CanUpdateProgress reports whether p may report the progress of a: the
// CISO, the owner, and the manager of the owning afdeling.
func CanUpdateProgress(p authz.Principal, a Action) bool {
	if !p.Can(authz.UpdatePlanProgress) {
		return false
	}
	switch {
	case p.Has(authz.CISO):
		return true
	case a.OwnerUserID != 0 && a.OwnerUserID == p.UserID:
		return true
	case a.OwnerDepartmentID != 0 && slices.Contains(p.Departments(authz.Afdelingsmanager), a.OwnerDepartmentID):
		return true
	}
	return false
}

// GetForProgress loads an action for whoever may report its progress (the
// owner may not be allowed to view the whole plan).
func (s *Service) GetForProgress(ctx context.Context, actor authz.Principal, id int64) (Action, error) {
	var a Action
	err := s.DB.ReadAs(ctx, actor, authz.UpdatePlanProgress, func(tx *db.Tx) error {
		var err error
		if a, err = get(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		if !CanUpdateProgress(actor, a) {
			return errNotYours
		}
		return nil
	})
	return a, err
}

var errNotYours = apperr.Forbiddenf("U mag alleen de voortgang bijwerken van acties waarvan u (of uw afdeling) eigenaar bent.")

// UpdateProgress stores the owner's report; a stale version is a conflict.
func (s *Service) UpdateProgress(ctx context.Context, actor authz.Principal, id int64, in ProgressInput) error {
	percent, v := in.parse()
	err := s.DB.WriteAs(ctx, actor, authz.UpdatePlanProgress, func(tx *db.Tx) error {
		before, err := get(ctx, tx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if !CanUpdateProgress(actor, before) {
			return errNotYours
		}
		if err := v.Err(); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE plan_actions SET status = $4, progress = $5, progress_note = $6, version = version + 1, updated_at = now()
			WHERE organisation_id = $1 AND id = $2 AND version = $3`,
			actor.OrgID, id, in.Version, in.Status, percent, in.Note)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.Stale()
		}
		return writeAudit(ctx, tx, actor, audit.Update, id,
			fmt.Sprintf("Voortgang van actie %s bijgewerkt: %s, %d%%", before.Title, in.Status.Label(), percent),
			progressRecord{before.Status, before.Progress, before.ProgressNote}, progressRecord{in.Status, percent, in.Note})
	})
	return db.MapError(err, nil)
}
