package resources

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
)

// PoolField is the resource field (declared in manifest.json) that marks a resource as a pool
// of licences; its value is the pool's description. Its licences are chosen on the settings
// page.
const PoolField = "meeting_pool"

// Candidate is a licence of a pool as the reservation sees it.
type Candidate struct {
	ResourceID string
	Capacity   int
	// Budget is what is left today (UTC) of the provider's daily create/update limit; negative
	// when the provider has none (GoTo).
	Budget int
}

// PoolOutcome is what ReservePool decided.
type PoolOutcome struct {
	// ResourceID is the licence booked; "" when none was (strict policy, no licence free).
	ResourceID string
	// Conflicts are the bookings that fill the booked licence (no licence was free), or under
	// the strict policy those of every licence.
	Conflicts []addon.Booking
	// Kept reports that the licence booked is the current one.
	Kept bool
	// CurrentTaken reports that the current licence was full at the spans.
	CurrentTaken bool
	// NoBudget reports that every licence free at the spans has spent its daily budget.
	NoBudget bool
}

// ReservePool books one licence of a pool for the spans under key. It holds the leases of all
// candidates while it checks and writes (taken in the order of their names, as every save
// takes them, so two saves never wait for each other in a circle), so that racing saves see
// each other as with Reserve. The current licence (the one the appointment has) is kept while
// it is free; under the warn policy also when it is taken (with conflicts), so that a link
// never changes behind the users' backs. Otherwise a free licence is booked, one with daily
// budget left first, in the pool's order; with none free, the warn policy books the one with
// the fewest conflicting bookings and the strict policy books none.
func (l *Ledger) ReservePool(ctx context.Context, inst string, cands []Candidate, current string, key addon.BookingKey, recurrenceOnly bool,
	spans []addon.Booking, strict bool) (PoolOutcome, error) {
	var out PoolOutcome
	ids := make([]string, len(cands))
	for i, c := range cands {
		ids[i] = c.ResourceID
	}
	var rid *string
	if recurrenceOnly {
		rid = &key.RecurrenceID
	}
	decide := func(overlapping map[string][]addon.Booking) []addon.Booking {
		full := make([][]addon.Booking, len(cands))
		for i, c := range cands {
			full[i] = Full(spans, overlapping[c.ResourceID], c.Capacity)
		}
		var pick int
		pick, out = choose(cands, full, current, strict)
		if pick < 0 {
			for i := range cands {
				out.Conflicts = append(out.Conflicts, full[i]...)
			}
			slices.SortFunc(out.Conflicts, func(a, b addon.Booking) int { return a.Start.Compare(b.Start) })
			return nil
		}
		out.ResourceID, out.Conflicts = cands[pick].ResourceID, full[pick]
		booked := make([]addon.Booking, len(spans))
		for i, sp := range spans {
			sp.ResourceID = out.ResourceID
			booked[i] = sp
		}
		return booked
	}
	err := l.Store.ReserveAccounts(ctx, inst, ids, key.AppointmentID, rid, spans, false, decide)
	if !errors.Is(err, store.ErrNoAccountRow) {
		return out, err
	}
	// A licence the add-on keeps no row of: the leases of all of them, taken in name order so
	// that two pooled saves never wait for each other in a circle, make the choice one step.
	names := make([]string, 0, len(cands))
	for _, id := range ids {
		names = append(names, "account:"+inst+"/"+id)
	}
	slices.Sort(names)
	for _, n := range slices.Compact(names) {
		release, err := l.Store.Lease(ctx, n, leaseTTL)
		if err != nil {
			return out, err
		}
		defer release()
	}
	return out, l.Store.ReserveAccounts(ctx, inst, ids, key.AppointmentID, rid, spans, true, decide)
}

// choose picks the licence among cands, given the bookings that fill each at the spans
// (full[i], empty when free): the pure part of ReservePool, without I/O. pick is -1 when
// none is booked; out has Kept, CurrentTaken and NoBudget set.
func choose(cands []Candidate, full [][]addon.Booking, current string, strict bool) (int, PoolOutcome) {
	var out PoolOutcome
	pick := -1
	cur := slices.IndexFunc(cands, func(c Candidate) bool { return c.ResourceID == current })
	if cur >= 0 {
		out.CurrentTaken = len(full[cur]) > 0
		if !out.CurrentTaken || !strict {
			pick = cur
		}
	}
	if pick < 0 {
		var free []int
		for i := range cands {
			if len(full[i]) == 0 {
				free = append(free, i)
			}
		}
		// Stable: the pool's order among licences with budget left, then among those without.
		slices.SortStableFunc(free, func(a, b int) int {
			return cmp.Compare(boolRank(cands[a].Budget == 0), boolRank(cands[b].Budget == 0))
		})
		if len(free) > 0 {
			pick = free[0]
			out.NoBudget = cands[pick].Budget == 0
		}
	}
	if pick < 0 && !strict && len(cands) > 0 {
		pick = 0
		for i := range cands {
			if len(full[i]) < len(full[pick]) {
				pick = i
			}
		}
	}
	out.Kept = pick >= 0 && pick == cur
	return pick, out
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// NextFree returns the earliest start at or after from at which some licence of the pool is
// free for d, looking as far as horizon ahead; ok is false when there is none in that time.
// Only a booking's end can make a licence free, so the candidates are from and those ends.
func (l *Ledger) NextFree(ctx context.Context, inst string, cands []Candidate, exclude string, from time.Time, d, horizon time.Duration) (time.Time, bool, error) {
	window := []addon.Booking{{Start: from, End: from.Add(horizon + d)}}
	ids := make([]string, len(cands))
	for i, c := range cands {
		ids[i] = c.ResourceID
	}
	all, err := l.Store.OverlappingEach(ctx, inst, ids, exclude, window)
	if err != nil {
		return time.Time{}, false, err
	}
	taken := make([][]addon.Booking, len(cands))
	times := []time.Time{from}
	for i, c := range cands {
		taken[i] = all[c.ResourceID]
		for _, b := range taken[i] {
			if b.End.After(from) {
				times = append(times, b.End)
			}
		}
	}
	slices.SortFunc(times, time.Time.Compare)
	for _, t := range times {
		if t.After(from.Add(horizon)) {
			break
		}
		span := []addon.Booking{{Start: t, End: t.Add(d)}}
		for i, c := range cands {
			var in []addon.Booking
			for _, b := range taken[i] {
				if addon.Overlaps(t, t.Add(d), b.Start, b.End) {
					in = append(in, b)
				}
			}
			if len(Full(span, in, c.Capacity)) == 0 {
				return t, true, nil
			}
		}
	}
	return time.Time{}, false, nil
}
