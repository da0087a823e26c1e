package audit

import "github.com/baken-nl/baken/internal/authz"

// The settings of the public meldloket (internal/incident, meldloket.go).
func init() {
	Entities = append(Entities, "meldloket")
	Restrict(authz.ViewIncidents, "meldloket")
}
