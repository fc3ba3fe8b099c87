package store

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Frozen rows of migration 2026120630; the live rows are in pool.go.
type poolMemberRowV1 struct {
	InstallationID string `gorm:"primaryKey;size:64;index:ix_pool_member_res,priority:1"`
	PoolID         string `gorm:"primaryKey;size:64"`
	ResourceID     string `gorm:"primaryKey;size:64;index:ix_pool_member_res,priority:2"`
	Capacity       int
	Position       int
}

func (poolMemberRowV1) TableName() string { return "pool_members" }

type hostUsageRowV1 struct {
	InstallationID string `gorm:"primaryKey;size:64"`
	Login          string `gorm:"primaryKey;size:191"`
	Day            string `gorm:"primaryKey;size:10"`
	Calls          int
}

func (hostUsageRowV1) TableName() string { return "zoom_host_usage" }

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026120630_pools",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&poolMemberRowV1{}, &hostUsageRowV1{})
		},
	})
}
