package bia

import (
	"context"
	"slices"
	"time"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

// Service is the BIA domain.
type Service struct {
	DB *db.DB
}

// Summary is the result of a process's BIA for other domains (risk analyses,
// DPIAs): the final levels with their names, BBN and the privacy flags.
type Summary struct {
	ProcessID         int64
	Assessed          bool
	Levels            Levels
	Names             [3]string // the level names, "–" when not assessed
	BBN               int
	PersonalData      bool
	SpecialCategories bool
	DPIANeeded        bool
	Version           int
}

// ProcessBIA is everything the process page and the BIA form show.
type ProcessBIA struct {
	Summary
	ProcessName    string
	DepartmentID   int64
	DepartmentName string
	Derived        Levels
	Rationale      [3]string // of a raise; "" when not raised
	Notes          string
	AssessedBy     string
	AssessedAt     time.Time
	Answers        [3]map[int64]int
	Scales         Scales
	Areas          []Area // active areas, plus inactive ones this BIA answered
	Applications   []AppLevels
	CanEdit        bool
}

// AppLevels is an application that uses a process, with its effective levels.
type AppLevels struct {
	ID       int64
	Name     string
	Derived  Levels
	Override Levels
}

// Effective is the application's classification.
func (a AppLevels) Effective() Levels { return Effective(a.Derived, a.Override) }

// ---- scope ----

// canEditDepartment: the CISO everywhere, a manager or DSPO in their own afdelingen.
func canEditDepartment(actor authz.Principal, deptID int64) bool {
	if !actor.Can(authz.EditBIA) {
		return false
	}
	if actor.Has(authz.CISO) {
		return true
	}
	return slices.Contains(actor.Departments(authz.Afdelingsmanager), deptID) || slices.Contains(actor.Departments(authz.DSPO), deptID)
}

var errScope = apperr.Forbiddenf("U mag alleen de BIA en classificatie van processen en applicaties van uw eigen afdeling(en) wijzigen.")

// editable is what the BIA lets an actor change within their afdelingen (a
// process's BIA, an application's classification): load reads the one of
// an id, may says whether actor may change what it read, canEdit is its
// CanEdit for the form.
type editable[T any] struct {
	load    func(ctx context.Context, tx *db.Tx, id int64) (T, error)
	may     func(actor authz.Principal, x T) bool
	canEdit func(x *T) *bool
}

var (
	// editableBIA is a process's BIA, for an actor of its afdeling.
	editableBIA = editable[ProcessBIA]{load: processBIA,
		may:     func(actor authz.Principal, x ProcessBIA) bool { return canEditDepartment(actor, x.DepartmentID) },
		canEdit: func(x *ProcessBIA) *bool { return &x.CanEdit }}
	// editableApplication is an application's classification, for an actor
	// of one of the afdelingen of its processes.
	editableApplication = editable[ApplicationClass]{load: loadApplication,
		may:     func(actor authz.Principal, c ApplicationClass) bool { return canEditApplication(actor, c.departments) },
		canEdit: func(c *ApplicationClass) *bool { return &c.CanEdit }}
)

// get loads id for actor to change: errScope outside the actor's afdelingen.
func (e editable[T]) get(ctx context.Context, tx *db.Tx, actor authz.Principal, id int64) (T, error) {
	x, err := e.load(ctx, tx, id)
	if err == nil && !e.may(actor, x) {
		err = errScope
	}
	return x, err
}

// form reads id for its edit form (EditBIA, scoped); its CanEdit says the
// form may be saved.
func (e editable[T]) form(ctx context.Context, d *db.DB, actor authz.Principal, id int64) (T, error) {
	x, err := db.Load(ctx, d, actor, authz.EditBIA, func(tx *db.Tx) (T, error) {
		return e.get(ctx, tx, actor, id)
	})
	*e.canEdit(&x) = err == nil
	return x, err
}

// write changes id (EditBIA, scoped) in one transaction: fn stores the
// change, given what get read.
func (e editable[T]) write(ctx context.Context, d *db.DB, actor authz.Principal, id int64, fn func(tx *db.Tx, cur T) error) error {
	return d.WriteAs(ctx, actor, authz.EditBIA, func(tx *db.Tx) error {
		cur, err := e.get(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		return fn(tx, cur)
	})
}
