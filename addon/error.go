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
	Message string `json:"message"`
}

// Error is the domain's error: a code, a message a person can act on, and optional field details.
type Error struct {
	Code    string
	Message string // English
	DE      string // German, when the message is meant for a CRM user (they are mostly German)
	Details []FieldError
}

// Localized returns an error whose message a CRM user reads in their locale.
func Localized(code, en, de string) *Error { return &Error{Code: code, Message: en, DE: de} }

// In returns the message in the locale ("de" falls back to English when no German exists).
func (e *Error) In(locale string) string {
	if locale != "en" && e.DE != "" {
		return e.DE
	}
	return e.Message
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
