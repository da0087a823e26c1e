package config

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":8080" || cfg.SessionIdleTimeout != 30*time.Minute || cfg.SessionLifetime != 8*time.Hour {
		t.Errorf("unexpected defaults: %+v", cfg)
	}
	if cfg.BaseURL.String() != "http://localhost:8080" || cfg.SecureCookies() {
		t.Errorf("base url %s secure=%v", cfg.BaseURL, cfg.SecureCookies())
	}
	if cfg.LogLevel != slog.LevelInfo || cfg.MaxUploadBytes != 20<<20 {
		t.Errorf("level %v max %d", cfg.LogLevel, cfg.MaxUploadBytes)
	}
	if cfg.LoadReference {
		t.Error("the load reference handler must be off by default")
	}
}

func TestLoadReferenceIsOneOrZero(t *testing.T) {
	for raw, want := range map[string]bool{"1": true, "0": false, "": false} {
		cfg, err := Load(env(map[string]string{"BAKEN_LOAD_REFERENCE": raw}))
		if err != nil || cfg.LoadReference != want {
			t.Errorf("BAKEN_LOAD_REFERENCE=%q: got %v, %v; want %v", raw, cfg.LoadReference, err, want)
		}
	}
	for _, raw := range []string{"yes", "true", "2"} {
		if _, err := Load(env(map[string]string{"BAKEN_LOAD_REFERENCE": raw})); err == nil || !strings.Contains(err.Error(), "BAKEN_LOAD_REFERENCE") {
			t.Errorf("BAKEN_LOAD_REFERENCE=%q: error %v does not name the variable", raw, err)
		}
	}
}

func TestLoadHTTPSMakesCookiesSecure(t *testing.T) {
	cfg, err := Load(env(map[string]string{"BAKEN_BASE_URL": "https://baken.voorbeeld.nl"}))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.SecureCookies() {
		t.Error("https base URL must give secure cookies")
	}
}

func TestLoadReportsEveryProblemWithoutSecrets(t *testing.T) {
	_, err := Load(env(map[string]string{
		"BAKEN_SESSION_IDLE_TIMEOUT": "soon",
		"BAKEN_LOG_LEVEL":            "loud",
		"BAKEN_BASE_URL":             "ftp://x",
		"DATABASE_URL":               "mysql:secretpassword@x",
		"BAKEN_MAX_UPLOAD_MB":        "-1",
	}))
	if err == nil {
		t.Fatal("expected an error")
	}
	msg := err.Error()
	for _, want := range []string{"BAKEN_SESSION_IDLE_TIMEOUT", "BAKEN_LOG_LEVEL", "BAKEN_BASE_URL", "DATABASE_URL", "BAKEN_MAX_UPLOAD_MB"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not name %s: %s", want, msg)
		}
	}
	if strings.Contains(msg, "secretpassword") {
		t.Errorf("error leaks the database URL: %s", msg)
	}
}
