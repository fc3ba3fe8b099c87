package recurrence

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExpand(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		name  string
		start string
		rule  Rule
		want  []string
	}{
		{
			name: "daily every 3 days", start: "2026-02-01 10:00",
			rule: Rule{Type: Daily, RepeatInterval: 3, EndTimes: 4},
			want: []string{"Sun 2026-02-01 10:00", "Wed 2026-02-04 10:00", "Sat 2026-02-07 10:00", "Tue 2026-02-10 10:00"},
		},
		{
			name: "daily keeps wall time over the start of summer time", start: "2026-03-28 09:00",
			rule: Rule{Type: Daily, RepeatInterval: 1, EndTimes: 3},
			want: []string{"Sat 2026-03-28 09:00", "Sun 2026-03-29 09:00", "Mon 2026-03-30 09:00"},
		},
		{
			name: "interval 0 is Zoom's default 1", start: "2026-02-01 10:00",
			rule: Rule{Type: Daily, EndTimes: 2},
			want: []string{"Sun 2026-02-01 10:00", "Mon 2026-02-02 10:00"},
		},
		{
			// 1 = Sunday, 7 = Saturday; days before start in its week are skipped.
			name: "weekly Sunday and Saturday from a Wednesday", start: "2026-02-04 18:00",
			rule: Rule{Type: Weekly, RepeatInterval: 1, WeeklyDays: "1,7", EndTimes: 3},
			want: []string{"Sat 2026-02-07 18:00", "Sun 2026-02-08 18:00", "Sat 2026-02-14 18:00"},
		},
		{
			name: "weekly every other week Monday and Wednesday, unordered days", start: "2026-02-02 08:00",
			rule: Rule{Type: Weekly, RepeatInterval: 2, WeeklyDays: "4, 2", EndTimes: 4},
			want: []string{"Mon 2026-02-02 08:00", "Wed 2026-02-04 08:00", "Mon 2026-02-16 08:00", "Wed 2026-02-18 08:00"},
		},
		{
			name: "monthly on the 31st skips short months", start: "2026-01-31 12:00",
			rule: Rule{Type: Monthly, RepeatInterval: 1, MonthlyDay: 31, EndTimes: 3},
			want: []string{"Sat 2026-01-31 12:00", "Tue 2026-03-31 12:00", "Sun 2026-05-31 12:00"},
		},
		{
			name: "monthly day before start begins next month", start: "2026-01-20 12:00",
			rule: Rule{Type: Monthly, RepeatInterval: 3, MonthlyDay: 15, EndTimes: 2},
			want: []string{"Wed 2026-04-15 12:00", "Wed 2026-07-15 12:00"},
		},
		{
			name: "second Tuesday", start: "2026-01-01 19:00",
			rule: Rule{Type: Monthly, RepeatInterval: 1, MonthlyWeek: 2, MonthlyWeekDay: 3, EndTimes: 3},
			want: []string{"Tue 2026-01-13 19:00", "Tue 2026-02-10 19:00", "Tue 2026-03-10 19:00"},
		},
		{
			name: "last Sunday crosses both DST changes", start: "2026-03-01 10:00",
			rule: Rule{Type: Monthly, RepeatInterval: 7, MonthlyWeek: -1, MonthlyWeekDay: 1, EndTimes: 2},
			want: []string{"Sun 2026-03-29 10:00", "Sun 2026-10-25 10:00"},
		},
		{name: "no end_times", start: "2026-02-01 10:00", rule: Rule{Type: Daily, RepeatInterval: 1}},
		{name: "unknown type", start: "2026-02-01 10:00", rule: Rule{Type: 4, EndTimes: 3}},
		{name: "weekly day 8", start: "2026-02-01 10:00", rule: Rule{Type: Weekly, WeeklyDays: "2,8", EndTimes: 3}},
		{name: "weekly no days", start: "2026-02-01 10:00", rule: Rule{Type: Weekly, EndTimes: 3}},
		{name: "monthly week 5", start: "2026-02-01 10:00", rule: Rule{Type: Monthly, MonthlyWeek: 5, MonthlyWeekDay: 2, EndTimes: 3}},
		{name: "monthly day 0", start: "2026-02-01 10:00", rule: Rule{Type: Monthly, EndTimes: 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := dates(Expand(at(t, loc, tc.start), loc, tc.rule), loc)
			if len(tc.want) == 0 && len(got) == 0 {
				return
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Expand (-want +got):\n%s", diff)
			}
		})
	}
}
