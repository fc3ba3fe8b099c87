package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"

	"gorm.io/gorm"
)

// eventMarkRow remembers, per appointment or resource, the newest event applied to it: when it
// occurred at the CRM, how many events have been applied (so that a stored answer can tell
// whether a newer event came since), and whether it was a deletion (a tombstone).
type eventMarkRow struct {
	InstallationID string `gorm:"primaryKey;size:64"`
	Subject        string `gorm:"primaryKey;size:80"` // "a:" appointment id, "r:" resource id
	OccurredMS     int64
	Seq            int64
	Deleted        bool
	UpdatedMS      int64 `gorm:"index"`
}

func (eventMarkRow) TableName() string { return "event_marks" }

// EventMark is the newest event applied to a subject. The zero value stands for none.
type EventMark struct {
	OccurredMS int64
	Seq        int64
	Deleted    bool
}

// Ahead says what MarksAndDelivery also reads for the save that follows, in a context of
// WithPending.
type Ahead struct {
	// Appointment is the appointment whose meeting record the save's first MeetingFor returns.
	Appointment string
	// Single says that it is a single appointment (no series master or element, whose
	// bookings other elements' saves write): whether it holds bookings is read too.
	Single bool
}

// MarksAndDelivery returns, in one read, the marks of the subjects (at most two) that have
// one, whether the delivery has a stored answer, and the delivery the MAC was first recorded
// with ("" when it was not seen yet), and reads ahead what ahead says.
func (s *Store) MarksAndDelivery(ctx context.Context, inst, delivery, mac string, ahead Ahead, subjects ...string) (map[string]EventMark, bool, string, error) {
	if len(subjects) == 0 || len(subjects) > 2 {
		return nil, false, "", fmt.Errorf("MarksAndDelivery: %d subjects", len(subjects))
	}
	p := pendingOf(ctx)
	appointmentID := ahead.Appointment
	withMeeting := appointmentID != "" && p != nil
	withBookings := withMeeting && ahead.Single
	var (
		answered bool
		first    string
		found    bool
		m        [2]EventMark
		mt       nullMeeting
		hasMT    bool
		bookings int64
	)
	dest := []any{&answered, &first}
	args := []any{inst, delivery, mac}
	for n := range subjects {
		dest = append(dest, &m[n].OccurredMS, &m[n].Seq, &m[n].Deleted)
	}
	if withBookings {
		args = append(args, inst, appointmentID)
		dest = append(dest, &bookings)
	}
	if withMeeting {
		dest = append(append(dest, &hasMT), mt.dest()...)
	}
	for _, sub := range subjects {
		args = append(args, sub)
	}
	if withMeeting {
		args = append(args, appointmentID)
	}
	args = append(args, inst)
	q := marksSQL[len(subjects)-1][b2i(withMeeting)][b2i(withBookings)]
	err := s.query(ctx, nil, func(r *sql.Rows) error { found = true; return r.Scan(dest...) }, q, args...)
	if err != nil {
		return nil, false, "", translate(err, "event marks")
	}
	if !found {
		return nil, false, "", addon.Errorf(addon.ENOTFOUND, "installation not found")
	}
	out := make(map[string]EventMark, len(subjects))
	for n, sub := range subjects {
		if m[n].Seq > 0 {
			out[sub] = m[n]
		}
	}
	if withMeeting {
		row := mt.row()
		p.mu.Lock()
		p.meeting, p.meetingAppt, p.meetingFound = &row, appointmentID, hasMT
		if withBookings && bookings == 0 {
			p.noBookings = appointmentID
		}
		p.mu.Unlock()
	}
	return out, answered, first, nil
}

// marksSQL is MarksAndDelivery's statement by number of subjects (1, 2), with the meeting
// record and with the count of bookings.
var marksSQL = func() (out [2][2][2]string) {
	for subjects := 1; subjects <= 2; subjects++ {
		for meeting := range 2 {
			for bookings := range 2 {
				var q strings.Builder
				q.WriteString("SELECT (SELECT COUNT(*) FROM deliveries WHERE installation_id = ? AND delivery_id = ?) > 0, " +
					"COALESCE((SELECT delivery_id FROM deliveries WHERE mac = ?), '')")
				for n := range subjects {
					fmt.Fprintf(&q, ", COALESCE(m%[1]d.occurred_ms, 0), COALESCE(m%[1]d.seq, 0), COALESCE(m%[1]d.deleted, 0)", n)
				}
				if bookings == 1 {
					q.WriteString(", (SELECT COUNT(*) FROM bookings WHERE installation_id = ? AND appointment_id = ?)")
				}
				if meeting == 1 {
					q.WriteString(", mt.ref IS NOT NULL, " + prefixed("mt.", meetingCols))
				}
				q.WriteString(" FROM installations i")
				for n := range subjects {
					fmt.Fprintf(&q, " LEFT JOIN event_marks m%[1]d ON m%[1]d.installation_id = i.id AND m%[1]d.subject = ?", n)
				}
				if meeting == 1 {
					q.WriteString(" LEFT JOIN meetings mt ON mt.installation_id = i.id AND mt.appointment_id = ?")
				}
				q.WriteString(" WHERE i.id = ?")
				out[subjects-1][meeting][bookings] = q.String()
			}
		}
	}
	return out
}()

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ApplyEvent records in one transaction that an event was applied to subject (prev is the
// subject's mark as read under its lease) and the answer to its delivery, and gives up the
// subject's lease in the same commit; it returns the new mark. Callers hold the subject's
// lease, so nobody else writes its mark meanwhile.
func (s *Store) ApplyEvent(ctx context.Context, lease *Held, inst, subject string, prev EventMark, occurredMS int64, deleted bool, delivery string, d Delivery) (EventMark, error) {
	next := EventMark{OccurredMS: max(prev.OccurredMS, occurredMS), Seq: prev.Seq + 1, Deleted: deleted}
	now := s.nowMS()
	var released func()
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		// The mark, the answer, the lease's release and the meeting's record: one round trip
		// on MySQL (see batch).
		markWrite := stmt{"UPDATE event_marks SET occurred_ms = ?, seq = ?, deleted = ?, updated_ms = ? WHERE installation_id = ? AND subject = ?",
			[]any{next.OccurredMS, next.Seq, deleted, now, inst, subject}}
		if prev.Seq == 0 {
			markWrite = stmt{"INSERT INTO event_marks (installation_id, subject, occurred_ms, seq, deleted, updated_ms) VALUES (?, ?, ?, ?, ?, ?)",
				[]any{inst, subject, next.OccurredMS, next.Seq, deleted, now}}
		}
		d.Seq = next.Seq
		var release stmt
		release, released = lease.releaseIn()
		return s.writePending(ctx, tx, markWrite, s.deliveryWrite(inst, delivery, d), release)
	})
	if err != nil {
		return EventMark{}, translate(err, "event")
	}
	clearPending(ctx)
	released()
	return next, nil
}

// SweepEventMarks forgets marks not touched for age: by then no redelivery of an older event
// can arrive any more (the CRM redelivers within a minute, and signatures are good for minutes).
func (s *Store) SweepEventMarks(ctx context.Context, age time.Duration) (int64, error) {
	res := s.db.WithContext(ctx).Where("updated_ms < ?", s.nowMS()-age.Milliseconds()).Delete(&eventMarkRow{})
	return res.RowsAffected, translate(res.Error, "event marks")
}
