// Package structureview holds the views of the organisation structure: afdelingen, processen, applicaties.
// Views get typed view models from the handlers, permissions only as flags
// the handler computed, and never query anything; shared parts are in
// web/layout.
package structureview
