package fields

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// MaxTemplateBytes bounds an invitation template an administrator may save.
const MaxTemplateBytes = 10000

// Values are what an invitation template can show. There is deliberately no host start URL:
// it is personal, short-lived and fetched only when the organizer clicks the start button.
type Values struct {
	Link, Passcode, MeetingID, Phone, ParticipantCode, Software, HostCode, Title, Number string
	Start, End                                                                           time.Time
	// Dates are a course's sessions, in order; empty for a single appointment (Start–End).
	Dates    []Span
	Location *time.Location // for dates and times; nil is UTC
	Locale   string         // "de" or "en"
}

// variable is one value and the names a template may use for it: the KuferSQL export
// variables first (admins who know KuferSQL's texts can paste them), then our readable name.
type variable struct {
	names []string
	value func(Values) string
}

var variables = []variable{
	{[]string{"<WEBIN_LINK>", "<ONLINELINK>", "{link}"}, func(v Values) string { return v.Link }},
	{[]string{"<WEBIN_PW>", "<ONLINEPW>", "{passcode}"}, func(v Values) string { return v.Passcode }},
	{[]string{"<WEBIN_MID>", "{meeting_id}"}, func(v Values) string { return v.MeetingID }},
	{[]string{"<WEBIN_RUFN>", "{phone}"}, func(v Values) string { return v.Phone }},
	{[]string{"<WEBIN_TNCO>", "<ONLINECODE>", "{participant_code}"}, func(v Values) string { return v.ParticipantCode }},
	{[]string{"<WEBIN_SW>", "{software}"}, func(v Values) string { return v.Software }},
	{[]string{"<WEBIN_MOCO>", "{host_code}"}, func(v Values) string { return v.HostCode }},
	{[]string{"<KURSTITEL>", "{title}"}, func(v Values) string { return v.Title }},
	{[]string{"<KURSNR>", "{number}"}, func(v Values) string { return v.Number }},
	{[]string{"<BEG_DATTXT>", "{start_date}"}, func(v Values) string { return dateText(v.Start, v.Location, v.Locale) }},
	{[]string{"<END_DATTXT>", "{end_date}"}, func(v Values) string { return dateText(v.End, v.Location, v.Locale) }},
	{[]string{"<UHRVON>", "{start_time}"}, func(v Values) string { return timeText(v.Start, v.Location) }},
	{[]string{"<UHRBIS>", "{end_time}"}, func(v Values) string { return timeText(v.End, v.Location) }},
	{[]string{"{dates}"}, func(Values) string { return "" }}, // several lines: see datesText
}

// Variables lists every placeholder a template may use, for the settings page's help text.
func Variables() []string {
	var names []string
	for _, va := range variables {
		names = append(names, va.names...)
	}
	return names
}

func isVariable(name string) bool {
	for _, va := range variables {
		if slices.Contains(va.names, name) {
			return true
		}
	}
	return false
}

// byName finds a placeholder's variable.
var byName = func() map[string]*variable {
	m := map[string]*variable{}
	for i := range variables {
		for _, n := range variables[i].names {
			m[n] = &variables[i]
		}
	}
	return m
}()

// lookup is the value of a placeholder for v ("", false: not a placeholder), on one line: a
// value with a line break could smuggle lines (or note markers) into the invitation. Values
// are worked out when a template uses them, once per Render.
type lookup struct {
	v    Values
	done map[*variable]string
}

func (l *lookup) value(name string) (string, bool) {
	va, ok := byName[name]
	if !ok {
		return "", false
	}
	if val, ok := l.done[va]; ok {
		return val, true
	}
	var val string
	if name == "{dates}" {
		val = datesText(l.v) // the one value of several lines, made of dates and fixed words only
	} else {
		val = oneLine(va.value(l.v))
	}
	if l.done == nil {
		l.done = make(map[*variable]string, 8)
	}
	l.done[va] = val
	return val, true
}

// placeholders returns the [from, to) offsets of everything in s shaped like a placeholder:
// <UPPER_CASE> or {lower_case}, known or not.
func placeholders(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); i++ {
		var closing byte
		var ok func(byte) bool
		switch s[i] {
		case '<':
			closing, ok = '>', func(c byte) bool { return 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' }
		case '{':
			closing, ok = '}', func(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' }
		default:
			continue
		}
		j := i + 1
		for j < len(s) && ok(s[j]) {
			j++
		}
		if j > i+1 && j < len(s) && s[j] == closing && !('0' <= s[i+1] && s[i+1] <= '9') && s[i+1] != '_' {
			out = append(out, [2]int{i, j + 1})
			i = j
		}
	}
	return out
}

// Render fills tmpl with v. Unknown placeholders stay as typed. A line whose placeholders are
// all empty is dropped, so that "Passwort: <WEBIN_PW>" does not show an empty label for a
// meeting without a passcode.
func Render(tmpl string, v Values) string {
	vals := &lookup{v: v}
	var b strings.Builder
	b.Grow(len(tmpl) + 256)
	for line := range strings.SplitAfterSeq(tmpl, "\n") {
		ph := placeholders(line)
		known, empty := 0, 0
		for _, p := range ph {
			if val, ok := vals.value(line[p[0]:p[1]]); ok {
				known++
				if val == "" {
					empty++
				}
			}
		}
		if known > 0 && known == empty {
			continue
		}
		last := 0
		for _, p := range ph {
			if val, ok := vals.value(line[p[0]:p[1]]); ok {
				b.WriteString(line[last:p[0]])
				b.WriteString(val)
				last = p[1]
			}
		}
		b.WriteString(line[last:])
	}
	return b.String()
}

// ValidateTemplate checks a template an administrator wants to save. Unknown variables are
// named in the error, so that a typo such as <WEBIN_LNK> shows up on saving rather than in
// every invitation.
func ValidateTemplate(tmpl string) error {
	const field = "template"
	if len(tmpl) > MaxTemplateBytes {
		return addon.Invalid(field, "is %d bytes long, at most %d", len(tmpl), MaxTemplateBytes)
	}
	if !utf8.ValidString(tmpl) {
		return addon.Invalid(field, "is not valid UTF-8 text")
	}
	var unknown []string
	for _, p := range placeholders(tmpl) {
		if name := tmpl[p[0]:p[1]]; !isVariable(name) && !slices.Contains(unknown, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		return addon.Invalid(field, "unknown variables %s; known are %s",
			strings.Join(unknown, ", "), strings.Join(Variables(), ", "))
	}
	return nil
}
