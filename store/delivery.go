package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Delivery is a hook's stored answer, returned again on a redelivery.
type Delivery struct {
	Event  string
	Status int
	Body   []byte
	// Seq is the mark of the event's subject when the answer was given (see ApplyEvent): a
	// higher mark now means a newer event has been applied since.
	Seq int64
	// Subject is the appointment or resource the event was about (see ApplyEvent).
	Subject string
	// MAC, when set, is recorded with the answer (in its row): the request's MAC key; the same
	// MAC again is then answered as this delivery.
	MAC string
}

// deliveryWrite is the statement that stores the answer with its MAC when it has one.
func (s *Store) deliveryWrite(inst, id string, d Delivery) stmt {
	var mac *string
	if d.MAC != "" {
		mac = &d.MAC
	}
	return stmt{"INSERT INTO deliveries (installation_id, delivery_id, event, status, body, seq, created_ms, subject, mac) " +
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", []any{inst, id, d.Event, d.Status, string(d.Body), d.Seq, s.nowMS(), d.Subject, mac}}
}

// Delivery returns the stored answer for a delivery id; ENOTFOUND when it was not answered yet.
func (s *Store) Delivery(ctx context.Context, inst, id string) (Delivery, error) {
	var row deliveryRow
	err := s.db.WithContext(ctx).Where("installation_id = ? AND delivery_id = ?", inst, id).Take(&row).Error
	if err != nil {
		return Delivery{}, translate(err, "delivery")
	}
	return Delivery{Event: row.Event, Status: row.Status, Body: []byte(row.Body), Seq: row.Seq}, nil
}

// Answered returns the stored answer for a delivery id with the current mark sequence of
// subject (0 without a mark), in one read; ENOTFOUND when it was not answered yet.
func (s *Store) Answered(ctx context.Context, inst, id, subject string) (Delivery, int64, error) {
	var rows []struct {
		Status  int
		Body    string
		Seq     int64
		MarkSeq int64
	}
	err := s.db.WithContext(ctx).Raw("SELECT d.status, d.body, d.seq, COALESCE(m.seq, 0) AS mark_seq FROM deliveries d "+
		"LEFT JOIN event_marks m ON m.installation_id = d.installation_id AND m.subject = ? "+
		"WHERE d.installation_id = ? AND d.delivery_id = ?", subject, inst, id).Scan(&rows).Error
	if err != nil {
		return Delivery{}, 0, translate(err, "delivery")
	}
	if len(rows) == 0 {
		return Delivery{}, 0, addon.Errorf(addon.ENOTFOUND, "delivery not found")
	}
	r := rows[0]
	return Delivery{Status: r.Status, Body: []byte(r.Body), Seq: r.Seq}, r.MarkSeq, nil
}

// SaveDelivery stores the answer to a delivery.
func (s *Store) SaveDelivery(ctx context.Context, inst, id string, d Delivery) error {
	_, err := s.batch(ctx, nil, s.deliveryWrite(inst, id, d))
	return translate(err, "delivery")
}

// UseLaunchToken records a launch token's jti; a second use is refused (ECONFLICT). Expired
// records are swept by housekeeping (SweepLaunchTokens).
func (s *Store) UseLaunchToken(ctx context.Context, jti string, expiresMS int64) error {
	db := s.db.WithContext(ctx)
	err := db.Create(&launchRow{JTI: jti, ExpiresMS: expiresMS}).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return addon.Errorf(addon.ECONFLICT, "this link was already used; open it again from the CRM")
	}
	return translate(err, "launch token")
}

// SweepDeliveries forgets stored answers older than age. The CRM redelivers within a minute;
// the answers are kept far longer so that a late redelivery still has no second effect.
func (s *Store) SweepDeliveries(ctx context.Context, age time.Duration) (int64, error) {
	res := s.db.WithContext(ctx).Where("created_ms < ?", s.nowMS()-age.Milliseconds()).Delete(&deliveryRow{})
	return res.RowsAffected, translate(res.Error, "deliveries")
}
