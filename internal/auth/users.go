package auth

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/audit"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/listing"
)

// User is a user as the beheerder of one organisation sees it.
type User struct {
	ID          int64
	Name        string
	Email       string
	Active      bool
	Version     int
	LastLoginAt *time.Time
	LockedUntil *time.Time
	Roles       []authz.Assignment // roles in the active organisation
	// Shared means the user also holds roles in another organisation; then
	// e-mail, password and activation are not this organisation's to change.
	Shared bool
}

// Locked reports whether logins for the user are currently refused.
func (u User) Locked(now time.Time) bool { return u.LockedUntil != nil && u.LockedUntil.After(now) }

// UserSorts whitelists the sortable columns of the user list.
var UserSorts = map[string]string{"name": "lower(u.name)", "email": "lower(u.email)", "last_login": "u.last_login_at"}

var userConstraints = map[string]db.FieldError{
	"users_email_key":             {Field: "email", Message: "Dit e-mailadres is al in gebruik. Een bestaand account koppelt de technisch beheerder van de Baken-installatie aan deze organisatie."},
	"role_assignments_unique_key": {Field: "role", Message: "De gebruiker heeft deze rol al."},
}

// ListUsers lists the users holding a role in the organisation, with their roles, in one query.
func (s *Service) ListUsers(ctx context.Context, actor authz.Principal, p listing.Params) (users []User, total int, err error) {
	const where = ` WHERE EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.organisation_id = $1)
		AND ($2 = '' OR u.name ILIKE '%' || $2 || '%' OR u.email ILIKE '%' || $2 || '%')`
	err = s.DB.ReadBatchAs(ctx, actor, authz.ViewUsers, func(b *db.Batch) error {
		b.Queue(`SELECT count(*) FROM users u`+where, b.Scope.OrgID, p.Query).QueryRow(func(row pgx.Row) error { return row.Scan(&total) })
		b.Queue(`
			SELECT u.id, u.name, u.email, u.active, u.version, u.last_login_at, t.locked_until,
			       coalesce(array_agg(r.role ORDER BY r.role, d.name) FILTER (WHERE r.role IS NOT NULL), '{}'),
			       coalesce(array_agg(coalesce(d.name, '') ORDER BY r.role, d.name) FILTER (WHERE r.role IS NOT NULL), '{}')
			FROM users u
			LEFT JOIN login_throttle t ON t.key = 'account:' || lower(u.email)
			LEFT JOIN role_assignments r ON r.user_id = u.id AND r.organisation_id = $1
			LEFT JOIN departments d ON d.id = r.department_id`+where+`
			GROUP BY u.id, t.locked_until
			ORDER BY `+p.OrderBy(UserSorts)+` NULLS LAST, u.id
			LIMIT $3 OFFSET $4`, b.Scope.OrgID, p.Query, p.Limit(), p.Offset()).Query(func(rows pgx.Rows) (err error) {
			users, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (User, error) {
				var u User
				var roles, depts []string
				err := r.Scan(&u.ID, &u.Name, &u.Email, &u.Active, &u.Version, &u.LastLoginAt, &u.LockedUntil, &roles, &depts)
				for i := range roles {
					u.Roles = append(u.Roles, authz.Assignment{Role: authz.Role(roles[i]), DepartmentName: depts[i]})
				}
				return u, err
			})
			return err
		})
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	return users, total, err
}

// GetUser loads a user of the organisation; users without a role in it are not found.
func (s *Service) GetUser(ctx context.Context, actor authz.Principal, id int64) (User, error) {
	return db.Load(ctx, s.DB, actor, authz.ViewUsers, func(tx *db.Tx) (User, error) {
		return getUser(ctx, tx, tx.OrgID, id)
	})
}

// ManagesAccount reports whether actor may change the account of user id
// itself (name, e-mail, active, password, lock): for a user of this
// organisation only, whoever manages users; for a shared user, only who
// manages users in all its organisations (the rule the writes enforce).
func (s *Service) ManagesAccount(ctx context.Context, actor authz.Principal, id int64) (bool, error) {
	if !actor.Can(authz.ManageUsers) {
		return false, nil
	}
	return db.Load(ctx, s.DB, actor, authz.ManageUsers, func(tx *db.Tx) (bool, error) {
		_, err := sharedUser(ctx, tx, actor, id, "Dit account")
		if apperr.CodeOf(err) == apperr.Forbidden {
			return false, nil
		}
		return err == nil, err
	})
}

func getUser(ctx context.Context, q *db.Tx, orgID, id int64) (User, error) {
	var u User
	err := q.QueryRow(ctx, `
		SELECT u.id, u.name, u.email, u.active, u.version, u.last_login_at, t.locked_until,
		       cardinality(array_remove(user_organisation_ids(u.id), $1::bigint)) > 0
		FROM users u LEFT JOIN login_throttle t ON t.key = 'account:' || lower(u.email)
		WHERE u.id = $2 AND EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.organisation_id = $1)`,
		orgID, id).Scan(&u.ID, &u.Name, &u.Email, &u.Active, &u.Version, &u.LastLoginAt, &u.LockedUntil, &u.Shared)
	if db.IsNoRows(err) {
		return u, apperr.NotFoundf("Deze gebruiker bestaat niet (meer) in deze organisatie.")
	}
	if err != nil {
		return u, fmt.Errorf("get user %d: %w", id, err)
	}
	rows, err := q.Query(ctx, `
		SELECT r.role, coalesce(r.department_id, 0), coalesce(d.name, '')
		FROM role_assignments r LEFT JOIN departments d ON d.id = r.department_id
		WHERE r.user_id = $1 AND r.organisation_id = $2 ORDER BY r.role, d.name`, id, orgID)
	if err != nil {
		return u, fmt.Errorf("get roles of user %d: %w", id, err)
	}
	u.Roles, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (authz.Assignment, error) {
		var a authz.Assignment
		err := r.Scan(&a.Role, &a.DepartmentID, &a.DepartmentName)
		return a, err
	})
	return u, err
}

// UserInput is the beheerder's form for a user.
type UserInput struct {
	Name         string
	Email        string
	Active       bool
	Version      int
	Password     string     // only for new users
	Role         authz.Role // initial role, only for new users
	DepartmentID int64      // scope of the initial role
}

func (in *UserInput) validate(isNew bool) apperr.Validation {
	v := apperr.Validation{}
	in.Name = strings.TrimSpace(in.Name)
	in.Email = strings.TrimSpace(in.Email)
	if in.Name == "" {
		v.Add("name", "Vul de naam in.")
	} else if len(in.Name) > 200 {
		v.Add("name", "De naam is te lang (maximaal 200 tekens).")
	}
	if in.Email == "" {
		v.Add("email", "Vul het e-mailadres in.")
	} else if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
		v.Add("email", "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.")
	}
	if isNew {
		if msg := CheckPasswordPolicy(in.Password); msg != "" {
			v.Add("password", msg)
		}
		validateRole(v, in.Role, in.DepartmentID)
	}
	return v
}

func validateRole(v apperr.Validation, role authz.Role, deptID int64) {
	if _, ok := authz.ParseRole(string(role)); !ok {
		v.Add("role", "Kies een rol.")
		return
	}
	if role.Scoped() && deptID == 0 {
		v.Add("department_id", "Kies de afdeling waarvoor deze rol geldt.")
	}
}

// CreateUser creates a user with a first role in the actor's organisation.
func (s *Service) CreateUser(ctx context.Context, actor authz.Principal, in UserInput) (int64, error) {
	if err := actor.Require(authz.ManageUsers); err != nil {
		return 0, err
	}
	if err := in.validate(true).Err(); err != nil {
		return 0, err
	}
	if !in.Role.Scoped() {
		in.DepartmentID = 0
	}
	hash, err := s.hash(ctx, in.Password)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.WriteAs(ctx, actor, authz.ManageUsers, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO users (name, email, password_hash) VALUES ($1, $2, $3) RETURNING id`, in.Name, in.Email, hash).Scan(&id); err != nil {
			return err
		}
		if err := insertRole(ctx, tx, actor.OrgID, id, in.Role, in.DepartmentID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "user", EntityID: id,
			Summary: "Gebruiker " + in.Email + " aangemaakt met rol " + in.Role.Label(),
			After:   map[string]any{"name": in.Name, "email": in.Email, "role": in.Role, "department_id": in.DepartmentID}})
	})
	if err != nil {
		err = db.MapError(err, userConstraints)
		if fields := apperr.FieldsOf(err); fields["email"] != "" {
			// The answer is the same whichever organisation holds the
			// address; what differs is counted and audited, so probing
			// for other gemeenten' accounts is slow and visible.
			if perr := s.countTakenAddress(ctx, actor, in.Email); perr != nil {
				return 0, perr
			}
		}
		return 0, err
	}
	return id, nil
}

// TakenAddressLimit is how many taken e-mail addresses a beheerder may try
// within Window before creating users is refused for the rest of it.
const TakenAddressLimit = 10

// countTakenAddress records an attempt to create an account for an address
// that already has one: an audit event in the actor's organisation and a
// count per actor; past the limit it returns the refusal to show.
func (s *Service) countTakenAddress(ctx context.Context, actor authz.Principal, email string) error {
	var tries int
	err := s.DB.Write(ctx, db.ScopeOf(actor), func(tx *db.Tx) error {
		var err error
		if tries, err = count(ctx, tx, "taken-address:"+strconv.FormatInt(actor.UserID, 10), tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "user",
			Summary: "Account aanmaken geweigerd: e-mailadres " + email + " is al in gebruik"})
	})
	if err != nil {
		return err
	}
	if tries > TakenAddressLimit {
		return (apperr.Validation{"email": "U hebt te vaak een e-mailadres geprobeerd dat al in gebruik is. Probeer het over een kwartier opnieuw."}).Err()
	}
	return nil
}

func insertRole(ctx context.Context, tx *db.Tx, orgID, userID int64, role authz.Role, deptID int64) error {
	if deptID != 0 {
		// The department must belong to the same organisation (the foreign key
		// checks that too; this gives the clearer message).
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM departments WHERE id = $1 AND organisation_id = $2)`, deptID, orgID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return (apperr.Validation{"department_id": "Kies een afdeling van deze organisatie."}).Err()
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO role_assignments (user_id, organisation_id, role, department_id) VALUES ($1, $2, $3, nullif($4, 0))`, userID, orgID, role, deptID)
	return err
}

// errOwnRoles: nobody grants or removes their own roles, so no beheerder can
// make himself CISO, nor lock the organisation out of its administration.
var errOwnRoles = apperr.Conflictf("U kunt uw eigen rollen niet wijzigen (ook uw eigen beheerdersrol niet). Laat dat een andere beheerder doen.")

// requireEverywhere refuses a change to a shared account unless the actor may
// manage users in every organisation the account belongs to: one gemeente's
// beheerder must not rename, unlock or take over another gemeente's CISO.
func requireEverywhere(ctx context.Context, tx *db.Tx, actor authz.Principal, userID int64, what string) error {
	var ok bool
	err := tx.QueryRow(ctx, `
		SELECT NOT EXISTS (
			SELECT 1 FROM unnest(user_organisation_ids($2)) AS o(id)
			WHERE NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = $1 AND r.organisation_id = o.id AND r.role = ANY($3)))`,
		actor.UserID, userID, authz.RolesFor(authz.ManageUsers)).Scan(&ok)
	if err != nil {
		return fmt.Errorf("check rights on shared user %d: %w", userID, err)
	}
	if !ok {
		return apperr.Forbiddenf("Deze gebruiker heeft ook rollen bij een andere organisatie. %s beheert daarom alleen wie in al die organisaties gebruikers beheert, of de technisch beheerder van de Baken-installatie.", what)
	}
	return nil
}

// UpdateUser changes name, e-mail and active state. A stale version is a conflict.
func (s *Service) UpdateUser(ctx context.Context, actor authz.Principal, id int64, in UserInput) error {
	if err := actor.Require(authz.ManageUsers); err != nil {
		return err
	}
	if err := in.validate(false).Err(); err != nil {
		return err
	}
	err := s.DB.WriteAs(ctx, actor, authz.ManageUsers, func(tx *db.Tx) error {
		before, err := getUser(ctx, tx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if before.Shared && (before.Name != in.Name || before.Email != in.Email || before.Active != in.Active) {
			if err := requireEverywhere(ctx, tx, actor, id, "Naam, e-mailadres en blokkering"); err != nil {
				return err
			}
		}
		if id == actor.UserID && !in.Active {
			return (apperr.Validation{"active": "U kunt uw eigen account niet blokkeren."}).Err()
		}
		tag, err := tx.Exec(ctx, `UPDATE users SET name = $3, email = $4, active = $5, version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $2`, id, in.Version, in.Name, in.Email, in.Active)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.Stale()
		}
		// A blocked user is logged out at their next request: the session
		// middleware reloads the user on every request.
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "user", EntityID: id,
			Summary: "Gebruiker " + in.Email + " gewijzigd",
			Before:  map[string]any{"name": before.Name, "email": before.Email, "active": before.Active},
			After:   map[string]any{"name": in.Name, "email": in.Email, "active": in.Active}})
	})
	return db.MapError(err, userConstraints)
}

// AddRole gives the user another role in the actor's organisation.
func (s *Service) AddRole(ctx context.Context, actor authz.Principal, userID int64, role authz.Role, deptID int64) error {
	if err := actor.Require(authz.ManageUsers); err != nil {
		return err
	}
	v := apperr.Validation{}
	validateRole(v, role, deptID)
	if err := v.Err(); err != nil {
		return err
	}
	if !role.Scoped() {
		deptID = 0
	}
	if userID == actor.UserID {
		return errOwnRoles
	}
	err := s.DB.WriteAs(ctx, actor, authz.ManageUsers, func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, actor.OrgID, userID)
		if err != nil {
			return err
		}
		if err := insertRole(ctx, tx, actor.OrgID, userID, role, deptID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Create, Entity: "role", EntityID: userID,
			Summary: "Rol " + role.Label() + " toegekend aan " + u.Email,
			After:   map[string]any{"user_id": userID, "role": role, "department_id": deptID}})
	})
	return db.MapError(err, userConstraints)
}

// RemoveRole takes a role away. The last beheerder role of the actor cannot be
// removed by the actor (that would lock the organisation out of its own
// administration), and a user keeps at least one role.
func (s *Service) RemoveRole(ctx context.Context, actor authz.Principal, userID int64, role authz.Role, deptID int64) error {
	if err := actor.Require(authz.ManageUsers); err != nil {
		return err
	}
	if userID == actor.UserID {
		return errOwnRoles
	}
	return s.DB.WriteAs(ctx, actor, authz.ManageUsers, func(tx *db.Tx) error {
		// Serialise role changes of one user, so two removals cannot both
		// see a second role and leave none.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, userID); err != nil {
			return err
		}
		u, err := getUser(ctx, tx, actor.OrgID, userID)
		if err != nil {
			return err
		}
		if len(u.Roles) == 1 {
			return apperr.Conflictf("Dit is de enige rol van deze gebruiker in de organisatie. Blokkeer het account in plaats daarvan, of ken eerst een andere rol toe.")
		}
		tag, err := tx.Exec(ctx, `DELETE FROM role_assignments WHERE user_id = $1 AND organisation_id = $2 AND role = $3 AND coalesce(department_id, 0) = $4`,
			userID, actor.OrgID, role, deptID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.NotFoundf("Deze rol bestaat niet (meer).")
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Delete, Entity: "role", EntityID: userID,
			Summary: "Rol " + role.Label() + " ingetrokken bij " + u.Email,
			Before:  map[string]any{"user_id": userID, "role": role, "department_id": deptID}})
	})
}

// ResetPassword sets a new password chosen by the beheerder and lifts a login lock.
func (s *Service) ResetPassword(ctx context.Context, actor authz.Principal, userID int64, password string) error {
	if err := actor.Require(authz.ManageUsers); err != nil {
		return err
	}
	if msg := CheckPasswordPolicy(password); msg != "" {
		return (apperr.Validation{"password": msg}).Err()
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	return s.DB.WriteAs(ctx, actor, authz.ManageUsers, func(tx *db.Tx) error {
		u, err := sharedUser(ctx, tx, actor, userID, "Het wachtwoord")
		if err != nil {
			return err
		}
		// Every open session of the user ends with the old password (the
		// sessions carry the application's clock, so this uses it too).
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, sessions_valid_after = $3, version = version + 1, updated_at = now() WHERE id = $1`, userID, hash, s.Now()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE key = $1`, accountKey(u.Email)); err != nil {
			return err
		}
		// The hash itself never goes into the audit trail.
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "user", EntityID: userID,
			Summary: "Wachtwoord van " + u.Email + " opnieuw ingesteld"})
	})
}

// sharedUser loads the user for a change of what (their password, their
// login lock) that holds in every organisation: a user who also belongs to
// another organisation needs an actor who may manage them there too.
func sharedUser(ctx context.Context, tx *db.Tx, actor authz.Principal, userID int64, what string) (User, error) {
	u, err := getUser(ctx, tx, actor.OrgID, userID)
	if err != nil {
		return u, err
	}
	if u.Shared {
		if err := requireEverywhere(ctx, tx, actor, userID, what); err != nil {
			return u, err
		}
	}
	return u, nil
}

// Unlock lifts a login lock of the user.
func (s *Service) Unlock(ctx context.Context, actor authz.Principal, userID int64) error {
	return s.DB.WriteAs(ctx, actor, authz.ManageUsers, func(tx *db.Tx) error {
		u, err := sharedUser(ctx, tx, actor, userID, "De inlogblokkade")
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE key = $1`, accountKey(u.Email)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "user", EntityID: userID,
			Summary: "Inlogblokkade van " + u.Email + " opgeheven"})
	})
}

// ChangeOwnPassword lets a user replace their password after proving the
// current one. Every other session of the user ends; the caller renews the
// current session's token and login time so it survives.
func (s *Service) ChangeOwnPassword(ctx context.Context, userID int64, current, next, repeat string) error {
	v := apperr.Validation{}
	if current == "" {
		v.Add("current", "Vul uw huidige wachtwoord in.")
	}
	if msg := CheckPasswordPolicy(next); msg != "" {
		v.Add("password", msg)
	} else if next == current {
		v.Add("password", "Kies een ander wachtwoord dan uw huidige.")
	}
	if repeat != next {
		v.Add("repeat", "De twee nieuwe wachtwoorden zijn niet gelijk.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.Now()
	// First count the attempt (a stolen session guessing the current password
	// meets the same delay as the login form), outside the hash.
	var hash, email string
	err := s.DB.Write(ctx, db.Scope{UserID: userID}, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT password_hash, email FROM users WHERE id = $1 AND active`, userID).Scan(&hash, &email); err != nil {
			return fmt.Errorf("load user %d: %w", userID, err)
		}
		_, _, err := s.reserveAttempt(ctx, tx, LoginAttempt{Email: email, ClientIP: "account-" + strconv.FormatInt(userID, 10)}, now)
		return err
	})
	var locked *LockedError
	if errors.As(err, &locked) {
		return (apperr.Validation{"current": "Te veel mislukte pogingen. Probeer het later opnieuw."}).Err()
	}
	if err != nil {
		return err
	}
	ok, err := s.verify(ctx, current, hash)
	if err != nil {
		return err
	}
	if !ok {
		return (apperr.Validation{"current": "Uw huidige wachtwoord klopt niet."}).Err()
	}
	newHash, err := s.hash(ctx, next)
	if err != nil {
		return err
	}
	return s.DB.Write(ctx, db.Scope{UserID: userID}, func(tx *db.Tx) error {
		// Only over the hash just checked: a reset by the beheerder in the
		// meantime is not overwritten unseen.
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $3, sessions_valid_after = $4, version = version + 1, updated_at = now()
			WHERE id = $1 AND password_hash = $2`, userID, hash, newHash, now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.Conflictf("Uw wachtwoord is intussen door de beheerder opnieuw ingesteld. Log opnieuw in.")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE key = $1`, accountKey(email)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: audit.Update, Entity: "user", EntityID: userID, Summary: "Eigen wachtwoord gewijzigd door " + email})
	})
}
