package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// resourceHostKeyRowV12 is the frozen shape of the column migration 2026112312 adds: a Zoom
// licence's host key, sealed.
type resourceHostKeyRowV12 struct {
	HostKey string `gorm:"size:255"`
}

func (resourceHostKeyRowV12) TableName() string { return "meeting_resources" }

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026112312_resource_host_key",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&resourceHostKeyRowV12{})
		},
	})
}
