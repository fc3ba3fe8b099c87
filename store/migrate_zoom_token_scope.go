package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// zoomTokenScopeRowV13 is the frozen shape of the column migration 2026120620 adds: the scopes
// Zoom granted with the shared access token, so that the connection test reads them from the
// token the account already has instead of asking Zoom for another one.
type zoomTokenScopeRowV13 struct {
	TokenScope string `gorm:"size:2000"`
}

func (zoomTokenScopeRowV13) TableName() string { return "zoom_accounts" }

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026120620_zoom_token_scope",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&zoomTokenScopeRowV13{})
		},
	})
}
