package catalog

import (
	"errors"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Error returns a domain error whose message is the catalog's text of key; its Message is
// the English text, for logs.
func Error(code, key string, args ...any) *addon.Error {
	return &addon.Error{Code: code, Key: key, Args: args, Message: T("en", key, args...)}
}

// Field returns a refusal of an input field whose message is the catalog's text of key.
func Field(field, key string, args ...any) addon.FieldError {
	return addon.FieldError{Field: field, Key: key, Args: args, Message: T("en", key, args...)}
}

// Invalid returns an EINVALID error that names the field, like addon.Invalid, with the
// catalog's text of key.
func Invalid(field, key string, args ...any) *addon.Error {
	f := Field(field, key, args...)
	e := Error(addon.EINVALID, "catalog.field_refused", field, f)
	e.Details = []addon.FieldError{f}
	return e
}

// Details returns the field errors with their messages in the locale's language.
func Details(locale string, details []addon.FieldError) []addon.FieldError {
	out := make([]addon.FieldError, len(details))
	for i, d := range details {
		out[i] = d
		out[i].Message = fieldMessage(locale, d)
	}
	return out
}

func fieldMessage(locale string, d addon.FieldError) string {
	if d.Key == "" {
		return d.Message
	}
	return T(locale, d.Key, d.Args...)
}

// In returns the message of e in the locale's language: its key's text, or the Message it
// carries when it has no key (a refusal meant for operators and programs).
func In(locale string, e *addon.Error) string {
	if e.Key == "" {
		return e.Message
	}
	return T(locale, e.Key, e.Args...)
}

// ErrorIn returns the message of the *addon.Error in err's chain in the locale's language;
// other errors are internal and show no detail.
func ErrorIn(locale string, err error) string {
	var e *addon.Error
	if errors.As(err, &e) {
		return In(locale, e)
	}
	return T(locale, "addon.internal")
}
