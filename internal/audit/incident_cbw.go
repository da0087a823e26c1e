package audit

import "github.com/baken-nl/baken/internal/authz"

// The Cbw configuration of the incidents domain (internal/incident): the
// terms of the early warning, notification and final report.
func init() {
	Entities = append(Entities, "incident_cbw_settings")
	Restrict(authz.ViewIncidents, "incident_cbw_settings")
}
