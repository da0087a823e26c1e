package compliance

import (
	"context"
	"time"

	"github.com/baken-nl/baken/internal/db"
)

// Evidence is proof for a control: an uploaded file or a link.
type Evidence struct {
	ID          int64
	Kind        string // "file" or "link"
	Title       string
	URL         string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	UploadedBy  string
	UploadedAt  time.Time
}

// ListEvidence lists the current evidence of a control (stub).
func ListEvidence(ctx context.Context, q db.Querier, orgID, itemID int64) ([]Evidence, error) {
	return nil, nil
}
