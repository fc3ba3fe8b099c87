package recurrence

import (
	"slices"
	"time"
)

// Occurrence is what the caller keeps about one live occurrence of an existing Zoom series.
type Occurrence struct {
	ID       string // Zoom's occurrence_id
	Key      string // the session it carries; "" for a live occurrence that is no course day
	Start    time.Time
	Duration time.Duration
}

// OccurrencePatch is a PATCH /meetings/{id}?occurrence_id=ID with start_time and duration.
type OccurrencePatch struct {
	ID       string
	Key      string
	Start    time.Time
	Duration time.Duration
}

// Changes is what a later save of the course needs in Zoom.
type Changes struct {
	// Patches are occurrences whose session kept its local date but not its time or length.
	Patches []OccurrencePatch
	// Deletes are the IDs of occurrences that no session is on any more.
	Deletes []string
	// Added are sessions with no occurrence on their local date: new days, or days moved to
	// another date. Zoom cannot add an occurrence to a series, so the caller re-plans the whole
	// course with PlanSeries and updates the meeting's recurrence, ignoring Patches and Deletes.
	Added []Session
	// State is the caller's new record once Patches and Deletes are done, ordered by start.
	State []Occurrence
}

// Replan reports whether occurrence updates cannot reach the new sessions.
func (c Changes) Replan() bool { return len(c.Added) > 0 }

// Empty reports whether Zoom needs no call at all.
func (c Changes) Empty() bool { return len(c.Patches)+len(c.Deletes)+len(c.Added) == 0 }

// Diff compares the stored occurrences of a series with the course's sessions now. A session
// keeps the occurrence of its key while its local date stays; a session without one takes over
// an unclaimed occurrence on its date (a day deleted and re-entered in the CRM); occurrences left
// over are deleted. Only what changed produces a call. The sessions are validated as for
// PlanSeries, except that their number is not limited.
func Diff(stored []Occurrence, sessions []Session, loc *time.Location) (Changes, error) {
	if len(sessions) == 0 && loc != nil {
		// A course with no days left: the caller deletes the meeting; report every occurrence.
		var c Changes
		for _, o := range stored {
			c.Deletes = append(c.Deletes, o.ID)
		}
		return c, nil
	}
	if err := validate(sessions, loc); err != nil {
		return Changes{}, err
	}
	byKey := make(map[string]int, len(stored))
	byDate := make(map[time.Time][]int, len(stored))
	for i, o := range stored {
		if o.Key != "" {
			byKey[o.Key] = i
		}
		d := dateOf(o.Start, loc)
		byDate[d] = append(byDate[d], i)
	}
	claimed := make([]bool, len(stored))
	owner := make([]int, len(stored)) // session index per claimed occurrence
	order := chronological(sessions)
	var pending []int
	for _, i := range order {
		s := sessions[i]
		if j, ok := byKey[s.Key]; ok && dateOf(stored[j].Start, loc).Equal(dateOf(s.Start, loc)) {
			claimed[j], owner[j] = true, i
			continue
		}
		pending = append(pending, i)
	}
	var c Changes
	for _, i := range pending {
		s := sessions[i]
		j := slices.IndexFunc(byDate[dateOf(s.Start, loc)], func(j int) bool { return !claimed[j] })
		if j < 0 {
			c.Added = append(c.Added, s)
			continue
		}
		j = byDate[dateOf(s.Start, loc)][j]
		claimed[j], owner[j] = true, i
	}
	for j, o := range stored {
		if !claimed[j] {
			c.Deletes = append(c.Deletes, o.ID)
			continue
		}
		s := sessions[owner[j]]
		now := Occurrence{ID: o.ID, Key: s.Key, Start: s.Start.In(loc), Duration: s.End.Sub(s.Start)}
		if !now.Start.Equal(o.Start) || now.Duration != o.Duration {
			c.Patches = append(c.Patches, OccurrencePatch{ID: o.ID, Key: s.Key, Start: now.Start, Duration: now.Duration})
		}
		c.State = append(c.State, now)
	}
	slices.SortStableFunc(c.State, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
	return c, nil
}

// Stored is the record a caller keeps after creating plan's series for sessions, given Zoom's
// occurrence IDs in the order of plan.Expanded: deleted occurrences are left out, and so are
// sessions whose occurrence has no ID (Zoom answered fewer), which the next Diff reports Added.
func Stored(plan Plan, sessions []Session, ids []string) []Occurrence {
	var out []Occurrence
	for i, s := range sessions {
		j := plan.Match[i]
		if j >= len(ids) {
			continue
		}
		out = append(out, Occurrence{ID: ids[j], Key: s.Key, Start: s.Start.In(plan.Start.Location()), Duration: s.End.Sub(s.Start)})
	}
	slices.SortStableFunc(out, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
	return out
}
