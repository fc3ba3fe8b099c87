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

	"golang.org/x/text/language"
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
	for _, l := range langs { // what the CRM sends, without parsing
		if locale == l {
			return l
		}
	}
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

// Has reports whether the catalog knows key.
func Has(key string) bool {
	_, ok := texts[Default][key]
	return ok
}
