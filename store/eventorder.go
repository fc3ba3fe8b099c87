package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
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

// marksRow is what MarksAndDelivery reads: up to two subjects' marks, the delivery's answer,
// the MAC's first delivery and the appointment's meeting record.
type marksRow struct {
	Answered     bool
	First        string
	M0OccurredMS int64
	M0Seq        int64
	M0Deleted    bool
	M1OccurredMS int64
	M1Seq        int64
	M1Deleted    bool
	MeetingFound bool
	Meeting      meetingRow `gorm:"embedded;embeddedPrefix:mt_"`
}

// MarksAndDelivery returns, in one read, the marks of the subjects (at most two) that have
// one, whether the delivery has a stored answer, and the delivery the MAC was first recorded
// with ("" when it was not seen yet). With an appointmentID and a context of WithPending it
// also reads the appointment's meeting record, which the save's first MeetingFor then returns.
func (s *Store) MarksAndDelivery(ctx context.Context, inst, delivery, mac, appointmentID string, subjects ...string) (map[string]EventMark, bool, string, error) {
	if len(subjects) == 0 || len(subjects) > 2 {
		return nil, false, "", fmt.Errorf("MarksAndDelivery: %d subjects", len(subjects))
	}
	p := pendingOf(ctx)
	q := strings.Builder{}
	args := []any{inst, delivery, mac}
	q.WriteString("SELECT (SELECT COUNT(*) FROM deliveries WHERE installation_id = ? AND delivery_id = ?) > 0 AS answered, " +
		"COALESCE((SELECT delivery_id FROM deliveries WHERE mac = ?), '') AS first")
	for n := range subjects {
		fmt.Fprintf(&q, ", COALESCE(m%[1]d.occurred_ms, 0) AS m%[1]d_occurred_ms, COALESCE(m%[1]d.seq, 0) AS m%[1]d_seq, "+
			"COALESCE(m%[1]d.deleted, 0) AS m%[1]d_deleted", n)
	}
	withMeeting := appointmentID != "" && p != nil
	if withMeeting {
		q.WriteString(", mt.ref IS NOT NULL AS meeting_found")
		for _, col := range s.meetingColumns() {
			fmt.Fprintf(&q, ", mt.%[1]s AS mt_%[1]s", col)
		}
	}
	q.WriteString(" FROM installations i")
	for n, sub := range subjects {
		fmt.Fprintf(&q, " LEFT JOIN event_marks m%[1]d ON m%[1]d.installation_id = i.id AND m%[1]d.subject = ?", n)
		args = append(args, sub)
	}
	if withMeeting {
		q.WriteString(" LEFT JOIN meetings mt ON mt.installation_id = i.id AND mt.appointment_id = ?")
		args = append(args, appointmentID)
	}
	q.WriteString(" WHERE i.id = ?")
	args = append(args, inst)
	var rows []marksRow
	if err := s.db.WithContext(ctx).Raw(q.String(), args...).Scan(&rows).Error; err != nil {
		return nil, false, "", translate(err, "event marks")
	}
	if len(rows) == 0 {
		return nil, false, "", addon.Errorf(addon.ENOTFOUND, "installation not found")
	}
	r := rows[0]
	out := make(map[string]EventMark, len(subjects))
	for n, m := range []EventMark{{r.M0OccurredMS, r.M0Seq, r.M0Deleted}, {r.M1OccurredMS, r.M1Seq, r.M1Deleted}}[:len(subjects)] {
		if m.Seq > 0 {
			out[subjects[n]] = m
		}
	}
	if withMeeting {
		p.mu.Lock()
		p.meeting, p.meetingAppt, p.meetingFound = &r.Meeting, appointmentID, r.MeetingFound
		p.mu.Unlock()
	}
	return out, r.Answered, r.First, nil
}

// meetingColumns are the meetings table's columns, in the row type's order.
func (s *Store) meetingColumns() []string {
	s.meetingColsOnce.Do(func() {
		sch, err := schema.Parse(&meetingRow{}, &sync.Map{}, s.db.NamingStrategy)
		if err != nil {
			panic("store: the meetings row type does not parse: " + err.Error()) // a programming error
		}
		s.meetingCols = sch.DBNames
	})
	return s.meetingCols
}

// ApplyEvent records in one transaction that an event was applied to subject (prev is the
// subject's mark as read under its lease) and the answer to its delivery, and gives up the
// subject's lease in the same commit; it returns the new mark. Callers hold the subject's
// lease, so nobody else writes its mark meanwhile.
func (s *Store) ApplyEvent(ctx context.Context, lease *Held, inst, subject string, prev EventMark, occurredMS int64, deleted bool, delivery string, d Delivery) (EventMark, error) {
	next := EventMark{OccurredMS: max(prev.OccurredMS, occurredMS), Seq: prev.Seq + 1, Deleted: deleted}
	row := eventMarkRow{InstallationID: inst, Subject: subject, OccurredMS: next.OccurredMS, Seq: next.Seq, Deleted: deleted, UpdatedMS: s.nowMS()}
	var released func()
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		if err := writePending(ctx, tx); err != nil {
			return err
		}
		if prev.Seq == 0 {
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
		} else if err := tx.Model(&eventMarkRow{}).Where("installation_id = ? AND subject = ?", inst, subject).
			Updates(map[string]any{"occurred_ms": row.OccurredMS, "seq": row.Seq, "deleted": deleted, "updated_ms": row.UpdatedMS}).Error; err != nil {
			return err
		}
		d.Seq = next.Seq
		if err := saveDelivery(tx, inst, delivery, d, s.nowMS()); err != nil {
			return err
		}
		var rerr error
		released, rerr = lease.releasedIn(tx)
		return rerr
	})
	if err != nil {
		return EventMark{}, translate(err, "event")
	}
	released()
	return next, nil
}

// SweepEventMarks forgets marks not touched for age: by then no redelivery of an older event
// can arrive any more (the CRM redelivers within a minute, and signatures are good for minutes).
func (s *Store) SweepEventMarks(ctx context.Context, age time.Duration) (int64, error) {
	res := s.db.WithContext(ctx).Where("updated_ms < ?", s.nowMS()-age.Milliseconds()).Delete(&eventMarkRow{})
	return res.RowsAffected, translate(res.Error, "event marks")
}
