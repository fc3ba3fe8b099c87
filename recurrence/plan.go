package recurrence

import (
	"slices"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
)

// Session is one course day. Key is the CRM's id of the day, opaque to this package.
type Session struct {
	Key        string
	Start, End time.Time
}

// Patch is a session that its occurrence does not match in time or length: the caller sends
// start_time and duration for that occurrence after creating the series.
type Patch struct {
	Session    int // index into the sessions given to PlanSeries
	Key        string
	Occurrence int // index into Plan.Expanded
	Start      time.Time
	Duration   time.Duration
}

// Plan is one Zoom type 8 meeting for a course: what to create and what to fix afterwards.
type Plan struct {
	Start    time.Time // first occurrence, in the course's location: send it as local start_time
	Duration time.Duration
	Rule     Rule
	// Expanded holds the occurrences Zoom creates from Start and Rule, in order; Expanded[i] is
	// occurrences[i] of Zoom's answer (callers should check the start times agree).
	Expanded []time.Time
	// Match[i] is the index in Expanded of the occurrence that carries session i.
	Match   []int
	Patches []Patch
	// Deletes are the indexes in Expanded of occurrences that are no course day.
	Deletes []int
}

// Differences is the number of calls needed after creating the series.
func (p Plan) Differences() int { return len(p.Patches) + len(p.Deletes) }

// PlanSeries chooses the Zoom series for at most MaxOccurrences sessions in loc. The rule must
// put an occurrence on every session's local date; among those, it takes the one with the
// fewest differences (patches plus deletes). Start's time of day and Duration are those of the
// most frequent (start time, length) pair, the earliest session's on a tie, which makes patches
// the same for every rule, so the rule decides only the deletes; on a tie the simpler rule wins:
// daily before weekly before monthly, smaller interval first. A daily rule of 7n days is never
// chosen: it is the same series as weekly every n weeks, which reads better in Zoom.
//
// One session gives a one-occurrence daily plan; callers create a plain meeting (type 2)
// instead. Sessions that no rule covers within 50 occurrences, two sessions on one local date,
// or more than 50 sessions give an addon.EINVALID error; see PlanAll to split a course.
func PlanSeries(sessions []Session, loc *time.Location) (Plan, error) {
	p, fits, err := plan(sessions, loc)
	if err != nil {
		return Plan{}, err
	}
	if !fits {
		return Plan{}, catalog.Error(addon.EINVALID, "recurrence.course_days_lie_too", len(sessions), MaxOccurrences)
	}
	return p, nil
}

// plan is PlanSeries; fits is false (with no error) when only the spread of the dates is wrong,
// which PlanAll answers by splitting.
func plan(sessions []Session, loc *time.Location) (Plan, bool, error) {
	if err := validate(sessions, loc); err != nil {
		return Plan{}, false, err
	}
	if len(sessions) > MaxOccurrences {
		return Plan{}, false, catalog.Error(addon.EINVALID, "recurrence.course_days_are_more", len(sessions), MaxOccurrences)
	}
	order := chronological(sessions)
	dates := make([]time.Time, len(sessions))
	for i, s := range sessions {
		dates[i] = dateOf(s.Start, loc)
	}
	tod, dur := usualTime(sessions, order, loc)
	d0 := dates[order[0]]
	start := time.Date(d0.Year(), d0.Month(), d0.Day(), tod.hour, tod.min, tod.sec, tod.nsec, loc)

	best, bestOcc := Rule{}, []time.Time(nil)
	if len(sessions) == 1 {
		best = Rule{Type: Daily, RepeatInterval: 1, EndTimes: 1}
		bestOcc = Expand(start, loc, best)
	}
	last := dates[order[len(order)-1]]
	// candidates come simplest first, so keeping only strictly shorter expansions is the tie-break.
	for _, r := range candidates(dates, order) {
		occ := cover(start, loc, r, dates, last)
		if occ != nil && (bestOcc == nil || len(occ) < len(bestOcc)) {
			best, bestOcc = r, occ
			best.EndTimes = len(occ)
		}
	}
	if bestOcc == nil {
		return Plan{}, false, nil
	}

	p := Plan{Start: start, Duration: dur, Rule: best, Expanded: bestOcc, Match: make([]int, len(sessions))}
	byDate := make(map[time.Time]int, len(bestOcc))
	for i, o := range bestOcc {
		byDate[dateOf(o, loc)] = i
	}
	used := make([]bool, len(bestOcc))
	for _, i := range order {
		s := sessions[i]
		j := byDate[dates[i]]
		p.Match[i], used[j] = j, true
		if !s.Start.Equal(bestOcc[j]) || s.End.Sub(s.Start) != dur {
			p.Patches = append(p.Patches, Patch{Session: i, Key: s.Key, Occurrence: j, Start: s.Start.In(loc), Duration: s.End.Sub(s.Start)})
		}
	}
	for j, u := range used {
		if !u {
			p.Deletes = append(p.Deletes, j)
		}
	}
	return p, true, nil
}

// cover expands r up to the last session date and returns the occurrences if every session
// date is among them, nil otherwise.
func cover(start time.Time, loc *time.Location, r Rule, dates []time.Time, last time.Time) []time.Time {
	r.EndTimes = MaxOccurrences
	occ := Expand(start, loc, r)
	have := make(map[time.Time]bool, len(occ))
	end := -1
	for i, o := range occ {
		d := dateOf(o, loc)
		have[d] = true
		if d.Equal(last) {
			end = i
			break
		}
	}
	if end < 0 {
		return nil
	}
	for _, d := range dates {
		if !have[d] {
			return nil
		}
	}
	return occ[:end+1]
}

// timeOfDay is a local wall-clock time.
type timeOfDay struct{ hour, min, sec, nsec int }

// usualTime is the most frequent (local start time, length) pair, the earliest on a tie.
func usualTime(sessions []Session, order []int, loc *time.Location) (timeOfDay, time.Duration) {
	type key struct {
		tod timeOfDay
		dur time.Duration
	}
	count := make(map[key]int)
	var best key
	for _, i := range order {
		l := sessions[i].Start.In(loc)
		k := key{timeOfDay{l.Hour(), l.Minute(), l.Second(), l.Nanosecond()}, sessions[i].End.Sub(sessions[i].Start)}
		count[k]++
		if count[k] > count[best] {
			best = k
		}
	}
	return best.tod, best.dur
}

// chronological returns the indexes of sessions ordered by start.
func chronological(sessions []Session) []int {
	order := make([]int, len(sessions))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return sessions[a].Start.Compare(sessions[b].Start) })
	return order
}

// validate refuses what no Zoom meeting can carry; the messages name the session by its key.
func validate(sessions []Session, loc *time.Location) error {
	if loc == nil {
		return catalog.Error(addon.EINVALID, "recurrence.no_time_zone_for")
	}
	if len(sessions) == 0 {
		return catalog.Error(addon.EINVALID, "recurrence.course_has_no_days")
	}
	keys := make(map[string]bool, len(sessions))
	days := make(map[time.Time]string, len(sessions))
	for _, s := range sessions {
		if d := s.End.Sub(s.Start); d <= 0 || d > 24*time.Hour {
			return catalog.Error(addon.EINVALID, "recurrence.course_day_zoom_meeting", s.Key, d)
		}
		if keys[s.Key] {
			return catalog.Error(addon.EINVALID, "recurrence.course_day_appears_twice", s.Key)
		}
		keys[s.Key] = true
		d := dateOf(s.Start, loc)
		if other, ok := days[d]; ok {
			return catalog.Error(addon.EINVALID, "recurrence.same_day", other, s.Key, catalog.Date(d))
		}
		days[d] = s.Key
	}
	return nil
}
