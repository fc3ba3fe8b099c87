// Package catalog holds every text the add-on shows to people, one file per language
// (de.json, en.json), and looks them up by key. The files map a key to a format in fmt's
// syntax (%s, %d, %q, %[2]s); a translator edits them and nothing else. German is the
// default: a locale with no file of its own reads German, the CRM's home language.
//
// The lookup matches locales with golang.org/x/text/language ("en-GB" and "en_US" read
// English). It formats with fmt rather than x/text/message's Printer on purpose: the Printer
// groups every number by locale, which would turn a year into "2.026".
package catalog

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Default is the language of a locale that has no file (and of an empty locale).
const Default = "de"

//go:embed *.json
var files embed.FS

var (
	texts   map[string]map[string]string // language → key → format
	langs   []string                     // Default first
	matcher language.Matcher
)

func init() {
	var err error
	if texts, err = load(files); err != nil {
		panic(err) // the files are part of the binary; the test reads them too
	}
	tags := []language.Tag{language.Make(Default)}
	langs = []string{Default}
	for l := range texts {
		if l != Default {
			langs = append(langs, l)
		}
	}
	sort.Strings(langs[1:])
	for _, l := range langs[1:] {
		tags = append(tags, language.Make(l))
	}
	matcher = language.NewMatcher(tags)
}

func load(fsys fs.FS) (map[string]map[string]string, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string]string, len(names))
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("catalog %s: %w", name, err)
		}
		out[strings.TrimSuffix(path.Base(name), ".json")] = m
	}
	if out[Default] == nil {
		return nil, errors.New("catalog: no " + Default + ".json")
	}
	return out, nil
}

// Languages lists the languages that have a file, the default first.
func Languages() []string { return append([]string(nil), langs...) }

// Lang returns the language of the catalog a locale ("en", "en-GB", "de_DE", "fr") reads.
func Lang(locale string) string {
	locale = strings.TrimSpace(strings.ReplaceAll(locale, "_", "-"))
	if locale == "" {
		return Default
	}
	t, err := language.Parse(locale)
	if err != nil {
		return Default
	}
	_, i, conf := matcher.Match(t)
	if conf == language.No {
		return Default
	}
	return langs[i]
}

// Accept returns the language a browser's Accept-Language header asks for among the
// catalog's, or the default.
func Accept(header string) string {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return langs[i]
}

// T returns the text of key in the locale's language, formatted with args. A key the
// language lacks reads German; a key no file has shows itself, so that the gap is visible
// (and the catalog's test fails first).
func T(locale, key string, args ...any) string {
	f, ok := texts[Lang(locale)][key]
	if !ok {
		if f, ok = texts[Default][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, localize(locale, args)...)
}

// Text is a message of the catalog used as an argument of another.
type Text struct {
	Key  string
	Args []any
}

// List is an argument made of several messages, written one after the other with "; ".
type List []Text

// Date is an argument that each language writes its own way (02.01.2006, 2006-01-02).
type Date time.Time

// dateLayouts are the layouts of a Date per language; German's serves the others.
var dateLayouts = map[string]string{"de": "02.01.2006", "en": time.DateOnly}

// localize renders the arguments that depend on the language: domain errors, so that a
// message can quote another ("alternative host x: <why>") in one language, and dates.
func localize(locale string, args []any) []any {
	var out []any
	for i, a := range args {
		var r string
		switch a := a.(type) {
		case Date:
			layout, ok := dateLayouts[Lang(locale)]
			if !ok {
				layout = dateLayouts[Default]
			}
			r = time.Time(a).Format(layout)
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

// Has reports whether the catalog knows key.
func Has(key string) bool {
	_, ok := texts[Default][key]
	return ok
}

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
