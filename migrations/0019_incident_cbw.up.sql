-- The Cbw track of incidents (Cyberbeveiligingswet, NIS2 art. 23) and the
-- report to the IBD / CSIRT (issue 9). A handler marks an incident as a
-- significant incident; then three reports are due: the early warning
-- (vroegtijdige waarschuwing), the incident notification (incidentmelding)
-- and the final report (eindrapport). When each was sent and its reference
-- are stored here; the deadlines are computed from the organisation's
-- configuration (incident_cbw_settings), never stored. Every incident,
-- significant or not, can carry when it was reported to the IBD / CSIRT.
-- Times are timestamptz (UTC), shown in Amsterdam.
ALTER TABLE incidents
    ADD COLUMN cbw_significant            boolean NOT NULL DEFAULT false,
    ADD COLUMN cbw_marked_by_name         text NOT NULL DEFAULT '',
    ADD COLUMN cbw_marked_at              timestamptz,
    ADD COLUMN cbw_early_warning_at       timestamptz,
    ADD COLUMN cbw_early_warning_ref      text NOT NULL DEFAULT '' CHECK (length(cbw_early_warning_ref) <= 100),
    ADD COLUMN cbw_notification_at        timestamptz,
    ADD COLUMN cbw_notification_ref       text NOT NULL DEFAULT '' CHECK (length(cbw_notification_ref) <= 100),
    ADD COLUMN cbw_final_report_at        timestamptz,
    ADD COLUMN cbw_final_report_ref       text NOT NULL DEFAULT '' CHECK (length(cbw_final_report_ref) <= 100),
    ADD COLUMN csirt_reported_at          timestamptz,
    ADD COLUMN csirt_reference            text NOT NULL DEFAULT '' CHECK (length(csirt_reference) <= 100),
    -- Reports are recorded for significant incidents only, one after the
    -- other (the final report after the notification, the notification
    -- after the early warning; the same moment is allowed).
    ADD CONSTRAINT incidents_cbw_only_significant CHECK (cbw_significant OR
        (cbw_early_warning_at IS NULL AND cbw_notification_at IS NULL AND cbw_final_report_at IS NULL)),
    ADD CONSTRAINT incidents_cbw_order CHECK (
        (cbw_notification_at IS NULL OR (cbw_early_warning_at IS NOT NULL AND cbw_notification_at >= cbw_early_warning_at)) AND
        (cbw_final_report_at IS NULL OR (cbw_notification_at IS NOT NULL AND cbw_final_report_at >= cbw_notification_at))),
    ADD CONSTRAINT incidents_csirt_reference_needs_date CHECK (csirt_reference = '' OR csirt_reported_at IS NOT NULL);

-- The organisation's terms of the three Cbw reports: per report the moment
-- its term starts (awareness = discovered_at, or the moment an earlier
-- report was sent) and its length in hours or calendar months. No row: the
-- documented defaults of internal/incident (24 h and 72 h from awareness,
-- one month after the notification). A report's term starts at an earlier
-- report only.
CREATE TABLE incident_cbw_settings (
    organisation_id     bigint PRIMARY KEY REFERENCES organisations (id),
    early_start         text NOT NULL CHECK (early_start IN ('awareness')),
    early_amount        integer NOT NULL CHECK (early_amount BETWEEN 1 AND 8760),
    early_unit          text NOT NULL CHECK (early_unit IN ('hours', 'months')),
    notification_start  text NOT NULL CHECK (notification_start IN ('awareness', 'early_warning_sent')),
    notification_amount integer NOT NULL CHECK (notification_amount BETWEEN 1 AND 8760),
    notification_unit   text NOT NULL CHECK (notification_unit IN ('hours', 'months')),
    final_start         text NOT NULL CHECK (final_start IN ('awareness', 'early_warning_sent', 'notification_sent')),
    final_amount        integer NOT NULL CHECK (final_amount BETWEEN 1 AND 8760),
    final_unit          text NOT NULL CHECK (final_unit IN ('hours', 'months')),
    CONSTRAINT incident_cbw_settings_months CHECK (
        (early_unit <> 'months' OR early_amount <= 24) AND (notification_unit <> 'months' OR notification_amount <= 24) AND
        (final_unit <> 'months' OR final_amount <= 24)),
    updated_by_name     text NOT NULL DEFAULT '',
    version             integer NOT NULL DEFAULT 1,
    updated_at          timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE incident_cbw_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON incident_cbw_settings USING (organisation_id = app_organisation_id())
    WITH CHECK (organisation_id = app_organisation_id());
REVOKE DELETE ON incident_cbw_settings FROM baken_app;
