package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// installationZoomRowV3 is the frozen shape of the columns migration 2026112304 adds.
type installationZoomRowV3 struct {
	TopicTemplate string `gorm:"size:500"`
	Over50        string `gorm:"size:16"`
}

func (installationZoomRowV3) TableName() string { return "installations" }

func init() {
	// Appended at init so that it follows the migrations listed in migrate.go.
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026112304_installation_zoom_settings",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&installationZoomRowV3{})
		},
	})
}
