package catalog

import (
	"errors"
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Text is a message of the catalog used as an argument of another.
type Text struct {
	Key  string
	Args []any
}

// List is an argument made of several messages, written one after the other with "; ".
type List []Text

// Date is an argument that each language writes its own way (02.01.2006, 2006-01-02): its
// file's "catalog.date_layout".
type Date time.Time

// localize renders the arguments that depend on the language: domain errors, so that a
// message can quote another ("alternative host x: <why>") in one language, and dates.
func localize(locale string, args []any) []any {
	var out []any
	for i, a := range args {
		var r string
		switch a := a.(type) {
		case Date:
			r = time.Time(a).Format(T(locale, "catalog.date_layout")) // a layout of package time
		case Text:
			r = T(locale, a.Key, a.Args...)
		case List:
			parts := make([]string, len(a))
			for i, t := range a {
				parts[i] = T(locale, t.Key, t.Args...)
			}
			r = strings.Join(parts, "; ")
		case addon.FieldError:
			r = fieldMessage(locale, a)
		case []addon.FieldError:
			parts := make([]string, len(a))
			for i, d := range a {
				parts[i] = d.Field + " " + fieldMessage(locale, d)
			}
			r = strings.Join(parts, "; ")
		case error:
			var e *addon.Error
			if !errors.As(a, &e) {
				continue
			}
			r = In(locale, e)
		default:
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = r
	}
	if out == nil {
		return args
	}
	return out
}
