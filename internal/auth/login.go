// Package auth knows users: passwords, logging in with throttling, the roles a
// user holds per organisation, and the beheerder's user administration.
package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
)

// Throttling policy: after AccountLimit failures for one e-mail address, or
// AddressLimit failures from one client address, within Window, further
// attempts are refused for LockDuration.
const (
	AccountLimit = 5
	AddressLimit = 20
	Window       = 15 * time.Minute
	LockDuration = 15 * time.Minute
)

// ErrInvalidCredentials is returned for an unknown user, a wrong password and
// a deactivated account alike, so the answer reveals nothing.
var ErrInvalidCredentials = errors.New("invalid credentials")

// LockedError means too many failed attempts; Until says when to try again.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string { return "login temporarily locked" }

// Service holds the user and login logic.
type Service struct {
	DB     *db.DB
	Now    func() time.Time
	Params Params // argon2id parameters for new hashes
	dummy  struct {
		once sync.Once
		hash string
	}
}

// NewService returns a Service with the production clock and hash parameters.
func NewService(d *db.DB) *Service {
	return &Service{DB: d, Now: time.Now, Params: DefaultParams}
}

func accountKey(email string) string { return "account:" + normaliseEmail(email) }
func addressKey(ip string) string    { return "address:" + ip }

func normaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Login checks the credentials and returns the user id. Failures count against
// both the e-mail address (whether or not it exists, so a lock reveals nothing
// either) and the client address.
//
// Attempts for one account are serialised by an advisory lock held for the
// whole check, so parallel guesses cannot all pass the lock check before any
// failure is counted. Everything runs on the transaction's one connection.
func (s *Service) Login(ctx context.Context, email, password, clientIP string) (int64, error) {
	now := s.Now()
	keys := []string{accountKey(email), addressKey(clientIP)}
	var (
		id      int64
		outcome error
	)
	err := s.DB.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, keys[0]); err != nil {
			return err
		}
		if until, err := lockedUntil(ctx, tx, keys, now); err != nil {
			return err
		} else if !until.IsZero() {
			outcome = &LockedError{Until: until}
			return nil
		}
		var (
			hash   string
			active bool
		)
		err := tx.QueryRow(ctx, `SELECT id, password_hash, active FROM users WHERE lower(email) = $1`, normaliseEmail(email)).Scan(&id, &hash, &active)
		if err != nil && !db.IsNoRows(err) {
			return fmt.Errorf("load user for login: %w", err)
		}
		ok := false
		if db.IsNoRows(err) {
			// Spend the same time as for a real account.
			_, _ = VerifyPassword(password, s.dummyHash())
		} else if ok, err = VerifyPassword(password, hash); err != nil {
			return fmt.Errorf("verify password of user %d: %w", id, err)
		}
		if !ok || !active {
			// The failure is committed with the transaction: the caller gets
			// the outcome, not an error that would roll it back.
			outcome, err = fail(ctx, tx, keys, now)
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE key = $1`, keys[0]); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET last_login_at = $2 WHERE id = $1`, id, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{ActorID: id, Action: audit.Login, Entity: "user", EntityID: id, Summary: "Ingelogd"})
	})
	if err != nil {
		return 0, fmt.Errorf("login: %w", err)
	}
	if outcome != nil {
		return 0, outcome
	}
	return id, nil
}

func (s *Service) dummyHash() string {
	s.dummy.once.Do(func() {
		s.dummy.hash, _ = HashPassword("dummy-password-for-timing", s.Params)
	})
	return s.dummy.hash
}

func lockedUntil(ctx context.Context, q db.Querier, keys []string, now time.Time) (time.Time, error) {
	var until *time.Time
	err := q.QueryRow(ctx, `SELECT max(locked_until) FROM login_throttle WHERE key = ANY($1) AND locked_until > $2`, keys, now).Scan(&until)
	if err != nil {
		return time.Time{}, fmt.Errorf("check login throttle: %w", err)
	}
	if until == nil {
		return time.Time{}, nil
	}
	return *until, nil
}

// fail counts a failed attempt for every key within tx and returns the
// outcome to show: invalid credentials, or a lock when a limit is reached.
func fail(ctx context.Context, tx pgx.Tx, keys []string, now time.Time) (outcome, err error) {
	limits := []int{AccountLimit, AddressLimit}
	var locked time.Time
	for i, key := range keys {
		var failures int
		err := tx.QueryRow(ctx, `
			INSERT INTO login_throttle AS t (key, failures, window_start) VALUES ($1, 1, $2)
			ON CONFLICT (key) DO UPDATE SET
				failures     = CASE WHEN t.window_start < $2 - $3::interval THEN 1 ELSE t.failures + 1 END,
				window_start = CASE WHEN t.window_start < $2 - $3::interval THEN $2 ELSE t.window_start END
			RETURNING failures`, key, now, Window).Scan(&failures)
		if err != nil {
			return nil, fmt.Errorf("record failed login: %w", err)
		}
		if failures >= limits[i] {
			locked = now.Add(LockDuration)
			if _, err := tx.Exec(ctx, `UPDATE login_throttle SET locked_until = $2 WHERE key = $1`, key, locked); err != nil {
				return nil, fmt.Errorf("record login lock: %w", err)
			}
		}
	}
	if !locked.IsZero() {
		return &LockedError{Until: locked}, nil
	}
	return ErrInvalidCredentials, nil
}

// Organisation is an organisation the user holds a role in.
type Organisation struct {
	ID   int64
	Name string
}

// Organisations lists the organisations in which the user holds a role.
func (s *Service) Organisations(ctx context.Context, userID int64) ([]Organisation, error) {
	rows, err := s.DB.Pool.Query(ctx, `
		SELECT o.id, o.name FROM organisations o
		WHERE EXISTS (SELECT 1 FROM role_assignments r WHERE r.organisation_id = o.id AND r.user_id = $1)
		ORDER BY o.name`, userID)
	if err != nil {
		return nil, fmt.Errorf("list organisations of user %d: %w", userID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Organisation])
}

// Principal loads the active user with their roles in orgID (0: none chosen
// yet). It returns ErrInvalidCredentials when the user no longer exists or has
// been deactivated, so the session is ended.
func (s *Service) Principal(ctx context.Context, userID, orgID int64) (authz.Principal, error) {
	p := authz.Principal{UserID: userID}
	var active bool
	err := s.DB.Pool.QueryRow(ctx, `
		SELECT u.name, u.email, u.active, u.sessions_valid_after, coalesce(o.name, ''),
		       (SELECT count(DISTINCT organisation_id) FROM role_assignments WHERE user_id = u.id)
		FROM users u LEFT JOIN organisations o ON o.id = $2
		WHERE u.id = $1`, userID, orgID).Scan(&p.Name, &p.Email, &active, &p.SessionsValidAfter, &p.OrgName, &p.OrgCount)
	if db.IsNoRows(err) || (err == nil && !active) {
		return p, ErrInvalidCredentials
	}
	if err != nil {
		return p, fmt.Errorf("load user %d: %w", userID, err)
	}
	if orgID == 0 {
		return p, nil
	}
	rows, err := s.DB.Pool.Query(ctx, `
		SELECT r.role, coalesce(r.department_id, 0), coalesce(d.name, '')
		FROM role_assignments r LEFT JOIN departments d ON d.id = r.department_id
		WHERE r.user_id = $1 AND r.organisation_id = $2
		ORDER BY r.role, d.name`, userID, orgID)
	if err != nil {
		return p, fmt.Errorf("load roles of user %d: %w", userID, err)
	}
	p.Roles, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (authz.Assignment, error) {
		var a authz.Assignment
		err := r.Scan(&a.Role, &a.DepartmentID, &a.DepartmentName)
		return a, err
	})
	if err != nil {
		return p, fmt.Errorf("load roles of user %d: %w", userID, err)
	}
	if len(p.Roles) > 0 {
		p.OrgID = orgID
	}
	return p, nil
}
