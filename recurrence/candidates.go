package recurrence

import "time"

// candidates lists the rules (without EndTimes) that may cover the session dates, simplest
// first. Each starts on the first date and uses the smallest set of days that holds every
// date: more days or an earlier start could only add deletes. Intervals are the divisors of
// the common distance, since any other interval misses a date.
func candidates(dates []time.Time, order []int) []Rule {
	first := dates[order[0]]
	var rs []Rule

	g := 0
	for _, d := range dates {
		g = gcd(g, daysBetween(first, d))
	}
	for _, n := range divisors(g, MaxDailyInterval) {
		// Every 7n days is weekly every n weeks on one day, proposed below.
		if n%7 != 0 {
			rs = append(rs, Rule{Type: Daily, RepeatInterval: n})
		}
	}

	var set [7]bool
	week0 := first.AddDate(0, 0, -int(first.Weekday()))
	gw, count := 0, 0
	for _, d := range dates {
		if !set[d.Weekday()] {
			set[d.Weekday()] = true
			count++
		}
		gw = gcd(gw, daysBetween(week0, d.AddDate(0, 0, -int(d.Weekday())))/7)
	}
	weeks := divisors(gw, MaxWeeklyInterval)
	if gw == 0 {
		weeks = []int{1}
	}
	for _, n := range weeks {
		// Whether Zoom's weeks start on Sunday or Monday decides which fortnight a Sunday
		// belongs to; undocumented, so such a series is not planned.
		if n > 1 && set[time.Sunday] && count > 1 {
			continue
		}
		rs = append(rs, Rule{Type: Weekly, RepeatInterval: n, WeeklyDays: formatWeeklyDays(set)})
	}

	return append(rs, monthlyCandidates(dates, first)...)
}

// monthlyCandidates proposes "day D every n months" and "nth (or last) weekday every n months"
// when all dates share that day.
func monthlyCandidates(dates []time.Time, first time.Time) []Rule {
	gm, lastMonth := 0, 0
	sameDay, sameWeekday, sameNth, allLast := true, true, true, true
	nth := func(d time.Time) int { return (d.Day()-1)/7 + 1 }
	for _, d := range dates {
		m := monthsBetween(first, d)
		gm, lastMonth = gcd(gm, m), max(lastMonth, m)
		sameDay = sameDay && d.Day() == first.Day()
		sameWeekday = sameWeekday && d.Weekday() == first.Weekday()
		sameNth = sameNth && nth(d) == nth(first)
		allLast = allLast && d.Day()+7 > daysIn(d)
	}
	if gm == 0 { // all in one month: a monthly rule holds one of them
		return nil
	}
	var rs []Rule
	for _, n := range divisors(gm, MaxMonthlyInterval) {
		if sameDay && dayInEveryMonth(first, n, lastMonth) {
			rs = append(rs, Rule{Type: Monthly, RepeatInterval: n, MonthlyDay: first.Day()})
		}
		wd := int(first.Weekday()) + 1
		if sameWeekday && sameNth && nth(first) <= 4 {
			rs = append(rs, Rule{Type: Monthly, RepeatInterval: n, MonthlyWeek: nth(first), MonthlyWeekDay: wd})
		}
		if sameWeekday && allLast {
			rs = append(rs, Rule{Type: Monthly, RepeatInterval: n, MonthlyWeek: -1, MonthlyWeekDay: wd})
		}
	}
	return rs
}

// dayInEveryMonth reports whether first's day of month exists in every nth month up to
// lastMonth: Zoom does not document what it does with the 31st of a short month.
func dayInEveryMonth(first time.Time, n, lastMonth int) bool {
	for k := 0; k <= lastMonth; k += n {
		if daysIn(time.Date(first.Year(), first.Month()+time.Month(k), 1, 0, 0, 0, 0, time.UTC)) < first.Day() {
			return false
		}
	}
	return true
}

// daysBetween counts the days from a to b, both dates as dateOf returns them.
func daysBetween(a, b time.Time) int { return int(b.Sub(a) / (24 * time.Hour)) }

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// divisors returns the divisors of g up to limit, ascending; none for g = 0.
func divisors(g, limit int) []int {
	var ds []int
	for n := 1; n <= g && n <= limit; n++ {
		if g%n == 0 {
			ds = append(ds, n)
		}
	}
	return ds
}
