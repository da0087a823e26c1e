package catalogue

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/db"
)

// ImportResult says what an import changed, compared with what the
// organisation had before. Numbers are in natural order (CompareNumbers).
type ImportResult struct {
	FrameworkID int64
	Code        string
	Created     bool // ImportCSVFramework: the framework is new
	Total       int  // measures (BIO2 text) or items (CSV) in the file
	Added       []string
	Changed     []string
	Removed     []string
	Unchanged   int
	// Changes is the full difference, with the fields that changed.
	Changes []Change
	// Missing lists the built-in BIO2 measures the file does not have
	// (ImportBIO2Texts only): they keep no official text.
	Missing []string
}

// record sets the result from the import's changes (Total set): the numbers
// added, changed and removed, and the rest unchanged. It returns the items
// to add and the new state of the items to change.
func (r *ImportResult) record(changes []Change) (added, modified []Item) {
	r.Changes = changes
	for _, c := range changes {
		switch c.Type {
		case ChangeAdded:
			r.Added = append(r.Added, c.Number)
			added = append(added, *c.New)
		case ChangeModified:
			r.Changed = append(r.Changed, c.Number)
			modified = append(modified, *c.New)
		case ChangeRemoved:
			r.Removed = append(r.Removed, c.Number)
		}
	}
	r.Unchanged = r.Total - len(r.Added) - len(r.Changed)
	return added, modified
}

// NoChanges reports whether the import left everything as it was.
func (r ImportResult) NoChanges() bool {
	return len(r.Added) == 0 && len(r.Changed) == 0 && len(r.Removed) == 0
}

// Summary is a one-line Dutch summary, e.g. "118 maatregelen: 118 nieuw, 0
// gewijzigd, 0 ongewijzigd"; noun names what was counted.
func (r ImportResult) Summary(noun string) string {
	s := fmt.Sprintf("%d %s: %d nieuw, %d gewijzigd, %d ongewijzigd", r.Total, noun, len(r.Added), len(r.Changed), r.Unchanged)
	if len(r.Removed) > 0 {
		s += fmt.Sprintf(", %d verwijderd", len(r.Removed))
	}
	return s
}

func (r ImportResult) auditState() map[string]any {
	return map[string]any{
		"total": r.Total, "added": r.Added, "changed": r.Changed, "removed": r.Removed, "unchanged": r.Unchanged,
	}
}

// invalid is an import error with a Dutch message the user can act on.
func invalid(format string, a ...any) error {
	return &apperr.Error{Code: apperr.Invalid, Message: fmt.Sprintf(format, a...)}
}

// listNumbers shows up to 20 numbers, then how many more.
func listNumbers(ns []string) string {
	const show = 20
	if len(ns) <= show {
		return strings.Join(ns, ", ")
	}
	return strings.Join(ns[:show], ", ") + fmt.Sprintf(" en nog %d", len(ns)-show)
}

// ImportBIO2Texts stores the official wording of the BIO2 government
// measures in doc (from ParseBIO2Markdown) for the organisation, matched by
// number to the measures of the built-in BIO2 framework. It is idempotent:
// texts that did not change are left alone (with their source and import
// time), changed texts are replaced, and texts the organisation imported
// earlier for measures the file no longer has are removed, so the stored
// wording is always that of one file. A file with measures the built-in
// catalogue does not know (a newer BIO version) is refused as a whole: such a
// version is imported as a framework of its own with ImportCSVFramework.
//
// Everything happens in tx; on an error the caller rolls back and nothing is
// imported. One audit event records the import.
func ImportBIO2Texts(ctx context.Context, tx *db.Tx, orgID int64, doc BIO2Document, source string) (ImportResult, error) {
	var res ImportResult
	if len(doc.Measures) == 0 {
		return res, invalid("het bestand bevat geen overheidsmaatregelen")
	}
	if err := tx.QueryRow(ctx, `SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = $1`, CodeBIO2).Scan(&res.FrameworkID); err != nil {
		return res, fmt.Errorf("find built-in framework %s: %w", CodeBIO2, err)
	}
	res.Code = CodeBIO2

	type stored struct {
		number  string
		text    string
		hasText bool
	}
	rows, err := tx.Query(ctx, `
		SELECT i.number, t.text FROM catalogue_items i
		LEFT JOIN catalogue_texts t ON t.item_id = i.id AND t.organisation_id = $2
		WHERE i.framework_id = $1 AND i.kind = $3 ORDER BY i.sort_key`, res.FrameworkID, orgID, string(KindMeasure))
	if err != nil {
		return res, fmt.Errorf("read BIO2 measures: %w", err)
	}
	builtin, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (stored, error) {
		var s stored
		var text *string
		err := r.Scan(&s.number, &text)
		if text != nil {
			s.text, s.hasText = *text, true
		}
		return s, err
	})
	if err != nil {
		return res, fmt.Errorf("read BIO2 measures: %w", err)
	}
	byKey := make(map[string]string, len(builtin)) // numberKey → stored number
	var old []Item
	for _, s := range builtin {
		byKey[numberKey(s.number)] = s.number
		if s.hasText {
			old = append(old, Item{Kind: KindMeasure, Number: s.number, Text: s.text})
		}
	}

	var unknown []string
	updated := make([]Item, 0, len(doc.Measures))
	inFile := map[string]bool{}
	for _, m := range doc.Measures {
		n, ok := byKey[numberKey(m.Number)]
		if !ok {
			unknown = append(unknown, m.Number)
			continue
		}
		inFile[n] = true
		updated = append(updated, Item{Kind: KindMeasure, Number: n, Text: m.Text})
	}
	if len(unknown) > 0 {
		return res, invalid("het bestand bevat %d overheidsmaatregel(en) die niet in de ingebouwde BIO2-catalogus (versie %s) staan: %s. Er is niets geïmporteerd. Is dit een nieuwere BIO-versie? Importeer die dan als eigen normenkader in het CSV-formaat (docs/catalogue-csv.md).",
			len(unknown), builtinVersion(CodeBIO2), listNumbers(unknown))
	}
	for _, s := range builtin {
		if !inFile[s.number] {
			res.Missing = append(res.Missing, s.number)
		}
	}

	res.Total = len(updated)
	added, modified := res.record(Diff(old, updated))
	var numbers, texts []string
	for _, it := range append(added, modified...) {
		numbers, texts = append(numbers, it.Number), append(texts, it.Text)
	}

	if len(numbers) > 0 {
		tag, err := tx.Exec(ctx, `
			INSERT INTO catalogue_texts AS t (organisation_id, item_id, text, source, imported_at)
			SELECT $1, i.id, x.text, $5, now()
			FROM unnest($3::text[], $4::text[]) AS x(number, text)
			JOIN catalogue_items i ON i.framework_id = $2 AND i.number = x.number
			ON CONFLICT (organisation_id, item_id) DO UPDATE SET text = EXCLUDED.text, source = EXCLUDED.source, imported_at = now()`,
			orgID, res.FrameworkID, numbers, texts, source)
		if err != nil {
			return res, fmt.Errorf("store BIO2 texts: %w", err)
		}
		if int(tag.RowsAffected()) != len(numbers) {
			return res, fmt.Errorf("store BIO2 texts: %d of %d rows written", tag.RowsAffected(), len(numbers))
		}
	}
	if len(res.Removed) > 0 {
		if _, err := tx.Exec(ctx, `
			DELETE FROM catalogue_texts t USING catalogue_items i
			WHERE t.organisation_id = $1 AND t.item_id = i.id AND i.framework_id = $2 AND i.number = ANY($3)`,
			orgID, res.FrameworkID, res.Removed); err != nil {
			return res, fmt.Errorf("remove BIO2 texts: %w", err)
		}
	}

	summary := "Officiële BIO2-teksten geïmporteerd"
	if source != "" {
		summary += " uit " + source
	}
	after := res.auditState()
	after["source"] = source
	if err := audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "catalogue", EntityID: res.FrameworkID,
		Summary: summary + ": " + res.Summary("maatregelen"), After: after}); err != nil {
		return res, err
	}
	return res, nil
}

func builtinVersion(code string) string {
	if fw, ok := BuiltinFramework(code); ok {
		return fw.Version
	}
	return "?"
}

// ImportCSVFramework stores items (from ParseCSV) as the organisation's own
// framework with the given code. A new code creates the framework (only the
// organisation sees it). An existing code is a re-import of a newer version:
// the name and version are updated, new items added, changed items (kind,
// parent, title, hygiene, cbw_scope, bbn) updated in place — so their status
// and evidence stay with them — and items the file no longer has removed.
// Removing an item the organisation has already worked on (a status,
// evidence, or a plan action linked to it) is refused, with the numbers, and
// nothing is imported: those items must stay in the file.
//
// The codes of the built-in frameworks (BIO2, BIO1.04) are reserved; a newer
// BIO version gets a code of its own, e.g. "BIO2-1.4".
//
// Everything happens in tx; on an error the caller rolls back. One audit
// event records the import.
func ImportCSVFramework(ctx context.Context, tx *db.Tx, orgID int64, code, name, version string, items []Item) (ImportResult, error) {
	code, name, version = strings.TrimSpace(code), strings.TrimSpace(name), strings.TrimSpace(version)
	res := ImportResult{Code: code, Total: len(items)}
	switch {
	case orgID <= 0:
		return res, fmt.Errorf("import framework %s: no organisation", code)
	case code == "":
		return res, invalid("geef een code voor het normenkader op (bijvoorbeeld ISO27001 of BIO2-1.4)")
	case name == "":
		return res, invalid("geef een naam voor het normenkader op")
	case len(items) == 0:
		return res, invalid("het bestand bevat geen items")
	}
	for _, fw := range Builtin() {
		if strings.EqualFold(fw.Code, code) {
			return res, invalid("de code %s hoort bij het ingebouwde normenkader %s; kies een eigen code, bijvoorbeeld %s-NIEUW", code, fw.Name, fw.Code)
		}
	}

	var oldName, oldVersion string
	err := tx.QueryRow(ctx, `SELECT id, name, version FROM frameworks WHERE organisation_id = $1 AND code = $2 FOR UPDATE`, orgID, code).
		Scan(&res.FrameworkID, &oldName, &oldVersion)
	if errors.Is(err, pgx.ErrNoRows) {
		res.Created = true
		if res.FrameworkID, err = Insert(ctx, tx, orgID, Framework{Code: code, Name: name, Version: version, Items: items}); err != nil {
			return res, err
		}
		res.Changes = Diff(nil, items)
		for _, c := range res.Changes {
			res.Added = append(res.Added, c.Number)
		}
		after := res.auditState()
		after["name"], after["version"] = name, version
		err := audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "catalogue", EntityID: res.FrameworkID,
			Summary: fmt.Sprintf("Normenkader %s (%s) geïmporteerd: %d items", code, name, len(items)), After: after})
		return res, err
	}
	if err != nil {
		return res, fmt.Errorf("look up framework %s: %w", code, err)
	}

	rows, err := tx.Query(ctx, `
		SELECT i.kind, i.number, coalesce(p.number, ''), i.title, i.hygiene, i.cbw_scope, coalesce(i.bbn, 0)
		FROM catalogue_items i LEFT JOIN catalogue_items p ON p.id = i.parent_id
		WHERE i.framework_id = $1 ORDER BY i.sort_key`, res.FrameworkID)
	if err != nil {
		return res, fmt.Errorf("read items of %s: %w", code, err)
	}
	old, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Item, error) {
		var it Item
		var kind string
		err := r.Scan(&kind, &it.Number, &it.Parent, &it.Title, &it.Hygiene, &it.CbwScope, &it.BBN)
		it.Kind = Kind(kind)
		return it, err
	})
	if err != nil {
		return res, fmt.Errorf("read items of %s: %w", code, err)
	}

	added, modified := res.record(Diff(old, items))

	if len(res.Removed) > 0 {
		rows, err := tx.Query(ctx, `
			SELECT i.number FROM catalogue_items i
			WHERE i.framework_id = $1 AND i.number = ANY($2)
			  AND (EXISTS (SELECT 1 FROM control_statuses s WHERE s.item_id = i.id)
			    OR EXISTS (SELECT 1 FROM evidence e WHERE e.item_id = i.id)
			    OR EXISTS (SELECT 1 FROM plan_action_links l WHERE l.target_kind = 'control' AND l.target_id = i.id))
			ORDER BY i.sort_key`, res.FrameworkID, res.Removed)
		if err != nil {
			return res, fmt.Errorf("check removed items of %s: %w", code, err)
		}
		inUse, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return res, err
		}
		if len(inUse) > 0 {
			return res, invalid("de nieuwe versie van %s laat %d item(s) weg waarvoor al een status, bewijs of actie is vastgelegd: %s. Er is niets geïmporteerd. Neem deze items weer op in het bestand, of ruim eerst hun status en bewijs op.",
				code, len(inUse), listNumbers(inUse))
		}
	}

	if _, err := tx.Exec(ctx, `UPDATE frameworks SET name = $2, version = $3 WHERE id = $1`, res.FrameworkID, name, version); err != nil {
		return res, fmt.Errorf("update framework %s: %w", code, err)
	}
	if len(added) > 0 {
		c := columnsOf(added)
		if _, err := tx.Exec(ctx, `
			INSERT INTO catalogue_items (framework_id, kind, number, title, hygiene, cbw_scope, bbn, sort_key)
			SELECT $1, x.kind, x.number, x.title, x.hygiene, x.cbw_scope, nullif(x.bbn, 0), x.sort_key
			FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::smallint[], $8::text[])
			     AS x(kind, number, title, hygiene, cbw_scope, bbn, sort_key)`,
			res.FrameworkID, c.kinds, c.numbers, c.titles, c.hygiene, c.cbw, c.bbn, c.sortKeys); err != nil {
			return res, fmt.Errorf("add items to %s: %w", code, err)
		}
	}
	if len(modified) > 0 {
		c := columnsOf(modified)
		if _, err := tx.Exec(ctx, `
			UPDATE catalogue_items i SET kind = x.kind, title = x.title, hygiene = x.hygiene, cbw_scope = x.cbw_scope,
				bbn = nullif(x.bbn, 0), sort_key = x.sort_key
			FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::smallint[], $8::text[])
			     AS x(kind, number, title, hygiene, cbw_scope, bbn, sort_key)
			WHERE i.framework_id = $1 AND i.number = x.number`,
			res.FrameworkID, c.kinds, c.numbers, c.titles, c.hygiene, c.cbw, c.bbn, c.sortKeys); err != nil {
			return res, fmt.Errorf("update items of %s: %w", code, err)
		}
	}
	if len(added) > 0 || len(modified) > 0 {
		// Link every item of the file to its parent before removing, so an
		// item that moved away from a removed parent is not removed with it.
		numbers, parents := make([]string, len(items)), make([]string, len(items))
		for i, it := range items {
			numbers[i], parents[i] = it.Number, it.Parent
		}
		if _, err := tx.Exec(ctx, `
			UPDATE catalogue_items c SET parent_id = p.id
			FROM unnest($2::text[], $3::text[]) AS x(number, parent)
			LEFT JOIN catalogue_items p ON p.framework_id = $1 AND p.number = x.parent
			WHERE c.framework_id = $1 AND c.number = x.number AND c.parent_id IS DISTINCT FROM p.id`,
			res.FrameworkID, numbers, parents); err != nil {
			return res, fmt.Errorf("link items of %s: %w", code, err)
		}
	}
	if len(res.Removed) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM catalogue_items WHERE framework_id = $1 AND number = ANY($2)`, res.FrameworkID, res.Removed); err != nil {
			return res, fmt.Errorf("remove items of %s: %w", code, err)
		}
	}

	summary := fmt.Sprintf("Normenkader %s opnieuw geïmporteerd", code)
	if version != oldVersion {
		summary += fmt.Sprintf(" (versie %s → %s)", orDash(oldVersion), orDash(version))
	}
	before := map[string]any{"name": oldName, "version": oldVersion}
	after := res.auditState()
	after["name"], after["version"] = name, version
	err = audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "catalogue", EntityID: res.FrameworkID,
		Summary: summary + ": " + res.Summary("items"), Before: before, After: after})
	return res, err
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

type itemColumns struct {
	kinds, numbers, titles, hygiene, cbw, sortKeys []string
	bbn                                            []int16
}

func columnsOf(items []Item) itemColumns {
	var c itemColumns
	for _, it := range items {
		c.kinds = append(c.kinds, string(it.Kind))
		c.numbers = append(c.numbers, it.Number)
		c.titles = append(c.titles, it.Title)
		c.hygiene = append(c.hygiene, it.Hygiene)
		c.cbw = append(c.cbw, it.CbwScope)
		c.bbn = append(c.bbn, int16(it.BBN)) //nolint:gosec // G115: BBN is 0–3 (one CSV digit, or a smallint read back)
		c.sortKeys = append(c.sortKeys, SortKey(it.Number))
	}
	return c
}

// OrganisationID finds an organisation by its exact name (case-insensitive).
// An unknown name gives an error that lists the names there are.
func OrganisationID(ctx context.Context, tx *db.Tx, name string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM organisations WHERE lower(name) = lower($1)`, strings.TrimSpace(name)).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("look up organisation: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT name FROM organisations ORDER BY name`)
	if err != nil {
		return 0, err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, err
	}
	known := "geen"
	if len(names) > 0 {
		known = `"` + strings.Join(names, `", "`) + `"`
	}
	return 0, invalid("organisatie %q bestaat niet (bekend: %s)", name, known)
}
