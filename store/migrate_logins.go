package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// loginFailureRowV6 is the frozen shape of the table migration 2026112308 creates; the live
// row is in loginthrottle.go.
type loginFailureRowV6 struct {
	ID       int64  `gorm:"primaryKey;autoIncrement"`
	NameHash string `gorm:"size:64;index:ix_login_failure_name,priority:1"`
	AddrHash string `gorm:"size:64;index:ix_login_failure_addr,priority:1"`
	AtMS     int64  `gorm:"index:ix_login_failure_name,priority:2;index:ix_login_failure_addr,priority:2;index:ix_login_failure_at"`
}

func (loginFailureRowV6) TableName() string { return "vendor_login_failures" }

func init() {
	// Appended at init. The new table depends on no other migration, so this one may run
	// before or after the other init-appended ones.
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026112308_login_throttle",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&loginFailureRowV6{})
		},
	})
}
