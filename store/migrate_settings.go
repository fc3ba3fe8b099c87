package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// installationZoomRowV3 is the frozen shape of the columns migration 2026112304 adds.
// installationCapacityRowV5 is the frozen shape of the column migration 2026112307 adds.
type installationCapacityRowV5 struct {
	HostCapacity int
}

func (installationCapacityRowV5) TableName() string { return "installations" }

type installationZoomRowV3 struct {
	TopicTemplate string `gorm:"size:500"`
	Over50        string `gorm:"size:16"`
}

func (installationZoomRowV3) TableName() string { return "installations" }

// meetingRemoteRowV4 is the frozen shape of the column migration 2026112305 adds.
type meetingRemoteRowV4 struct {
	ProviderMeetingID string `gorm:"size:64;index"`
	RemoteState       string `gorm:"size:16"`
}

func (meetingRemoteRowV4) TableName() string { return "meetings" }

func init() {
	// Appended at init so that it follows the migrations listed in migrate.go.
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026112304_installation_zoom_settings",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&installationZoomRowV3{})
		},
	}, &gormigrate.Migration{
		ID: "2026112305_meeting_remote_state",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&meetingRemoteRowV4{})
		},
	}, &gormigrate.Migration{
		ID: "2026112307_host_capacity",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&installationCapacityRowV5{})
		},
	})
}
