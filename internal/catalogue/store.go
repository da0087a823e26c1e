package catalogue

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/baken-nl/baken/internal/db"
	"github.com/jackc/pgx/v5"
)

// SortKey pads each numeric segment of a number, so that text order in SQL is
// natural order ("005.009" < "005.010").
func SortKey(number string) string {
	parts := strings.Split(number, ".")
	for i, p := range parts {
		if n, err := strconv.Atoi(p); err == nil {
			parts[i] = fmt.Sprintf("%03d", n)
		}
	}
	return strings.Join(parts, ".")
}

// StoredFramework is a framework as stored in the database.
type StoredFramework struct {
	ID        int64
	Code      string
	Name      string
	Version   string
	Builtin   bool // shipped with Baken, shared by all organisations
	ItemCount int
}

// Label is the name shown in select lists.
func (f StoredFramework) Label() string {
	if f.Version != "" {
		return f.Name + " (versie " + f.Version + ")"
	}
	return f.Name
}

// Insert stores fw with its items; orgID 0 stores a built-in framework.
// It returns the framework id.
func Insert(ctx context.Context, tx *db.Tx, orgID int64, fw Framework) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO frameworks (organisation_id, code, name, version) VALUES (nullif($1, 0), $2, $3, $4) RETURNING id`,
		orgID, fw.Code, fw.Name, fw.Version).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert framework %s: %w", fw.Code, err)
	}
	rows := make([][]any, len(fw.Items))
	numbers, parents := make([]string, 0, len(fw.Items)), make([]string, 0, len(fw.Items))
	for i, it := range fw.Items {
		var bbn *int16
		if it.BBN > 0 {
			b := int16(it.BBN) //nolint:gosec // G115: BBN is 0–3 (one CSV digit, or a smallint read back)
			bbn = &b
		}
		rows[i] = []any{id, string(it.Kind), it.Number, it.Title, it.Hygiene, it.CbwScope, bbn, SortKey(it.Number)}
		if it.Parent != "" {
			numbers, parents = append(numbers, it.Number), append(parents, it.Parent)
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"catalogue_items"},
		[]string{"framework_id", "kind", "number", "title", "hygiene", "cbw_scope", "bbn", "sort_key"}, pgx.CopyFromRows(rows)); err != nil {
		return 0, fmt.Errorf("insert items of %s: %w", fw.Code, err)
	}
	if _, err := tx.Exec(ctx, `
		UPDATE catalogue_items c SET parent_id = p.id
		FROM unnest($2::text[], $3::text[]) AS x(num, parent), catalogue_items p
		WHERE c.framework_id = $1 AND p.framework_id = $1 AND c.number = x.num AND p.number = x.parent`, id, numbers, parents); err != nil {
		return 0, fmt.Errorf("link items of %s: %w", fw.Code, err)
	}
	return id, nil
}

// EnsureBuiltin stores the built-in frameworks and the 2013→2022 mapping when
// they are not there yet. It is cheap when they are, so it runs at start-up.
func EnsureBuiltin(ctx context.Context, tx *db.Tx) error {
	ids := map[string]int64{}
	for _, fw := range Builtin() {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM frameworks WHERE organisation_id IS NULL AND code = $1`, fw.Code).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			if id, err = Insert(ctx, tx, 0, fw); err != nil {
				return err
			}
		} else if err != nil {
			return fmt.Errorf("look up framework %s: %w", fw.Code, err)
		}
		ids[fw.Code] = id
	}
	var mapped bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM catalogue_mappings m JOIN catalogue_items i ON i.id = m.from_item_id WHERE i.framework_id = $1)`, ids[CodeBIO104]).Scan(&mapped); err != nil {
		return err
	}
	if mapped {
		return nil
	}
	pairs := Mapping()
	from, to := make([]string, len(pairs)), make([]string, len(pairs))
	for i, p := range pairs {
		from[i], to[i] = p.From, p.To
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO catalogue_mappings (from_item_id, to_item_id)
		SELECT f.id, t.id FROM unnest($3::text[], $4::text[]) AS x(f, t)
		JOIN catalogue_items f ON f.framework_id = $1 AND f.number = x.f
		JOIN catalogue_items t ON t.framework_id = $2 AND t.number = x.t`, ids[CodeBIO104], ids[CodeBIO2], from, to)
	if err != nil {
		return fmt.Errorf("insert mapping: %w", err)
	}
	return nil
}

// Frameworks lists the built-in frameworks and the organisation's own.
func Frameworks(ctx context.Context, tx *db.Tx, orgID int64) ([]StoredFramework, error) {
	rows, err := tx.Query(ctx, `
		SELECT f.id, f.code, f.name, f.version, f.organisation_id IS NULL,
		       (SELECT count(*) FROM catalogue_items i WHERE i.framework_id = f.id)
		FROM frameworks f WHERE f.organisation_id IS NULL OR f.organisation_id = $1
		ORDER BY f.organisation_id NULLS FIRST, f.code`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list frameworks: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[StoredFramework])
}
