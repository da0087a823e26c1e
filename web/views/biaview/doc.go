// Package biaview holds the views of the BIA of processes and the classification of applications.
// Views get typed view models from the handlers, permissions only as flags
// the handler computed, and never query anything; shared parts are in
// web/layout.
package biaview
