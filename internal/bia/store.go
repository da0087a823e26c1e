package bia

import (
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
