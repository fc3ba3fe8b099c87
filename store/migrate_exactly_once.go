package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Frozen shapes of migration 2026120610 (exactly once and in order): the newest event applied
// per appointment and resource, the mark a stored answer was given under, the delivery a MAC
// was first seen with, and columns wide enough for everything validation accepts.
type eventMarkRowV610 struct {
	InstallationID string `gorm:"primaryKey;size:64"`
	Subject        string `gorm:"primaryKey;size:80"`
	OccurredMS     int64
	Seq            int64
	Deleted        bool
	UpdatedMS      int64 `gorm:"index"`
}

func (eventMarkRowV610) TableName() string { return "event_marks" }

type deliverySeqRowV610 struct {
	Seq int64
}

func (deliverySeqRowV610) TableName() string { return "deliveries" }

type signatureDeliveryRowV610 struct {
	DeliveryID string `gorm:"size:64"`
}

func (signatureDeliveryRowV610) TableName() string { return "seen_signatures" }

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026120610_exactly_once",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.AutoMigrate(&eventMarkRowV610{}, &deliverySeqRowV610{}, &signatureDeliveryRowV610{}); err != nil {
				return err
			}
			if tx.Dialector.Name() != "mysql" {
				return nil // SQLite keeps text of any length in any column
			}
			// A title of 1,000 characters (the hook's limit) and a topic template around it did
			// not fit VARCHAR(255); a note of 65,535 bytes plus the invitation did not fit an
			// answer's TEXT; 500 sessions in blocks come close to a record's TEXT.
			for _, q := range []string{
				"ALTER TABLE meetings MODIFY subject TEXT",
				"ALTER TABLE meetings MODIFY data MEDIUMTEXT",
				"ALTER TABLE deliveries MODIFY body MEDIUMTEXT",
				// A CRM user in many groups: the launch token's 1,000 groups of 200 characters.
				"ALTER TABLE web_sessions MODIFY `groups` MEDIUMTEXT",
			} {
				if err := tx.Exec(q).Error; err != nil {
					return err
				}
			}
			return nil
		},
	})
}
