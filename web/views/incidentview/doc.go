// Package incidentview holds the views of incidents and datalekken: the register, the incident page with its tracks, exports, figures, the monthly overview, retention and the public meldloket.
// Views get typed view models from the handlers, permissions only as flags
// the handler computed, and never query anything; shared parts are in
// web/layout.
package incidentview
