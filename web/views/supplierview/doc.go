// Package supplierview holds the views of the register of suppliers and ketenpartners.
// Views get typed view models from the handlers, permissions only as flags
// the handler computed, and never query anything; shared parts are in
// web/layout.
package supplierview
