package recurrence

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBlocks(t *testing.T) {
	loc := berlin(t)
	sixty := weekly(t, loc, 60, "10:00", "11:00", "2026-01-05", "2026-01-07")
	shuffled := slices.Clone(sixty)
	slices.Reverse(shuffled)
	tests := []struct {
		name     string
		sessions []Session
		max      int
		want     []int
	}{
		{"60 in blocks of 50", shuffled, 50, []int{50, 10}},
		{"exactly 50", sixty[:50], 50, []int{50}},
		{"max 0 means 50", sixty, 0, []int{50, 10}},
		{"blocks of 25", sixty, 25, []int{25, 25, 10}},
		{"none", nil, 50, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blocks := Blocks(tc.sessions, tc.max)
			var sizes []int
			var flat []Session
			for _, b := range blocks {
				sizes = append(sizes, len(b))
				flat = append(flat, b...)
			}
			if diff := cmp.Diff(tc.want, sizes); diff != "" {
				t.Errorf("block sizes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(slots(tc.sessions, loc), slots(flat, loc)); len(flat) > 0 && diff != "" {
				t.Errorf("blocks are not the sessions in chronological order (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlanAll(t *testing.T) {
	loc := berlin(t)
	s := func(date string) Session { return sess(t, loc, date, date, "10:00", "11:00") }
	tests := []struct {
		name     string
		sessions []Session
		want     []int // sessions per series
	}{
		{"Monday to Friday, 60 days", weekly(t, loc, 60, "09:00", "12:00", "2026-03-23", "2026-03-24", "2026-03-25", "2026-03-26", "2026-03-27"), []int{50, 10}},
		{"fits one series", weekly(t, loc, 8, "18:00", "19:30", "2026-10-06"), []int{8}},
		// Mon Jan 5 and Wed Mar 11 fit weekly Mon+Wed every 9 weeks; Aug 20 no longer fits.
		{"too far apart", []Session{s("2026-01-05"), s("2026-03-11"), s("2026-08-20")}, []int{2, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			series, err := PlanAll(tc.sessions, loc)
			if err != nil {
				t.Fatalf("PlanAll: %v", err)
			}
			var sizes []int
			var left []slot
			for _, se := range series {
				sizes = append(sizes, len(se.Sessions))
				if diff := cmp.Diff(slots(se.Sessions, loc), result(se.Plan)); diff != "" {
					t.Errorf("series from %v (-course +zoom):\n%s", se.Plan.Start, diff)
				}
				left = append(left, result(se.Plan)...)
			}
			if diff := cmp.Diff(tc.want, sizes); diff != "" {
				t.Errorf("series sizes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(slots(tc.sessions, loc), left); diff != "" {
				t.Errorf("all series together (-course +zoom):\n%s", diff)
			}
		})
	}
	t.Run("two sessions a day is an error, not a split", func(t *testing.T) {
		_, err := PlanAll([]Session{sess(t, loc, "am", "2026-02-02", "09:00", "12:00"), sess(t, loc, "pm", "2026-02-02", "13:00", "16:00")}, loc)
		if err == nil {
			t.Error("PlanAll succeeded, want an error")
		}
	})
}

// A Monday/Wednesday course with a holiday week: 50 of its dates need 52 occurrences, so the
// cut falls where each series still fits.
func TestPlanAllHolidayWeek(t *testing.T) {
	loc := berlin(t)
	sessions := weekly(t, loc, 62, "17:00", "19:00", "2026-02-02", "2026-02-04")
	sessions = slices.Delete(sessions, 20, 22) // the 11th week is a holiday
	series, err := PlanAll(sessions, loc)
	if err != nil {
		t.Fatal(err)
	}
	var left []slot
	for _, se := range series {
		if len(se.Plan.Expanded) > MaxOccurrences {
			t.Errorf("series from %v needs %d occurrences", se.Plan.Start, len(se.Plan.Expanded))
		}
		left = append(left, result(se.Plan)...)
	}
	if diff := cmp.Diff(slots(sessions, loc), left); diff != "" {
		t.Errorf("all series together (-course +zoom):\n%s", diff)
	}
	if len(series) != 2 {
		t.Errorf("%d series, want 2", len(series))
	}
}

func TestRefit(t *testing.T) {
	loc := berlin(t)
	sixty := weekly(t, loc, 62, "17:00", "19:00", "2026-02-02", "2026-02-04")
	before := sess(t, loc, "new", "2026-01-28", "17:00", "19:00") // a Wednesday before the course
	tests := []struct {
		name   string
		groups [][]Session
		want   []int // sessions per series
	}{
		{"unchanged blocks stay", [][]Session{sixty[:50], sixty[50:60]}, []int{50, 10}},
		{"smaller blocks are not filled up", [][]Session{sixty[:30], sixty[30:60]}, []int{30, 30}},
		{"a date before the first block pushes its last one on", [][]Session{append([]Session{before}, sixty[:50]...), sixty[50:60]}, []int{50, 11}},
		{"the last block overflows into a new one", [][]Session{sixty[:50], sixty[50:]}, []int{50, 12}},
		{"a full last block stays", [][]Session{sixty[:12], sixty[12:62]}, []int{12, 50}},
		{"an emptied block stays as a place", [][]Session{sixty[:50], nil, sixty[50:60]}, []int{50, 0, 10}},
		{"overflow past the last block", [][]Session{append(slices.Clone(sixty[:50]), sixty[60])}, []int{50, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			series, err := Refit(tc.groups, loc)
			if err != nil {
				t.Fatal(err)
			}
			var sizes []int
			var all []Session
			var left []slot
			for _, se := range series {
				sizes = append(sizes, len(se.Sessions))
				if len(se.Sessions) > 0 {
					left = append(left, result(se.Plan)...)
				}
			}
			for _, g := range tc.groups {
				all = append(all, g...)
			}
			if diff := cmp.Diff(tc.want, sizes); diff != "" {
				t.Errorf("series sizes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(slots(all, loc), left); diff != "" {
				t.Errorf("all series together (-course +zoom):\n%s", diff)
			}
		})
	}
	t.Run("two sessions a day across groups is an error", func(t *testing.T) {
		_, err := Refit([][]Session{{sess(t, loc, "am", "2026-02-02", "09:00", "12:00")}, {sess(t, loc, "pm", "2026-02-02", "13:00", "16:00")}}, loc)
		if err == nil {
			t.Error("Refit succeeded, want an error")
		}
	})
}
