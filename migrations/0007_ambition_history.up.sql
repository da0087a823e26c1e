-- The ambition keeps its history: every level and date the directie set,
-- by whom and when. theme is NULL for the organisation's ambition; it is
-- there for an ambition per theme or chapter (not used by the portal yet).
CREATE TABLE ambition_history (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    target_maturity smallint NOT NULL CHECK (target_maturity BETWEEN 1 AND 5),
    target_date     date,
    theme           text,
    set_by          bigint REFERENCES users (id),
    set_by_name     text NOT NULL DEFAULT '',
    set_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ambition_history_org_idx ON ambition_history (organisation_id, set_at DESC, id DESC);

ALTER TABLE ambition_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON ambition_history USING (organisation_id = app_organisation_id())
    WITH CHECK (organisation_id = app_organisation_id());
-- Grants come from the default privileges of 0006; history is append-only
-- for the portal.
REVOKE UPDATE, DELETE ON ambition_history FROM baken_app;

-- The current ambition is the first entry, with who set it and when as far
-- as the audit trail knows.
INSERT INTO ambition_history (organisation_id, target_maturity, target_date, set_by, set_by_name, set_at)
SELECT o.id, o.target_maturity, o.target_date, e.actor_id, coalesce(e.actor_name, ''), coalesce(e.occurred_at, now())
FROM organisations o
LEFT JOIN LATERAL (
    SELECT a.actor_id, a.actor_name, a.occurred_at FROM audit_events a
    WHERE a.organisation_id = o.id AND a.entity = 'organisation' AND a.summary LIKE 'Ambitie vastgesteld%'
    ORDER BY a.occurred_at DESC, a.id DESC LIMIT 1
) e ON true
WHERE o.target_maturity IS NOT NULL;
