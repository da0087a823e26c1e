package incident_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/dbtest"
	"github.com/baken-nl/baken/internal/incident"
)

func TestPurgeable(t *testing.T) {
	closed := time.Date(2023, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		status string
		closed *time.Time
		now    time.Time
		want   bool
	}{
		{incident.StatusClosed, &closed, closed.AddDate(3, 0, 0), true},
		{incident.StatusClosed, &closed, closed.AddDate(3, 0, 0).Add(-time.Second), false},
		{incident.StatusClosed, nil, closed.AddDate(10, 0, 0), false},
		{incident.StatusEvaluated, &closed, closed.AddDate(10, 0, 0), false},
	} {
		if got := incident.Purgeable(c.status, c.closed, c.now); got != c.want {
			t.Errorf("Purgeable(%s, %v, %v) = %v", c.status, c.closed, c.now, got)
		}
	}
	if incident.RetainedUntil(nil) != nil {
		t.Error("an open incident has an end of retention")
	}
}

func TestDetectAttachmentType(t *testing.T) {
	eml := []byte("From: a@b.example\r\nSubject: Factuur\r\n\r\nZie bijlage.\r\n")
	msg := append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), []byte("_\x00_\x00s\x00u\x00b\x00s\x00t\x00g\x001\x00.\x000\x00_\x00")...)
	for _, c := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"mail.eml", eml, "message/rfc822"},
		{"mail.EML", eml, "message/rfc822"},
		{"mail.txt", eml, "text/plain; charset=utf-8"},
		{"mail.eml", []byte("geen kopregels\n\nmaar tekst"), ""},
		{"mail.eml", []byte("From: a@b\r\n\r\n\x00binary"), ""},
		{"mail.msg", msg, "application/vnd.ms-outlook"},
		{"mail.msg", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 installer"), ""},
		{"doc.pdf", []byte("%PDF-1.7\n"), "application/pdf"},
		{"run.exe", []byte("MZ\x90\x00"), ""},
	} {
		got, ok := incident.DetectAttachmentType(c.name, c.content)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s: %q %v, want %q", c.name, got, ok, c.want)
		}
	}
}

// TestRetentionInTheDatabase: the portal's role cannot delete timeline
// entries or attachments on their own; nobody deletes an incident within
// its retention period; the migration goes down and up again.
func TestRetentionInTheDatabase(t *testing.T) {
	t.Parallel()
	owner := dbtest.New(t)
	ctx := context.Background()
	var id, org int64
	if err := owner.Pool.QueryRow(ctx, `SELECT id, organisation_id FROM incidents WHERE status = 'gesloten' ORDER BY id LIMIT 1`).Scan(&id, &org); err != nil {
		t.Fatal(err)
	}
	var closed *time.Time
	if err := owner.Pool.QueryRow(ctx, `SELECT closed_at FROM incidents WHERE id = $1`, id).Scan(&closed); err != nil || closed == nil {
		t.Fatalf("a closed incident without closed_at (%v)", err)
	}
	if _, err := owner.Pool.Exec(ctx, `DELETE FROM incidents WHERE id = $1`, id); err == nil || !strings.Contains(err.Error(), "retention") {
		t.Fatalf("deleted within retention: %v", err)
	}
	app := dbtest.App(t, owner)
	for _, sql := range []string{`DELETE FROM incident_timeline WHERE incident_id = $1`, `DELETE FROM incident_attachments WHERE incident_id = $1`} {
		err := app.Write(ctx, db.Scope{OrgID: org}, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, sql, id)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s: %v", sql, err)
		}
	}
	if _, err := owner.Pool.Exec(ctx, `UPDATE incidents SET closed_at = now() - interval '3 years 1 day' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.Pool.Exec(ctx, `DELETE FROM plan_action_links WHERE target_kind = 'incident' AND target_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.Pool.Exec(ctx, `DELETE FROM incidents WHERE id = $1`, id); err != nil {
		t.Fatalf("not deleted after retention: %v", err)
	}

	// 0020 and every later migration down, and up again.
	if err := owner.MigrateTo(19); err != nil {
		t.Fatalf("down: %v", err)
	}
	if err := owner.MigrateUp(); err != nil {
		t.Fatalf("up again: %v", err)
	}
}
