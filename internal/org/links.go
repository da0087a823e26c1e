package org

import (
	"github.com/baken-nl/baken/internal/links"
)

// Link kinds of the structure: risk analyses, DPIAs and (later) incidents
// point at processes and applications, and their pages list what points at them.
const (
	KindProcess     = "process"
	KindApplication = "application"
)

func init() {
	links.Register(links.Kind{
		Name: KindProcess, Order: 20, Field: "process_ids", Label: "Processen", Singular: "proces", Path: "/processen",
		Hint:  "De processen waar dit over gaat.",
		Query: links.TargetSQL(KindProcess, `SELECT id, name FROM processes WHERE organisation_id = $1 AND id = ANY($2) ORDER BY lower(name), id`),
		Choices: links.Choices(`SELECT p.id, p.name, d.name FROM processes p JOIN departments d ON d.id = p.department_id
			WHERE p.organisation_id = $1 ORDER BY lower(d.name), lower(p.name), p.id`),
	})
	links.Register(links.Kind{
		Name: KindApplication, Order: 30, Field: "application_ids", Label: "Applicaties", Singular: "applicatie", Path: "/applicaties",
		Hint:    "De applicaties waar dit over gaat.",
		Query:   links.TargetSQL(KindApplication, `SELECT id, name FROM applications WHERE organisation_id = $1 AND id = ANY($2) ORDER BY lower(name), id`),
		Choices: links.Choices(`SELECT id, name, '' FROM applications WHERE organisation_id = $1 ORDER BY lower(name), id`),
	})
}
