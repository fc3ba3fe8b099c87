package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Frozen shape of migration 2026120650 (one read to claim a hook): a stored answer knows its
// subject, so the read that finds it also finds the subject's mark, and it carries the MAC it
// was first answered under (NULL when none), so that the seen MACs need no table of their own.
type deliveryClaimRowV650 struct {
	Subject string  `gorm:"size:80;not null;default:''"`
	MAC     *string `gorm:"size:64;uniqueIndex:ux_delivery_mac"`
}

func (deliveryClaimRowV650) TableName() string { return "deliveries" }

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026120650_claim_in_one_read",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.AutoMigrate(&deliveryClaimRowV650{}); err != nil {
				return err
			}
			// The MACs seen so far move to the answers they were recorded with (delivery ids
			// are UUIDs); the table goes.
			if err := tx.Exec("UPDATE deliveries SET mac = (SELECT MIN(s.hash) FROM seen_signatures s WHERE s.delivery_id = deliveries.delivery_id) " +
				"WHERE EXISTS (SELECT 1 FROM seen_signatures s WHERE s.delivery_id = deliveries.delivery_id)").Error; err != nil {
				return err
			}
			return tx.Migrator().DropTable("seen_signatures")
		},
	})
}
