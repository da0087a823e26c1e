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
func (s *Server) buildRoutes(h handlers) http.Handler {
	r := chi.NewRouter()
	r.Use(s.observe, securityHeaders, s.hsts, middleware.GetHead)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.kit.RenderError(w, r, http.StatusNotFound) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) { s.kit.RenderError(w, r, http.StatusMethodNotAllowed) })

	// Operations and assets: no session needed.
	r.Group(func(r chi.Router) {
		t := table{s, r}
		t.handle("GET", "/healthz", authz.Public, h.ops.Healthz)
		t.handle("GET", "/readyz", authz.Public, h.ops.Readyz)
		t.handle("GET", "/metrics", authz.Public, s.metrics.handler().ServeHTTP)
		if s.cfg.LoadReference {
			// Load tests only (BAKEN_LOAD_REFERENCE=1): see ops/load.go.
			s.log.Warn("BAKEN_LOAD_REFERENCE=1: serving /_load/select1 for load tests; never set this in production")
			t.handle("GET", "/_load/select1", authz.Public, h.ops.LoadSelect1)
		}
		assets, _ := fs.Sub(static.FS, ".")
		t.handle("GET", "/static/*", authz.Public, http.StripPrefix("/static/", s.staticFiles(assets)).ServeHTTP)
	})

	// The portal: sessions, cross-origin protection and the principal.
	r.Group(func(r chi.Router) {
		r.Use(s.crossOrigin, s.validText, s.sessions.LoadAndSave, s.loadPrincipal)
		t := table{s, r}

		t.handle("GET", "/login", authz.Public, h.account.LoginForm)
		t.handle("POST", "/login", authz.Public, h.account.Login)
		t.handle("POST", "/logout", authz.Authenticated, h.account.Logout)
		t.handle("GET", "/organisatie", authz.Authenticated, h.account.ChooseOrganisation)
		t.handle("POST", "/organisatie", authz.Authenticated, h.account.SwitchOrganisation)
		t.handle("GET", "/account/wachtwoord", authz.Authenticated, h.account.PasswordForm)
		t.handle("POST", "/account/wachtwoord", authz.Authenticated, h.account.PasswordChange)

		t.page("/", authz.ViewHome, h.account.Home)

		t.page("/afdelingen", authz.ViewStructure, h.structure.DepartmentList)
		t.handle("GET", "/afdelingen/nieuw", authz.EditStructure, h.structure.DepartmentNew)
		t.handle("POST", "/afdelingen", authz.EditStructure, h.structure.DepartmentCreate)
		t.handle("GET", "/afdelingen/{id}", authz.EditStructure, h.structure.DepartmentEdit)
		t.handle("POST", "/afdelingen/{id}", authz.EditStructure, h.structure.DepartmentUpdate)
		t.handle("POST", "/afdelingen/{id}/verwijderen", authz.EditStructure, h.structure.DepartmentDelete)

		t.page("/processen", authz.ViewStructure, h.structure.ProcessList)
		t.handle("GET", "/processen/nieuw", authz.EditStructure, h.structure.ProcessNew)
		t.handle("POST", "/processen", authz.EditStructure, h.structure.ProcessCreate)
		t.handle("GET", "/processen/{id}", authz.ViewStructure, h.biaweb.ProcessShow)
		t.handle("GET", "/processen/{id}/bewerken", authz.EditStructure, h.structure.ProcessEdit)
		t.handle("POST", "/processen/{id}", authz.EditStructure, h.structure.ProcessUpdate)
		t.handle("POST", "/processen/{id}/verwijderen", authz.EditStructure, h.structure.ProcessDelete)

		t.page("/applicaties", authz.ViewStructure, h.structure.ApplicationList)
		t.handle("GET", "/applicaties/nieuw", authz.EditStructure, h.structure.ApplicationNew)
		t.handle("POST", "/applicaties", authz.EditStructure, h.structure.ApplicationCreate)
		t.handle("GET", "/applicaties/{id}", authz.ViewStructure, h.biaweb.ApplicationShow)
		t.handle("GET", "/applicaties/{id}/bewerken", authz.EditStructure, h.structure.ApplicationEdit)
		t.handle("POST", "/applicaties/{id}", authz.EditStructure, h.structure.ApplicationUpdate)
		t.handle("POST", "/applicaties/{id}/verwijderen", authz.EditStructure, h.structure.ApplicationDelete)

		t.page("/gebruikers", authz.ViewUsers, h.users.UserList)
		t.handle("GET", "/gebruikers/nieuw", authz.ManageUsers, h.users.UserNew)
		t.handle("POST", "/gebruikers", authz.ManageUsers, h.users.UserCreate)
		t.handle("GET", "/gebruikers/{id}", authz.ViewUsers, h.users.UserShow)
		t.handle("POST", "/gebruikers/{id}", authz.ManageUsers, h.users.UserUpdate)
		t.handle("POST", "/gebruikers/{id}/rollen", authz.ManageUsers, h.users.UserAddRole)
		t.handle("POST", "/gebruikers/{id}/rollen/verwijderen", authz.ManageUsers, h.users.UserRemoveRole)
		t.handle("POST", "/gebruikers/{id}/wachtwoord", authz.ManageUsers, h.users.UserResetPassword)
		t.handle("POST", "/gebruikers/{id}/deblokkeren", authz.ManageUsers, h.users.UserUnlock)

		// BIO: implementation per control, evidence, GAP analysis, exports.
		t.page("/bio", authz.ViewControls, h.bio.ControlList)
		t.page("/bio/gap", authz.ViewControls, h.bio.GapView)
		t.handle("GET", "/bio/export/vvt.xlsx", authz.ExportReports, h.bio.ExportVVT)
		t.handle("GET", "/bio/export/vvt.pdf", authz.ExportReports, h.bio.ExportVVTPDF)
		t.handle("GET", "/bio/export/gap.xlsx", authz.ExportReports, h.bio.ExportGapXLSX)
		t.handle("GET", "/bio/export/gap.pdf", authz.ExportReports, h.bio.ExportGapPDF)
		t.handle("GET", "/bio/instellingen", authz.ManageCatalogue, h.bio.CatalogueSettings)
		t.handle("POST", "/bio/instellingen", authz.ManageCatalogue, h.bio.CatalogueSettingsUpdate)
		t.handle("POST", "/bio/instellingen/tekst", authz.ManageCatalogue, h.bio.CatalogueTextUpload)
		t.handle("POST", "/bio/overnemen", authz.ManageCatalogue, h.bio.CarryOver)
		t.handle("GET", "/bio/import", authz.ImportControls, h.bio.ImportForm)
		t.handle("POST", "/bio/import", authz.ImportControls, h.bio.ImportUpload)
		t.handle("GET", "/bio/import/{id}", authz.ImportControls, h.bio.ImportPreview)
		t.handle("POST", "/bio/import/{id}/bevestigen", authz.ImportControls, h.bio.ImportConfirm)
		t.handle("POST", "/bio/bulk", authz.EditControls, h.bio.BulkPreview)
		t.handle("POST", "/bio/bulk/bevestigen", authz.EditControls, h.bio.BulkApply)
		t.handle("GET", "/bio/{id}", authz.ViewControls, h.bio.ControlShow)
		t.handle("POST", "/bio/{id}", authz.EditControls, h.bio.ControlUpdate)
		t.handle("POST", "/bio/{id}/beoordelen", authz.ReviewControls, h.bio.ControlReview)
		t.handle("POST", "/bio/{id}/bewijs", authz.EditControls, h.bio.EvidenceAdd)
		t.handle("GET", "/bewijs/{id}", authz.ViewControls, h.bio.EvidenceDownload)
		t.handle("POST", "/bewijs/{id}/verwijderen", authz.EditControls, h.bio.EvidenceRemove)
		t.page("/ambitie", authz.ViewControls, h.bio.AmbitionShow)
		t.handle("POST", "/ambitie", authz.SetAmbition, h.bio.AmbitionUpdate)

		// Informatiebeveiligingsplan.
		t.page("/plan", authz.ViewPlan, h.plans.PlanList)
		t.handle("GET", "/plan/export.xlsx", authz.ViewPlan, h.plans.PlanExport)
		t.handle("GET", "/plan/nieuw", authz.EditPlan, h.plans.PlanNew)
		t.handle("POST", "/plan", authz.EditPlan, h.plans.PlanCreate)
		t.handle("GET", "/plan/{id}", authz.ViewPlan, h.plans.PlanShow)
		t.handle("POST", "/plan/{id}", authz.EditPlan, h.plans.PlanUpdate)
		t.handle("POST", "/plan/{id}/verwijderen", authz.EditPlan, h.plans.PlanDelete)
		t.handle("GET", "/plan/{id}/voortgang", authz.UpdatePlanProgress, h.plans.ProgressShow)
		t.handle("POST", "/plan/{id}/voortgang", authz.UpdatePlanProgress, h.plans.ProgressUpdate)

		// BIA and classification (internal/bia).
		t.handle("GET", "/processen/{id}/bia", authz.EditBIA, h.biaweb.BIAEdit)
		t.handle("POST", "/processen/{id}/bia", authz.EditBIA, h.biaweb.BIAUpdate)
		t.handle("GET", "/applicaties/{id}/classificatie", authz.EditBIA, h.biaweb.OverrideEdit)
		t.handle("POST", "/applicaties/{id}/classificatie", authz.EditBIA, h.biaweb.OverrideUpdate)
		t.handle("GET", "/bia/instellingen", authz.ConfigureRisk, h.biaweb.Settings)
		t.handle("POST", "/bia/instellingen/schalen", authz.ConfigureRisk, h.biaweb.ScalesUpdate)
		t.handle("POST", "/bia/instellingen/impactgebieden", authz.ConfigureRisk, h.biaweb.AreaCreate)
		t.handle("GET", "/bia/instellingen/impactgebieden/{id}", authz.ConfigureRisk, h.biaweb.AreaEdit)
		t.handle("POST", "/bia/instellingen/impactgebieden/{id}", authz.ConfigureRisk, h.biaweb.AreaUpdate)

		// Risk register (internal/risk, register.go).
		t.page("/risicos", authz.ViewRisks, h.risks.Register)
		t.handle("GET", "/risicos/export.xlsx", authz.ViewRisks, h.risks.Export)
		// Risk appetite and decisions on risks (internal/risk, decision*.go).
		t.handle("GET", "/risicobereidheid", authz.ViewRisks, h.decisions.AppetiteShow)
		t.handle("POST", "/risicobereidheid", authz.SetRiskAppetite, h.decisions.AppetiteUpdate)
		t.page("/besluiten", authz.ViewRisks, h.decisions.Queue)
		t.handle("GET", "/besluiten/{id}", authz.ViewRisks, h.decisions.RiskShow)
		t.handle("POST", "/besluiten/{id}", authz.DecideRisks, h.decisions.Decide)
		t.handle("POST", "/besluiten/{id}/binnen-bereidheid", authz.EditRisks, h.decisions.AcceptWithin)
		t.page("/risicos/geaccepteerd", authz.ViewRisks, h.decisions.Register)
		// Risk analyses: the guided flow and the CISO's review (internal/risk, analysis*.go).
		t.page("/risicoanalyses", authz.ViewRisks, h.analyses.List)
		t.handle("GET", "/risicoanalyses/nieuw", authz.EditRisks, h.analyses.New)
		t.handle("POST", "/risicoanalyses", authz.EditRisks, h.analyses.Create)
		t.handle("GET", "/risicoanalyses/{id}", authz.ViewRisks, h.analyses.Show)
		t.handle("GET", "/risicoanalyses/{id}/bewerken", authz.EditRisks, h.analyses.Edit)
		t.handle("POST", "/risicoanalyses/{id}/bewerken", authz.EditRisks, h.analyses.Update)
		t.handle("GET", "/risicoanalyses/{id}/risicos/nieuw", authz.EditRisks, h.analyses.RiskNew)
		t.handle("POST", "/risicoanalyses/{id}/risicos", authz.EditRisks, h.analyses.RiskSave)
		t.handle("GET", "/risicoanalyses/{id}/risicos/{rid}", authz.EditRisks, h.analyses.RiskEdit)
		t.handle("POST", "/risicoanalyses/{id}/risicos/{rid}", authz.EditRisks, h.analyses.RiskSave)
		t.handle("GET", "/risicoanalyses/{id}/risicos/{rid}/behandeling", authz.EditRisks, h.analyses.TreatmentEdit)
		t.handle("POST", "/risicoanalyses/{id}/risicos/{rid}/behandeling", authz.EditRisks, h.analyses.TreatmentSave)
		t.handle("POST", "/risicoanalyses/{id}/risicos/{rid}/verwijderen", authz.EditRisks, h.analyses.RiskDelete)
		t.handle("POST", "/risicoanalyses/{id}/indienen", authz.EditRisks, h.analyses.Submit)
		t.handle("POST", "/risicoanalyses/{id}/heropenen", authz.EditRisks, h.analyses.Reopen)
		t.handle("POST", "/risicoanalyses/{id}/vaststellen", authz.ReviewRisks, h.analyses.Establish)
		t.handle("POST", "/risicoanalyses/{id}/terugzetten", authz.ReviewRisks, h.analyses.SendBack)
		t.page("/risicos/matrix", authz.ViewRisks, h.riskmatrix.Show)
		t.handle("POST", "/risicos/matrix", authz.ConfigureRisk, h.riskmatrix.Save)

		t.page("/leveranciers", authz.ViewSuppliers, h.suppliers.List)
		t.handle("GET", "/leveranciers/nieuw", authz.EditSuppliers, h.suppliers.New)
		t.handle("POST", "/leveranciers", authz.EditSuppliers, h.suppliers.Create)
		t.page("/leveranciers/verlopen", authz.ViewSuppliers, h.suppliers.Expiring)
		t.handle("GET", "/leveranciers/{id}", authz.ViewSuppliers, h.suppliers.Show)
		t.handle("GET", "/leveranciers/{id}/bewerken", authz.EditSuppliers, h.suppliers.Edit)
		t.handle("POST", "/leveranciers/{id}", authz.EditSuppliers, h.suppliers.Update)
		t.handle("GET", "/leveranciers/{id}/overeenkomsten/nieuw", authz.EditSuppliers, h.suppliers.AgreementNew)
		t.handle("POST", "/leveranciers/{id}/overeenkomsten", authz.EditSuppliers, h.suppliers.AgreementCreate)
		t.handle("GET", "/leveranciers/overeenkomsten/{id}", authz.EditSuppliers, h.suppliers.AgreementEdit)
		t.handle("POST", "/leveranciers/overeenkomsten/{id}", authz.EditSuppliers, h.suppliers.AgreementUpdate)
		t.handle("GET", "/leveranciers/overeenkomsten/{id}/document", authz.ViewSuppliers, h.suppliers.AgreementDocument)
		t.handle("GET", "/leveranciers/{id}/rapporten/nieuw", authz.EditSuppliers, h.suppliers.ReportNew)
		t.handle("POST", "/leveranciers/{id}/rapporten", authz.EditSuppliers, h.suppliers.ReportCreate)
		t.handle("GET", "/leveranciers/rapporten/{id}", authz.EditSuppliers, h.suppliers.ReportEdit)
		t.handle("POST", "/leveranciers/rapporten/{id}", authz.EditSuppliers, h.suppliers.ReportUpdate)
		t.handle("GET", "/leveranciers/rapporten/{id}/document", authz.ViewSuppliers, h.suppliers.ReportDocument)

		// DPIA register (internal/privacy).
		t.page("/dpia", authz.ViewPrivacy, h.privacyweb.List)
		t.handle("GET", "/dpia/nieuw", authz.EditDPIA, h.privacyweb.New)
		t.handle("POST", "/dpia", authz.EditDPIA, h.privacyweb.Create)
		t.handle("GET", "/dpia/{id}", authz.ViewPrivacy, h.privacyweb.Show)
		t.handle("GET", "/dpia/{id}/bewerken", authz.EditDPIA, h.privacyweb.Edit)
		t.handle("POST", "/dpia/{id}", authz.EditDPIA, h.privacyweb.Update)
		t.handle("POST", "/dpia/{id}/status", authz.EditDPIA, h.privacyweb.Status)
		t.handle("POST", "/dpia/{id}/advies", authz.AdviseDPIA, h.privacyweb.Advise)
		t.handle("POST", "/dpia/{id}/besluit", authz.DecideDPIA, h.privacyweb.Decide)

		// Incidents (internal/incident): everyone reports; the register is scoped in the service.
		t.handle("GET", "/incidenten/melden", authz.ReportIncident, h.incidents.ReportNew)
		t.handle("POST", "/incidenten/melden", authz.ReportIncident, h.incidents.Report)
		t.handle("GET", "/incidenten/mijn", authz.ReportIncident, h.incidents.Mine)
		t.handle("GET", "/incidenten/mijn/{id}", authz.ReportIncident, h.incidents.Own)
		t.handle("GET", "/incidenten", authz.ViewIncidents, h.incidents.List)
		t.handle("GET", "/incidenten/export.xlsx", authz.ViewIncidents, h.incidents.Export)
		t.handle("GET", "/incidenten/cijfers", authz.ViewIncidents, h.incidents.Figures)
		t.handle("GET", "/incidenten/export.csv", authz.ViewIncidents, h.incidents.ExportCSV)
		t.handle("GET", "/incidenten/ibd.xlsx", authz.ViewIncidents, h.incidents.ExportIBD)
		t.handle("GET", "/incidenten/ibd.csv", authz.ViewIncidents, h.incidents.ExportIBDCSV)
		t.handle("GET", "/incidenten/datalekregister.xlsx", authz.ViewIncidents, h.incidents.ExportDatalekken)
		t.handle("GET", "/incidenten/datalekregister.csv", authz.ViewIncidents, h.incidents.ExportDatalekkenCSV)
		t.handle("GET", "/incidenten/cijfers.xlsx", authz.ViewIncidents, h.incidents.FiguresExport)
		t.handle("GET", "/incidenten/maandoverzicht", authz.ViewIncidents, h.incidents.Month)
		t.handle("GET", "/incidenten/{id}", authz.ViewIncidents, h.incidents.Show)
		t.handle("POST", "/incidenten/{id}", authz.HandleIncidents, h.incidents.Classify)
		t.handle("POST", "/incidenten/{id}/status", authz.HandleIncidents, h.incidents.Status)
		t.handle("POST", "/incidenten/{id}/tijdlijn", authz.HandleIncidents, h.incidents.Entry)
		t.handle("POST", "/incidenten/{id}/datalek", authz.HandleIncidents, h.incidents.Datalek)
		t.handle("POST", "/incidenten/{id}/acties", authz.HandleIncidents, h.incidents.Action)
		t.handle("POST", "/incidenten/{id}/cbw", authz.HandleIncidents, h.incidents.Cbw)
		t.handle("POST", "/incidenten/{id}/csirt", authz.HandleIncidents, h.incidents.Csirt)
		t.handle("GET", "/incidenten/instellingen", authz.ConfigureIncidents, h.incidents.Settings)
		t.handle("POST", "/incidenten/instellingen", authz.ConfigureIncidents, h.incidents.SettingsSave)
		// Attachments, retention and the reporter's details (internal/incident/attachments.go, retention.go).
		t.handle("POST", "/incidenten/{id}/bijlagen", authz.HandleIncidents, h.incidents.Attach)
		t.handle("GET", "/incidenten/bijlagen/{id}", authz.ViewIncidents, h.incidents.Attachment)
		t.handle("POST", "/incidenten/{id}/melder-verwijderen", authz.RemoveIncidentReporter, h.incidents.RemoveReporter)
		t.handle("GET", "/incidenten/bewaartermijn", authz.PurgeIncidents, h.incidents.Retention)
		t.handle("POST", "/incidenten/bewaartermijn", authz.PurgeIncidents, h.incidents.PurgeConfirm)
		t.handle("POST", "/incidenten/bewaartermijn/verwijderen", authz.PurgeIncidents, h.incidents.Purge)
		// The public meldloket (internal/incident, meldloket.go): the CISO switches it on; the public pages
		// need no login and reach only the loket of their token (404 when unknown or off) and, for the
		// status, the one report of the follow-up code.
		t.handle("GET", "/incidenten/meldloket", authz.ConfigureMeldloket, h.meldloket.Settings)
		t.handle("POST", "/incidenten/meldloket", authz.ConfigureMeldloket, h.meldloket.SettingsUpdate)
		t.handle("GET", "/meldloket/{token}", authz.Public, h.meldloket.Form)
		t.handle("POST", "/meldloket/{token}", authz.Public, h.meldloket.Report)
		t.handle("GET", "/meldloket/{token}/status", authz.Public, h.meldloket.StatusForm)
		t.handle("POST", "/meldloket/{token}/status", authz.Public, h.meldloket.Status)
		t.handle("GET", "/incidenten/{id}/ap-gegevens", authz.HandleIncidents, h.incidents.FactsForm)
		t.handle("POST", "/incidenten/{id}/ap-gegevens", authz.HandleIncidents, h.incidents.SaveFacts)
		t.handle("GET", "/incidenten/{id}/ap-concept", authz.ViewIncidents, h.incidents.Concept)
		t.handle("POST", "/incidenten/{id}/aanvullende-meldingen", authz.HandleIncidents, h.incidents.FollowUp)
		t.handle("POST", "/incidenten/{id}/fg-advies", authz.AdviseDatalek, h.incidents.Advise)

		t.page("/audittrail", authz.ViewAuditTrail, h.audittrail.AuditList)
		t.handle("GET", "/audittrail/{id}", authz.ViewAuditTrail, h.audittrail.AuditShow)
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

// page is handle for a GET page that may be kept rendered (pagecache.go):
// one that shows the organisation's data as of a date, and nothing that
// changes by the hour.
func (t table) page(pattern string, action authz.Action, h http.HandlerFunc) {
	t.s.routes = append(t.s.routes, Route{Method: "GET", Pattern: pattern, Action: action, Cached: true})
	t.r.Method("GET", pattern, t.s.require(action, t.s.cached(h)))
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
