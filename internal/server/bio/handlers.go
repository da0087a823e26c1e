// Package bio holds the handlers of the BIO: the controls and their
// implementation, evidence, the GAP analysis and its exports, the carry-over
// from BIO 1.04, the active framework and the ambition.
package bio

import (
	"context"
	"net/http"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/server/kit"
)

// bioService is what the handlers use of compliance.Service: every change.
// The pages read through the kit's scoped read transaction.
type bioService interface {
	Update(ctx context.Context, actor authz.Principal, itemID int64, in compliance.Input) ([]compliance.Change, string, error)
	Review(ctx context.Context, actor authz.Principal, itemID int64, version int) error
	SetAmbition(ctx context.Context, actor authz.Principal, level int, date string, version int) error
	SetActiveFramework(ctx context.Context, actor authz.Principal, frameworkID int64) error
	AddFile(ctx context.Context, actor authz.Principal, itemID int64, title, filename string, content []byte) error
	AddLink(ctx context.Context, actor authz.Principal, itemID int64, title, link string) error
	RemoveEvidence(ctx context.Context, actor authz.Principal, evidenceID int64) error
	CarryOver(ctx context.Context, actor authz.Principal) (compliance.CarryOverResult, error)
	CreateStatusImport(ctx context.Context, actor authz.Principal, filename string, data []byte) (int64, error)
	GetStatusImport(ctx context.Context, actor authz.Principal, id int64) (compliance.StatusImport, error)
	ApplyStatusImport(ctx context.Context, actor authz.Principal, id int64) (compliance.ImportOutcome, error)
	ImportTexts(ctx context.Context, actor authz.Principal, filename string, data []byte) (catalogue.ImportResult, error)
	BulkPreview(ctx context.Context, actor authz.Principal, ids []int64, ch compliance.BulkChange) (compliance.BulkPlan, error)
	BulkApply(ctx context.Context, actor authz.Principal, items []compliance.BulkItem, ch compliance.BulkChange) (compliance.BulkResult, error)
}

// Handlers are the BIO handlers.
type Handlers struct {
	kit *kit.Kit
	bio bioService
	org kit.DepartmentLister
}

// New returns the BIO handlers; o offers the departments that can own a control.
func New(k *kit.Kit, b bioService, o kit.DepartmentLister) *Handlers {
	return &Handlers{kit: k, bio: b, org: o}
}

// orgRead reads one thing of the organisation in a read transaction.
type orgRead[T any] func(ctx context.Context, tx *db.Tx, orgID int64) (T, error)

// readBoth reads two things of the principal's organisation in one
// snapshot, for a settings page; ok is false when the page has already been
// answered with the server error.
func readBoth[A, B any](h *Handlers, w http.ResponseWriter, r *http.Request, readA orgRead[A], readB orgRead[B]) (a A, b B, ok bool) {
	orgID := kit.Principal(r).OrgID
	err := h.kit.Read(r, func(tx *db.Tx) (err error) {
		if a, err = readA(r.Context(), tx, orgID); err != nil {
			return err
		}
		b, err = readB(r.Context(), tx, orgID)
		return err
	})
	if err != nil {
		h.kit.ServerError(w, r, err)
		return a, b, false
	}
	return a, b, true
}
