package recurrence

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDiff(t *testing.T) {
	loc := berlin(t)
	s := func(key, date, from, to string) Session { return sess(t, loc, key, date, from, to) }
	course := []Session{
		s("a", "2021-08-03", "16:30", "18:00"), s("b", "2021-08-06", "16:30", "18:00"),
		s("c", "2021-08-09", "16:30", "18:00"), s("d", "2021-08-13", "16:30", "18:00"),
	}
	p, err := PlanSeries(course, loc)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"1", "2", "3", "4", "5"} // occurrence IDs in the order Zoom answered
	stored := Stored(p, course, ids)
	with := func(i int, x Session) []Session {
		out := append([]Session(nil), course...)
		out[i] = x
		return out
	}
	// A live occurrence that is no course day, as when the caller skipped a delete.
	spare := append(Stored(p, course, ids), Occurrence{ID: "9", Start: at(t, loc, "2021-08-10 16:30"), Duration: 90 * time.Minute})

	tests := []struct {
		name        string
		stored      []Occurrence
		sessions    []Session
		wantPatches []OccurrencePatch
		wantDeletes []string
		wantAdded   []string // keys
		wantState   map[string]string
	}{
		{name: "nothing changed", stored: stored, sessions: course},
		{
			name: "later start on the same day", stored: stored,
			sessions:    with(1, s("b", "2021-08-06", "17:00", "18:30")),
			wantPatches: []OccurrencePatch{{ID: "2", Key: "b", Start: at(t, loc, "2021-08-06 17:00"), Duration: 90 * time.Minute}},
		},
		{
			name: "longer session", stored: stored,
			sessions:    with(3, s("d", "2021-08-13", "16:30", "19:00")),
			wantPatches: []OccurrencePatch{{ID: "5", Key: "d", Start: at(t, loc, "2021-08-13 16:30"), Duration: 150 * time.Minute}},
		},
		{name: "day removed", stored: stored, sessions: course[:3], wantDeletes: []string{"5"}},
		{
			name: "day moved to another date", stored: stored,
			sessions:    with(2, s("c", "2021-08-11", "16:30", "18:00")),
			wantDeletes: []string{"3"}, wantAdded: []string{"c"},
		},
		{
			name: "new day after the series", stored: stored,
			sessions:  append(course[:4:4], s("e", "2021-08-16", "16:30", "18:00")),
			wantAdded: []string{"e"},
		},
		{
			name: "day re-entered with a new key", stored: stored,
			sessions:  with(0, s("a2", "2021-08-03", "16:30", "18:00")),
			wantState: map[string]string{"1": "a2"},
		},
		{
			name: "new day on a spare occurrence", stored: spare,
			sessions:    append(course[:4:4], s("x", "2021-08-10", "09:00", "10:00")),
			wantPatches: []OccurrencePatch{{ID: "9", Key: "x", Start: at(t, loc, "2021-08-10 09:00"), Duration: time.Hour}},
			wantState:   map[string]string{"9": "x"},
		},
		{name: "spare occurrence deleted", stored: spare, sessions: course, wantDeletes: []string{"9"}},
		{name: "course emptied", stored: stored, wantDeletes: []string{"1", "2", "3", "5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Diff(tc.stored, tc.sessions, loc)
			if err != nil {
				t.Fatalf("Diff: %v", err)
			}
			if diff := cmp.Diff(tc.wantPatches, c.Patches); diff != "" {
				t.Errorf("patches (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantDeletes, c.Deletes); diff != "" {
				t.Errorf("deletes (-want +got):\n%s", diff)
			}
			var added []string
			for _, a := range c.Added {
				added = append(added, a.Key)
			}
			if diff := cmp.Diff(tc.wantAdded, added); diff != "" {
				t.Errorf("added (-want +got):\n%s", diff)
			}
			if got, want := c.Replan(), len(tc.wantAdded) > 0; got != want {
				t.Errorf("Replan() = %v, want %v", got, want)
			}
			for _, o := range c.State {
				if want, ok := tc.wantState[o.ID]; ok && o.Key != want {
					t.Errorf("occurrence %s carries %q, want %q", o.ID, o.Key, want)
				}
			}
			// Applying the changes and diffing again must leave nothing to do.
			if !c.Replan() && len(tc.sessions) > 0 {
				again, err := Diff(c.State, tc.sessions, loc)
				if err != nil || !again.Empty() {
					t.Errorf("second Diff = %+v, %v; want no changes", again, err)
				}
			}
		})
	}
	t.Run("invalid sessions", func(t *testing.T) {
		if _, err := Diff(stored, []Session{course[0], course[0]}, loc); err == nil {
			t.Error("Diff accepted the same key twice")
		}
	})
}
