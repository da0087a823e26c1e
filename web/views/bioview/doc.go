// Package bioview holds the views of the BIO: controls, their status and evidence, the GAP analysis, bulk changes, imports, the catalogue settings and the ambition.
// Views get typed view models from the handlers, permissions only as flags
// the handler computed, and never query anything; shared parts are in
// web/layout.
package bioview
