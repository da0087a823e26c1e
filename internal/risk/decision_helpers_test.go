package risk

import "github.com/baken-nl/baken/internal/authz"

func principalWith(role authz.Role) authz.Principal {
	return authz.Principal{UserID: 1, OrgID: 1, Roles: []authz.Assignment{{Role: role}}}
}
