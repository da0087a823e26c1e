package plan

import (
	"context"
	"testing"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
)

// TestServiceRefusesWithoutPermission: the service checks the permission
// itself, before touching the database (the nil DB would panic otherwise).
func TestServiceRefusesWithoutPermission(t *testing.T) {
	s := &Service{}
	manager := authz.Principal{UserID: 1, OrgID: 1, Roles: []authz.Assignment{{Role: authz.Afdelingsmanager, DepartmentID: 3}}}
	if _, err := s.Create(context.Background(), manager, Input{}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("create: %v", err)
	}
	if err := s.Delete(context.Background(), manager, 1); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("delete: %v", err)
	}
}
