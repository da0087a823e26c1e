// Command baken is the Baken ISMS portal: one binary for the web server, the
// development setup, migrations, demo data and user administration.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/mail"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // Europe/Amsterdam even where the system has no zone files

	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/auth"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/config"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/pgdev"
	"github.com/baken-nl/baken/internal/seed"
	"github.com/baken-nl/baken/internal/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, set := os.LookupEnv("GOGC"); !set {
		// A page allocates up to a few megabytes that are garbage once it is
		// sent, against a live heap of a few megabytes: with Go's default
		// (100) the collector runs every few requests. 400 trades tens of
		// megabytes of memory for a quarter of that work (docs/operations.md).
		debug.SetGCPercent(400)
	}
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "baken:", err)
		os.Exit(1)
	}
}

const usage = `Gebruik: baken <opdracht>

  serve [--migrate]          start the portal (refuses pending migrations unless --migrate)
  dev                        start a private PostgreSQL when DATABASE_URL is unset, migrate, seed demo data, serve
  migrate up|down|status     manage the database schema
  seed demo                  load the demo organisations and accounts (idempotent)
  user add EMAIL NAME ORGANISATION ROLE [AFDELING]
                             create a user (or add a role to an existing one); the password is read from stdin
  user passwd EMAIL          set a new password, read from stdin
  user disable EMAIL         block an account
  user enable EMAIL          unblock an account
  catalogue import bio2 FILE --org ORGANISATION
                             import the official BIO2 wording (markdown) for an organisation
  catalogue import csv FILE --org ORGANISATION --code CODE --name NAME [--version V]
                             import a framework in the CSV format of docs/catalogue-csv.md

Configuration comes from environment variables; see README.md.`

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdout, usage)
		return nil
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))

	switch args[0] {
	case "serve":
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		migrateFirst := fs.Bool("migrate", false, "apply pending migrations before serving")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if cfg.DatabaseURL == "" {
			return errors.New("DATABASE_URL is not set (use `baken dev` for a private development database)")
		}
		return serve(ctx, cfg, log, stdout, *migrateFirst, false)
	case "dev":
		return dev(ctx, cfg, log, stdout)
	case "migrate":
		return migrateCmd(ctx, cfg, args[1:], stdout)
	case "seed":
		if len(args) != 2 || args[1] != "demo" {
			return errors.New("usage: baken seed demo")
		}
		return withDB(ctx, cfg, func(d *db.DB) error {
			if err := seed.Demo(ctx, d, auth.DefaultParams); err != nil {
				return err
			}
			fmt.Fprintln(stdout, "Demo data loaded.")
			return nil
		})
	case "user":
		return userCmd(ctx, cfg, args[1:], stdin, stdout)
	case "catalogue":
		return catalogueCmd(ctx, cfg, args[1:], stdout)
	}
	return fmt.Errorf("unknown command %q\n\n%s", args[0], usage)
}

func withDB(ctx context.Context, cfg config.Config, fn func(*db.DB) error) error {
	if cfg.DatabaseURL == "" {
		return errors.New("DATABASE_URL is not set")
	}
	// The command line works as the owner: it migrates, seeds and adds
	// users in any organisation.
	d, err := db.Open(ctx, cfg.OwnerURL())
	if err != nil {
		return err
	}
	defer d.Close()
	return fn(d)
}

func serve(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer, migrateFirst, demo bool) error {
	d, err := db.Open(ctx, cfg.DatabaseURL, cfg.DBMaxConns)
	if err != nil {
		return err
	}
	defer d.Close()
	owner := d
	if cfg.OwnerDatabaseURL != "" {
		if owner, err = db.Open(ctx, cfg.OwnerDatabaseURL); err != nil {
			return fmt.Errorf("owner connection: %w", err)
		}
		defer owner.Close()
	}
	if migrateFirst {
		if err := owner.MigrateUp(); err != nil {
			return err
		}
	}
	st, err := d.Status(ctx)
	if err != nil {
		return fmt.Errorf("read migration status: %w", err)
	}
	if st.Ahead() {
		return fmt.Errorf("the database schema is at version %d, newer than this binary knows (%d): run the newer binary, or migrate down with it first", st.Current, st.Latest)
	}
	if st.Pending() {
		return fmt.Errorf("the database schema is at version %d (dirty=%v) but this binary needs %d: run `baken migrate up` or start with `baken serve --migrate`", st.Current, st.Dirty, st.Latest)
	}
	// The built-in frameworks ship with the binary; store them when missing.
	if err := owner.Write(ctx, db.Unscoped, func(tx *db.Tx) error { return catalogue.EnsureBuiltin(ctx, tx) }); err != nil {
		return fmt.Errorf("install built-in frameworks: %w", err)
	}
	if demo {
		if err := seed.Demo(ctx, owner, auth.DefaultParams); err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
	}
	if warning, err := d.RoleWarning(ctx); err != nil {
		return err
	} else if warning != "" {
		log.Warn(warning + "; connect DATABASE_URL as a member of baken_app and give the owner in DATABASE_OWNER_URL (docs/operations.md)")
	}
	srv := server.New(cfg, d, log, server.Options{})
	return srv.Run(ctx, cfg.Addr, func(addr string) {
		log.Info("listening", "addr", addr, "base_url", cfg.BaseURL.String())
		if demo {
			printDemo(stdout, cfg)
		}
	})
}

// dev is what `make run` uses: a private cluster when no DATABASE_URL is set,
// migrations, demo data, and the server.
func dev(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	if cfg.DatabaseURL == "" {
		cluster, err := pgdev.Ensure(ctx, cfg.DataDir+"/postgres")
		if err != nil {
			return err
		}
		if cluster.StartedHere() {
			defer func() {
				if err := cluster.Stop(context.Background()); err != nil {
					log.Warn("stop development database", "error", err.Error())
				}
			}()
		}
		admin, err := db.Open(ctx, cluster.URL("postgres"))
		if err != nil {
			return err
		}
		_, err = admin.Pool.Exec(ctx, `CREATE DATABASE baken`)
		admin.Close()
		if err != nil && !strings.Contains(err.Error(), "already exists") {
			return fmt.Errorf("create development database: %w", err)
		}
		// Migrations and seed as the superuser, the portal as baken_web: a
		// member of baken_app that owns nothing, as in production.
		cfg.OwnerDatabaseURL = cluster.URL("baken")
		admin, err = db.Open(ctx, cfg.OwnerDatabaseURL)
		if err != nil {
			return err
		}
		err = admin.EnsureLoginRole(ctx, devAppRole, "")
		admin.Close()
		if err != nil {
			return err
		}
		cfg.DatabaseURL = cluster.URLAs(devAppRole, "baken")
		fmt.Fprintf(stdout, "Using the private PostgreSQL cluster in %s\n", cluster.Dir)
	}
	return serve(ctx, cfg, log, stdout, true, true)
}

// devAppRole is the portal's login role on the private cluster.
const devAppRole = "baken_web"

func printDemo(w io.Writer, cfg config.Config) {
	fmt.Fprintf(w, "\nBaken draait op %s\n\nDemo-accounts (wachtwoord voor allemaal: %s):\n", cfg.BaseURL, seed.DemoPassword)
	for _, u := range seed.Users {
		var roles []string
		for _, r := range u.Roles {
			s := r.Role.Label()
			if r.Department != "" {
				s += " " + r.Department
			}
			roles = append(roles, s+" ("+r.Org+")")
		}
		fmt.Fprintf(w, "  %-36s %s\n", u.Email, strings.Join(roles, ", "))
	}
	fmt.Fprintln(w, "\nStop met Ctrl+C.")
}

func migrateCmd(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return errors.New("usage: baken migrate up|down|status")
	}
	return withDB(ctx, cfg, func(d *db.DB) error {
		switch args[0] {
		case "up":
			if err := d.MigrateUp(); err != nil {
				return err
			}
		case "down":
			if err := d.MigrateDown(); err != nil {
				return err
			}
		case "status":
		default:
			return errors.New("usage: baken migrate up|down|status")
		}
		st, err := d.Status(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "schema version %d of %d (dirty=%v, pending=%v)\n", st.Current, st.Latest, st.Dirty, st.Pending())
		return nil
	})
}

// readPasswordHash reads a password from the first line of stdin, checks
// it against the policy and returns its hash.
func readPasswordHash(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if msg := auth.CheckPasswordPolicy(pw); msg != "" {
		return "", errors.New(msg)
	}
	return auth.HashPassword(pw, auth.DefaultParams)
}

func userCmd(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) < 2 {
		return errors.New("usage: baken user add|passwd|disable EMAIL ...") //nolint:staticcheck // ST1005: the ellipsis is part of the synopsis
	}
	email := strings.ToLower(strings.TrimSpace(args[1]))
	return withDB(ctx, cfg, func(d *db.DB) error {
		return d.Write(ctx, db.Unscoped, func(tx *db.Tx) error {
			switch args[0] {
			case "add":
				if len(args) < 5 {
					return errors.New("usage: baken user add EMAIL NAME ORGANISATION ROLE [AFDELING]")
				}
				if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
					return fmt.Errorf("%q is not a valid e-mail address", args[1])
				}
				role, ok := authz.ParseRole(args[4])
				if !ok {
					return fmt.Errorf("unknown role %q (one of %v)", args[4], authz.Roles)
				}
				dept := ""
				if len(args) > 5 {
					dept = args[5]
				}
				if role.Scoped() && dept == "" {
					return fmt.Errorf("role %s needs an afdeling", role)
				}
				var orgID int64
				if err := tx.QueryRow(ctx, `SELECT id FROM organisations WHERE name = $1`, args[3]).Scan(&orgID); err != nil {
					if db.IsNoRows(err) {
						if err := tx.QueryRow(ctx, `INSERT INTO organisations (name) VALUES ($1) RETURNING id`, args[3]).Scan(&orgID); err != nil {
							return err
						}
						fmt.Fprintf(stdout, "Created organisation %s.\n", args[3])
					} else {
						return err
					}
				}
				if err := tx.Enter(ctx, orgID); err != nil {
					return err
				}
				var userID int64
				err := tx.QueryRow(ctx, `SELECT id FROM users WHERE lower(email) = $1`, email).Scan(&userID)
				if db.IsNoRows(err) {
					hash, err := readPasswordHash(stdin)
					if err != nil {
						return err
					}
					if err := tx.QueryRow(ctx, `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`, email, args[2], hash).Scan(&userID); err != nil {
						return err
					}
				} else if err != nil {
					return err
				}
				var deptID *int64
				if dept != "" {
					if err := tx.QueryRow(ctx, `SELECT id FROM departments WHERE organisation_id = $1 AND name = $2`, orgID, dept).Scan(&deptID); err != nil {
						if db.IsNoRows(err) {
							return fmt.Errorf("afdeling %q not found in %s", dept, args[3])
						}
						return err
					}
				}
				tag, err := tx.Exec(ctx, `INSERT INTO role_assignments (user_id, organisation_id, role, department_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, userID, orgID, role, deptID)
				if err != nil {
					return err
				}
				if tag.RowsAffected() == 0 {
					fmt.Fprintf(stdout, "%s already has role %s in %s; nothing changed.\n", email, role, args[3])
					return nil
				}
				fmt.Fprintf(stdout, "%s has role %s in %s.\n", email, role, args[3])
				return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "role", EntityID: userID, Summary: "Rol " + role.Label() + " toegekend aan " + email + " (via de opdrachtregel)"})
			case "passwd":
				hash, err := readPasswordHash(stdin)
				if err != nil {
					return err
				}
				return userUpdate(ctx, tx, stdout, email, `UPDATE users SET password_hash = $2, sessions_valid_after = $3, version = version + 1, updated_at = now() WHERE lower(email) = $1`, hash, time.Now())
			case "disable":
				return userUpdate(ctx, tx, stdout, email, `UPDATE users SET active = false, version = version + 1, updated_at = now() WHERE lower(email) = $1`)
			case "enable":
				return userUpdate(ctx, tx, stdout, email, `UPDATE users SET active = true, version = version + 1, updated_at = now() WHERE lower(email) = $1`)
			}
			return fmt.Errorf("unknown user command %q", args[0])
		})
	})
}

func userUpdate(ctx context.Context, tx *db.Tx, stdout io.Writer, email, sql string, args ...any) error {
	tag, err := tx.Exec(ctx, sql, append([]any{email}, args...)...)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("no user with e-mail %s", email)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE key = 'account:' || $1`, email); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Updated %s.\n", email)
	return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "user", Summary: "Account " + email + " bijgewerkt via de opdrachtregel"})
}
