package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// resourceLockRowV640 is the frozen shape of the column migration 2026120640 adds: the counter
// whose increment locks a meeting account for a reservation (see ReserveAccount).
type resourceLockRowV640 struct {
	ReserveSeq int64
}

func (resourceLockRowV640) TableName() string { return "meeting_resources" }

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026120640_account_lock",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&resourceLockRowV640{})
		},
	})
}
