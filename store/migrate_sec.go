package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// loginGuardRowV20261206 is the frozen shape of the table migration 2026120601 creates; the
// live row is in loginthrottle.go.
type loginGuardRowV20261206 struct {
	GuardKey string `gorm:"primaryKey;size:80"`
	SeenMS   int64  `gorm:"index"`
}

func (loginGuardRowV20261206) TableName() string { return "vendor_login_guards" }

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		// Login failures are counted under keyed hashes from now on, and under a lock per name
		// and address. The unkeyed hashes of earlier failures can be neither kept (a dictionary
		// reverses them) nor converted (the names are not known): they go, which lifts locks
		// that hold at the moment of the upgrade.
		ID: "2026120601_sec_login_keyed",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.AutoMigrate(&loginGuardRowV20261206{}); err != nil {
				return err
			}
			return tx.Where("1 = 1").Delete(&loginFailureRowV6{}).Error
		},
	})
}
