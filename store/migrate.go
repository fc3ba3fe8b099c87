package store

import (
	"context"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// migrations are applied in order and recorded in the migrations table. Never edit one that
// has shipped: add a new one. The first creates the schema from the row types as they were
// when it was written; later ones must define their own frozen structs.
var migrations = []*gormigrate.Migration{
	{
		ID: "2026112301_initial",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&installationRow{}, &redirectRow{}, &deliveryRow{}, &signatureRow{},
				&leaseRow{}, &resourceRow{}, &oauthStateRow{}, &meetingRow{}, &bookingRow{}, &launchRow{})
		},
	},
}

// Migrate brings the schema up to date. It is safe to run from several instances at once on
// MySQL only if they are started one after another; run `meeting-addon migrate` before rollout.
func (s *Store) Migrate(ctx context.Context) error {
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	return gormigrate.New(s.db.WithContext(ctx), &opts, migrations).Migrate()
}
