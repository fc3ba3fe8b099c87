package resources

import (
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

func TestChoose(t *testing.T) {
	busy := []addon.Booking{{ResourceID: "x", Start: time.Unix(0, 0), End: time.Unix(3600, 0)}}
	two := append(busy, busy[0])
	cands := func(budgets ...int) []Candidate {
		var out []Candidate
		for i, b := range budgets {
			out = append(out, Candidate{ResourceID: string(rune('a' + i)), Capacity: 1, Budget: b})
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		cands    []Candidate
		full     [][]addon.Booking
		current  string
		strict   bool
		want     int
		kept     bool
		taken    bool
		noBudget bool
	}{
		{"first free in the pool's order", cands(-1, -1, -1), [][]addon.Booking{busy, nil, nil}, "", false, 1, false, false, false},
		{"current kept while free, though an earlier one is free too", cands(-1, -1, -1), [][]addon.Booking{nil, nil, nil}, "c", true, 2, true, false, false},
		{"current taken, strict: moves to a free one", cands(-1, -1), [][]addon.Booking{nil, busy}, "b", true, 0, false, true, false},
		{"current taken, warn: kept", cands(-1, -1), [][]addon.Booking{nil, busy}, "b", false, 1, true, true, false},
		{"current taken, strict, none free: none", cands(-1, -1), [][]addon.Booking{busy, busy}, "b", true, -1, false, true, false},
		{"none free, warn: least booked", cands(-1, -1, -1), [][]addon.Booking{two, busy, two}, "", false, 1, false, false, false},
		{"none free, strict: none", cands(-1, -1), [][]addon.Booking{busy, busy}, "", true, -1, false, false, false},
		{"budget left first", cands(0, 5, 5), [][]addon.Booking{nil, busy, nil}, "", false, 2, false, false, false},
		{"every free one spent: booked, and said", cands(0, 0, 5), [][]addon.Booking{nil, nil, busy}, "", false, 0, false, false, true},
		{"current kept although its budget is spent", cands(5, 0), [][]addon.Booking{nil, nil}, "b", false, 1, true, false, false},
		{"current no longer in the pool", cands(-1, -1), [][]addon.Booking{busy, nil}, "z", true, 1, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pick, out := choose(tc.cands, tc.full, tc.current, tc.strict)
			if pick != tc.want || out.Kept != tc.kept || out.CurrentTaken != tc.taken || out.NoBudget != tc.noBudget {
				t.Errorf("got pick %d kept %v taken %v no budget %v, want %d %v %v %v", pick, out.Kept, out.CurrentTaken, out.NoBudget,
					tc.want, tc.kept, tc.taken, tc.noBudget)
			}
		})
	}
}
