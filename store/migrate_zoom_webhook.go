package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// zoomWebhookRowV11 is the frozen shape of the column migration 2026120103 adds: the sealed
// Secret Token of the Zoom app's event subscription, which verifies the account's webhooks.
// Its ID follows 2026120102, which creates zoom_accounts (migrations run sorted by ID).
type zoomWebhookRowV11 struct {
	WebhookSecret string `gorm:"size:500"`
}

func (zoomWebhookRowV11) TableName() string { return "zoom_accounts" }

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026120103_zoom_webhook_secret",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&zoomWebhookRowV11{})
		},
	})
}
