package store

import (
	"context"
	"time"

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

// MarksAndDelivery returns, in one read, the marks of the subjects that have one, whether the
// delivery has a stored answer, and the delivery the MAC was first recorded with ("" when it
// was not seen yet).
func (s *Store) MarksAndDelivery(ctx context.Context, inst, delivery, mac string, subjects ...string) (map[string]EventMark, bool, string, error) {
	var rows []eventMarkRow
	err := s.db.WithContext(ctx).Raw(
		"SELECT subject, occurred_ms, seq, deleted FROM event_marks WHERE installation_id = ? AND subject IN ? "+
			"UNION ALL SELECT '' AS subject, 0 AS occurred_ms, 0 AS seq, ? AS deleted FROM deliveries WHERE installation_id = ? AND delivery_id = ? "+
			"UNION ALL SELECT delivery_id AS subject, -1 AS occurred_ms, 0 AS seq, ? AS deleted FROM seen_signatures WHERE hash = ?",
		inst, subjects, false, inst, delivery, false, mac).Scan(&rows).Error
	if err != nil {
		return nil, false, "", translate(err, "event marks")
	}
	out := make(map[string]EventMark, len(rows))
	answered, first := false, ""
	for _, r := range rows {
		switch {
		case r.OccurredMS == -1:
			first = r.Subject
		case r.Subject == "":
			answered = true
		default:
			out[r.Subject] = EventMark{OccurredMS: r.OccurredMS, Seq: r.Seq, Deleted: r.Deleted}
		}
	}
	return out, answered, first, nil
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
