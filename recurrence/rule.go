// Package recurrence plans how a course (a series of sessions, each with its own start and end)
// becomes one Zoom recurring meeting with a fixed time (type 8), and what has to be patched or
// deleted in Zoom afterwards. It knows Zoom's expansion rules and nothing of HTTP: the Zoom
// adapter turns a Plan or a Changes into requests.
package recurrence

import (
	"strconv"
	"strings"
	"time"
)

// Recurrence types as Zoom numbers them.
const (
	Daily   = 1
	Weekly  = 2
	Monthly = 3
)

// Zoom's limits. The 2026 OpenAPI description allows intervals of 99 days, 50 weeks and 10
// months, older documentation 90 days, 12 weeks and 3 months; we plan within the stricter ones
// so a plan is accepted under either. end_times is documented as 60 in the spec but 50
// everywhere else, and more than 50 silently creates a single meeting (KuferSQL FAQ).
const (
	MaxOccurrences     = 50
	MaxDailyInterval   = 90
	MaxWeeklyInterval  = 12
	MaxMonthlyInterval = 3
)

// Rule is Zoom's recurrence object for a type 8 meeting; the JSON names are Zoom's.
type Rule struct {
	Type           int    `json:"type"`
	RepeatInterval int    `json:"repeat_interval"`
	WeeklyDays     string `json:"weekly_days,omitempty"`      // "2,3,6": 1 = Sunday … 7 = Saturday
	MonthlyDay     int    `json:"monthly_day,omitempty"`      // 1–31
	MonthlyWeek    int    `json:"monthly_week,omitempty"`     // -1 last, 1–4
	MonthlyWeekDay int    `json:"monthly_week_day,omitempty"` // 1 = Sunday … 7 = Saturday
	EndTimes       int    `json:"end_times"`
}

// Expand returns the start times of the occurrences Zoom creates for a type 8 meeting whose
// start_time is start (taken as local wall time in loc, as when start_time is sent without "Z"
// together with timezone) and whose recurrence is r. Every occurrence has start's local time of
// day, so a series keeps its wall-clock time across daylight-saving changes.
//
// Occurrences are the first r.EndTimes dates on or after start's local date that match the rule.
// Where Zoom's behaviour is not documented, Expand assumes: weeks begin on Sunday (Zoom numbers
// Sunday 1) and a repeat_interval of n weeks counts from start's week; a month without
// monthly_day (the 31st in April) is skipped. PlanSeries never relies on these assumptions.
// An unusable rule (unknown type, bad weekly_days, end_times < 1) expands to nothing.
func Expand(start time.Time, loc *time.Location, r Rule) []time.Time {
	if r.EndTimes < 1 || loc == nil {
		return nil
	}
	n := r.RepeatInterval
	if n < 1 {
		n = 1 // Zoom's default
	}
	local := start.In(loc)
	first := dateOf(start, loc)
	at := func(d time.Time) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), local.Hour(), local.Minute(), local.Second(), local.Nanosecond(), loc)
	}
	out := make([]time.Time, 0, min(r.EndTimes, 64))
	switch r.Type {
	case Daily:
		for k := 0; len(out) < r.EndTimes; k++ {
			out = append(out, at(first.AddDate(0, 0, k*n)))
		}
	case Weekly:
		days, ok := parseWeeklyDays(r.WeeklyDays)
		if !ok {
			return nil
		}
		week := first.AddDate(0, 0, -int(first.Weekday()))
		for w := 0; ; w += n {
			for wd := range 7 {
				d := week.AddDate(0, 0, w*7+wd)
				if !days[wd] || d.Before(first) {
					continue
				}
				out = append(out, at(d))
				if len(out) == r.EndTimes {
					return out
				}
			}
		}
	case Monthly:
		// The bound only stops rules that never match (monthly_day 0, monthly_week 5).
		for k := 0; len(out) < r.EndTimes && k < 1200; k += n {
			m := time.Date(first.Year(), first.Month()+time.Month(k), 1, 0, 0, 0, 0, time.UTC)
			d, ok := monthlyDate(m, r)
			if ok && !d.Before(first) {
				out = append(out, at(d))
			}
		}
	default:
		return nil
	}
	return out
}

// monthlyDate is the day of month m (given as its first day) that the monthly rule r picks.
// Zoom defaults monthly_day to 1, so monthly_week wins when both are set.
func monthlyDate(m time.Time, r Rule) (time.Time, bool) {
	last := daysIn(m)
	if r.MonthlyWeek != 0 {
		if r.MonthlyWeekDay < 1 || r.MonthlyWeekDay > 7 {
			return time.Time{}, false
		}
		wd := time.Weekday(r.MonthlyWeekDay - 1)
		firstMatch := 1 + (int(wd)-int(m.Weekday())+7)%7
		switch {
		case r.MonthlyWeek >= 1 && r.MonthlyWeek <= 4:
			return m.AddDate(0, 0, firstMatch-1+7*(r.MonthlyWeek-1)), true
		case r.MonthlyWeek == -1:
			day := firstMatch + 7*((last-firstMatch)/7)
			return m.AddDate(0, 0, day-1), true
		}
		return time.Time{}, false
	}
	if r.MonthlyDay < 1 || r.MonthlyDay > last {
		return time.Time{}, false
	}
	return m.AddDate(0, 0, r.MonthlyDay-1), true
}

// parseWeeklyDays reads Zoom's "1,3" (1 = Sunday) into a set indexed by time.Weekday.
func parseWeeklyDays(s string) (days [7]bool, ok bool) {
	for f := range strings.SplitSeq(s, ",") {
		d, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || d < 1 || d > 7 {
			return days, false
		}
		days[d-1] = true
		ok = true
	}
	return days, ok
}

// formatWeeklyDays writes a weekday set in Zoom's form, ascending.
func formatWeeklyDays(days [7]bool) string {
	var parts []string
	for wd, on := range days {
		if on {
			parts = append(parts, strconv.Itoa(wd+1))
		}
	}
	return strings.Join(parts, ",")
}

// dateOf is t's calendar date in loc, as midnight UTC so that day arithmetic is exact.
func dateOf(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// daysIn is the number of days of the month that m lies in.
func daysIn(m time.Time) int {
	return time.Date(m.Year(), m.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
