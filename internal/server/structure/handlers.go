// Package structure holds the handlers of the organisation's structure:
// afdelingen, processen and applicaties.
package structure

import (
	"context"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/server/kit"
)

// structureService is what the handlers use of org.Service.
type structureService interface {
	Responsibles(ctx context.Context, actor authz.Principal) ([]org.Option, error)
	DepartmentOptions(ctx context.Context, actor authz.Principal) ([]org.Option, error)
	ProcessOptions(ctx context.Context, actor authz.Principal) ([]org.Option, error)
	SupplierOptions(ctx context.Context, actor authz.Principal) ([]org.Option, error)

	ListDepartments(ctx context.Context, actor authz.Principal, p listing.Params) (org.ListPage[org.Department], error)
	GetDepartment(ctx context.Context, actor authz.Principal, id int64) (org.Department, error)
	CreateDepartment(ctx context.Context, actor authz.Principal, in org.DepartmentInput) (int64, error)
	UpdateDepartment(ctx context.Context, actor authz.Principal, id int64, in org.DepartmentInput) error
	DeleteDepartment(ctx context.Context, actor authz.Principal, id int64) error

	ListProcesses(ctx context.Context, actor authz.Principal, f org.ProcessFilter, p listing.Params) (org.ListPage[org.Process], error)
	GetProcess(ctx context.Context, actor authz.Principal, id int64) (org.Process, error)
	CreateProcess(ctx context.Context, actor authz.Principal, in org.ProcessInput) (int64, error)
	UpdateProcess(ctx context.Context, actor authz.Principal, id int64, in org.ProcessInput) error
	DeleteProcess(ctx context.Context, actor authz.Principal, id int64) error

	ListApplications(ctx context.Context, actor authz.Principal, f org.ApplicationFilter, p listing.Params) (org.ListPage[org.Application], error)
	GetApplication(ctx context.Context, actor authz.Principal, id int64) (org.Application, error)
	CreateApplication(ctx context.Context, actor authz.Principal, in org.ApplicationInput) (int64, error)
	UpdateApplication(ctx context.Context, actor authz.Principal, id int64, in org.ApplicationInput) error
	DeleteApplication(ctx context.Context, actor authz.Principal, id int64) error
}

// Handlers are the structure handlers.
type Handlers struct {
	kit *kit.Kit
	org structureService
	// The kinds of the structure.
	dept kind[org.DepartmentInput, org.Department]
	proc kind[org.ProcessInput, org.Process]
	app  kind[org.ApplicationInput, org.Application]
}

// New returns the structure handlers.
func New(k *kit.Kit, o structureService) *Handlers {
	return &Handlers{kit: k, org: o, dept: departments(k, o), proc: processes(k, o), app: applications(k, o)}
}
