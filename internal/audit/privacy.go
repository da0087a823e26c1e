package audit

// The privacy domain's entity (internal/privacy): a DPIA, with its advice
// and decision.
func init() { Entities = append(Entities, "dpia") }
