package plan

import (
	"context"
	"fmt"

	"github.com/baken-nl/baken/internal/db"
)

// UnlinkTargetsTx removes the links of plan actions to the items ids of kind,
// inside the caller's transaction: the items themselves are gone (an
// incident purged after its retention period). The actions stay, with
// their description; the caller records the audit event. It returns the
// number of links removed.
func UnlinkTargetsTx(ctx context.Context, tx *db.Tx, kind string, ids []int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	tag, err := tx.Exec(ctx, `DELETE FROM plan_action_links WHERE organisation_id = $1 AND target_kind = $2 AND target_id = ANY($3)`,
		tx.OrgID, kind, ids)
	if err != nil {
		return 0, fmt.Errorf("unlink plan actions from %s: %w", kind, err)
	}
	return tag.RowsAffected(), nil
}
