DROP TABLE incident_cbw_settings;
ALTER TABLE incidents
    DROP CONSTRAINT incidents_cbw_only_significant,
    DROP CONSTRAINT incidents_cbw_order,
    DROP CONSTRAINT incidents_csirt_reference_needs_date,
    DROP COLUMN cbw_significant, DROP COLUMN cbw_marked_by_name, DROP COLUMN cbw_marked_at,
    DROP COLUMN cbw_early_warning_at, DROP COLUMN cbw_early_warning_ref,
    DROP COLUMN cbw_notification_at, DROP COLUMN cbw_notification_ref,
    DROP COLUMN cbw_final_report_at, DROP COLUMN cbw_final_report_ref,
    DROP COLUMN csirt_reported_at, DROP COLUMN csirt_reference;
