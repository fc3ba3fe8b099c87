package fields

import (
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/catalog"
)

// Span is one session of a course.
type Span struct{ Start, End time.Time }

// MaxListedDates is how many dates {dates} lists before "und N weitere Termine": a course of
// 60 sessions would otherwise push the link far below the fold of the note.
const MaxListedDates = 20

// datesText is the value of {dates}. A single appointment reads as before there were courses
// ("Beginn: …" and "Ende: …" lines); a course lists its dates one per line with weekday, date
// and times, at most MaxListedDates of them, then how many more there are. A course no longer
// reads like one event spanning weeks.
func datesText(v Values) string {
	if len(v.Dates) <= 1 {
		start, end := v.Start, v.End
		if len(v.Dates) == 1 {
			start, end = v.Dates[0].Start, v.Dates[0].End
		}
		if start.IsZero() {
			return ""
		}
		return catalog.T(v.Locale, "fields.dates.single", dateText(start, v.Location, v.Locale), timeText(start, v.Location),
			dateText(end, v.Location, v.Locale), timeText(end, v.Location))
	}
	var b strings.Builder
	b.WriteString(catalog.T(v.Locale, "fields.dates.list", len(v.Dates)))
	for i, d := range v.Dates {
		if i == MaxListedDates {
			break
		}
		b.WriteString("\n")
		b.WriteString(spanText(d, v.Location, v.Locale))
	}
	if more := len(v.Dates) - MaxListedDates; more > 0 {
		b.WriteString("\n")
		if more == 1 {
			b.WriteString(catalog.T(v.Locale, "fields.dates.more_one"))
		} else {
			b.WriteString(catalog.T(v.Locale, "fields.dates.more", more))
		}
	}
	return b.String()
}

// spanText is one date of a list: "Dienstag, 3. August 2021, 16:30–18:00 Uhr", or for a session
// that ends on a later day both dates.
func spanText(d Span, loc *time.Location, locale string) string {
	s, e := in(d.Start, loc), in(d.End, loc)
	if s.YearDay() == e.YearDay() && s.Year() == e.Year() {
		return catalog.T(locale, "fields.dates.span", dateText(s, loc, locale), timeText(s, loc), timeText(e, loc))
	}
	return catalog.T(locale, "fields.dates.span_days", dateText(s, loc, locale), timeText(s, loc), dateText(e, loc, locale), timeText(e, loc))
}
