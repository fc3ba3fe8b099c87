package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// ReplaceBookings sets the bookings an appointment holds: all of its bookings when
// recurrenceID is nil, or those of one series occurrence. Callers hold the account lease so
// that the overlap check before it and this write are one step for every other save.
func (s *Store) ReplaceBookings(ctx context.Context, inst, appointmentID string, recurrenceID *string, bookings []addon.Booking) error {
	holdsNoBookings(ctx, inst, appointmentID) // no longer known after this
	err := s.transaction(ctx, func(tx *gormDB) error {
		_, err := s.batch(ctx, tx, bookingWrites(inst, appointmentID, recurrenceID, bookings, false)...)
		return err
	}, s.lockedRows()...)
	return translate(err, "bookings")
}

// bookingWrites are the statements that replace an appointment's bookings (ReplaceBookings);
// none says the appointment is known to hold none.
func bookingWrites(inst, appointmentID string, recurrenceID *string, bookings []addon.Booking, none bool) []stmt {
	var out []stmt
	if !none {
		del := stmt{"DELETE FROM bookings WHERE installation_id = ? AND appointment_id = ?", []any{inst, appointmentID}}
		if recurrenceID != nil {
			del = stmt{del.sql + " AND recurrence_id = ?", append(del.args, *recurrenceID)}
		}
		out = append(out, del)
	}
	for chunk := range slices.Chunk(bookings, 200) {
		var q strings.Builder
		q.WriteString("INSERT INTO bookings (installation_id, resource_id, appointment_id, recurrence_id, start_ms, end_ms, title) VALUES ")
		args := make([]any, 0, 7*len(chunk))
		for i, b := range chunk {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(marks(7))
			args = append(args, inst, b.ResourceID, b.Key.AppointmentID, b.Key.RecurrenceID, ms(b.Start), ms(b.End), StoredTitle(b.Title))
		}
		out = append(out, stmt{q.String(), args})
	}
	return out
}

// ErrNoAccountRow is ReserveAccounts' answer when an account has no row in the add-on (a
// resource the CRM never sent): the caller takes the accounts' leases and calls again with
// missingLeased, so that every reservation of such an account runs under its lease.
var ErrNoAccountRow = errors.New("no row for the meeting account")

// ReserveAccounts checks and writes an appointment's bookings in a single transaction that
// holds the rows of the accounts it may book (resourceIDs, sorted so that two reservations
// never wait for each other in a circle): it first increments each row's reserve_seq, which
// locks the row until the commit on InnoDB and, on a Galera cluster (which replicates no
// locks), makes two nodes' reservations of an account conflict at certification, so that one
// of them runs again (s.transaction) and sees the other's bookings. decide gets, per account,
// the other appointments' bookings that overlap the spans, and returns what the appointment is
// to hold (nil: nothing). On SQLite every transaction takes the write lock at its start
// (_txlock=immediate). An account without a row fails with ErrNoAccountRow, before anything is
// written, unless missingLeased says the caller holds the leases of all the accounts.
func (s *Store) ReserveAccounts(ctx context.Context, inst string, resourceIDs []string, appointmentID string, recurrenceID *string,
	spans []addon.Booking, missingLeased bool, decide func(others map[string][]addon.Booking) []addon.Booking) error {
	ids := slices.Sorted(slices.Values(resourceIDs))
	intent, _ := ctx.Value(intentKey{}).(*plannedIntent)
	mark, _ := ctx.Value(markKey{}).(*plannedMark)
	wrote, marked := false, false
	var accounts map[string]resourceRow
	// A new single appointment holds no bookings yet (the hook's claim read so): nothing to
	// delete, and no gap lock for a DELETE that finds nothing, on which two new appointments
	// with neighbouring ids would deadlock. Otherwise the transaction reads committed rows
	// (see lockedRows), which takes no gap locks either.
	none := holdsNoBookings(ctx, inst, appointmentID) && recurrenceID == nil // (and forgotten)
	opts := s.lockedRows()
	if none {
		opts = nil
	}
	err := s.transaction(ctx, func(tx *gormDB) error {
		wrote, marked = false, false
		ids = slices.Compact(ids)
		locks := make([]stmt, len(ids))
		for i, id := range ids {
			locks[i] = stmt{"UPDATE meeting_resources SET reserve_seq = reserve_seq + 1 WHERE installation_id = ? AND resource_id = ?", []any{inst, id}}
		}
		var (
			others map[string][]addon.Booking
			err    error
		)
		if pendingOf(ctx) != nil && len(spans) > 0 {
			// A hook's save: the accounts' rows come with the check, for the provider call's
			// token (see ResourceWithToken), and on a MySQL server in the locks' query.
			accounts, others, err = s.accountsAndOverlaps(ctx, tx, inst, ids, appointmentID, spans, locks)
			if err == nil && len(accounts) < len(ids) && !missingLeased {
				return ErrNoAccountRow
			}
		} else {
			for _, l := range locks {
				res, err := s.exec(ctx, tx, l.sql, l.args...)
				if err != nil {
					return err
				}
				if n, err := res.RowsAffected(); err != nil {
					return err
				} else if n == 0 && !missingLeased {
					return ErrNoAccountRow
				}
			}
			others, err = overlappingEach(tx, inst, ids, appointmentID, spans)
		}
		if err != nil {
			return err
		}
		keep := decide(others)
		// The writes go in one round trip (see batch).
		writes := bookingWrites(inst, appointmentID, recurrenceID, keep, none)
		if intent != nil && !intent.recorded && len(keep) > 0 && slices.Contains(ids, intent.rec.ResourceID) {
			writes = append(writes, insertMeeting(fromMeeting(intent.rec, s.nowMS())))
			wrote = true
		}
		if mark != nil && !mark.recorded && len(keep) > 0 && slices.Contains(ids, mark.resourceID) {
			forgetPrefetched(ctx)
			writes = append(writes, stmt{"UPDATE meetings SET remote_state = ?, updated_ms = ? WHERE ref = ?", []any{mark.state, s.nowMS(), mark.ref}})
			marked = true
		}
		if len(writes) == 0 {
			return nil
		}
		_, err = s.batch(ctx, tx, writes...)
		return err
	}, opts...)
	if errors.Is(err, ErrNoAccountRow) {
		return err
	}
	if err == nil && wrote {
		intent.recorded = true
	}
	if err == nil && marked {
		mark.recorded = true
	}
	if err == nil {
		keepResources(ctx, accounts)
	}
	return translate(err, "bookings")
}

var accountsSQL = "SELECT " + prefixed("r.", resourceCols) + ", COALESCE(b.id, 0), COALESCE(b.appointment_id, ''), " +
	"COALESCE(b.recurrence_id, ''), COALESCE(b.start_ms, 0), COALESCE(b.end_ms, 0), COALESCE(b.title, '') FROM meeting_resources r " +
	"LEFT JOIN bookings b ON b.installation_id = r.installation_id AND b.resource_id = r.resource_id AND b.appointment_id <> ? " +
	"AND b.start_ms < ? AND b.end_ms > ? WHERE r.installation_id = ? AND r.resource_id IN "

// accountsAndOverlaps is overlappingEach that also returns the accounts' rows, in the same
// statement. Should an account have no row (a caller holding its lease), its bookings are read
// with overlappingEach.
func (s *Store) accountsAndOverlaps(ctx context.Context, tx *gormDB, inst string, ids []string, appointmentID string, spans []addon.Booking,
	locks []stmt) (map[string]resourceRow, map[string][]addon.Booking, error) {
	if len(spans) == 0 || len(ids) == 0 {
		return nil, map[string][]addon.Booking{}, nil
	}
	lo, hi := spanBounds(spans)
	accounts := make(map[string]resourceRow, len(ids))
	var found []bookingRow
	q := stmt{accountsSQL + marks(len(ids)) + " ORDER BY b.start_ms", []any{appointmentID, hi, lo, inst}}
	for _, id := range ids {
		q.args = append(q.args, id)
	}
	if s.oneQuery() { // the locks first, in the same query (see batch)
		q = joined(append(slices.Clone(locks), q)...)
	} else if _, err := s.batch(ctx, tx, locks...); err != nil {
		return nil, nil, err
	}
	err := s.query(ctx, tx, func(r *sql.Rows) error {
		var (
			acct resourceRow
			b    bookingRow
		)
		if err := r.Scan(append(acct.dest(), &b.ID, &b.AppointmentID, &b.RecurrenceID, &b.StartMS, &b.EndMS, &b.Title)...); err != nil {
			return err
		}
		accounts[acct.ResourceID] = acct
		if b.ID != 0 {
			b.InstallationID, b.ResourceID = inst, acct.ResourceID
			found = append(found, b)
		}
		return nil
	}, q.sql, q.args...)
	if err != nil {
		return nil, nil, err
	}
	if len(accounts) < len(ids) {
		others, err := overlappingEach(tx, inst, ids, appointmentID, spans)
		return accounts, others, err
	}
	return accounts, overlapsOf(found, spans), nil
}

type intentKey struct{}

// plannedIntent is a create's intent that the reservation writes in its own commit.
type plannedIntent struct {
	rec      addon.MeetingRecord
	recorded bool
}

// WithIntent returns a context in which the next reservation that books the intent's account
// also records the intent (a meeting record in RemoteState Creating), in the same commit.
func WithIntent(ctx context.Context, rec addon.MeetingRecord) context.Context {
	return context.WithValue(ctx, intentKey{}, &plannedIntent{rec: rec})
}

// PlansCreate reports whether ctx carries a create's intent (WithIntent): a new meeting.
func PlansCreate(ctx context.Context) bool {
	_, ok := ctx.Value(intentKey{}).(*plannedIntent)
	return ok
}

type markKey struct{}

// plannedMark is a meeting's RemoteState that the reservation writes in its own commit.
type plannedMark struct {
	ref, state, resourceID string
	recorded               bool
}

// WithMark returns a context in which the next reservation that books resourceID also sets
// the meeting's RemoteState (an update's Unsure mark before its provider call), in the same
// commit.
func WithMark(ctx context.Context, ref, state, resourceID string) context.Context {
	return context.WithValue(ctx, markKey{}, &plannedMark{ref: ref, state: state, resourceID: resourceID})
}

// Marked reports whether a reservation set the meeting's RemoteState to state (WithMark).
func Marked(ctx context.Context, ref, state string) bool {
	m, _ := ctx.Value(markKey{}).(*plannedMark)
	return m != nil && m.recorded && m.ref == ref && m.state == state
}

// PlannedIntent returns the intent of WithIntent and whether a reservation recorded it.
func PlannedIntent(ctx context.Context) (addon.MeetingRecord, bool) {
	p, _ := ctx.Value(intentKey{}).(*plannedIntent)
	if p == nil {
		return addon.MeetingRecord{}, false
	}
	return p.rec, p.recorded
}

// BookingsAround returns, in one read and without a lease, every booking of appointmentID
// (own) and the bookings of other appointments on resourceID that overlap any of the spans
// (others). A save whose own bookings are already what it would write needs no lease and no
// write: its check only reports.
func (s *Store) BookingsAround(ctx context.Context, inst, resourceID, appointmentID string, spans []addon.Booking) (own, others []addon.Booking, err error) {
	if len(spans) == 0 {
		return nil, nil, nil
	}
	lo, hi := spanBounds(spans)
	var rows []bookingRow
	err = s.query(ctx, nil, func(r *sql.Rows) error {
		var b bookingRow
		if err := r.Scan(b.dest()...); err != nil {
			return err
		}
		rows = append(rows, b)
		return nil
	}, "SELECT "+bookingCols+" FROM bookings WHERE installation_id = ? AND (appointment_id = ? OR (resource_id = ? AND start_ms < ? AND end_ms > ?)) "+
		"ORDER BY start_ms", inst, appointmentID, resourceID, hi, lo)
	if err != nil {
		return nil, nil, translate(err, "bookings")
	}
	for _, r := range rows {
		b := toBooking(r)
		switch {
		case r.AppointmentID == appointmentID:
			own = append(own, b)
		case slices.ContainsFunc(spans, func(sp addon.Booking) bool { return addon.Overlaps(sp.Start, sp.End, b.Start, b.End) }):
			others = append(others, b)
		}
	}
	return own, others, nil
}

func toBooking(r bookingRow) addon.Booking {
	return addon.Booking{ResourceID: r.ResourceID, Key: addon.BookingKey{AppointmentID: r.AppointmentID, RecurrenceID: r.RecurrenceID},
		Start: fromMS(r.StartMS), End: fromMS(r.EndMS), Title: r.Title}
}

// StoredTitle is a booking's title as the store keeps it (cut to 255 characters: it only
// names the appointment in a conflict message).
func StoredTitle(t string) string { return truncate(t, 255) }

// Bookings returns the bookings an appointment holds.
func (s *Store) Bookings(ctx context.Context, inst, appointmentID string) ([]addon.Booking, error) {
	var rows []bookingRow
	if err := s.db.WithContext(ctx).Where("installation_id = ? AND appointment_id = ?", inst, appointmentID).Order("start_ms").Find(&rows).Error; err != nil {
		return nil, translate(err, "bookings")
	}
	out := make([]addon.Booking, len(rows))
	for i, r := range rows {
		out[i] = addon.Booking{ResourceID: r.ResourceID, Key: addon.BookingKey{AppointmentID: r.AppointmentID, RecurrenceID: r.RecurrenceID},
			Start: fromMS(r.StartMS), End: fromMS(r.EndMS), Title: r.Title}
	}
	return out, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
