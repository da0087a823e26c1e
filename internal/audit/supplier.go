package audit

// The supplier register's entities (internal/supplier): suppliers and
// ketenpartners, their verwerkersovereenkomsten and assurance reports.
func init() { Entities = append(Entities, "supplier", "supplier_agreement", "supplier_report") }
