package store

import (
	"context"
	"time"
)

// AuditEntry records who did what to which installation. Details never hold secrets.
type AuditEntry struct {
	At             time.Time
	Actor          string
	Action         string
	InstallationID string
	Detail         string
}

type auditRow struct {
	ID             int64  `gorm:"primaryKey;autoIncrement"`
	AtMS           int64  `gorm:"index"`
	Actor          string `gorm:"size:255"`
	Action         string `gorm:"size:64"`
	InstallationID string `gorm:"size:64;index"`
	Detail         string `gorm:"size:1000"`
}

func (auditRow) TableName() string { return "audit_log" }

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Audit appends an entry stamped with the store's clock.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	row := auditRow{AtMS: s.nowMS(), Actor: clip(e.Actor, 255), Action: clip(e.Action, 64), InstallationID: clip(e.InstallationID, 64), Detail: clip(e.Detail, 1000)}
	return translate(s.db.WithContext(ctx).Create(&row).Error, "audit entry")
}

// AuditTrail returns the newest entries first; inst "" means all installations.
func (s *Store) AuditTrail(ctx context.Context, inst string, limit int) ([]AuditEntry, error) {
	q := s.db.WithContext(ctx).Order("id DESC").Limit(limit)
	if inst != "" {
		q = q.Where("installation_id = ?", inst)
	}
	var rows []auditRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "audit trail")
	}
	out := make([]AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = AuditEntry{At: fromMS(r.AtMS), Actor: r.Actor, Action: r.Action, InstallationID: r.InstallationID, Detail: r.Detail}
	}
	return out, nil
}
