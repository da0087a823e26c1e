-- The audit trail keeps the actor's name as it was when the event was
-- recorded: renaming a user later must not rewrite history.
ALTER TABLE audit_events ADD COLUMN actor_name text;
UPDATE audit_events a SET actor_name = u.name FROM users u WHERE u.id = a.actor_id;

-- Browsers in which a user logged in successfully before. An attempt from
-- such a browser is not slowed down by failures elsewhere, so nobody can keep
-- the owner out of their account by guessing its password.
CREATE TABLE login_devices (
    token_hash   bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_devices_user_idx ON login_devices (user_id, last_used_at DESC);

-- locked_until now means "no attempt before": the increasing delay.
COMMENT ON COLUMN login_throttle.locked_until IS 'no further attempt for this key before this moment';

-- The organisations a user holds a role in. Row-level security hides other
-- organisations' role assignments; this one fact (needed to protect shared
-- accounts) is exposed through a definer function, nothing more.
-- plpgsql rather than sql: a definer sql function is planned again on every
-- call, a plpgsql one keeps its plan for the connection.
CREATE FUNCTION user_organisation_ids(uid bigint) RETURNS bigint[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
BEGIN
    RETURN (SELECT coalesce(array_agg(DISTINCT organisation_id ORDER BY organisation_id), '{}')
            FROM public.role_assignments WHERE user_id = uid);
END
$$;
