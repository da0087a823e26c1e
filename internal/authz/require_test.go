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
