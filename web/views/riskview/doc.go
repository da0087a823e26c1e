// Package riskview holds the views of risk management: risk analyses, the matrix, the appetite, the decisions and the risk register.
// Views get typed view models from the handlers, permissions only as flags
// the handler computed, and never query anything; shared parts are in
// web/layout.
package riskview
