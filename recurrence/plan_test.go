package recurrence

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
)

func TestPlanSeries(t *testing.T) {
	loc := berlin(t)
	s := func(date, from, to string) Session { return sess(t, loc, date, date, from, to) }
	weekend := weekly(t, loc, 8, "18:00", "21:00", "2026-05-08", "2026-05-09")
	for i := 1; i < len(weekend); i += 2 { // the Saturdays run 9–18
		weekend[i] = s(weekend[i].Key, "09:00", "18:00")
	}
	tests := []struct {
		name        string
		sessions    []Session
		wantRule    Rule
		wantPatches int
		wantDeletes int
	}{
		{
			// The example course of the KuferSQL manual. Every rule must cover all five dates;
			// daily needs 14 occurrences, weekly Mon/Tue/Fri 6 (Tue 10.08. deleted), no monthly
			// rule fits: 1 delete is the best there is.
			name: "KuferSQL manual course",
			sessions: []Session{
				s("2021-08-03", "16:30", "18:00"), s("2021-08-06", "16:30", "18:00"),
				s("2021-08-09", "16:30", "18:00"), s("2021-08-13", "16:30", "18:00"),
				s("2021-08-16", "16:30", "18:00"),
			},
			wantRule:    Rule{Type: Weekly, RepeatInterval: 1, WeeklyDays: "2,3,6", EndTimes: 6},
			wantDeletes: 1,
		},
		{
			// 4 Fridays 18–21 and 4 Saturdays 9–18: a tie, the earlier (Friday) wins the series
			// time, so the Saturdays are patched.
			name:        "weekend course",
			sessions:    weekend,
			wantRule:    Rule{Type: Weekly, RepeatInterval: 1, WeeklyDays: "6,7", EndTimes: 8},
			wantPatches: 4,
		},
		{
			name:     "weekly across the end of summer time",
			sessions: weekly(t, loc, 8, "18:00", "19:30", "2026-10-06"),
			wantRule: Rule{Type: Weekly, RepeatInterval: 1, WeeklyDays: "3", EndTimes: 8},
		},
		{
			// Daily would need 12 occurrences and 2 deletes.
			name:     "Monday to Friday for two weeks",
			sessions: weekly(t, loc, 10, "09:00", "12:00", "2026-03-23", "2026-03-24", "2026-03-25", "2026-03-26", "2026-03-27"),
			wantRule: Rule{Type: Weekly, RepeatInterval: 1, WeeklyDays: "2,3,4,5,6", EndTimes: 10},
		},
		{
			name: "monthly on the 15th",
			sessions: []Session{
				s("2026-01-15", "10:00", "11:00"), s("2026-02-15", "10:00", "11:00"), s("2026-03-15", "10:00", "11:00"),
				s("2026-04-15", "10:00", "11:00"), s("2026-05-15", "10:00", "11:00"), s("2026-06-15", "10:00", "11:00"),
			},
			wantRule: Rule{Type: Monthly, RepeatInterval: 1, MonthlyDay: 15, EndTimes: 6},
		},
		{
			name: "every other month on the 10th, sessions given out of order",
			sessions: []Session{
				s("2026-05-10", "10:00", "11:00"), s("2026-01-10", "10:00", "11:00"), s("2026-03-10", "10:00", "11:00"),
			},
			wantRule: Rule{Type: Monthly, RepeatInterval: 2, MonthlyDay: 10, EndTimes: 3},
		},
		{
			// Mar 2 and Apr 6 are first Mondays; Apr 6 is not the 2nd: no monthly_day.
			name: "first Monday of the month",
			sessions: []Session{
				s("2026-03-02", "19:00", "21:00"), s("2026-04-06", "19:00", "21:00"), s("2026-05-04", "19:00", "21:00"),
			},
			wantRule: Rule{Type: Monthly, RepeatInterval: 1, MonthlyWeek: 1, MonthlyWeekDay: 2, EndTimes: 3},
		},
		{
			// Jan 30 and May 29 are 5th Fridays, the others 4th: only "last" holds them all.
			name: "last Friday of the month",
			sessions: []Session{
				s("2026-01-30", "15:00", "16:00"), s("2026-02-27", "15:00", "16:00"),
				s("2026-03-27", "15:00", "16:00"), s("2026-04-24", "15:00", "16:00"),
				s("2026-05-29", "15:00", "16:00"),
			},
			wantRule: Rule{Type: Monthly, RepeatInterval: 1, MonthlyWeek: -1, MonthlyWeekDay: 6, EndTimes: 5},
		},
		{
			name:     "every other week Tuesday and Thursday",
			sessions: []Session{s("2026-02-03", "08:00", "09:00"), s("2026-02-05", "08:00", "09:00"), s("2026-02-17", "08:00", "09:00"), s("2026-02-19", "08:00", "09:00")},
			wantRule: Rule{Type: Weekly, RepeatInterval: 2, WeeklyDays: "3,5", EndTimes: 4},
		},
		{
			// Weekly every 2 weeks on Sat+Sun depends on Zoom's first day of the week: not
			// planned; every week from Sat 7. to Sun 22. deletes the middle weekend.
			name:        "every other weekend",
			sessions:    []Session{s("2026-02-07", "10:00", "12:00"), s("2026-02-08", "10:00", "12:00"), s("2026-02-21", "10:00", "12:00"), s("2026-02-22", "10:00", "12:00")},
			wantRule:    Rule{Type: Weekly, RepeatInterval: 1, WeeklyDays: "1,7", EndTimes: 6},
			wantDeletes: 2,
		},
		{
			name:     "every third day",
			sessions: []Session{s("2026-02-01", "10:00", "12:00"), s("2026-02-04", "10:00", "12:00"), s("2026-02-07", "10:00", "12:00"), s("2026-02-10", "10:00", "12:00")},
			wantRule: Rule{Type: Daily, RepeatInterval: 3, EndTimes: 4},
		},
		{
			name:        "one late session among usual ones",
			sessions:    []Session{s("2026-02-02", "10:00", "12:00"), s("2026-02-03", "14:00", "15:30"), s("2026-02-04", "10:00", "12:00")},
			wantRule:    Rule{Type: Daily, RepeatInterval: 1, EndTimes: 3},
			wantPatches: 1,
		},
		{
			// Callers create a plain meeting for one session; the plan is still consistent.
			name:     "single session",
			sessions: []Session{s("2026-02-02", "10:00", "12:00")},
			wantRule: Rule{Type: Daily, RepeatInterval: 1, EndTimes: 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := PlanSeries(tc.sessions, loc)
			if err != nil {
				t.Fatalf("PlanSeries: %v", err)
			}
			t.Logf("rule %+v, %d occurrences, %d patches, %d deletes", p.Rule, len(p.Expanded), len(p.Patches), len(p.Deletes))
			if diff := cmp.Diff(tc.wantRule, p.Rule); diff != "" {
				t.Errorf("rule (-want +got):\n%s", diff)
			}
			if len(p.Patches) != tc.wantPatches || len(p.Deletes) != tc.wantDeletes {
				t.Errorf("got %d patches, %d deletes, want %d, %d", len(p.Patches), len(p.Deletes), tc.wantPatches, tc.wantDeletes)
			}
			if diff := cmp.Diff(dates(Expand(p.Start, loc, p.Rule), loc), dates(p.Expanded, loc)); diff != "" {
				t.Errorf("Expanded is not what Zoom creates from Start and Rule (-zoom +plan):\n%s", diff)
			}
			if diff := cmp.Diff(slots(tc.sessions, loc), result(p)); diff != "" {
				t.Errorf("occurrences after patches and deletes (-course +zoom):\n%s", diff)
			}
			for i, j := range p.Match {
				if got, want := dateOf(p.Expanded[j], loc), dateOf(tc.sessions[i].Start, loc); !got.Equal(want) {
					t.Errorf("session %d matched to occurrence on %v, want %v", i, got, want)
				}
			}
		})
	}
}

func TestPlanSeriesKeepsWallClockAcrossDST(t *testing.T) {
	loc := berlin(t)
	p, err := PlanSeries(weekly(t, loc, 8, "18:00", "19:30", "2026-10-06"), loc)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range p.Expanded {
		if got := o.In(loc).Format("15:04"); got != "18:00" {
			t.Errorf("occurrence %v starts at %s local, want 18:00", o, got)
		}
	}
	// 20.10. is summer time (UTC+2), 27.10. winter time (UTC+1).
	if got, want := p.Expanded[2].UTC().Format("15:04"), "16:00"; got != want {
		t.Errorf("20.10. starts %s UTC, want %s", got, want)
	}
	if got, want := p.Expanded[3].UTC().Format("15:04"), "17:00"; got != want {
		t.Errorf("27.10. starts %s UTC, want %s", got, want)
	}
	if got, want := p.Start.Format("2006-01-02T15:04:05"), "2026-10-06T18:00:00"; got != want {
		t.Errorf("start_time %s, want %s", got, want)
	}
}

func TestPlanSeriesErrors(t *testing.T) {
	loc := berlin(t)
	s := func(key, date, from, to string) Session { return sess(t, loc, key, date, from, to) }
	tests := []struct {
		name     string
		sessions []Session
		loc      *time.Location
		want     string
	}{
		{"no sessions", nil, loc, "no days"},
		{"no time zone", []Session{s("a", "2026-02-02", "10:00", "11:00")}, nil, "time zone"},
		{"60 sessions", weekly(t, loc, 60, "10:00", "11:00", "2026-01-05"), loc, "more than the 50"},
		{"end before start", []Session{s("a", "2026-02-02", "10:00", "09:00")}, loc, `"a"`},
		{"longer than a day", []Session{{Key: "a", Start: at(t, loc, "2026-02-02 10:00"), End: at(t, loc, "2026-02-03 11:00")}}, loc, "24 hours"},
		{"same key twice", []Session{s("a", "2026-02-02", "10:00", "11:00"), s("a", "2026-02-03", "10:00", "11:00")}, loc, "twice"},
		{"two sessions a day", []Session{s("am", "2026-02-02", "09:00", "12:00"), s("pm", "2026-02-02", "13:00", "16:00")}, loc, `"am" and "pm"`},
		{
			"too far apart",
			[]Session{s("a", "2026-01-05", "10:00", "11:00"), s("b", "2026-03-11", "10:00", "11:00"), s("c", "2026-08-20", "10:00", "11:00")},
			loc, "too far apart",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := PlanSeries(tc.sessions, tc.loc)
			if err == nil {
				t.Fatalf("PlanSeries succeeded, want an error mentioning %q", tc.want)
			}
			if got := addon.ErrorCode(err); got != addon.EINVALID {
				t.Errorf("error code %q, want %q", got, addon.EINVALID)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			// The message reaches German users inside a German sentence.
			var ae *addon.Error
			if errors.As(err, &ae) && (ae.Key == "" || catalog.In("de", ae) == catalog.In("en", ae)) {
				t.Errorf("error %q has no German message", err)
			}
		})
	}
}

func BenchmarkPlanSeries50(b *testing.B) {
	loc := berlin(b)
	sessions := weekly(b, loc, 50, "09:00", "12:00", "2026-03-23", "2026-03-24", "2026-03-26", "2026-03-27")
	for b.Loop() {
		if _, err := PlanSeries(sessions, loc); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPlanSeriesErrorsInGerman(t *testing.T) {
	loc := berlin(t)
	s := func(key, date string) Session { return sess(t, loc, key, date, "10:00", "11:00") }
	_, err := PlanSeries([]Session{s("a", "2026-01-05"), s("b", "2026-03-11"), s("c", "2026-08-20")}, loc)
	var ae *addon.Error
	if !errors.As(err, &ae) {
		t.Fatalf("PlanSeries = %v, want an *addon.Error", err)
	}
	if got, want := catalog.In("de", ae), "die 3 Kurstage liegen zu weit auseinander für eine Zoom-Serie mit höchstens 50 Terminen; teilen Sie den Kurs auf"; got != want {
		t.Errorf("German message %q, want %q", got, want)
	}
	_, err = PlanSeries([]Session{s("am", "2026-02-02"), sess(t, loc, "pm", "2026-02-02", "13:00", "14:00")}, loc)
	if !errors.As(err, &ae) || !strings.Contains(catalog.In("de", ae), "am selben Tag (02.02.2026)") {
		t.Errorf("two sessions a day: %v, want a German message naming the day", err)
	}
}
