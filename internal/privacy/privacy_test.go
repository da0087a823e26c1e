package privacy

import (
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/authz"
)

func TestInputValidate(t *testing.T) {
	in := Input{Title: "  DPIA  ", DepartmentID: 1, ProcessIDs: []int64{3, 2, 3}, Purpose: " doel "}
	if v := in.Validate(); len(v) != 0 {
		t.Fatalf("valid input refused: %v", v)
	}
	if in.Title != "DPIA" || in.Purpose != "doel" || len(in.ProcessIDs) != 2 {
		t.Errorf("not normalised: %+v", in)
	}
	v := (&Input{}).Validate()
	for _, f := range []string{"title", "department_id", "process_ids"} {
		if v[f] == "" {
			t.Errorf("no message for %s", f)
		}
	}
}

func TestDecisionValidate(t *testing.T) {
	today := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		in    DecisionInput
		field string // "" when valid
	}{
		{DecisionInput{Decision: DecisionFollow, DecidedOn: "01-03-2026"}, ""},
		{DecisionInput{Decision: DecisionDeviate, DecidedOn: "2026-02-01"}, "rationale"},
		{DecisionInput{Decision: DecisionDeviate, Rationale: "omdat", DecidedOn: "2026-02-01"}, ""},
		{DecisionInput{Decision: "x", DecidedOn: "2026-02-01"}, "decision"},
		{DecisionInput{Decision: DecisionFollow, DecidedOn: "02-03-2026"}, "decided_on"},
		{DecisionInput{Decision: DecisionFollow}, "decided_on"},
	}
	for _, c := range cases {
		v := c.in.Validate(today)
		if (c.field == "") != (len(v) == 0) || (c.field != "" && v[c.field] == "") {
			t.Errorf("%+v: %v, want error on %q", c.in, v, c.field)
		}
	}
}

func TestScope(t *testing.T) {
	dspo := authz.Principal{UserID: 1, OrgID: 1, Roles: []authz.Assignment{{Role: authz.DSPO, DepartmentID: 7}}}
	manager := authz.Principal{UserID: 2, OrgID: 1, Roles: []authz.Assignment{{Role: authz.Afdelingsmanager, DepartmentID: 8}}}
	ciso := authz.Principal{UserID: 3, OrgID: 1, Roles: []authz.Assignment{{Role: authz.CISO}}}
	fg := authz.Principal{UserID: 4, OrgID: 1, Roles: []authz.Assignment{{Role: authz.FG}}}
	directie := authz.Principal{UserID: 5, OrgID: 1, Roles: []authz.Assignment{{Role: authz.Directie}}}
	medewerker := authz.Principal{UserID: 6, OrgID: 1, Roles: []authz.Assignment{{Role: authz.Medewerker}}}
	for _, c := range []struct {
		name               string
		p                  authz.Principal
		dept               int64
		view, edit, decide bool
	}{
		{"dspo own", dspo, 7, true, true, false},
		{"dspo other", dspo, 8, false, false, false},
		{"manager own", manager, 8, true, false, true},
		{"manager other", manager, 7, false, false, false},
		{"ciso", ciso, 7, true, true, false},
		{"fg", fg, 7, true, false, false},
		{"directie", directie, 7, true, false, true},
		{"medewerker", medewerker, 7, false, false, false},
	} {
		if got := canView(c.p, c.dept); got != c.view {
			t.Errorf("%s: view %v", c.name, got)
		}
		if got := canEdit(c.p, c.dept); got != c.edit {
			t.Errorf("%s: edit %v", c.name, got)
		}
		if got := canDecide(c.p, c.dept); got != c.decide {
			t.Errorf("%s: decide %v", c.name, got)
		}
	}
	if viewDepartments(medewerker) == nil {
		t.Error("a role without afdelingen sees every DPIA")
	}
}
