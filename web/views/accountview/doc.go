// Package accountview holds the views of the login, the choice of organisation, the password change and the home page.
// Views get typed view models from the handlers, permissions only as flags
// the handler computed, and never query anything; shared parts are in
// web/layout.
package accountview

import "github.com/baken-nl/baken/web/layout"

// LoginForm is the state of the login form.
type LoginForm struct {
	Email string
	Next  string
	Form  layout.Form
}
