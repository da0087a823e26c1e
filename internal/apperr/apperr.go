// Package apperr defines Baken's one application error: a code that decides
// the HTTP status and page, and a message that is safe to show to a user (in
// Dutch). Anything else that reaches the HTTP layer is treated as internal:
// logged with the request id, never shown.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error for the user interface.
type Code int

const (
	Internal  Code = iota // unexpected; details only in the log
	Invalid               // the user's input is wrong; Fields says where
	NotFound              // the resource does not exist in the active organisation
	Forbidden             // the user's roles do not allow this
	Conflict              // someone else changed the resource, or a unique value is taken
)

// Error is an error with a user-safe message.
type Error struct {
	Code    Code
	Message string            // Dutch, shown to the user
	Fields  map[string]string // per form field, Dutch, for Invalid
	Err     error             // underlying cause, logged only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// CodeOf returns the code of the first *Error in err's chain, or Internal.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// FieldsOf returns the per-field messages of an Invalid error (nil otherwise).
func FieldsOf(err error) map[string]string {
	if e, ok := As(err); ok && e.Code == Invalid {
		return e.Fields
	}
	return nil
}

// NotFoundf builds a NotFound error with a Dutch message.
func NotFoundf(format string, a ...any) error {
	return &Error{Code: NotFound, Message: fmt.Sprintf(format, a...)}
}

// Forbiddenf builds a Forbidden error with a Dutch message.
func Forbiddenf(format string, a ...any) error {
	return &Error{Code: Forbidden, Message: fmt.Sprintf(format, a...)}
}

// Conflictf builds a Conflict error with a Dutch message.
func Conflictf(format string, a ...any) error {
	return &Error{Code: Conflict, Message: fmt.Sprintf(format, a...)}
}

// Validation collects per-field messages; Err returns nil when there are none.
type Validation map[string]string

// Add records msg for field unless the field already has a message.
func (v Validation) Add(field, msg string) {
	if _, ok := v[field]; !ok {
		v[field] = msg
	}
}

// Err returns an Invalid error holding the messages, or nil.
func (v Validation) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "Het formulier bevat fouten. Controleer de gemarkeerde velden.", Fields: v}
}

// StaleVersion is the message for an optimistic-locking conflict.
const StaleVersion = "Iemand anders heeft dit intussen gewijzigd. Hieronder staat de actuele versie; uw invoer is bewaard in het formulier. Controleer de verschillen en sla opnieuw op."

// errStale marks optimistic-locking conflicts among other conflicts.
var errStale = errors.New("stale version")

// Stale is the optimistic-locking conflict: the row changed since the form
// was loaded.
func Stale() error { return &Error{Code: Conflict, Message: StaleVersion, Err: errStale} }

// IsStale reports whether err is an optimistic-locking conflict.
func IsStale(err error) bool { return errors.Is(err, errStale) }
