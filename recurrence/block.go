package recurrence

import (
	"slices"
	"time"
)

// Blocks cuts the sessions, in chronological order, into consecutive blocks of at most max
// sessions (MaxOccurrences when max < 1). It does not look at the dates; PlanAll does.
func Blocks(sessions []Session, max int) [][]Session {
	if max < 1 {
		max = MaxOccurrences
	}
	sorted := slices.Clone(sessions)
	slices.SortStableFunc(sorted, func(a, b Session) int { return a.Start.Compare(b.Start) })
	var out [][]Session
	for len(sorted) > 0 {
		n := min(max, len(sorted))
		out = append(out, sorted[:n:n])
		sorted = sorted[n:]
	}
	return out
}

// Series is one Zoom meeting of a course that needs several.
type Series struct {
	Sessions []Session // chronological; Plan's indexes refer to this slice
	Plan     Plan
}

// PlanAll plans a course of any length as few consecutive Zoom series as the greedy cut
// allows: each series takes as many of the next sessions as one plan can carry (at most 50,
// all within 50 occurrences). Greedy is enough because a prefix of a plannable run is
// plannable. Errors other than "does not fit" (bad times, two sessions a day) are returned.
func PlanAll(sessions []Session, loc *time.Location) ([]Series, error) {
	if err := validate(sessions, loc); err != nil {
		return nil, err
	}
	sorted := Blocks(sessions, len(sessions))[0]
	var out []Series
	for len(sorted) > 0 {
		var best Series
		for n := 1; n <= min(len(sorted), MaxOccurrences); n++ {
			p, fits, err := plan(sorted[:n:n], loc)
			if err != nil {
				return nil, err
			}
			if !fits {
				break
			}
			best = Series{Sessions: sorted[:n:n], Plan: p}
		}
		out = append(out, best) // one session always fits
		sorted = sorted[len(best.Sessions):]
	}
	return out, nil
}
