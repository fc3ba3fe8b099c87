package recurrence

import (
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zoneinfo
)

func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// at parses "2006-01-02 15:04" as wall time in loc.
func at(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// sess builds a course day on date from the wall times from and to in loc.
func sess(t testing.TB, loc *time.Location, key, date, from, to string) Session {
	t.Helper()
	return Session{Key: key, Start: at(t, loc, date+" "+from), End: at(t, loc, date+" "+to)}
}

// slot is an occurrence as a user reads it in Zoom: local start and length.
type slot struct {
	Start    string
	Duration time.Duration
}

const slotLayout = "Mon 2006-01-02 15:04 MST"

// result applies the plan the way the Zoom adapter does (create, patch, delete) and returns
// the occurrences that are left.
func result(p Plan) []slot {
	loc := p.Start.Location()
	out := make([]slot, len(p.Expanded))
	for i, o := range p.Expanded {
		out[i] = slot{o.In(loc).Format(slotLayout), p.Duration}
	}
	for _, pa := range p.Patches {
		out[pa.Occurrence] = slot{pa.Start.In(loc).Format(slotLayout), pa.Duration}
	}
	var left []slot
	for i, s := range out {
		if !slices.Contains(p.Deletes, i) {
			left = append(left, s)
		}
	}
	return left
}

// slots is what the course asks for, in order.
func slots(sessions []Session, loc *time.Location) []slot {
	var out []slot
	for _, s := range Blocks(sessions, len(sessions)+1) {
		for _, x := range s {
			out = append(out, slot{x.Start.In(loc).Format(slotLayout), x.End.Sub(x.Start)})
		}
	}
	return out
}

// dates formats times as local "Mon 2006-01-02 15:04".
func dates(ts []time.Time, loc *time.Location) []string {
	out := make([]string, len(ts))
	for i, v := range ts {
		out[i] = v.In(loc).Format("Mon 2006-01-02 15:04")
	}
	return out
}

// weekly returns n sessions every week on each of the days given as "2006-01-02" of the
// first week, each from..to.
func weekly(t testing.TB, loc *time.Location, n int, from, to string, firstWeek ...string) []Session {
	t.Helper()
	var out []Session
	for w := 0; len(out) < n; w++ {
		for _, d := range firstWeek {
			day := at(t, loc, d+" 00:00").AddDate(0, 0, 7*w).Format(time.DateOnly)
			out = append(out, sess(t, loc, day, day, from, to))
			if len(out) == n {
				break
			}
		}
	}
	return out
}
