package compliance_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/seed"
)

type fixture struct {
	t   *testing.T
	db  *db.DB
	org int64
}

func (f fixture) id(sql string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.db.Pool.QueryRow(context.Background(), sql, args...).Scan(&id); err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
	return id
}

func (f fixture) exec(sql string, args ...any) {
	f.t.Helper()
	if _, err := f.db.Pool.Exec(context.Background(), sql, args...); err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
}

// item returns the id of a control in a built-in framework.
func (f fixture) item(code, number string) int64 {
	return f.id(`SELECT i.id FROM catalogue_items i JOIN frameworks fw ON fw.id = i.framework_id
		WHERE fw.organisation_id IS NULL AND fw.code = $1 AND i.number = $2`, code, number)
}

// status1 gives the organisation a BIO 1.04 status.
func (f fixture) status1(number, dept, status string, maturity int, notes string) {
	f.t.Helper()
	applicable := status != "niet_van_toepassing"
	justification := ""
	if !applicable {
		justification = "Geen eigen rekencentrum (" + number + ")"
	}
	f.exec(`INSERT INTO control_statuses (organisation_id, item_id, applicable, justification, owner_department_id, status, opzet, bestaan, werking, maturity, notes, next_review)
		VALUES ($1, $2, $3, $4, (SELECT id FROM departments WHERE organisation_id = $1 AND name = $5), $6, 'ja', 'deels', 'nee', nullif($7, 0), $8, '2027-01-31')`,
		f.org, f.item(catalogue.CodeBIO104, number), applicable, justification, dept, status, maturity, notes)
}

type carried struct {
	applicable                          bool
	justification, status, notes, owner string
	opzet, bestaan, werking             string
	maturity                            int
	needsReview                         bool
	nextReview                          *time.Time
}

func (f fixture) bio2(number string) (carried, bool) {
	f.t.Helper()
	var c carried
	err := f.db.Pool.QueryRow(context.Background(), `
		SELECT s.applicable, s.justification, s.status, s.notes, coalesce(d.name, ''), s.opzet, s.bestaan, s.werking, coalesce(s.maturity, 0), s.needs_review, s.next_review
		FROM control_statuses s LEFT JOIN departments d ON d.id = s.owner_department_id
		WHERE s.organisation_id = $1 AND s.item_id = $2`, f.org, f.item(catalogue.CodeBIO2, number)).
		Scan(&c.applicable, &c.justification, &c.status, &c.notes, &c.owner, &c.opzet, &c.bestaan, &c.werking, &c.maturity, &c.needsReview, &c.nextReview)
	if db.IsNoRows(err) {
		return c, false
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return c, true
}

func (f fixture) evidenceTitles(code, number string) []string {
	f.t.Helper()
	rows, err := f.db.Pool.Query(context.Background(), `SELECT title || '|' || kind || '|' || url || '|' || sha256 || '|' || coalesce(length(content), 0)
		FROM evidence WHERE organisation_id = $1 AND item_id = $2 AND removed_at IS NULL ORDER BY title`, f.org, f.item(code, number))
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			f.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestCarryOver uses Gemeente Nabij, which has no statuses in the demo data.
// Mapping (internal/catalogue/data/mapping_2013_2022.csv): 9.2.3 → 8.2;
// 12.6.1 and 18.2.3 → 8.8 (18.2.3 also → 5.36); 9.2.2, 9.2.5, 9.2.6 → 5.18;
// 12.6.2 → 8.19; 9.2.1 → 5.16; 9.4.1 → 8.3.
func TestCarryOver(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	f := fixture{t: t, db: d}
	f.org = f.id(`SELECT id FROM organisations WHERE name = $1`, seed.Nabij)
	voorbeeld := f.id(`SELECT id FROM organisations WHERE name = $1`, seed.Voorbeeld)
	ciso := f.id(`SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'`)

	f.status1("9.2.3", "Bedrijfsvoering", "geimplementeerd", 3, "MFA voor beheerders ingericht.")
	f.status1("12.6.1", "Bedrijfsvoering", "in_uitvoering", 2, "Patchbeleid in concept.")
	f.status1("18.2.3", "Dienstverlening", "geimplementeerd", 1, "")
	f.status1("9.2.2", "Dienstverlening", "niet_van_toepassing", 0, "")
	f.status1("9.2.5", "Bedrijfsvoering", "geimplementeerd", 4, "Halfjaarlijkse review.")
	f.status1("12.6.2", "", "niet_van_toepassing", 0, "")
	f.status1("9.2.1", "Dienstverlening", "geimplementeerd", 3, "")
	// An existing BIO2 status stays as it is.
	f.exec(`INSERT INTO control_statuses (organisation_id, item_id, status, maturity, notes) VALUES ($1, $2, 'in_uitvoering', 2, 'Eigen BIO2-beoordeling')`,
		f.org, f.item(catalogue.CodeBIO2, "5.16"))
	// Evidence: a link and a file on 9.2.3, a removed one (not copied), one on 12.6.1, one on 9.2.1 (its target is skipped).
	f.exec(`INSERT INTO evidence (organisation_id, item_id, kind, title, url) VALUES ($1, $2, 'link', 'MFA-beleid', 'https://dms.nabij.nl/mfa')`, f.org, f.item(catalogue.CodeBIO104, "9.2.3"))
	f.exec(`INSERT INTO evidence (organisation_id, item_id, kind, title, filename, content_type, size_bytes, sha256, content)
		VALUES ($1, $2, 'file', 'Autorisatiematrix', 'matrix.xlsx', 'application/octet-stream', 5, 'abc123', '\x0102030405'::bytea)`, f.org, f.item(catalogue.CodeBIO104, "9.2.3"))
	f.exec(`INSERT INTO evidence (organisation_id, item_id, kind, title, url, removed_at) VALUES ($1, $2, 'link', 'Oud', 'https://dms.nabij.nl/oud', now())`, f.org, f.item(catalogue.CodeBIO104, "9.2.3"))
	f.exec(`INSERT INTO evidence (organisation_id, item_id, kind, title, url) VALUES ($1, $2, 'link', 'Patchrapport', 'https://dms.nabij.nl/patch')`, f.org, f.item(catalogue.CodeBIO104, "12.6.1"))
	f.exec(`INSERT INTO evidence (organisation_id, item_id, kind, title, url) VALUES ($1, $2, 'link', 'Registratieprocedure', 'https://dms.nabij.nl/reg')`, f.org, f.item(catalogue.CodeBIO104, "9.2.1"))
	// Another organisation's BIO 1.04 status is never carried into Nabij.
	f.exec(`INSERT INTO control_statuses (organisation_id, item_id, status) VALUES ($1, $2, 'geimplementeerd')`, voorbeeld, f.item(catalogue.CodeBIO104, "9.4.1"))
	voorbeeldBefore := f.id(`SELECT count(*) FROM control_statuses WHERE organisation_id = $1`, voorbeeld)

	svc := &compliance.Service{DB: d, Now: time.Now}
	actor := authz.Principal{UserID: ciso, OrgID: f.org, Roles: []authz.Assignment{{Role: authz.CISO}}}
	res, err := svc.CarryOver(ctx, actor)
	if err != nil {
		t.Fatal(err)
	}
	// 18.2.3 maps to 5.36 and 8.8.
	wantCarried := []string{"5.18", "5.36", "8.2", "8.8", "8.19"}
	if !slices.Equal(res.CarriedNumbers, wantCarried) || res.Carried != len(wantCarried) {
		t.Errorf("carried %d %v, want %v", res.Carried, res.CarriedNumbers, wantCarried)
	}
	if !slices.Equal(res.SkippedNumbers, []string{"5.16"}) || res.Skipped != 1 {
		t.Errorf("skipped %d %v, want [5.16]", res.Skipped, res.SkippedNumbers)
	}
	if res.Evidence != 3 { // 2 from 9.2.3 → 8.2, 1 from 12.6.1 → 8.8 and none from 18.2.3
		t.Errorf("evidence copied = %d, want 3", res.Evidence)
	}

	// One source: copied as is, te beoordelen, with the source number in the note.
	c, ok := f.bio2("8.2")
	if !ok {
		t.Fatal("8.2 got no status")
	}
	if c.status != "geimplementeerd" || c.maturity != 3 || c.owner != "Bedrijfsvoering" || !c.needsReview || !c.applicable ||
		c.opzet != "ja" || c.bestaan != "deels" || c.werking != "nee" || c.nextReview == nil {
		t.Errorf("8.2 = %+v", c)
	}
	if !strings.HasPrefix(c.notes, "Overgenomen van BIO 1.04 9.2.3") || !strings.Contains(c.notes, "MFA voor beheerders ingericht.") {
		t.Errorf("8.2 notes = %q", c.notes)
	}
	// Two sources: the least favourable status, the lowest maturity, both numbers.
	c, _ = f.bio2("8.8")
	if c.status != "in_uitvoering" || c.maturity != 1 || !c.needsReview || c.owner != "Bedrijfsvoering" {
		t.Errorf("8.8 = %+v", c)
	}
	if !strings.HasPrefix(c.notes, "Overgenomen van BIO 1.04 12.6.1, 18.2.3") || !strings.Contains(c.notes, "12.6.1: Patchbeleid in concept.") {
		t.Errorf("8.8 notes = %q", c.notes)
	}
	// Not applicable counts only when all sources are.
	c, _ = f.bio2("5.18")
	if c.status != "geimplementeerd" || !c.applicable || c.maturity != 4 || c.owner != "Bedrijfsvoering" || !strings.Contains(c.notes, "9.2.2, 9.2.5") {
		t.Errorf("5.18 = %+v", c)
	}
	c, _ = f.bio2("8.19")
	if c.status != "niet_van_toepassing" || c.applicable || c.justification != "Geen eigen rekencentrum (12.6.2)" || !c.needsReview {
		t.Errorf("8.19 = %+v", c)
	}
	// Existing BIO2 status untouched; not carried from another organisation.
	c, _ = f.bio2("5.16")
	if c.status != "in_uitvoering" || c.notes != "Eigen BIO2-beoordeling" || c.needsReview {
		t.Errorf("5.16 was changed: %+v", c)
	}
	if _, ok := f.bio2("8.3"); ok {
		t.Error("8.3 got a status from Gemeente Voorbeeld's BIO 1.04")
	}
	if n := f.id(`SELECT count(*) FROM control_statuses WHERE organisation_id = $1`, voorbeeld); n != voorbeeldBefore {
		t.Errorf("Gemeente Voorbeeld's statuses changed: %d → %d", voorbeeldBefore, n)
	}

	// Evidence: same content, title says where it came from.
	want82 := []string{"Autorisatiematrix (uit BIO 1.04 9.2.3)|file||abc123|5", "MFA-beleid (uit BIO 1.04 9.2.3)|link|https://dms.nabij.nl/mfa||0"}
	if got := f.evidenceTitles(catalogue.CodeBIO2, "8.2"); !slices.Equal(got, want82) {
		t.Errorf("8.2 evidence = %v, want %v", got, want82)
	}
	if got := f.evidenceTitles(catalogue.CodeBIO2, "8.8"); !slices.Equal(got, []string{"Patchrapport (uit BIO 1.04 12.6.1)|link|https://dms.nabij.nl/patch||0"}) {
		t.Errorf("8.8 evidence = %v", got)
	}
	if got := f.evidenceTitles(catalogue.CodeBIO2, "5.16"); len(got) != 0 {
		t.Errorf("evidence copied to the skipped 5.16: %v", got)
	}
	if got := f.evidenceTitles(catalogue.CodeBIO104, "9.2.3"); len(got) != 2 {
		t.Errorf("the BIO 1.04 evidence must stay: %v", got)
	}

	// Audit: one summary and one event per carried control.
	if n := f.id(`SELECT count(*) FROM audit_events WHERE organisation_id = $1 AND entity = 'catalogue' AND summary LIKE 'Status van BIO 1.04 overgenomen%'`, f.org); n != 1 {
		t.Errorf("%d summary events, want 1", n)
	}
	if n := f.id(`SELECT count(*) FROM audit_events WHERE organisation_id = $1 AND entity = 'control' AND entity_id = $2 AND actor_id = $3 AND summary LIKE 'Status overgenomen van BIO 1.04 12.6.1, 18.2.3%'`,
		f.org, f.item(catalogue.CodeBIO2, "8.8"), ciso); n != 1 {
		t.Errorf("%d events for 8.8, want 1", n)
	}
	// The carried control shows up as te beoordelen in the control list.
	bio2 := f.id(`SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = $1`, catalogue.CodeBIO2)
	var controls []compliance.Control
	err = d.Read(ctx, db.Scope{OrgID: f.org}, func(tx *db.Tx) (err error) {
		fw, err := compliance.FrameworkByID(ctx, tx, bio2)
		if err != nil {
			return err
		}
		controls, err = compliance.Controls(ctx, tx, f.org, fw)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ctl := range controls {
		if ctl.Number == "8.2" && (!ctl.NeedsReview || ctl.EvidenceCount != 2) {
			t.Errorf("8.2 in the list: needs review %v, evidence %d", ctl.NeedsReview, ctl.EvidenceCount)
		}
	}

	// A second run carries nothing and copies nothing.
	statuses := f.id(`SELECT count(*) FROM control_statuses WHERE organisation_id = $1`, f.org)
	evidence := f.id(`SELECT count(*) FROM evidence WHERE organisation_id = $1`, f.org)
	res, err = svc.CarryOver(ctx, actor)
	if err != nil {
		t.Fatal(err)
	}
	if res.Carried != 0 || res.Evidence != 0 || res.Skipped != 6 {
		t.Errorf("second run: %+v", res)
	}
	if n := f.id(`SELECT count(*) FROM control_statuses WHERE organisation_id = $1`, f.org); n != statuses {
		t.Errorf("second run changed the statuses: %d → %d", statuses, n)
	}
	if n := f.id(`SELECT count(*) FROM evidence WHERE organisation_id = $1`, f.org); n != evidence {
		t.Errorf("second run copied evidence: %d → %d", evidence, n)
	}
}

func TestCarryOverNeedsCISO(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	f := fixture{t: t, db: d}
	f.org = f.id(`SELECT id FROM organisations WHERE name = $1`, seed.Nabij)
	f.status1("9.2.3", "Bedrijfsvoering", "geimplementeerd", 3, "")
	manager := f.id(`SELECT id FROM users WHERE email = 'manager@nabij.nl'`)
	dept := f.id(`SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Dienstverlening'`, f.org)
	svc := &compliance.Service{DB: d, Now: time.Now}
	for _, p := range []authz.Principal{
		{UserID: manager, OrgID: f.org, Roles: []authz.Assignment{{Role: authz.Afdelingsmanager, DepartmentID: dept}}},
		{UserID: manager, OrgID: f.org, Roles: []authz.Assignment{{Role: authz.Auditor}}},
	} {
		_, err := svc.CarryOver(context.Background(), p)
		if apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%v: err = %v, want forbidden", p.Roles, err)
		}
	}
	if _, ok := f.bio2("8.2"); ok {
		t.Error("a refused carry-over stored a status")
	}
}

func TestCarryOverNothingToCarry(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	f := fixture{t: t, db: d}
	f.org = f.id(`SELECT id FROM organisations WHERE name = $1`, seed.Nabij)
	ciso := f.id(`SELECT id FROM users WHERE email = 'ciso@voorbeeld.nl'`)
	svc := &compliance.Service{DB: d, Now: time.Now}
	res, err := svc.CarryOver(context.Background(), authz.Principal{UserID: ciso, OrgID: f.org, Roles: []authz.Assignment{{Role: authz.CISO}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Carried != 0 || res.Skipped != 0 || res.Evidence != 0 {
		t.Errorf("res = %+v", res)
	}
}
