// Package privacyview holds the views of the DPIA register.
// Views get typed view models from the handlers, permissions only as flags
// the handler computed, and never query anything; shared parts are in
// web/layout.
package privacyview
