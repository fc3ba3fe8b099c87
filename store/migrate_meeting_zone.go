package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// meetingZoneRowV10 is the frozen shape of the column migration 2026112310 adds: the
// appointment's zone, so that start pages show the meeting's times as the appointment has them.
type meetingZoneRowV10 struct {
	TimeZone string `gorm:"size:64"`
}

func (meetingZoneRowV10) TableName() string { return "meetings" }

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026112310_meeting_time_zone",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&meetingZoneRowV10{})
		},
	})
}
