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
	sorted := byStart(sessions)
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
	return Refit([][]Session{sessions}, loc)
}

// Refit plans a course that is already cut into consecutive groups, such as the series of an
// earlier save with the sessions of this save sorted into them by date. Group i becomes
// series i: it keeps the longest chronological prefix that one plan carries and hands the rest
// on to the front of the next group; what the last group cannot carry becomes further series.
// An empty group gives a series without sessions, so that out[i] still stands for the caller's
// existing series i. Unchanged groups that were planned before are kept as they are. Errors
// other than "does not fit" (bad times, two sessions a day) are returned.
func Refit(groups [][]Session, loc *time.Location) ([]Series, error) {
	var all []Session
	for _, g := range groups {
		all = append(all, g...)
	}
	if err := validate(all, loc); err != nil {
		return nil, err
	}
	var out []Series
	var carry []Session
	for i := 0; i < len(groups) || len(carry) > 0; i++ {
		g := carry
		if i < len(groups) && len(groups[i]) > 0 {
			g = append(slices.Clone(carry), byStart(groups[i])...)
		}
		if len(g) == 0 {
			out = append(out, Series{})
			continue
		}
		se, err := fit(g, loc)
		if err != nil {
			return nil, err
		}
		out = append(out, se)
		carry = g[len(se.Sessions):]
	}
	return out, nil
}

// byStart returns a copy of the sessions in chronological order.
func byStart(sessions []Session) []Session {
	sorted := slices.Clone(sessions)
	slices.SortStableFunc(sorted, func(a, b Session) int { return a.Start.Compare(b.Start) })
	return sorted
}

// fit plans the longest prefix of the chronological sessions that one series carries. The
// whole run (up to 50) is tried first, as an unchanged group fits; otherwise a binary search
// finds the cut, which relies on every prefix of a plannable run being plannable.
func fit(sorted []Session, loc *time.Location) (Series, error) {
	try := func(n int) (Series, bool, error) {
		p, fits, err := plan(sorted[:n:n], loc)
		return Series{Sessions: sorted[:n:n], Plan: p}, fits, err
	}
	hi := min(len(sorted), MaxOccurrences)
	best, fits, err := try(hi)
	if err != nil || fits {
		return best, err
	}
	best, _, err = try(1) // one session always fits
	lo := 1
	for hi--; lo < hi && err == nil; {
		mid := (lo + hi + 1) / 2
		var se Series
		if se, fits, err = try(mid); fits {
			best, lo = se, mid
		} else {
			hi = mid - 1
		}
	}
	return best, err
}
