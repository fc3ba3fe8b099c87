package fields

import (
	"fmt"
	"strings"
	"time"
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
	en := lang(v.Locale) == "en"
	if len(v.Dates) <= 1 {
		start, end := v.Start, v.End
		if len(v.Dates) == 1 {
			start, end = v.Dates[0].Start, v.Dates[0].End
		}
		if start.IsZero() {
			return ""
		}
		if en {
			return fmt.Sprintf("Starts: %s, %s\nEnds: %s, %s", dateText(start, v.Location, "en"), timeText(start, v.Location),
				dateText(end, v.Location, "en"), timeText(end, v.Location))
		}
		return fmt.Sprintf("Beginn: %s, %s Uhr\nEnde: %s, %s Uhr", dateText(start, v.Location, "de"), timeText(start, v.Location),
			dateText(end, v.Location, "de"), timeText(end, v.Location))
	}
	var b strings.Builder
	if en {
		fmt.Fprintf(&b, "Dates (%d):", len(v.Dates))
	} else {
		fmt.Fprintf(&b, "Termine (%d):", len(v.Dates))
	}
	for i, d := range v.Dates {
		if i == MaxListedDates {
			break
		}
		b.WriteString("\n")
		b.WriteString(spanText(d, v.Location, en))
	}
	if more := len(v.Dates) - MaxListedDates; more > 0 {
		b.WriteString("\n")
		switch {
		case en && more == 1:
			b.WriteString("and 1 more date")
		case en:
			fmt.Fprintf(&b, "and %d more dates", more)
		case more == 1:
			b.WriteString("und 1 weiterer Termin")
		default:
			fmt.Fprintf(&b, "und %d weitere Termine", more)
		}
	}
	return b.String()
}

// spanText is one date of a list: "Dienstag, 3. August 2021, 16:30–18:00 Uhr", or for a session
// that ends on a later day both dates.
func spanText(d Span, loc *time.Location, en bool) string {
	l := "de"
	if en {
		l = "en"
	}
	s, e := in(d.Start, loc), in(d.End, loc)
	var out string
	if s.YearDay() == e.YearDay() && s.Year() == e.Year() {
		out = fmt.Sprintf("%s, %s–%s", dateText(s, loc, l), timeText(s, loc), timeText(e, loc))
	} else {
		out = fmt.Sprintf("%s, %s – %s, %s", dateText(s, loc, l), timeText(s, loc), dateText(e, loc, l), timeText(e, loc))
	}
	if !en {
		out += " Uhr"
	}
	return out
}
