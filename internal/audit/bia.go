package audit

// The BIA's entities (internal/bia): a process's BIA and the BIA settings
// (scales, impact areas). Derived and overridden classifications are events
// of the application.
func init() { Entities = append(Entities, "bia", "bia_settings") }
