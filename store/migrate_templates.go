package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Frozen rows of migration 2026112306; the live rows are in template.go and starttoken.go.
type templateRowV5 struct {
	InstallationID string `gorm:"primaryKey;size:64"`
	Provider       string `gorm:"primaryKey;size:16"`
	Audience       string `gorm:"primaryKey;size:16"`
	Locale         string `gorm:"primaryKey;size:8"`
	Text           string `gorm:"type:text"`
	UpdatedMS      int64
}

func (templateRowV5) TableName() string { return "invitation_templates" }

type startTokenRowV5 struct {
	Hash           string `gorm:"primaryKey;size:64"`
	InstallationID string `gorm:"size:64"`
	Ref            string `gorm:"size:64"`
	UserID         string `gorm:"size:200"`
	ExpiresMS      int64  `gorm:"index"`
}

func (startTokenRowV5) TableName() string { return "start_tokens" }

func init() {
	// Appended at init, after migrate_settings.go's (files initialize in name order).
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026112306_templates",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&templateRowV5{}, &startTokenRowV5{})
		},
	})
}
