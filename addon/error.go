// Package addon is the domain root of the online-meetings add-on: installations, appointments,
// resources, meetings and bookings, the provider-neutral meeting interface and the one error
// type. It imports no framework, no database and no HTTP package.
package addon

import (
	"errors"
	"fmt"
)

// Error codes. Adapters map them to HTTP statuses; anything else is internal.
const (
	EINVALID      = "invalid"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	ETOOLARGE     = "too_large"
	EUNAVAILABLE  = "unavailable"
	EINTERNAL     = "internal"
)

// FieldError names the input field a validation error is about, as a path such as
// "appointment.start".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"` // English
	Key     string `json:"-"`       // catalog key of the message, when a person reads it
	Args    []any  `json:"-"`
}

// Error is the domain's error: a code, a message a person can act on, and optional field details.
// A message meant for a CRM user is a key of the message catalog with its arguments; the edge
// (hook answer, page) renders it in the user's locale (package catalog). Message is the
// English text, for logs and for refusals that only programs and operators read.
type Error struct {
	Code    string
	Key     string // catalog key of the user-facing message; "" when Message is all there is
	Args    []any  // the key's arguments
	Message string // English
	Details []FieldError
	// Unknown marks a failure after which the provider may nonetheless have done the work: a
	// timeout, a broken connection or a 5xx. It is not a refusal: the add-on keeps its intent
	// and settles it by looking at the provider (see OutcomeUnknown).
	Unknown bool
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error that names the field.
func Invalid(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: EINVALID, Message: field + ": " + msg, Details: []FieldError{{Field: field, Message: msg}}}
}

// ErrorCode returns the code of an *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the message of an *Error in err's chain; internal errors show no detail.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// OutcomeUnknown reports whether a failed provider call may have taken effect all the same:
// the provider said so (a timeout, a broken connection, a 5xx), or the error is not one of
// ours at all, which proves nothing either. A refusal (4xx, a rate limit) is definite.
func OutcomeUnknown(err error) bool {
	if err == nil {
		return false
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Unknown
	}
	return true
}

// Unreachable returns the error for a provider call whose outcome is unknown, with a message
// that says what a user can do when it persists.
func Unreachable(provider, detail string) *Error {
	if detail != "" {
		detail = " (" + detail + ")"
	}
	return &Error{Code: EUNAVAILABLE, Unknown: true, Key: "addon.unreachable", Args: []any{provider, detail},
		Message: fmt.Sprintf("%s did not confirm the change%s; the CRM sends the save again shortly. If this message stays, save the appointment again in a few minutes", provider, detail)}
}

// Throttled returns the error for a provider that refused a call for its rate limit: nothing
// happened, and the CRM's redelivery tries again.
func Throttled(provider string) *Error {
	return &Error{Code: EUNAVAILABLE, Key: "addon.throttled", Args: []any{provider},
		Message: fmt.Sprintf("%s is limiting requests right now; the CRM sends the save again shortly. If this message stays, save the appointment again in a few minutes", provider)}
}
