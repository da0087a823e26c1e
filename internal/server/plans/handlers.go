// Package plans holds the handlers of the informatiebeveiligingsplan: the
// list of actions, its export, and the form of one action. (The domain is
// internal/plan.)
package plans

import (
	"context"
	"time"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/plan"
	"github.com/baken-nl/baken/internal/server/kit"
)

// planService is what the handlers use of plan.Service.
type planService interface {
	Today() time.Time
	List(ctx context.Context, actor authz.Principal, f plan.Filter, p listing.Params) (plan.ListPage, error)
	All(ctx context.Context, orgID int64, f plan.Filter, p listing.Params) ([]plan.Action, error)
	Get(ctx context.Context, orgID, id int64) (plan.Action, error)
	Choices(ctx context.Context, orgID int64, kind string) ([]plan.Choice, error)
	Targets(ctx context.Context, orgID int64, kind string, ids []int64) ([]plan.Link, error)
	Create(ctx context.Context, actor authz.Principal, in plan.Input) (int64, error)
	Update(ctx context.Context, actor authz.Principal, id int64, in plan.Input) error
	Delete(ctx context.Context, actor authz.Principal, id int64) error
	GetForProgress(ctx context.Context, actor authz.Principal, id int64) (plan.Action, error)
	UpdateProgress(ctx context.Context, actor authz.Principal, id int64, in plan.ProgressInput) error
}

// orgService is what the plan form uses of org.Service: the owners to choose from.
type orgService interface {
	Members(ctx context.Context, actor authz.Principal) ([]org.Option, error)
	DepartmentOptions(ctx context.Context, actor authz.Principal) ([]org.Option, error)
}

// Handlers are the plan handlers.
type Handlers struct {
	kit   *kit.Kit
	plans planService
	org   orgService
}

// New returns the plan handlers.
func New(k *kit.Kit, p planService, o orgService) *Handlers {
	return &Handlers{kit: k, plans: p, org: o}
}
