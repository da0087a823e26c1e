package authz

import (
	"testing"

	"github.com/baken-nl/baken/internal/apperr"
)

func TestRequire(t *testing.T) {
	ciso := Principal{UserID: 1, OrgID: 1, Roles: []Assignment{{Role: CISO}}}
	auditor := Principal{UserID: 2, OrgID: 1, Roles: []Assignment{{Role: Auditor}}}
	if err := ciso.Require(EditPlan); err != nil {
		t.Errorf("CISO refused %s: %v", EditPlan, err)
	}
	if err := auditor.Require(EditPlan); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("auditor allowed %s: %v", EditPlan, err)
	}
	if err := (Principal{UserID: 1}).Require(ViewHome); apperr.CodeOf(err) != apperr.Forbidden {
		t.Error("a principal without organisation must be refused")
	}
}

// TestOnlyTheCISOImportsStatuses: the spreadsheet import overwrites the
// status of every control, so it is the CISO's alone.
func TestOnlyTheCISOImportsStatuses(t *testing.T) {
	for _, r := range Roles {
		if got, want := Allowed(r, ImportControls), r == CISO; got != want {
			t.Errorf("%s may import statuses: %v, want %v", r, got, want)
		}
	}
	if !Allowed(CISO, ImportControls) || Allowed(Afdelingsmanager, ImportControls) || Allowed(Medewerker, ImportControls) {
		t.Error("import must be the CISO's")
	}
}
