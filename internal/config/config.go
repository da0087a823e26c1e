// Package config turns the process environment into a validated Config.
// Every setting has a default where one is safe; invalid values fail fast with
// a message that names the variable.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is the complete runtime configuration of Baken.
type Config struct {
	// DatabaseURL is the PostgreSQL connection string. Empty means "start a
	// private development cluster" (only the dev subcommand allows that).
	DatabaseURL string
	// OwnerDatabaseURL connects as the owner of the tables, for migrations,
	// the demo data and the command line; DatabaseURL when empty. The portal
	// itself uses DatabaseURL, a role that owns nothing, so row-level
	// security holds for every query it sends.
	OwnerDatabaseURL string
	// Addr is the listen address of the HTTP server.
	Addr string
	// BaseURL is the public URL of the portal; its scheme decides whether
	// cookies are marked Secure.
	BaseURL *url.URL
	// SessionIdleTimeout ends a session after this much inactivity.
	SessionIdleTimeout time.Duration
	// SessionLifetime ends a session this long after login, whatever happens.
	SessionLifetime time.Duration
	// LogLevel is the minimum level written to the log.
	LogLevel slog.Level
	// MaxUploadBytes limits evidence uploads.
	MaxUploadBytes int64
	// DataDir holds the private development cluster (dev only).
	DataDir string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed; from anyone else the header is ignored.
	TrustedProxies []netip.Prefix
	// DBMaxConns is the size of the connection pool.
	DBMaxConns int32
	// PrincipalCache is how long the user and roles read for a session are
	// used again before they are read anew (0: read on every request); a
	// write by this process reads them anew at once (auth, principals.go).
	PrincipalCache time.Duration
	// PageCache is the number of rendered pages kept for their users (0: none);
	// see internal/server/pagecache.go.
	PageCache int
	// LoginConcurrency bounds the password hashes computed at once, so a
	// burst of logins cannot take every CPU core from the other pages.
	LoginConcurrency int
	// LoadReference serves GET /_load/select1, the reference handler of
	// scripts/load.sh. Load tests only; never in production.
	LoadReference bool
}

// TrustedProxy reports whether addr is one of the configured proxies.
func (c Config) TrustedProxy(addr netip.Addr) bool {
	for _, p := range c.TrustedProxies {
		if p.Contains(addr.Unmap()) {
			return true
		}
	}
	return false
}

// OwnerURL is the connection for migrations, seed and the command line.
func (c Config) OwnerURL() string {
	if c.OwnerDatabaseURL != "" {
		return c.OwnerDatabaseURL
	}
	return c.DatabaseURL
}

// SecureCookies reports whether cookies must carry the Secure attribute.
func (c Config) SecureCookies() bool { return c.BaseURL.Scheme == "https" }

// Load reads the configuration through getenv (os.Getenv in production, a map
// in tests) and validates it. All problems are reported together.
func Load(getenv func(string) string) (Config, error) {
	var errs []error
	get := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	dur := func(key, def string) time.Duration {
		raw := get(key, def)
		d, err := time.ParseDuration(raw)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("%s=%q: expected a positive duration such as 30m or 8h", key, raw))
		}
		return d
	}

	whole := func(key, def string, lo, hi int) int {
		raw := get(key, def)
		n, err := strconv.Atoi(raw)
		if err != nil || n < lo || n > hi {
			errs = append(errs, fmt.Errorf("%s=%q: expected a whole number from %d to %d", key, raw, lo, hi))
		}
		return n
	}

	cfg := Config{
		DatabaseURL:        get("DATABASE_URL", ""),
		OwnerDatabaseURL:   get("DATABASE_OWNER_URL", ""),
		Addr:               get("BAKEN_ADDR", ":8080"),
		SessionIdleTimeout: dur("BAKEN_SESSION_IDLE_TIMEOUT", "30m"),
		SessionLifetime:    dur("BAKEN_SESSION_LIFETIME", "8h"),
		DataDir:            get("BAKEN_DATA_DIR", ".data"),
	}

	rawBase := get("BAKEN_BASE_URL", "http://localhost"+portSuffix(cfg.Addr))
	u, err := url.Parse(rawBase)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("BAKEN_BASE_URL=%q: expected an absolute http(s) URL such as https://baken.gemeente.nl", rawBase))
		u = &url.URL{Scheme: "http", Host: "localhost"}
	}
	cfg.BaseURL = u

	switch lvl := strings.ToLower(get("BAKEN_LOG_LEVEL", "info")); lvl {
	case "debug":
		cfg.LogLevel = slog.LevelDebug
	case "info":
		cfg.LogLevel = slog.LevelInfo
	case "warn", "warning":
		cfg.LogLevel = slog.LevelWarn
	case "error":
		cfg.LogLevel = slog.LevelError
	default:
		errs = append(errs, fmt.Errorf("BAKEN_LOG_LEVEL=%q: expected debug, info, warn or error", lvl))
	}

	rawMax := get("BAKEN_MAX_UPLOAD_MB", "20")
	var mb int64
	if _, err := fmt.Sscanf(rawMax, "%d", &mb); err != nil || mb <= 0 || mb > 1024 {
		errs = append(errs, fmt.Errorf("BAKEN_MAX_UPLOAD_MB=%q: expected a whole number of megabytes between 1 and 1024", rawMax))
	}
	cfg.MaxUploadBytes = mb << 20

	for _, raw := range strings.Split(get("BAKEN_TRUSTED_PROXIES", ""), ",") {
		if raw = strings.TrimSpace(raw); raw == "" {
			continue
		}
		if !strings.Contains(raw, "/") {
			if a, err := netip.ParseAddr(raw); err == nil {
				cfg.TrustedProxies = append(cfg.TrustedProxies, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
				continue
			}
		} else if p, err := netip.ParsePrefix(raw); err == nil {
			cfg.TrustedProxies = append(cfg.TrustedProxies, p.Masked())
			continue
		}
		errs = append(errs, fmt.Errorf("BAKEN_TRUSTED_PROXIES: %q is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/24)", raw))
	}
	cfg.DBMaxConns = int32(whole("BAKEN_DB_MAX_CONNS", "10", 2, 500)) //nolint:gosec // bounded above
	cfg.PrincipalCache = time.Duration(whole("BAKEN_PRINCIPAL_CACHE_MS", "1000", 0, 10000)) * time.Millisecond
	cfg.PageCache = whole("BAKEN_PAGE_CACHE", "256", 0, 100000)
	cfg.LoginConcurrency = whole("BAKEN_LOGIN_CONCURRENCY", strconv.Itoa(max(1, runtime.NumCPU()/2)), 1, 64)
	switch raw := get("BAKEN_LOAD_REFERENCE", "0"); raw {
	case "0":
	case "1":
		cfg.LoadReference = true
	default:
		errs = append(errs, fmt.Errorf("BAKEN_LOAD_REFERENCE=%q: expected 1 (load tests only) or 0", raw))
	}

	for key, v := range map[string]string{"DATABASE_URL": cfg.DatabaseURL, "DATABASE_OWNER_URL": cfg.OwnerDatabaseURL} {
		if v == "" {
			continue
		}
		if _, err := url.Parse(v); err != nil || !(strings.HasPrefix(v, "postgres://") || strings.HasPrefix(v, "postgresql://") || strings.Contains(v, "=")) {
			// Never echo the URL: it may hold a password.
			errs = append(errs, errors.New(key+": expected a PostgreSQL URL (postgres://user:pass@host:5432/db) or key=value connection string"))
		}
	}
	if cfg.SessionLifetime > 0 && cfg.SessionIdleTimeout > cfg.SessionLifetime {
		errs = append(errs, errors.New("BAKEN_SESSION_IDLE_TIMEOUT must not exceed BAKEN_SESSION_LIFETIME"))
	}
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("invalid configuration:\n  %w", joinLines(errs))
	}
	return cfg, nil
}

func portSuffix(addr string) string {
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		return addr[i:]
	}
	return ""
}

type lines []error

func (l lines) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n  ")
}

func joinLines(errs []error) error { return lines(errs) }
