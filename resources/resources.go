// Package resources knows which booked CRM resources are meeting accounts and keeps the
// booking ledger: who reserved which account when, and whether a new reservation overlaps.
package resources

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
)

// AccountFields maps a provider to the resource field (declared in manifest.json) that names
// the account a resource stands for.
var AccountFields = map[string]string{
	addon.ProviderGoTo: "gotomeeting_account",
	addon.ProviderZoom: "zoom_user",
}

// HostKeyField is the resource field (declared in manifest.json) with the Zoom licence's host
// key, the manual's "Moderator-Code": shown only to the organizer, on the start page.
const HostKeyField = "zoom_host_key"

// AltHostsField is the appointment field (declared in manifest.json) naming Zoom alternative
// hosts beyond further booked Zoom resources: e-mails or Zoom user ids, separated by , or ;.
const AltHostsField = "zoom_alternative_hosts"

// Booked is a meeting account booked in an appointment.
type Booked struct {
	Provider string
	Resource addon.Resource
	Account  string
}

// MeetingAccounts returns the booked resources that are meeting accounts, in booking order.
// A pool (resource field PoolField) is one, with Provider addon.ProviderPool: the save
// resolves it to one of its licences when it reserves (see Ledger.ReservePool).
func MeetingAccounts(rs []addon.Resource) []Booked {
	var out []Booked
	for _, r := range rs {
		if v := strings.TrimSpace(r.Fields[PoolField]); v != "" {
			out = append(out, Booked{Provider: addon.ProviderPool, Resource: r, Account: v})
			continue
		}
		for provider, field := range AccountFields {
			if acct := strings.TrimSpace(r.Fields[field]); acct != "" {
				out = append(out, Booked{Provider: provider, Resource: r, Account: acct})
			}
		}
	}
	return out
}

// Ledger reserves accounts.
type Ledger struct {
	Store *store.Store
}

// leaseTTL outlives any check-and-write of the ledger by far; it only matters if an instance
// dies while holding the lease.
const leaseTTL = 30 * time.Second

// Reserve books the resource for the spans under key, after looking for overlapping bookings
// of the same account in other appointments. The check and the write are one transaction
// that holds the account's row (store.ReserveAccounts), so two saves that race, on any
// instance, still see each other. With strict, an overlap
// refuses the reservation (and drops the key's earlier bookings of this resource).
// recurrenceOnly limits the replacement to one occurrence (a detached series element).
// capacity is how many meetings the account can run at once (1 for GoToMeeting; a Zoom host's
// is configurable): only where the other bookings already fill it is there a conflict.
func (l *Ledger) Reserve(ctx context.Context, inst, resourceID string, key addon.BookingKey, recurrenceOnly bool, spans []addon.Booking, strict bool, capacity int) ([]addon.Booking, error) {
	// Most saves of an appointment that has its meeting leave the bookings as they are (a
	// title or note changed): then one read, no lock and no write report the conflicts. A new
	// meeting books anew.
	if !store.PlansCreate(ctx) {
		own, others, err := l.Store.BookingsAround(ctx, inst, resourceID, key.AppointmentID, spans)
		if err != nil {
			return nil, err
		}
		if conflicts := Full(spans, others, capacity); sameBookings(own, spans, key, recurrenceOnly) && (len(conflicts) == 0 || !strict) {
			return conflicts, nil
		}
	}
	var rid *string
	if recurrenceOnly {
		rid = &key.RecurrenceID
	}
	var conflicts []addon.Booking
	decide := func(others map[string][]addon.Booking) []addon.Booking {
		if conflicts = Full(spans, others[resourceID], capacity); len(conflicts) > 0 && strict {
			return nil // refused: the key's earlier bookings of this account go too
		}
		return spans
	}
	err := l.Store.ReserveAccounts(ctx, inst, []string{resourceID}, key.AppointmentID, rid, spans, false, decide)
	if errors.Is(err, store.ErrNoAccountRow) {
		// An account the add-on keeps no row of: its lease makes check and write one step.
		release, lerr := l.Store.Lease(ctx, "account:"+inst+"/"+resourceID, leaseTTL)
		if lerr != nil {
			return nil, lerr
		}
		defer release()
		err = l.Store.ReserveAccounts(ctx, inst, []string{resourceID}, key.AppointmentID, rid, spans, true, decide)
	}
	return conflicts, err
}

// sameBookings reports whether the key's bookings in own (all of the appointment's, or of its
// one occurrence) are exactly the spans, as the store keeps them.
func sameBookings(own, spans []addon.Booking, key addon.BookingKey, recurrenceOnly bool) bool {
	type row struct {
		res, rid, title string
		start, end      int64
	}
	count := map[row]int{}
	for _, b := range own {
		if !recurrenceOnly || b.Key.RecurrenceID == key.RecurrenceID {
			count[row{b.ResourceID, b.Key.RecurrenceID, b.Title, b.Start.UnixMilli(), b.End.UnixMilli()}]++
		}
	}
	for _, sp := range spans {
		r := row{sp.ResourceID, sp.Key.RecurrenceID, store.StoredTitle(sp.Title), sp.Start.UnixMilli(), sp.End.UnixMilli()}
		if count[r] == 0 {
			return false
		}
		count[r]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// Free drops the bookings of an appointment, or of one occurrence of it.
func (l *Ledger) Free(ctx context.Context, inst string, key addon.BookingKey, recurrenceOnly bool) error {
	var rid *string
	if recurrenceOnly {
		rid = &key.RecurrenceID
	}
	return l.Store.ReplaceBookings(ctx, inst, key.AppointmentID, rid, nil)
}

// Full returns the bookings among others that, for some span, overlap it at a moment when
// capacity or more of them run at once: with capacity 1 every overlap counts.
func Full(spans, others []addon.Booking, capacity int) []addon.Booking {
	if capacity <= 1 {
		return others
	}
	seen := map[int]bool{}
	for _, sp := range spans {
		var in []int
		for i, o := range others {
			if addon.Overlaps(sp.Start, sp.End, o.Start, o.End) {
				in = append(in, i)
			}
		}
		// The number of bookings running at once only rises at a booking's start, so checking
		// each start inside the span finds the peak.
		for _, i := range in {
			at := others[i].Start
			if at.Before(sp.Start) {
				at = sp.Start
			}
			var running []int
			for _, j := range in {
				if !others[j].Start.After(at) && others[j].End.After(at) {
					running = append(running, j)
				}
			}
			if len(running) >= capacity {
				for _, j := range running {
					seen[j] = true
				}
			}
		}
	}
	var out []addon.Booking
	for i, o := range others {
		if seen[i] {
			out = append(out, o)
		}
	}
	return out
}
