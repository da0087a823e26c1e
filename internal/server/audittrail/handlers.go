// Package audittrail holds the handlers of the audit trail: the filtered list
// of events and one event.
package audittrail

import (
	"context"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/server/kit"
)

// memberService is what the handlers use of org.Service: the users to filter on.
type memberService interface {
	Members(ctx context.Context, actor authz.Principal) ([]org.Option, error)
}

// Handlers are the audit trail handlers. The events are read through the
// kit's scoped read transaction with the audit package.
type Handlers struct {
	kit *kit.Kit
	org memberService
}

// New returns the audit trail handlers.
func New(k *kit.Kit, o memberService) *Handlers {
	return &Handlers{kit: k, org: o}
}
