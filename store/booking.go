package store

import (
	"context"
	"slices"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// ReplaceBookings sets the bookings an appointment holds: all of its bookings when
// recurrenceID is nil, or those of one series occurrence. Callers hold the account lease so
// that the overlap check before it and this write are one step for every other save.
func (s *Store) ReplaceBookings(ctx context.Context, inst, appointmentID string, recurrenceID *string, bookings []addon.Booking) error {
	err := s.transaction(ctx, func(tx *gormDB) error {
		q := tx.Where("installation_id = ? AND appointment_id = ?", inst, appointmentID)
		if recurrenceID != nil {
			q = q.Where("recurrence_id = ?", *recurrenceID)
		}
		if err := q.Delete(&bookingRow{}).Error; err != nil {
			return err
		}
		if len(bookings) == 0 {
			return nil
		}
		rows := make([]bookingRow, len(bookings))
		for i, b := range bookings {
			rows[i] = bookingRow{InstallationID: inst, ResourceID: b.ResourceID, AppointmentID: b.Key.AppointmentID,
				RecurrenceID: b.Key.RecurrenceID, StartMS: ms(b.Start), EndMS: ms(b.End), Title: StoredTitle(b.Title)}
		}
		return tx.CreateInBatches(rows, 200).Error
	})
	return translate(err, "bookings")
}

// Overlapping returns the bookings of a resource, other than those of excludeAppointmentID,
// that overlap any of the spans. One query covers the whole range of the spans.
func (s *Store) Overlapping(ctx context.Context, inst, resourceID, excludeAppointmentID string, spans []addon.Booking) ([]addon.Booking, error) {
	if len(spans) == 0 {
		return nil, nil
	}
	lo, hi := ms(spans[0].Start), ms(spans[0].End)
	for _, sp := range spans {
		lo, hi = min(lo, ms(sp.Start)), max(hi, ms(sp.End))
	}
	var rows []bookingRow
	err := s.db.WithContext(ctx).Where("installation_id = ? AND resource_id = ? AND appointment_id <> ? AND start_ms < ? AND end_ms > ?",
		inst, resourceID, excludeAppointmentID, hi, lo).Order("start_ms").Find(&rows).Error
	if err != nil {
		return nil, translate(err, "bookings")
	}
	var out []addon.Booking
	for _, r := range rows {
		b := addon.Booking{ResourceID: r.ResourceID, Key: addon.BookingKey{AppointmentID: r.AppointmentID, RecurrenceID: r.RecurrenceID},
			Start: fromMS(r.StartMS), End: fromMS(r.EndMS), Title: r.Title}
		if slices.ContainsFunc(spans, func(sp addon.Booking) bool { return addon.Overlaps(sp.Start, sp.End, b.Start, b.End) }) {
			out = append(out, b)
		}
	}
	return out, nil
}

// BookingsAround returns, in one read and without a lease, every booking of appointmentID
// (own) and the bookings of other appointments on resourceID that overlap any of the spans
// (others). A save whose own bookings are already what it would write needs no lease and no
// write: its check only reports.
func (s *Store) BookingsAround(ctx context.Context, inst, resourceID, appointmentID string, spans []addon.Booking) (own, others []addon.Booking, err error) {
	if len(spans) == 0 {
		return nil, nil, nil
	}
	lo, hi := ms(spans[0].Start), ms(spans[0].End)
	for _, sp := range spans {
		lo, hi = min(lo, ms(sp.Start)), max(hi, ms(sp.End))
	}
	var rows []bookingRow
	err = s.db.WithContext(ctx).Where("installation_id = ? AND (appointment_id = ? OR (resource_id = ? AND start_ms < ? AND end_ms > ?))",
		inst, appointmentID, resourceID, hi, lo).Order("start_ms").Find(&rows).Error
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
