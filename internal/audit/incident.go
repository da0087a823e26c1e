package audit

import "github.com/baken-nl/baken/internal/authz"

// The incidents domain's entity (internal/incident): an incident, with its
// classification, status changes and timeline entries.
func init() {
	Entities = append(Entities, "incident")
	Restrict(authz.ViewIncidents, "incident")
}
