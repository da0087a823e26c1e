package audit

// The incidents domain's entity (internal/incident): an incident, with its
// classification, status changes and timeline entries.
func init() { Entities = append(Entities, "incident") }
