// Package planview holds the views of the informatiebeveiligingsplan and the link picker of plan targets.
// Views get typed view models from the handlers, permissions only as flags
// the handler computed, and never query anything; shared parts are in
// web/layout.
package planview
