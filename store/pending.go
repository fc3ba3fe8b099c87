package store

import (
	"context"
	"slices"
	"sync"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// A save's record of what the provider did can ride in the commit of its answer: the hook
// handler puts a Pending into the request's context, FinishMeeting queues the write there, and
// ApplyEvent writes it with the answer. Should that commit never happen (the process dies, the
// database fails), the record still says what it said before the provider call: an intent
// (Creating) or an update whose outcome is unknown (Unsure), which the next attempt settles at
// the provider. Without a Pending (housekeeping, pages) the write happens at once.

type pendingKey struct{}

// Pending collects meeting records to write with a hook's answer. It also keeps, for the
// length of the hook, what the hook's reads found ahead of need (see MarksAndDelivery,
// ReserveAccounts and Template), so that the save does not read it again.
type Pending struct {
	mu   sync.Mutex
	rows []meetingRow

	inst     string // the hook's installation and its revision (templates)
	revision int64
	// meeting is the subject appointment's record as the claim read it (found: it had one),
	// for the save's first MeetingFor; any write to meetings through the context drops it.
	meeting      *meetingRow
	meetingAppt  string
	meetingFound bool
	// resources are the account rows the reservation read, for the next ResourceWithToken.
	resources map[string]resourceRow
	// noBookings is a single appointment that the claim found holding no bookings.
	noBookings string
	// zoomRows are the Zoom account rows the hook read (by installation and id), while the
	// store's zoomGen is zoomGen.
	zoomRows map[[2]string]zoomAccountRow
	zoomGen  uint64
}

// WithPending returns a context whose FinishMeeting writes wait for the answer's commit, for a
// hook of inst.
func WithPending(ctx context.Context, inst addon.Installation) context.Context {
	return context.WithValue(ctx, pendingKey{}, &Pending{inst: inst.ID, revision: inst.Revision})
}

// prefetchedMeeting returns the claim's read of the appointment's record, once.
func prefetchedMeeting(ctx context.Context, inst, appointmentID string) (meetingRow, bool, bool) {
	p := pendingOf(ctx)
	if p == nil {
		return meetingRow{}, false, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.meetingAppt == "" || p.inst != inst || p.meetingAppt != appointmentID {
		return meetingRow{}, false, false
	}
	row, found := *p.meeting, p.meetingFound
	p.meeting, p.meetingAppt = nil, ""
	return row, found, true
}

// keepResources keeps the accounts' rows a reservation read, for the provider call's token.
func keepResources(ctx context.Context, rows map[string]resourceRow) {
	if p := pendingOf(ctx); p != nil && rows != nil {
		p.mu.Lock()
		p.resources = rows
		p.mu.Unlock()
	}
}

// prefetchedResource returns, once, an account's row as the hook's reservation read it.
func prefetchedResource(ctx context.Context, inst, res string) (resourceRow, bool) {
	p := pendingOf(ctx)
	if p == nil {
		return resourceRow{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	row, ok := p.resources[res]
	if !ok || row.InstallationID != inst {
		return resourceRow{}, false
	}
	delete(p.resources, res)
	return row, true
}

// holdsNoBookings reports, once, whether the claim found the single appointment holding no
// bookings; any write of bookings through the context forgets it.
func holdsNoBookings(ctx context.Context, inst, appointmentID string) bool {
	p := pendingOf(ctx)
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	none := p.noBookings != "" && p.inst == inst && p.noBookings == appointmentID
	p.noBookings = ""
	return none
}

// forgetResources drops the accounts' rows the hook read: the context is about to change one.
func forgetResources(ctx context.Context) {
	if p := pendingOf(ctx); p != nil {
		p.mu.Lock()
		p.resources = nil
		p.mu.Unlock()
	}
}

// forgetPrefetched drops what the hook read ahead of need about meetings: the context is
// about to change them.
func forgetPrefetched(ctx context.Context) {
	if p := pendingOf(ctx); p != nil {
		p.mu.Lock()
		p.meeting, p.meetingAppt = nil, ""
		p.mu.Unlock()
	}
}

func pendingOf(ctx context.Context) *Pending {
	p, _ := ctx.Value(pendingKey{}).(*Pending)
	return p
}

// FinishMeeting records a meeting after its provider call: with the hook's answer when the
// context carries a Pending, else at once. Nothing in the save may read the record back after.
func (s *Store) FinishMeeting(ctx context.Context, m addon.MeetingRecord) error {
	p := pendingOf(ctx)
	if p == nil {
		return s.UpdateMeeting(ctx, m)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rows = append(p.rows, fromMeeting(m, s.nowMS()))
	return nil
}

// writePending runs stmts and writes the queued records in tx (the usual one record in the
// same round trip). The queue stays as it is: should tx be run again (a deadlock, a lost
// certification), the rerun writes the records again; ApplyEvent empties it after the commit.
func (s *Store) writePending(ctx context.Context, tx *gormDB, stmts ...stmt) error {
	var rows []meetingRow
	if p := pendingOf(ctx); p != nil {
		p.mu.Lock()
		rows = slices.Clone(p.rows)
		p.mu.Unlock()
	}
	if len(rows) == 1 {
		return s.saveMeeting(ctx, tx, rows[0], stmts...)
	}
	if _, err := s.batch(ctx, tx, stmts...); err != nil {
		return err
	}
	for _, row := range rows {
		if err := s.saveMeeting(ctx, tx, row); err != nil {
			return err
		}
	}
	return nil
}

// clearPending empties the queue once its records are committed.
func clearPending(ctx context.Context) {
	if p := pendingOf(ctx); p != nil {
		p.mu.Lock()
		p.rows = nil
		p.mu.Unlock()
	}
}
