package recurrence

import (
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onlinemeetings/meeting-addon/addon"
)

// fuzzSessions turns bytes into a course: three bytes per session give the gap in days to the
// previous one, the start (quarter hours) and the length (quarter hours).
func fuzzSessions(data []byte, loc *time.Location) []Session {
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	var out []Session
	for i := 0; i+2 < len(data) && len(out) < 60; i += 3 {
		day = day.AddDate(0, 0, int(data[i]%40))
		start := time.Date(day.Year(), day.Month(), day.Day(), 0, 15*int(data[i+1]%96), 0, 0, loc)
		end := start.Add(time.Duration(data[i+2]%12+1) * 15 * time.Minute)
		out = append(out, Session{Key: strconv.Itoa(len(out)), Start: start, End: end})
	}
	return out
}

func FuzzPlanSeries(f *testing.F) {
	f.Add([]byte{0, 66, 5, 3, 66, 5, 3, 66, 5, 4, 66, 5, 3, 66, 5}) // KuferSQL-like
	f.Add([]byte{0, 72, 11, 1, 36, 35, 6, 72, 11, 1, 36, 35})       // weekends
	f.Add([]byte{0, 40, 3, 7, 40, 3, 7, 40, 3, 7, 40, 3})           // weekly, DST-free
	f.Add([]byte{0, 40, 3, 31, 40, 3, 28, 40, 3, 31, 40, 3})        // monthly-ish
	f.Add([]byte{0, 40, 3, 0, 50, 3})                               // two on one day
	f.Add([]byte{})
	loc := berlin(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		sessions := fuzzSessions(data, loc)
		p, err := PlanSeries(sessions, loc)
		if err != nil {
			if addon.ErrorCode(err) != addon.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if len(p.Expanded) > MaxOccurrences || p.Rule.EndTimes != len(p.Expanded) {
			t.Fatalf("end_times %d, %d occurrences; want equal and at most %d", p.Rule.EndTimes, len(p.Expanded), MaxOccurrences)
		}
		if limit := map[int]int{Daily: MaxDailyInterval, Weekly: MaxWeeklyInterval, Monthly: MaxMonthlyInterval}[p.Rule.Type]; p.Rule.RepeatInterval < 1 || p.Rule.RepeatInterval > limit {
			t.Fatalf("rule %+v breaks Zoom's interval limit", p.Rule)
		}
		if diff := cmp.Diff(dates(Expand(p.Start, loc, p.Rule), loc), dates(p.Expanded, loc)); diff != "" {
			t.Fatalf("Expanded differs from Expand (-zoom +plan):\n%s", diff)
		}
		if diff := cmp.Diff(slots(sessions, loc), result(p)); diff != "" {
			t.Fatalf("plan does not give the course (-course +zoom):\n%s", diff)
		}
		if p.Differences() != len(p.Patches)+len(p.Expanded)-len(sessions) {
			t.Fatalf("deletes %d, want %d", len(p.Deletes), len(p.Expanded)-len(sessions))
		}
		ids := make([]string, len(p.Expanded))
		for i := range ids {
			ids[i] = strconv.Itoa(i)
		}
		c, err := Diff(Stored(p, sessions, ids), sessions, loc)
		if err != nil || !c.Empty() {
			t.Fatalf("Diff right after the plan = %+v, %v; want no changes", c, err)
		}
	})
}

// Whatever the dates, PlanAll cuts a course into series that each fit within 50 occurrences
// and together give exactly the course.
func FuzzPlanAll(f *testing.F) {
	f.Add([]byte{0, 66, 5, 3, 66, 5, 3, 66, 5, 4, 66, 5, 3, 66, 5})
	f.Add([]byte{0, 40, 3, 39, 40, 3, 39, 40, 3, 1, 40, 3})
	f.Add([]byte{0, 40, 3, 0, 50, 3})
	loc := berlin(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		sessions := fuzzSessions(data, loc)
		series, err := PlanAll(sessions, loc)
		if err != nil {
			if addon.ErrorCode(err) != addon.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		var left []slot
		for _, se := range series {
			if len(se.Plan.Expanded) > MaxOccurrences || len(se.Sessions) == 0 {
				t.Fatalf("series of %d sessions needs %d occurrences", len(se.Sessions), len(se.Plan.Expanded))
			}
			left = append(left, result(se.Plan)...)
		}
		if diff := cmp.Diff(slots(sessions, loc), left); diff != "" {
			t.Fatalf("series do not give the course (-course +zoom):\n%s", diff)
		}
	})
}
