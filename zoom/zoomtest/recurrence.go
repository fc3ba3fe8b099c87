package zoomtest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// maxOccurrences is Zoom's limit per series. Asked for more, Zoom creates only the first
// occurrence (KuferSQL's manual, FAQ on courses with more than 50 days).
const maxOccurrences = 50

// Recurrence is a series rule as Zoom takes it.
type Recurrence struct {
	Type           int    `json:"type"` // 1 daily, 2 weekly, 3 monthly
	RepeatInterval int    `json:"repeat_interval,omitempty"`
	WeeklyDays     string `json:"weekly_days,omitempty"` // "1" = Sunday … "7" = Saturday
	MonthlyDay     int    `json:"monthly_day,omitempty"`
	MonthlyWeek    int    `json:"monthly_week,omitempty"`
	MonthlyWeekDay int    `json:"monthly_week_day,omitempty"`
	// EndTimes 0 with EndDateTime "" means no end, which exceeds the limit.
	EndTimes    int    `json:"end_times,omitempty"`
	EndDateTime string `json:"end_date_time,omitempty"`
}

// recurrenceBody tells an absent end_times (Zoom's default 1) from an explicit 0 (no end).
type recurrenceBody struct {
	Type           int    `json:"type"`
	RepeatInterval int    `json:"repeat_interval"`
	WeeklyDays     string `json:"weekly_days"`
	MonthlyDay     int    `json:"monthly_day"`
	MonthlyWeek    int    `json:"monthly_week"`
	MonthlyWeekDay int    `json:"monthly_week_day"`
	EndTimes       *int   `json:"end_times"`
	EndDateTime    string `json:"end_date_time"`
}

func (b recurrenceBody) rule() Recurrence {
	r := Recurrence{
		Type: b.Type, RepeatInterval: b.RepeatInterval, WeeklyDays: b.WeeklyDays,
		MonthlyDay: b.MonthlyDay, MonthlyWeek: b.MonthlyWeek, MonthlyWeekDay: b.MonthlyWeekDay,
		EndDateTime: b.EndDateTime,
	}
	switch {
	case b.EndTimes != nil:
		r.EndTimes = *b.EndTimes
	case b.EndDateTime == "":
		r.EndTimes = 1
	}
	return r
}

// expand lists the starts of a series beginning at start. The rule is applied to wall-clock
// dates in start's location: a series created in local time keeps its local hour across a
// daylight-saving change, one created in UTC keeps its UTC hour. More than maxOccurrences
// gives only the first start, as Zoom does. The error names the offending field.
func expand(start time.Time, r Recurrence) ([]time.Time, string, error) {
	interval := r.RepeatInterval
	if interval == 0 {
		interval = 1
	}
	limits := map[int]int{1: 99, 2: 50, 3: 10}
	maxInterval, ok := limits[r.Type]
	if !ok {
		return nil, "recurrence.type", fmt.Errorf("invalid recurrence type %d", r.Type)
	}
	if interval < 1 || interval > maxInterval {
		return nil, "recurrence.repeat_interval", fmt.Errorf("repeat_interval must be 1 to %d for this recurrence type", maxInterval)
	}
	if r.EndTimes != 0 && r.EndDateTime != "" {
		return nil, "recurrence.end_times", fmt.Errorf("end_times and end_date_time cannot be used together")
	}
	var end time.Time
	if r.EndDateTime != "" {
		t, err := time.Parse(time.RFC3339, r.EndDateTime)
		if err != nil {
			return nil, "recurrence.end_date_time", fmt.Errorf("invalid end_date_time %q", r.EndDateTime)
		}
		end = t
	}
	if r.EndTimes < 0 || r.EndTimes > 60 {
		return nil, "recurrence.end_times", fmt.Errorf("end_times must be 0 to 60")
	}
	next, field, err := dates(start, r, interval)
	if err != nil {
		return nil, field, err
	}

	var out []time.Time
	// The step bound ends rules that rarely match (the 31st every 2 months) without end date.
	for step := 0; step < 5000 && len(out) <= maxOccurrences; step++ {
		d, ok := next()
		if !ok {
			break
		}
		if d.Before(start) {
			continue
		}
		if !end.IsZero() && d.After(end) {
			break
		}
		out = append(out, d)
		if r.EndTimes > 0 && len(out) == r.EndTimes {
			break
		}
	}
	if len(out) > maxOccurrences {
		return out[:1], "", nil
	}
	if len(out) == 0 {
		return nil, "recurrence", fmt.Errorf("the recurrence gives no occurrence after the start time")
	}
	return out, "", nil
}

// dates returns a generator of candidate starts in ascending order, at start's clock time.
func dates(start time.Time, r Recurrence, interval int) (func() (time.Time, bool), string, error) {
	loc := start.Location()
	y, m, d := start.Date()
	hh, mm, ss := start.Clock()
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, hh, mm, ss, 0, loc) }

	switch r.Type {
	case 1:
		i := 0
		return func() (time.Time, bool) {
			t := at(y, m, d+i*interval)
			i++
			return t, true
		}, "", nil
	case 2:
		days, err := weekdays(r.WeeklyDays)
		if err != nil {
			return nil, "recurrence.weekly_days", err
		}
		// Weeks run Sunday to Saturday as in Zoom's UI; interval counts from the start's week.
		sunday := d - int(start.Weekday())
		week, k := 0, 0
		return func() (time.Time, bool) {
			t := at(y, m, sunday+week*7*interval+int(days[k]))
			if k++; k == len(days) {
				k, week = 0, week+1
			}
			return t, true
		}, "", nil
	case 3:
		if r.MonthlyWeek != 0 || r.MonthlyWeekDay != 0 {
			if r.MonthlyWeek < -1 || r.MonthlyWeek > 4 || r.MonthlyWeek == 0 || r.MonthlyWeekDay < 1 || r.MonthlyWeekDay > 7 {
				return nil, "recurrence.monthly_week", fmt.Errorf("monthly_week must be -1 or 1 to 4 together with monthly_week_day 1 to 7")
			}
		} else if r.MonthlyDay < 0 || r.MonthlyDay > 31 {
			return nil, "recurrence.monthly_day", fmt.Errorf("monthly_day must be 1 to 31")
		}
		i := 0
		return func() (time.Time, bool) {
			// The 30th every 12 months from February never matches; give up after 100 years.
			for ; i*interval < 1200; i++ {
				first := time.Date(y, m+time.Month(i*interval), 1, 0, 0, 0, 0, loc)
				if day, ok := monthDay(first, r, d); ok {
					i++
					return at(first.Year(), first.Month(), day), true
				}
			}
			return time.Time{}, false
		}, "", nil
	}
	return nil, "recurrence.type", fmt.Errorf("invalid recurrence type %d", r.Type)
}

// monthDay is the day in first's month the rule picks; false when the month has no such day
// (the 31st in April), which is then skipped.
func monthDay(first time.Time, r Recurrence, startDay int) (int, bool) {
	last := time.Date(first.Year(), first.Month()+1, 0, 0, 0, 0, 0, first.Location()).Day()
	if r.MonthlyWeek != 0 {
		want := time.Weekday(r.MonthlyWeekDay - 1)
		if r.MonthlyWeek == -1 {
			lastWd := time.Date(first.Year(), first.Month(), last, 0, 0, 0, 0, first.Location()).Weekday()
			return last - (int(lastWd)-int(want)+7)%7, true
		}
		firstMatch := 1 + (int(want)-int(first.Weekday())+7)%7
		return firstMatch + 7*(r.MonthlyWeek-1), true
	}
	day := r.MonthlyDay
	if day == 0 {
		day = startDay
	}
	return day, day <= last
}

// weekdays parses Zoom's weekly_days, "1" = Sunday … "7" = Saturday, into Go weekdays.
func weekdays(s string) ([]time.Weekday, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("weekly_days is required for a weekly recurrence")
	}
	seen := map[time.Weekday]bool{}
	var out []time.Weekday
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 || n > 7 {
			return nil, fmt.Errorf("invalid weekly_days %q: use 1 (Sunday) to 7 (Saturday)", s)
		}
		if wd := time.Weekday(n - 1); !seen[wd] {
			seen[wd] = true
			out = append(out, wd)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}
