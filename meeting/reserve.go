package meeting

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/resources"
)

// nextFreeHorizon is how far ahead a refusal looks for the time the pool is free again.
const nextFreeHorizon = 90 * 24 * time.Hour

// reserve is the save's reserve step: it books the account for the spans under key and says
// what the user needs to know about it. A pool is resolved here, under its licences' leases,
// to the one licence booked: everything after this step (create, update, delete, intents)
// sees one concrete account, as for a resource booked directly; rec is the appointment's
// meeting record (nil: none), whose licence a pool keeps when it can. refused is true when the
// strict policy leaves the appointment without a meeting (the message is in ans).
func (s *Service) reserve(ctx context.Context, inst addon.Installation, u addon.User, appt *addon.Appointment, b resources.Booked,
	key addon.BookingKey, elementOnly bool, spans []addon.Booking, rec *addon.MeetingRecord, ans *addon.Answer) (resources.Booked, bool, error) {
	strict := inst.Settings.Policy == addon.PolicyStrict
	loc := location(appt)
	if b.Provider == addon.ProviderPool {
		current, err := s.currentLicence(ctx, inst.ID, key, rec)
		if err != nil {
			return b, false, err
		}
		return s.reservePool(ctx, inst, u, appt, b, key, elementOnly, spans, current, ans)
	}
	for i := range spans {
		spans[i].ResourceID = b.Resource.ID
	}
	r := rulesOf(b.Provider)
	capa := r.capacity(inst.Settings)
	if r.ownCapacity {
		// A licence's own capacity (set with the pools) counts when it is booked directly too.
		c, err := s.Store.LicenceCapacity(ctx, inst.ID, b.Resource.ID)
		if err != nil {
			return b, false, err
		}
		if c > 0 {
			capa = c
		}
	}
	conflicts, err := s.Ledger.Reserve(ctx, inst.ID, b.Resource.ID, key, elementOnly, spans, strict, capa)
	if err != nil || len(conflicts) == 0 {
		return b, false, err
	}
	if strict {
		ans.Add(addon.LevelError, "resource_overbooked", text(u.Locale, "resource_overbooked_strict", b.Resource.Name, spanList(conflicts, loc)))
		return b, true, nil
	}
	ans.Add(addon.LevelWarning, "resource_overbooked", text(u.Locale, "resource_overbooked", b.Resource.Name, spanList(conflicts, loc)))
	return b, false, nil
}

// reservePool books a licence of the pool b (see resources.Ledger.ReservePool).
func (s *Service) reservePool(ctx context.Context, inst addon.Installation, u addon.User, appt *addon.Appointment, b resources.Booked,
	key addon.BookingKey, elementOnly bool, spans []addon.Booking, current string, ans *addon.Answer) (resources.Booked, bool, error) {
	strict := inst.Settings.Policy == addon.PolicyStrict
	loc := location(appt)
	members, err := s.Store.PoolMembers(ctx, inst.ID, b.Resource.ID)
	if err != nil {
		return b, false, err
	}
	// An account without the consent it needs cannot hold a meeting: it is no candidate.
	members = slices.DeleteFunc(members, func(m addon.PoolMember) bool {
		return rulesOf(m.Provider).needsConsent && m.Status != addon.StatusConnected
	})
	if len(members) == 0 {
		ans.Add(addon.LevelError, "pool_empty", text(u.Locale, "pool_empty", b.Resource.Name))
		return b, true, s.Ledger.Free(ctx, inst.ID, key, elementOnly)
	}
	cands, err := s.candidates(ctx, inst, members)
	if err != nil {
		return b, false, err
	}
	out, err := s.Ledger.ReservePool(ctx, inst.ID, cands, current, key, elementOnly, spans, strict)
	if err != nil {
		return b, false, err
	}
	if out.ResourceID == "" && len(spans) > 1 {
		// A course needs one licence on every date: a time at which the pool is free again
		// would be one date's, and say little.
		ans.Add(addon.LevelError, "resource_overbooked", text(u.Locale, "pool_full_strict_course", b.Resource.Name, len(spans), spanList(out.Conflicts, loc)))
		return b, true, nil
	}
	if out.ResourceID == "" {
		when := text(u.Locale, "pool_not_free_soon")
		first := spans[0]
		if t, ok, err := s.Ledger.NextFree(ctx, inst.ID, cands, key.AppointmentID, first.Start, first.End.Sub(first.Start), nextFreeHorizon); err != nil {
			return b, false, err
		} else if ok {
			when = text(u.Locale, "pool_free_at", t.In(loc).Format("02.01.2006 15:04"))
		}
		ans.Add(addon.LevelError, "resource_overbooked", text(u.Locale, "pool_full_strict", b.Resource.Name, spanList(out.Conflicts, loc), when))
		return b, true, nil
	}
	i := slices.IndexFunc(members, func(m addon.PoolMember) bool { return m.ResourceID == out.ResourceID })
	m := members[i]
	chosen := resources.Booked{Provider: m.Provider, Account: m.Account,
		Resource: addon.Resource{ID: m.ResourceID, Name: m.Name, Fields: map[string]string{resources.AccountFields[m.Provider]: m.Account}}}
	switch {
	case len(out.Conflicts) > 0 && out.Kept:
		ans.Add(addon.LevelWarning, "resource_overbooked", text(u.Locale, "pool_kept_overbooked", m.Name, b.Resource.Name, spanList(out.Conflicts, loc)))
	case len(out.Conflicts) > 0:
		ans.Add(addon.LevelWarning, "resource_overbooked", text(u.Locale, "pool_overbooked", b.Resource.Name, m.Name, spanList(out.Conflicts, loc)))
	}
	if !out.Kept {
		if current != "" && current != m.ResourceID {
			ans.Add(addon.LevelWarning, "pool_moved", text(u.Locale, "pool_moved", s.nameOf(ctx, inst.ID, current), m.Name))
		} else {
			ans.Add(addon.LevelInfo, "pool_assigned", text(u.Locale, "pool_assigned", b.Resource.Name, m.Name))
		}
	}
	if out.NoBudget {
		ans.Add(addon.LevelWarning, "pool_budget_spent", text(u.Locale, "pool_budget_spent", b.Resource.Name, addon.ZoomDailyLimit))
	}
	return chosen, false, nil
}

// candidates turns a pool's members into the reservation's candidates: each with its
// capacity (its own, else the provider's default) and, where the provider limits a host's
// creates and updates per day, what is left of today's, as counted by the add-on.
func (s *Service) candidates(ctx context.Context, inst addon.Installation, members []addon.PoolMember) ([]resources.Candidate, error) {
	var logins []string
	for _, m := range members {
		if rulesOf(m.Provider).dailyLimit {
			logins = append(logins, m.Account)
		}
	}
	used, err := s.Store.HostCalls(ctx, inst.ID, logins)
	if err != nil {
		return nil, err
	}
	out := make([]resources.Candidate, len(members))
	for i, m := range members {
		c := resources.Candidate{ResourceID: m.ResourceID, Capacity: m.Capacity, Budget: -1}
		if c.Capacity <= 0 {
			c.Capacity = rulesOf(m.Provider).capacity(inst.Settings)
		}
		if rulesOf(m.Provider).dailyLimit {
			c.Budget = max(addon.ZoomDailyLimit-used[strings.ToLower(m.Account)], 0)
		}
		out[i] = c
	}
	return out, nil
}

// currentLicence is the account an appointment has now: its meeting's, else its bookings'
// (a GoTo series master, whose elements get the meetings).
func (s *Service) currentLicence(ctx context.Context, inst string, key addon.BookingKey, rec *addon.MeetingRecord) (string, error) {
	if rec != nil && rec.ResourceID != "" {
		return rec.ResourceID, nil
	}
	bs, err := s.Store.Bookings(ctx, inst, key.AppointmentID)
	if err != nil {
		return "", err
	}
	for _, b := range bs {
		if key.RecurrenceID == "" || b.Key.RecurrenceID == key.RecurrenceID {
			return b.ResourceID, nil
		}
	}
	return "", nil
}

// nameOf is a meeting resource's name, for messages (its id if it is unknown).
func (s *Service) nameOf(ctx context.Context, inst, resourceID string) string {
	if r, err := s.Store.ResourceRecord(ctx, inst, resourceID); err == nil && r.Name != "" {
		return r.Name
	}
	return resourceID
}

// licence is the name of the licence a pooled appointment's meeting has, for the invitation
// and the hidden field; "" when the appointment books no pool.
func (s *Service) licence(ctx context.Context, inst string, appt *addon.Appointment, rec addon.MeetingRecord) string {
	if !slices.ContainsFunc(appt.Resources, func(r addon.Resource) bool { return strings.TrimSpace(r.Fields[resources.PoolField]) != "" }) {
		return ""
	}
	return s.nameOf(ctx, inst, rec.ResourceID)
}
