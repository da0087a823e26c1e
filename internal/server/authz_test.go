package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/seed"
)

// roleUsers names a demo account holding exactly one role in Gemeente Voorbeeld.
var roleUsers = map[authz.Role]string{
	authz.College:          "college@voorbeeld.nl",
	authz.Directie:         "directie@voorbeeld.nl",
	authz.Afdelingsmanager: "manager.burgerzaken@voorbeeld.nl",
	authz.CISO:             "ciso@voorbeeld.nl",
	authz.DSPO:             "dspo@voorbeeld.nl",
	authz.FG:               "fg@voorbeeld.nl",
	authz.Auditor:          "auditor@voorbeeld.nl",
	authz.Medewerker:       "medewerker@voorbeeld.nl",
	authz.Beheerder:        "beheerder@voorbeeld.nl",
}

// TestEveryRouteAsEveryRole walks the whole route table as an anonymous visitor
// and as every role, and checks each outcome against the permission table.
func TestEveryRouteAsEveryRole(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	voorbeeld := a.orgID(seed.Voorbeeld)
	// Forms that must be valid for the route to do its work (the others may
	// answer 422: that still proves the request got past authorization).
	forms := map[string]url.Values{
		"POST /organisatie": {"organisation_id": {itoa(voorbeeld)}},
	}
	path := a.samplePath
	// Routes whose service also checks the item: anyone may own a plan
	// action, but only its owner, the manager of its afdeling and the CISO
	// report its progress (plan_progress_test.go). A role the table allows
	// may get that refusal, never the route's.
	perItem := map[string]string{
		"GET /plan/{id}/voortgang":  "U mag alleen de voortgang bijwerken",
		"POST /plan/{id}/voortgang": "U mag alleen de voortgang bijwerken",
		// The BIA of a process and the classification of an application:
		// managers and DSPOs only for their own afdelingen (bia_test.go).
		"GET /processen/{id}/bia":              "U mag alleen de BIA en classificatie",
		"POST /processen/{id}/bia":             "U mag alleen de BIA en classificatie",
		"GET /applicaties/{id}/classificatie":  "U mag alleen de BIA en classificatie",
		"POST /applicaties/{id}/classificatie": "U mag alleen de BIA en classificatie",
		// Accepting within the appetite: only the afdeling's own manager (decisions_test.go).
		"POST /besluiten/{id}/binnen-bereidheid": "Alleen de afdelingsmanager",
	}
	routes := a.srv.Routes()
	if len(routes) < 30 {
		t.Fatalf("route table has only %d routes", len(routes))
	}
	for _, r := range routes {
		if !authz.Known(r.Action) {
			t.Errorf("%s %s: action %q is not in the permission table", r.Method, r.Pattern, r.Action)
		}
	}

	request := func(c *client, method, p string, form url.Values) response {
		if method == http.MethodGet {
			return c.get(p)
		}
		return c.post(p, form)
	}

	t.Run("anonymous", func(t *testing.T) {
		c := a.client()
		for _, r := range routes {
			resp := request(c, r.Method, path(r.Pattern), forms[r.Method+" "+r.Pattern])
			toLogin := resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login")
			if r.Action == authz.Public && toLogin {
				t.Errorf("%s %s is public but sends anonymous visitors to the login page", r.Method, r.Pattern)
			}
			if r.Action != authz.Public && !toLogin {
				t.Errorf("%s %s: anonymous visitor got %d, want a redirect to /login", r.Method, r.Pattern, resp.StatusCode)
			}
		}
	})

	for _, role := range authz.Roles {
		t.Run(string(role), func(t *testing.T) {
			c := a.loggedIn(roleUsers[role])
			var logout *struct{ method, path string }
			for _, r := range routes {
				if r.Pattern == "/logout" {
					logout = &struct{ method, path string }{r.Method, r.Pattern}
					continue // last, or the session is gone
				}
				resp := request(c, r.Method, path(r.Pattern), forms[r.Method+" "+r.Pattern])
				allowed := r.Action == authz.Public || r.Action == authz.Authenticated || authz.Allowed(role, r.Action)
				switch {
				case allowed && resp.StatusCode == http.StatusForbidden && perItem[r.Method+" "+r.Pattern] != "":
					expectContains(t, resp, perItem[r.Method+" "+r.Pattern])
				case allowed && resp.StatusCode == http.StatusForbidden:
					t.Errorf("%s %s: %s refused (403) but the permission table allows %s", r.Method, r.Pattern, role, r.Action)
				case allowed && resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login"):
					t.Errorf("%s %s: %s was sent to the login page", r.Method, r.Pattern, role)
				case allowed && resp.StatusCode >= 500:
					t.Errorf("%s %s: %s got %d", r.Method, r.Pattern, role, resp.StatusCode)
				case !allowed && resp.StatusCode != http.StatusForbidden:
					t.Errorf("%s %s: %s got %d, want 403 (action %s)", r.Method, r.Pattern, role, resp.StatusCode, r.Action)
				}
				if !allowed {
					expectContains(t, resp, "Geen toegang")
				}
			}
			if logout == nil {
				t.Fatal("no logout route")
			}
			if resp := c.post(logout.path, nil); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("logout: status %d", resp.StatusCode)
			}
		})
	}
}

// TestNavigationFollowsPermissions checks that the menu offers exactly the
// sections the role may open.
func TestNavigationFollowsPermissions(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	for role, email := range roleUsers {
		home := a.loggedIn(email).get("/")
		expectStatus(t, home, http.StatusOK)
		for _, item := range []struct {
			href   string
			action authz.Action
		}{{`href="/gebruikers"`, authz.ViewUsers}, {`href="/audittrail"`, authz.ViewAuditTrail}, {`href="/processen"`, authz.ViewStructure}} {
			shown := strings.Contains(home.body, item.href)
			if shown != authz.Allowed(role, item.action) {
				t.Errorf("%s: menu shows %s = %v, permission table says %v", role, item.href, shown, authz.Allowed(role, item.action))
			}
		}
	}
}

// samplePath fills a route pattern with the id of a demo row of Gemeente
// Voorbeeld that the route can act on ({id} routes) or a real asset (/static/*).
func (a *app) samplePath(pattern string) string {
	voorbeeld := a.orgID(seed.Voorbeeld)
	ids := map[string]string{
		"/afdelingen":  `SELECT id FROM departments WHERE organisation_id = $1 AND name = 'Burgerzaken'`,
		"/processen":   `SELECT id FROM processes WHERE organisation_id = $1 ORDER BY id LIMIT 1`,
		"/applicaties": `SELECT id FROM applications WHERE organisation_id = $1 ORDER BY id LIMIT 1`,
		"/gebruikers":  `SELECT id FROM users WHERE email = 'medewerker@voorbeeld.nl' AND $1 > 0`,
		"/audittrail":  `SELECT id FROM audit_events WHERE organisation_id = $1 ORDER BY id LIMIT 1`,
		// A control of Burgerzaken, so its manager and DSPO may act on it.
		"/bio": `SELECT s.item_id FROM control_statuses s JOIN departments d ON d.id = s.owner_department_id
			WHERE s.organisation_id = $1 AND d.name = 'Burgerzaken' ORDER BY s.item_id LIMIT 1`,
		"/bewijs": `SELECT e.id FROM evidence e
			JOIN control_statuses s ON s.item_id = e.item_id AND s.organisation_id = e.organisation_id
			JOIN departments d ON d.id = s.owner_department_id
			WHERE e.organisation_id = $1 AND d.name = 'Burgerzaken' ORDER BY e.id LIMIT 1`,
		"/plan":                            `SELECT id FROM plan_actions WHERE organisation_id = $1 ORDER BY id LIMIT 1`,
		"/bia/instellingen/impactgebieden": `SELECT id FROM bia_impact_areas WHERE organisation_id = $1 ORDER BY id LIMIT 1`,
		// The demo risk within the appetite, of Burgerzaken (seed/decisions.go).
		"/besluiten": `SELECT id FROM risks WHERE organisation_id = $1 AND threat = 'Uitval van de afsprakenplanner op drukke dagen'`,
		// Suppliers with a stored document (seed/suppliers.go).
		"/leveranciers":                `SELECT id FROM suppliers WHERE organisation_id = $1 AND name = 'Centric'`,
		"/leveranciers/overeenkomsten": `SELECT id FROM supplier_agreements WHERE organisation_id = $1 AND content IS NOT NULL ORDER BY id LIMIT 1`,
		"/leveranciers/rapporten":      `SELECT id FROM supplier_reports WHERE organisation_id = $1 AND content IS NOT NULL ORDER BY id LIMIT 1`,
		// The demo DPIA of Burgerzaken with the FG (seed/privacy.go): its manager and DSPO may act on it.
		"/dpia": `SELECT id FROM dpias WHERE organisation_id = $1 AND title = 'DPIA Digitale verhuismelding'`,
		// The demo datalek of Burgerzaken with high impact (seed/incidents.go): every role that views incidents sees it.
		"/incidenten":      `SELECT id FROM incidents WHERE organisation_id = $1 AND title LIKE 'Uittreksels uit de BRP%'`,
		"/incidenten/mijn": `SELECT id FROM incidents WHERE organisation_id = $1 AND title LIKE 'Uittreksels uit de BRP%'`,
		// No demo attachment: an id that is not found for the roles that may download.
		"/incidenten/bijlagen": `SELECT coalesce(max(id), 1) FROM incident_attachments WHERE organisation_id = $1`,
	}
	for prefix, query := range ids {
		if strings.HasPrefix(pattern, prefix+"/{id}") {
			return strings.Replace(pattern, "{id}", itoa(a.id(query, voorbeeld)), 1)
		}
	}
	return strings.Replace(pattern, "/*", "/app.css", 1)
}
