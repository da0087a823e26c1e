package server

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/web/static"
)

// buildRoutes is the route table of the portal. Every route names the action
// it requires; authz holds the one table that says which roles may perform it.
func (s *Server) buildRoutes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.observe, securityHeaders, s.hsts, middleware.GetHead)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.kit.RenderError(w, r, http.StatusNotFound) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) { s.kit.RenderError(w, r, http.StatusMethodNotAllowed) })

	// Operations and assets: no session needed.
	r.Group(func(r chi.Router) {
		t := table{s, r}
		t.handle("GET", "/healthz", authz.Public, s.healthz)
		t.handle("GET", "/readyz", authz.Public, s.readyz)
		t.handle("GET", "/metrics", authz.Public, s.metrics.handler().ServeHTTP)
		if s.cfg.LoadReference {
			// Load tests only (BAKEN_LOAD_REFERENCE=1): see handlers_load.go.
			s.log.Warn("BAKEN_LOAD_REFERENCE=1: serving /_load/select1 for load tests; never set this in production")
			t.handle("GET", "/_load/select1", authz.Public, s.loadSelect1)
		}
		assets, _ := fs.Sub(static.FS, ".")
		t.handle("GET", "/static/*", authz.Public, http.StripPrefix("/static/", s.staticFiles(assets)).ServeHTTP)
	})

	// The portal: sessions, cross-origin protection and the principal.
	r.Group(func(r chi.Router) {
		r.Use(s.crossOrigin, s.validText, s.sessions.LoadAndSave, s.loadPrincipal)
		t := table{s, r}

		t.handle("GET", "/login", authz.Public, s.loginForm)
		t.handle("POST", "/login", authz.Public, s.login)
		t.handle("POST", "/logout", authz.Authenticated, s.logout)
		t.handle("GET", "/organisatie", authz.Authenticated, s.chooseOrganisation)
		t.handle("POST", "/organisatie", authz.Authenticated, s.switchOrganisation)
		t.handle("GET", "/account/wachtwoord", authz.Authenticated, s.passwordForm)
		t.handle("POST", "/account/wachtwoord", authz.Authenticated, s.passwordChange)

		t.handle("GET", "/", authz.ViewHome, s.home)

		t.handle("GET", "/afdelingen", authz.ViewStructure, s.departmentList)
		t.handle("GET", "/afdelingen/nieuw", authz.EditStructure, s.departmentNew)
		t.handle("POST", "/afdelingen", authz.EditStructure, s.departmentCreate)
		t.handle("GET", "/afdelingen/{id}", authz.EditStructure, s.departmentEdit)
		t.handle("POST", "/afdelingen/{id}", authz.EditStructure, s.departmentUpdate)
		t.handle("POST", "/afdelingen/{id}/verwijderen", authz.EditStructure, s.departmentDelete)

		t.handle("GET", "/processen", authz.ViewStructure, s.processList)
		t.handle("GET", "/processen/nieuw", authz.EditStructure, s.processNew)
		t.handle("POST", "/processen", authz.EditStructure, s.processCreate)
		t.handle("GET", "/processen/{id}", authz.EditStructure, s.processEdit)
		t.handle("POST", "/processen/{id}", authz.EditStructure, s.processUpdate)
		t.handle("POST", "/processen/{id}/verwijderen", authz.EditStructure, s.processDelete)

		t.handle("GET", "/applicaties", authz.ViewStructure, s.applicationList)
		t.handle("GET", "/applicaties/nieuw", authz.EditStructure, s.applicationNew)
		t.handle("POST", "/applicaties", authz.EditStructure, s.applicationCreate)
		t.handle("GET", "/applicaties/{id}", authz.EditStructure, s.applicationEdit)
		t.handle("POST", "/applicaties/{id}", authz.EditStructure, s.applicationUpdate)
		t.handle("POST", "/applicaties/{id}/verwijderen", authz.EditStructure, s.applicationDelete)

		t.handle("GET", "/gebruikers", authz.ViewUsers, s.userList)
		t.handle("GET", "/gebruikers/nieuw", authz.ManageUsers, s.userNew)
		t.handle("POST", "/gebruikers", authz.ManageUsers, s.userCreate)
		t.handle("GET", "/gebruikers/{id}", authz.ViewUsers, s.userShow)
		t.handle("POST", "/gebruikers/{id}", authz.ManageUsers, s.userUpdate)
		t.handle("POST", "/gebruikers/{id}/rollen", authz.ManageUsers, s.userAddRole)
		t.handle("POST", "/gebruikers/{id}/rollen/verwijderen", authz.ManageUsers, s.userRemoveRole)
		t.handle("POST", "/gebruikers/{id}/wachtwoord", authz.ManageUsers, s.userResetPassword)
		t.handle("POST", "/gebruikers/{id}/deblokkeren", authz.ManageUsers, s.userUnlock)

		// BIO: implementation per control, evidence, GAP analysis, exports.
		t.handle("GET", "/bio", authz.ViewControls, s.controlList)
		t.handle("GET", "/bio/gap", authz.ViewControls, s.gapView)
		t.handle("GET", "/bio/export/vvt.xlsx", authz.ExportReports, s.exportVVT)
		t.handle("GET", "/bio/export/vvt.pdf", authz.ExportReports, s.exportVVTPDF)
		t.handle("GET", "/bio/export/gap.xlsx", authz.ExportReports, s.exportGapXLSX)
		t.handle("GET", "/bio/export/gap.pdf", authz.ExportReports, s.exportGapPDF)
		t.handle("GET", "/bio/instellingen", authz.ManageCatalogue, s.catalogueSettings)
		t.handle("POST", "/bio/instellingen", authz.ManageCatalogue, s.catalogueSettingsUpdate)
		t.handle("POST", "/bio/overnemen", authz.ManageCatalogue, s.carryOver)
		t.handle("GET", "/bio/{id}", authz.ViewControls, s.controlShow)
		t.handle("POST", "/bio/{id}", authz.EditControls, s.controlUpdate)
		t.handle("POST", "/bio/{id}/beoordelen", authz.ReviewControls, s.controlReview)
		t.handle("POST", "/bio/{id}/bewijs", authz.EditControls, s.evidenceAdd)
		t.handle("GET", "/bewijs/{id}", authz.ViewControls, s.evidenceDownload)
		t.handle("POST", "/bewijs/{id}/verwijderen", authz.EditControls, s.evidenceRemove)
		t.handle("GET", "/ambitie", authz.ViewControls, s.ambitionShow)
		t.handle("POST", "/ambitie", authz.SetAmbition, s.ambitionUpdate)

		// Informatiebeveiligingsplan.
		t.handle("GET", "/plan", authz.ViewPlan, s.planList)
		t.handle("GET", "/plan/export.xlsx", authz.ViewPlan, s.planExport)
		t.handle("GET", "/plan/nieuw", authz.EditPlan, s.planNew)
		t.handle("POST", "/plan", authz.EditPlan, s.planCreate)
		t.handle("GET", "/plan/{id}", authz.ViewPlan, s.planShow)
		t.handle("POST", "/plan/{id}", authz.EditPlan, s.planUpdate)
		t.handle("POST", "/plan/{id}/verwijderen", authz.EditPlan, s.planDelete)

		t.handle("GET", "/audittrail", authz.ViewAuditTrail, s.auditList)
		t.handle("GET", "/audittrail/{id}", authz.ViewAuditTrail, s.auditShow)
	})
	return r
}

// table registers routes and records them with their action.
type table struct {
	s *Server
	r chi.Router
}

func (t table) handle(method, pattern string, action authz.Action, h http.HandlerFunc) {
	t.s.routes = append(t.s.routes, Route{Method: method, Pattern: pattern, Action: action})
	t.r.Method(method, pattern, t.s.require(action, h))
}

// staticFiles serves the embedded assets with a cache lifetime; they change
// only with a new binary.
func (s *Server) staticFiles(assets fs.FS) http.Handler {
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Files only: a directory would be answered with a listing.
		name := strings.TrimSuffix(r.URL.Path, "/")
		if st, err := fs.Stat(assets, name); err != nil || st.IsDir() || name != r.URL.Path {
			s.kit.RenderError(w, r, http.StatusNotFound)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
