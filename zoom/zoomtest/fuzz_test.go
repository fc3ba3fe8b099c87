package zoomtest

import (
	"math/rand/v2"
	"testing"
	"time"
)

// FuzzExpand checks that no recurrence rule a client sends makes the fake loop, panic, or
// hand out more than 50 occurrences, unordered ones, or ones before the start.
func FuzzExpand(f *testing.F) {
	f.Add(int64(1791302400), 2, 1, "1,3,7", 0, 0, 0, 6, "")
	f.Add(int64(1791302400), 3, 12, "", 30, 0, 0, 0, "")
	f.Add(int64(1791302400), 3, 1, "", 0, -1, 6, 0, "2027-12-31T00:00:00Z")
	f.Add(int64(1791302400), 1, 99, "", 0, 0, 0, 60, "")
	f.Fuzz(func(t *testing.T, start int64, typ, interval int, days string, mday, mweek, mwday, endTimes int, endDate string) {
		berlin, err := time.LoadLocation("Europe/Berlin")
		if err != nil {
			t.Skip(err)
		}
		s := time.Unix(start%(1<<34), 0).In(berlin)
		r := Recurrence{Type: typ, RepeatInterval: interval, WeeklyDays: days, MonthlyDay: mday,
			MonthlyWeek: mweek, MonthlyWeekDay: mwday, EndTimes: endTimes, EndDateTime: endDate}
		got, _, err := expand(s, r)
		if err != nil {
			return
		}
		if len(got) == 0 || len(got) > maxOccurrences {
			t.Fatalf("got %d occurrences", len(got))
		}
		for i, o := range got {
			if o.Before(s) || (i > 0 && !o.After(got[i-1])) {
				t.Fatalf("occurrence %d at %v: before the start %v or out of order", i, o, s)
			}
		}
	})
}

// FuzzPassword checks that generated passcodes meet the rules whenever the rules can be met,
// and that checking never panics.
func FuzzPassword(f *testing.F) {
	f.Add("123456", 6, false, false, false, false, true, 0, false)
	f.Add("aB3_x9Qz", 8, true, true, true, true, false, 4, true)
	f.Fuzz(func(t *testing.T, pw string, length int, letter, number, special, upperLower, numeric bool, consecutive int, weak bool) {
		if consecutive = consecutive % 9; consecutive > 0 && consecutive < 4 {
			consecutive = 0 // Zoom offers 0 and 4 to 8 only
		}
		req := PasswordRequirement{Length: length % 12, HaveLetter: letter, HaveNumber: number, HaveSpecialCharacter: special,
			HaveUpperAndLowerCharacters: upperLower, OnlyAllowNumeric: numeric, ConsecutiveCharactersLength: consecutive, WeakEnhanceDetection: weak}
		_ = checkPassword(req, pw)
		s := &Server{rng: rand.New(rand.NewPCG(1, 2))}
		gen := s.generatePassword(req)
		satisfiable := req.Length <= 10 && !(numeric && (letter || special || upperLower))
		if msg := checkPassword(req, gen); satisfiable && msg != "" {
			t.Errorf("generated %q for %+v: %s", gen, req, msg)
		}
	})
}
