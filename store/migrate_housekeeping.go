package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// meetingStateRowV9 is the frozen shape of the index migration 2026112309 adds: housekeeping
// looks up creation intents by state and age.
type meetingStateRowV9 struct {
	RemoteState string `gorm:"size:16;index:ix_meeting_state,priority:1"`
	UpdatedMS   int64  `gorm:"index:ix_meeting_state,priority:2"`
}

func (meetingStateRowV9) TableName() string { return "meetings" }

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026112309_meeting_state_index",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&meetingStateRowV9{})
		},
	})
}
