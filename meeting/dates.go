package meeting

import (
	"slices"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
)

// courseDates lists the sessions of a series master that are not cancelled, in order, for the
// invitation's {dates}; nil for any other appointment, whose invitation shows its own times.
func courseDates(appt *addon.Appointment) []fields.Span {
	if appt.Series == nil {
		return nil
	}
	var out []fields.Span
	for _, o := range appt.Series.Occurrences {
		if !o.Cancelled {
			out = append(out, fields.Span{Start: o.Start, End: o.End})
		}
	}
	slices.SortStableFunc(out, func(a, b fields.Span) int { return a.Start.Compare(b.Start) })
	return out
}
