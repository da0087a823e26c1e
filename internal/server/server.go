// Package server is the HTTP layer: one route table (routes.go) in which every
// route names its permission, the middleware around it, and thin handlers that
// parse input, call one domain service and render a templ view. The handlers
// live in one package per domain (account, structure, users, audittrail, bio,
// plans, ops), each a Handlers struct holding the kit and the narrow interface
// of the service it uses.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/bia"
	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/config"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/incident"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/plan"
	"github.com/baken-nl/baken/internal/privacy"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/server/account"
	"github.com/baken-nl/baken/internal/server/analyses"
	"github.com/baken-nl/baken/internal/server/audittrail"
	"github.com/baken-nl/baken/internal/server/biaweb"
	"github.com/baken-nl/baken/internal/server/bio"
	"github.com/baken-nl/baken/internal/server/decisions"
	"github.com/baken-nl/baken/internal/server/incidents"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/internal/server/ops"
	"github.com/baken-nl/baken/internal/server/plans"
	"github.com/baken-nl/baken/internal/server/privacyweb"
	"github.com/baken-nl/baken/internal/server/risks"
	"github.com/baken-nl/baken/internal/server/structure"
	"github.com/baken-nl/baken/internal/server/suppliers"
	"github.com/baken-nl/baken/internal/server/users"
	"github.com/baken-nl/baken/internal/supplier"
)

// Server holds the dependencies of the middleware and the route table; the
// handlers live in one package per domain and share the kit.
type Server struct {
	cfg      config.Config
	db       *db.DB
	log      *slog.Logger
	auth     *auth.Service
	org      *org.Service
	bio      *compliance.Service
	sessions *scs.SessionManager
	kit      *kit.Kit
	metrics  *metrics
	pages    *pageCache
	routes   []Route
	handler  http.Handler
	now      func() time.Time
}

// Route is one entry of the route table, kept for the authorization test and docs.
type Route struct {
	Method  string
	Pattern string
	Action  authz.Action
	Cached  bool // rendered pages kept (table.page)
}

// Options tune a Server for tests.
type Options struct {
	// PasswordParams overrides the argon2id cost (tests use cheap parameters).
	PasswordParams *auth.Params
	// Now overrides the clock.
	Now func() time.Time
}

// New builds the server and its route table.
func New(cfg config.Config, d *db.DB, log *slog.Logger, opts Options) *Server {
	s := &Server{cfg: cfg, db: d, log: log, now: time.Now}
	if opts.Now != nil {
		s.now = opts.Now
	}
	s.auth = auth.NewService(d, cfg.LoginConcurrency)
	s.auth.CachePrincipals(cfg.PrincipalCache)
	s.auth.Now = s.now
	if opts.PasswordParams != nil {
		s.auth.Params = *opts.PasswordParams
	}
	s.org = &org.Service{DB: d}
	s.bio = &compliance.Service{DB: d, Now: s.now}

	s.sessions = scs.New()
	s.sessions.Store = newSessionStore(d.Pool, 10*time.Minute, log)
	// scs's own idle timeout moves the expiry on every request and so writes
	// the session on every request, a plain GET included. loadPrincipal
	// keeps the idle deadline itself and writes it at most once a minute.
	s.sessions.IdleTimeout = 0
	s.sessions.Lifetime = cfg.SessionLifetime
	s.sessions.Codec = sessionCodec{}
	s.sessions.Cookie.Name = "baken_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = cfg.SecureCookies()
	s.sessions.Cookie.Persist = false
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.kit.ServerError(w, r, err)
	}

	s.kit = &kit.Kit{Config: cfg, DB: d, Log: log, Sessions: s.sessions, Now: s.now}

	s.metrics = newMetrics()
	if s.pages = newPageCache(cfg.PageCache, s.metrics); s.pages != nil {
		d.OnWrite(s.pages.forget)
	}
	s.handler = s.buildRoutes(handlers{
		ops:        ops.New(s.kit, d, d.Pool),
		account:    account.New(s.kit, s.auth),
		structure:  structure.New(s.kit, s.org),
		users:      users.New(s.kit, s.auth, s.org),
		bio:        bio.New(s.kit, s.bio, s.org),
		plans:      plans.New(s.kit, &plan.Service{DB: d, Now: s.now}, s.org),
		audittrail: audittrail.New(s.kit, s.org),
		biaweb:     biaweb.New(s.kit, &bia.Service{DB: d}, s.org),
		risks:      risks.New(s.kit, &risk.RegisterService{DB: d}, s.org),
		decisions:  decisions.New(s.kit, &risk.DecisionService{DB: d, Now: s.now}),
		analyses:   analyses.New(s.kit, &risk.AnalysisService{DB: d, Now: s.now}),
		riskmatrix: analyses.NewMatrix(s.kit, &risk.MatrixService{DB: d}),
		suppliers:  suppliers.New(s.kit, &supplier.Service{DB: d, Now: s.now}),
		privacyweb: privacyweb.New(s.kit, &privacy.Service{DB: d}),
		incidents:  incidents.New(s.kit, &incident.Service{DB: d, Now: s.now}),
		meldloket:  incidents.NewLoket(s.kit, &incident.Service{DB: d, Now: s.now}),
	})
	return s
}

// handlers are the handler structs of the domains, one package each; the
// route table points at their methods.
type handlers struct {
	ops        *ops.Handlers
	account    *account.Handlers
	structure  *structure.Handlers
	users      *users.Handlers
	bio        *bio.Handlers
	risks      *risks.Handlers
	plans      *plans.Handlers
	audittrail *audittrail.Handlers
	biaweb     *biaweb.Handlers
	decisions  *decisions.Handlers
	analyses   *analyses.Handlers
	riskmatrix *analyses.MatrixHandlers
	suppliers  *suppliers.Handlers
	privacyweb *privacyweb.Handlers
	incidents  *incidents.Handlers
	meldloket  *incidents.Loket
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns the route table.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

// Close stops background work (the session cleanup goroutine).
func (s *Server) Close() {
	if st, ok := s.sessions.Store.(*sessionStore); ok {
		st.StopCleanup()
	}
}

// Run serves on addr until ctx ends, then shuts down gracefully: in-flight
// requests get up to 20 seconds to finish.
func (s *Server) Run(ctx context.Context, addr string, ready func(addr string)) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	ln, err := listen(addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down: waiting for in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	s.Close()
	return nil
}
