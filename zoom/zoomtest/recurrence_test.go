package zoomtest_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func startsOf(m *zoom.Meeting) []time.Time {
	var out []time.Time
	for _, o := range m.Occurrences {
		out = append(out, o.StartTime)
	}
	return out
}

func TestRecurrenceExpansion(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	tests := []struct {
		name  string
		start string // local when without Z
		tz    string
		rec   zoom.Recurrence
		want  []string // UTC
	}{
		{
			name: "weekly on Sunday is weekly_days 1", start: "2026-09-02T10:00:00", tz: "Europe/Berlin",
			rec:  zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "1", EndTimes: 3},
			want: []string{"2026-09-06T08:00:00Z", "2026-09-13T08:00:00Z", "2026-09-20T08:00:00Z"},
		},
		{
			name: "weekly on Monday and Wednesday", start: "2026-09-02T10:00:00", tz: "Europe/Berlin",
			rec:  zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "2,4", EndTimes: 4},
			want: []string{"2026-09-02T08:00:00Z", "2026-09-07T08:00:00Z", "2026-09-09T08:00:00Z", "2026-09-14T08:00:00Z"},
		},
		{
			name: "every second Tuesday", start: "2026-09-01T18:00:00", tz: "Europe/Berlin",
			rec:  zoom.Recurrence{Type: zoom.RecurWeekly, RepeatInterval: 2, WeeklyDays: "3", EndTimes: 3},
			want: []string{"2026-09-01T16:00:00Z", "2026-09-15T16:00:00Z", "2026-09-29T16:00:00Z"},
		},
		{
			name: "every other day", start: "2026-09-02T09:00:00Z",
			rec:  zoom.Recurrence{Type: zoom.RecurDaily, RepeatInterval: 2, EndTimes: 3},
			want: []string{"2026-09-02T09:00:00Z", "2026-09-04T09:00:00Z", "2026-09-06T09:00:00Z"},
		},
		{
			name: "daily until an end date", start: "2026-09-02T09:00:00Z",
			rec:  zoom.Recurrence{Type: zoom.RecurDaily, EndDateTime: "2026-09-04T23:59:00Z"},
			want: []string{"2026-09-02T09:00:00Z", "2026-09-03T09:00:00Z", "2026-09-04T09:00:00Z"},
		},
		{
			name: "monthly on the 15th", start: "2026-09-02T09:00:00Z",
			rec:  zoom.Recurrence{Type: zoom.RecurMonthly, MonthlyDay: 15, EndTimes: 3},
			want: []string{"2026-09-15T09:00:00Z", "2026-10-15T09:00:00Z", "2026-11-15T09:00:00Z"},
		},
		{
			name: "monthly on the 31st skips short months", start: "2026-09-01T09:00:00Z",
			rec:  zoom.Recurrence{Type: zoom.RecurMonthly, MonthlyDay: 31, EndTimes: 3},
			want: []string{"2026-10-31T09:00:00Z", "2026-12-31T09:00:00Z", "2027-01-31T09:00:00Z"},
		},
		{
			name: "monthly on the last Friday", start: "2026-09-01T12:00:00Z",
			rec:  zoom.Recurrence{Type: zoom.RecurMonthly, MonthlyWeek: -1, MonthlyWeekDay: 6, EndTimes: 3},
			want: []string{"2026-09-25T12:00:00Z", "2026-10-30T12:00:00Z", "2026-11-27T12:00:00Z"},
		},
		{
			name: "monthly on the second Monday", start: "2026-09-01T12:00:00Z",
			rec:  zoom.Recurrence{Type: zoom.RecurMonthly, MonthlyWeek: 2, MonthlyWeekDay: 2, EndTimes: 2},
			want: []string{"2026-09-14T12:00:00Z", "2026-10-12T12:00:00Z"},
		},
		{
			name: "50 occurrences are all created", start: "2026-09-02T09:00:00Z",
			rec:  zoom.Recurrence{Type: zoom.RecurDaily, EndTimes: 50},
			want: dailyFrom("2026-09-02T09:00:00Z", 50),
		},
		{
			name: "more than 50 by count create only the first", start: "2026-09-02T09:00:00Z",
			rec:  zoom.Recurrence{Type: zoom.RecurDaily, EndTimes: 51},
			want: []string{"2026-09-02T09:00:00Z"},
		},
		{
			name: "more than 50 by end date create only the first", start: "2026-09-02T09:00:00Z",
			rec:  zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "4", EndDateTime: "2027-12-31T00:00:00Z"},
			want: []string{"2026-09-02T09:00:00Z"},
		},
		{
			name: "weekly in local time keeps 18:00 Berlin across the DST change", start: "2026-10-06T18:00:00", tz: "Europe/Berlin",
			rec: zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "3", EndTimes: 6},
			want: []string{"2026-10-06T16:00:00Z", "2026-10-13T16:00:00Z", "2026-10-20T16:00:00Z",
				"2026-10-27T17:00:00Z", "2026-11-03T17:00:00Z", "2026-11-10T17:00:00Z"},
		},
		{
			name: "weekly created in UTC keeps 16:00 UTC, 17:00 Berlin after the change", start: "2026-10-06T16:00:00Z", tz: "Europe/Berlin",
			rec: zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "3", EndTimes: 6},
			want: []string{"2026-10-06T16:00:00Z", "2026-10-13T16:00:00Z", "2026-10-20T16:00:00Z",
				"2026-10-27T16:00:00Z", "2026-11-03T16:00:00Z", "2026-11-10T16:00:00Z"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := tc.rec
			m := e.create(t, "me", &zoom.MeetingRequest{
				Topic: "Kurs", Type: zoom.MeetingRecurringFixed, StartTime: tc.start, Timezone: tc.tz,
				Duration: 90, Recurrence: &rec,
			})
			var want []time.Time
			for _, s := range tc.want {
				want = append(want, utc(s))
			}
			if diff := cmp.Diff(want, startsOf(m)); diff != "" {
				t.Errorf("occurrence starts (-want +got):\n%s", diff)
			}
			for _, o := range m.Occurrences {
				if wantID := o.StartTime.UnixMilli(); o.OccurrenceID != strconv.FormatInt(wantID, 10) || o.Status != "available" || o.Duration != 90 {
					t.Errorf("occurrence %+v: want id %d, status available, duration 90", o, wantID)
				}
			}
			if !m.StartTime.Equal(want[0]) {
				t.Errorf("meeting start_time: got %v, want the first occurrence %v", m.StartTime, want[0])
			}
		})
	}
}

func TestRecurrenceLocalHourInBerlin(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	m := e.create(t, "me", &zoom.MeetingRequest{
		Topic: "Abendkurs", Type: zoom.MeetingRecurringFixed, StartTime: "2026-10-06T18:00:00", Timezone: "Europe/Berlin",
		Duration: 60, Recurrence: &zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "3", EndTimes: 6},
	})
	for _, o := range m.Occurrences {
		if got := o.StartTime.In(berlin).Format("Mon 15:04"); got != "Tue 18:00" {
			t.Errorf("occurrence %s: got %s Berlin time, want Tue 18:00", o.OccurrenceID, got)
		}
	}
}

func TestRecurrenceRefused(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	tests := []struct {
		name string
		rec  *zoom.Recurrence
	}{
		{name: "weekly without days", rec: &zoom.Recurrence{Type: zoom.RecurWeekly, EndTimes: 2}},
		{name: "weekly day 9", rec: &zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "1,9", EndTimes: 2}},
		{name: "daily interval above 99", rec: &zoom.Recurrence{Type: zoom.RecurDaily, RepeatInterval: 100, EndTimes: 2}},
		{name: "end_times and end_date_time", rec: &zoom.Recurrence{Type: zoom.RecurDaily, EndTimes: 2, EndDateTime: "2026-12-01T00:00:00Z"}},
		{name: "type 8 without recurrence"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := e.client.Meetings.Create(t.Context(), "me", &zoom.MeetingRequest{
				Topic: "Kurs", Type: zoom.MeetingRecurringFixed, StartTime: "2026-09-02T09:00:00Z", Duration: 60, Recurrence: tc.rec,
			})
			wantCode(t, err, 400, zoom.CodeInvalidParameter)
		})
	}
}

func dailyFrom(start string, n int) []string {
	t := utc(start)
	out := make([]string, n)
	for i := range out {
		out[i] = t.AddDate(0, 0, i).Format(time.RFC3339)
	}
	return out
}
