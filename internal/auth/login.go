// Package auth knows users: passwords, logging in with throttling, the roles a
// user holds per organisation, and the beheerder's user administration.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/throttle"
)

// Throttling policy. An account may fail AccountLimit times within Window;
// after that every attempt must wait: AccountDelay, doubling with each further
// failure, at most MaxAccountDelay. The delay is not a lock: the owner gets in
// as soon as it has passed, and an attempt from a browser in which the owner
// logged in before is not delayed at all (it has its own DeviceLimit), so
// guessing someone's password cannot keep them out. One client address may
// fail AddressLimit times within Window; behind a reverse proxy the address
// is the client's only when the proxy is configured as trusted.
const (
	AccountLimit    = 5
	AccountDelay    = 30 * time.Second
	MaxAccountDelay = 15 * time.Minute
	AddressLimit    = 20
	DeviceLimit     = 5
	Window          = 15 * time.Minute
	// devicesPerUser is how many recognised browsers a user keeps.
	devicesPerUser = 10
)

// ErrInvalidCredentials is returned for an unknown user, a wrong password and
// a deactivated account alike, so the answer reveals nothing.
var ErrInvalidCredentials = errors.New("invalid credentials")

// LockedError means too many failed attempts; Until says when to try again.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string { return "login temporarily delayed" }

// Service holds the user and login logic.
type Service struct {
	DB     *db.DB
	Now    func() time.Time
	Params Params // argon2id parameters for new hashes
	// hashing bounds the password hashes computed at once: each takes tens
	// of megabytes and a core for a good part of a second.
	hashing chan struct{}
	dummy   struct {
		once sync.Once
		hash string
	}
	principals *principals // nil: read on every request
}

// CachePrincipals keeps what Principal reads for ttl (see principals); 0
// reads it on every request.
func (s *Service) CachePrincipals(ttl time.Duration) {
	if ttl <= 0 {
		s.principals = nil
		return
	}
	s.principals = newPrincipals(ttl)
	s.DB.OnWrite(s.principals.forget)
}

// NewService returns a Service with the production clock and hash
// parameters that computes at most concurrency hashes at once.
func NewService(d *db.DB, concurrency int) *Service {
	return &Service{DB: d, Now: time.Now, Params: DefaultParams, hashing: make(chan struct{}, max(1, concurrency))}
}

func accountKey(email string) string { return "account:" + normaliseEmail(email) }
func addressKey(ip string) string    { return "address:" + ip }
func deviceKey(hash []byte) string   { return "device:" + hex.EncodeToString(hash) }

func normaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// verify checks a password against a hash, waiting for a free hashing slot;
// it never runs inside a transaction, so no connection waits for it.
func (s *Service) verify(ctx context.Context, password, hash string) (bool, error) {
	if err := s.acquire(ctx); err != nil {
		return false, err
	}
	defer s.release()
	return VerifyPassword(password, hash)
}

// hash computes a new password hash in a hashing slot.
func (s *Service) hash(ctx context.Context, password string) (string, error) {
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	defer s.release()
	return HashPassword(password, s.Params)
}

func (s *Service) acquire(ctx context.Context) error {
	if s.hashing == nil {
		return nil
	}
	select {
	case s.hashing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Service) release() {
	if s.hashing != nil {
		<-s.hashing
	}
}

// LoginAttempt is what the login form sends, with where it comes from.
type LoginAttempt struct {
	Email    string
	Password string
	ClientIP string
	// Device is the token of the browser's device cookie, if any.
	Device string
}

// LoginResult is a successful login.
type LoginResult struct {
	UserID int64
	// NewDevice is a token to store in the browser's device cookie; empty
	// when the browser already holds a valid one.
	NewDevice string
}

// Login checks the credentials. Every attempt is counted before the password
// is checked (and uncounted when it was right), so parallel guesses cannot
// slip past the limits while the hashes run; the check itself runs outside
// any transaction. Failures count against the client address and against
// the account, or, from a recognised browser, against that browser only.
func (s *Service) Login(ctx context.Context, at LoginAttempt) (LoginResult, error) {
	now := s.Now()
	var (
		user   loginUser
		counts attemptKeys
	)
	err := s.DB.Write(ctx, db.Unscoped, func(tx *db.Tx) error {
		var err error
		user, counts, err = s.reserveAttempt(ctx, tx, at, now)
		return err
	})
	if err != nil {
		return LoginResult{}, err
	}
	hash := user.hash
	if user.id == 0 {
		hash = s.dummyHash() // spend the same time as for a real account
	}
	ok, err := s.verify(ctx, at.Password, hash)
	if err != nil {
		return LoginResult{}, fmt.Errorf("verify password: %w", err)
	}
	if !ok || !user.active || user.id == 0 {
		return LoginResult{}, ErrInvalidCredentials // already counted
	}
	res := LoginResult{UserID: user.id}
	err = s.DB.Write(ctx, db.Scope{UserID: user.id}, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE key = $1`, counts.subject); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE login_throttle SET failures = greatest(failures - 1, 0) WHERE key = $1`, counts.address); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET last_login_at = $2 WHERE id = $1`, user.id, now); err != nil {
			return err
		}
		if user.device != nil {
			if _, err := tx.Exec(ctx, `UPDATE login_devices SET last_used_at = $2 WHERE token_hash = $1`, user.device, now); err != nil {
				return err
			}
		} else if res.NewDevice, err = newDevice(ctx, tx, user.id, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Login, Entity: "user", EntityID: user.id, Summary: "Ingelogd"})
	})
	if err != nil {
		return LoginResult{}, fmt.Errorf("login: %w", err)
	}
	return res, nil
}

type loginUser struct {
	id     int64
	hash   string
	active bool
	device []byte // hash of the recognised device token, nil when none
}

// attemptKeys are the throttle rows an attempt was counted against.
type attemptKeys struct {
	address string
	subject string // the account, or the recognised device
}

// reserveAttempt refuses the attempt when a limit applies and counts it
// otherwise. Attempts for one account are serialised by an advisory lock, so
// two parallel guesses cannot both pass the check on the same count.
func (s *Service) reserveAttempt(ctx context.Context, tx *db.Tx, at LoginAttempt, now time.Time) (loginUser, attemptKeys, error) {
	var u loginUser
	keys := attemptKeys{address: addressKey(at.ClientIP), subject: accountKey(at.Email)}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, keys.subject); err != nil {
		return u, keys, err
	}
	err := tx.QueryRow(ctx, `SELECT id, password_hash, active FROM users WHERE lower(email) = $1`, normaliseEmail(at.Email)).Scan(&u.id, &u.hash, &u.active)
	if err != nil && !db.IsNoRows(err) {
		return u, keys, fmt.Errorf("load user for login: %w", err)
	}
	if u.id != 0 && at.Device != "" {
		h := sha256.Sum256([]byte(at.Device))
		var known bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM login_devices WHERE token_hash = $1 AND user_id = $2)`, h[:], u.id).Scan(&known); err != nil {
			return u, keys, err
		}
		if known {
			u.device = h[:]
		}
	}
	rows, err := tx.Query(ctx, `SELECT key, failures, window_start, locked_until FROM login_throttle WHERE key = ANY($1)`,
		[]string{keys.address, keys.subject, deviceKeyOf(u.device)})
	if err != nil {
		return u, keys, fmt.Errorf("check login throttle: %w", err)
	}
	state := map[string]throttleRow{}
	for rows.Next() {
		var k string
		var t throttleRow
		if err := rows.Scan(&k, &t.failures, &t.windowStart, &t.notBefore); err != nil {
			return u, keys, err
		}
		state[k] = t
	}
	if err := rows.Err(); err != nil {
		return u, keys, err
	}
	if a := state[keys.address]; a.inWindow(now) && a.failures >= AddressLimit {
		return u, keys, &LockedError{Until: a.windowStart.Add(Window)}
	}
	if u.device != nil {
		if d := state[deviceKeyOf(u.device)]; d.inWindow(now) && d.failures >= DeviceLimit {
			u.device = nil // too many failures from this browser: treated as any other
		} else {
			keys.subject = deviceKeyOf(u.device)
		}
	}
	if u.device == nil {
		if a := state[keys.subject]; a.notBefore != nil && a.notBefore.After(now) {
			return u, keys, &LockedError{Until: *a.notBefore}
		}
	}
	if _, err := count(ctx, tx, keys.address, now); err != nil {
		return u, keys, err
	}
	failures, err := count(ctx, tx, keys.subject, now)
	if err != nil {
		return u, keys, err
	}
	if u.device == nil && failures >= AccountLimit {
		if _, err := tx.Exec(ctx, `UPDATE login_throttle SET locked_until = $2 WHERE key = $1`, keys.subject, now.Add(accountDelay(failures))); err != nil {
			return u, keys, fmt.Errorf("record login delay: %w", err)
		}
	}
	return u, keys, nil
}

// accountDelay is the wait after the n-th failure of an account.
func accountDelay(failures int) time.Duration {
	d := AccountDelay
	for i := AccountLimit; i < failures && d < MaxAccountDelay; i++ {
		d *= 2
	}
	return min(d, MaxAccountDelay)
}

func deviceKeyOf(hash []byte) string {
	if hash == nil {
		return ""
	}
	return deviceKey(hash)
}

type throttleRow struct {
	failures    int
	windowStart time.Time
	notBefore   *time.Time
}

func (t throttleRow) inWindow(now time.Time) bool { return now.Sub(t.windowStart) < Window }

// count adds one attempt to key's window of length Window and returns the
// attempts in the window.
func count(ctx context.Context, tx *db.Tx, key string, now time.Time) (int, error) {
	n, _, err := throttle.Count(ctx, tx, key, now, Window)
	if err != nil {
		return 0, fmt.Errorf("count login attempt: %w", err)
	}
	return n, nil
}

// newDevice remembers the browser of a successful login and returns the
// token for its cookie; only its hash is stored.
func newDevice(ctx context.Context, tx *db.Tx, userID int64, now time.Time) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	h := sha256.Sum256([]byte(token))
	if _, err := tx.Exec(ctx, `INSERT INTO login_devices (token_hash, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)`, h[:], userID, now); err != nil {
		return "", fmt.Errorf("remember device: %w", err)
	}
	_, err := tx.Exec(ctx, `DELETE FROM login_devices WHERE user_id = $1 AND token_hash NOT IN
		(SELECT token_hash FROM login_devices WHERE user_id = $1 ORDER BY last_used_at DESC LIMIT $2)`, userID, devicesPerUser)
	return token, err
}

func (s *Service) dummyHash() string {
	s.dummy.once.Do(func() {
		s.dummy.hash, _ = HashPassword("dummy-password-for-timing", s.Params)
	})
	return s.dummy.hash
}

// Organisation is an organisation the user holds a role in.
type Organisation struct {
	ID   int64
	Name string
}

// Organisations lists the organisations in which the user holds a role.
func (s *Service) Organisations(ctx context.Context, userID int64) (orgs []Organisation, err error) {
	err = s.DB.Read(ctx, db.Scope{UserID: userID}, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, `
			SELECT o.id, o.name FROM organisations o
			WHERE o.id = ANY (user_organisation_ids($1))
			ORDER BY o.name`, userID)
		if err != nil {
			return fmt.Errorf("list organisations of user %d: %w", userID, err)
		}
		orgs, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Organisation])
		return err
	})
	return orgs, err
}

// Principal loads the active user with their roles in orgID (0: none chosen
// yet), in one query: it runs on every request. It returns
// ErrInvalidCredentials when the user no longer exists or has been
// deactivated, so the session is ended.
func (s *Service) Principal(ctx context.Context, userID, orgID int64) (authz.Principal, error) {
	c := s.principals
	if c == nil {
		return s.readPrincipal(ctx, userID, orgID)
	}
	// The cache's own clock: expiry is about real time, not the tests' clock.
	k, now := principalKey{userID, orgID}, time.Now()
	p, ok, gen := c.get(k, now)
	if ok {
		return p, nil
	}
	p, err := s.readPrincipal(ctx, userID, orgID)
	if err == nil {
		c.put(k, p, gen, now)
	}
	return p, err
}

func (s *Service) readPrincipal(ctx context.Context, userID, orgID int64) (authz.Principal, error) {
	p := authz.Principal{UserID: userID}
	var (
		active bool
		roles  []string
		depts  []int64
		names  []string
	)
	// A definer function (migration 0006): one round trip, no transaction;
	// the data generation (migration 0024) comes with it.
	err := s.DB.Pool.QueryRow(ctx, `SELECT p.*, g.last_value FROM session_principal($1, $2) p, data_generation g`, userID, orgID).
		Scan(&p.Name, &p.Email, &active, &p.SessionsValidAfter, &p.OrgName, &p.OrgCount, &roles, &depts, &names, &p.DataGeneration)
	if db.IsNoRows(err) || (err == nil && !active) {
		return p, ErrInvalidCredentials
	}
	if err != nil {
		return p, fmt.Errorf("load user %d: %w", userID, err)
	}
	for i := range roles {
		p.Roles = append(p.Roles, authz.Assignment{Role: authz.Role(roles[i]), DepartmentID: depts[i], DepartmentName: names[i]})
	}
	if len(p.Roles) > 0 {
		p.OrgID = orgID
	}
	return p, nil
}
