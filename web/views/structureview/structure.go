package structureview

import (
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/web/layout"
)

// DepartmentForm is the state of the afdeling form.
type DepartmentForm struct {
	ID       int64  // 0 for a new afdeling
	Name     string // the stored name, for the heading
	Input    org.DepartmentInput
	Managers []layout.Option
	Form     layout.Form
	Current  *org.Department // the stored version after a conflict
}

// ProcessForm is the state of the process form.
type ProcessForm struct {
	ID          int64
	Name        string
	Input       org.ProcessInput
	Departments []layout.Option
	Owners      []layout.Option
	Form        layout.Form
	Current     *org.Process
}

// ApplicationForm is the state of the application form.
type ApplicationForm struct {
	ID        int64
	Name      string
	Input     org.ApplicationInput
	Processes []layout.Option
	Suppliers []layout.Option // the supplier register
	Form      layout.Form
	Current   *org.Application
}

// HostingOptions lists the hosting models.
func HostingOptions() []layout.Option { return layout.EnumOptions(org.HostingSet) }
