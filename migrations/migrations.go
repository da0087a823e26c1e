// Package migrations embeds the SQL migrations so the binary carries its own schema.
package migrations

import "embed"

// FS holds NNNN_name.up.sql / NNNN_name.down.sql files for golang-migrate.
//
//go:embed *.sql
var FS embed.FS
