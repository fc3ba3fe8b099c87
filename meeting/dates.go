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

// recordDates lists the sessions of a course's record (a series master's), in order, for the
// host's start page; nil for a record of one meeting.
func recordDates(m addon.MeetingRecord) []fields.Span {
	sm, ok := seriesOf(m)
	if !ok || len(sm.Sessions) < 2 {
		return nil
	}
	out := make([]fields.Span, 0, len(sm.Sessions))
	for _, ss := range sm.Sessions {
		out = append(out, fields.Span{Start: ss.Start, End: ss.End})
	}
	slices.SortStableFunc(out, func(a, b fields.Span) int { return a.Start.Compare(b.Start) })
	return out
}
