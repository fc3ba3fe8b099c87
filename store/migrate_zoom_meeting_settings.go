package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Frozen shapes of migration 2026120630: the meeting settings an administrator pins per Zoom
// account (JSON of ZoomMeetingSettings), the regional API URL Zoom returned with the shared
// access token, and per meeting the fingerprint of the settings last sent for it.
type zoomAccountSettingsRowV14 struct {
	MeetingSettings string `gorm:"size:1000"`
	TokenAPIURL     string `gorm:"size:255"`
}

func (zoomAccountSettingsRowV14) TableName() string { return "zoom_accounts" }

type zoomMeetingSettingsRowV14 struct {
	InstallationID string `gorm:"primaryKey;size:64"`
	MeetingID      string `gorm:"primaryKey;size:64"`
	Fingerprint    string `gorm:"size:64"`
	UpdatedMS      int64
}

func (zoomMeetingSettingsRowV14) TableName() string { return "zoom_meeting_settings" }

// zoomMeetingSettingsV14 are the settings accounts that existed before get: the privacy-first
// defaults of the time, written out so that a later change of the defaults leaves them alone.
const zoomMeetingSettingsV14 = `{"waiting_room":true,"join_before_host":false,"mute_upon_entry":true,"auto_recording":"none",` +
	`"meeting_summary":false,"summary_recipients":1,"ai_questions":false,"question_askers":3}`

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026120630_zoom_meeting_settings",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.AutoMigrate(&zoomAccountSettingsRowV14{}, &zoomMeetingSettingsRowV14{}); err != nil {
				return err
			}
			return tx.Exec("UPDATE zoom_accounts SET meeting_settings = ? WHERE meeting_settings IS NULL OR meeting_settings = ''",
				zoomMeetingSettingsV14).Error
		},
	})
}
