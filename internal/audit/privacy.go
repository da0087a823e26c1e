package audit

import "github.com/baken-nl/baken/internal/authz"

// The privacy domain's entity (internal/privacy): a DPIA, with its advice
// and decision.
func init() {
	Entities = append(Entities, "dpia")
	Restrict(authz.ViewPrivacy, "dpia")
}
