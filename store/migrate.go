package store

import (
	"context"
	"slices"
	"strings"

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
			return tx.AutoMigrate(&installationRow{}, &redirectRow{}, &deliveryRow{}, &signatureRowV1{},
				&leaseRow{}, &resourceRow{}, &oauthStateRow{}, &meetingRow{}, &bookingRow{}, &launchRow{})
		},
	},
	{
		// Settings page and vendor console: server-side sessions, vendor users, audit trail.
		ID: "2026120101_sessions_vendor_audit",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&sessionRowV2{}, &vendorUserRowV2{}, &auditRowV2{})
		},
	},
	{
		// Zoom accounts of an installation with their shared access token, and their users.
		ID: "2026120102_zoom_accounts",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&zoomAccountRowV3{}, &zoomUserRowV3{})
		},
	},
}

// Frozen row of the first migration: the MACs seen, until 2026120650 (now deliveries.mac).
type signatureRowV1 struct {
	Hash       string `gorm:"primaryKey;size:64"`
	DeliveryID string `gorm:"size:64"`
	ExpiresMS  int64  `gorm:"index"`
}

func (signatureRowV1) TableName() string { return "seen_signatures" }

// Frozen rows of migration 2026120101; the live rows are in session.go, vendor.go and audit.go.
type sessionRowV2 struct {
	Hash           string `gorm:"primaryKey;size:64"`
	Kind           string `gorm:"size:16"`
	InstallationID string `gorm:"size:64"`
	UserID         string `gorm:"size:200"`
	UserName       string `gorm:"size:200"`
	Groups         string `gorm:"size:4000"`
	Locale         string `gorm:"size:8"`
	CSRF           string `gorm:"size:64"`
	CreatedMS      int64
	SeenMS         int64 `gorm:"index"`
}

func (sessionRowV2) TableName() string { return "web_sessions" }

type vendorUserRowV2 struct {
	Login        string `gorm:"primaryKey;size:191"`
	PasswordHash string `gorm:"size:100"`
	CreatedMS    int64
	UpdatedMS    int64
}

func (vendorUserRowV2) TableName() string { return "vendor_users" }

type auditRowV2 struct {
	ID             int64  `gorm:"primaryKey;autoIncrement"`
	AtMS           int64  `gorm:"index"`
	Actor          string `gorm:"size:255"`
	Action         string `gorm:"size:64"`
	InstallationID string `gorm:"size:64;index"`
	Detail         string `gorm:"size:1000"`
}

func (auditRowV2) TableName() string { return "audit_log" }

// Migrate brings the schema up to date. Several instances may run it at once (a rollout
// starting them together): a lock row in the database (see migrationLock) lets one migrate
// while the others wait, then find every migration applied. On MySQL every table is created
// utf8mb4 whatever the database's default, and afterwards Migrate refuses a schema with
// tables in another character set, naming them and the statement that converts them.
func (s *Store) Migrate(ctx context.Context) error {
	unlock, err := s.migrationLock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	db := s.db.WithContext(ctx)
	if s.mysql {
		// Session: gormigrate chains several statements on the handle it is given.
		db = db.Set("gorm:table_options", tableOptions).Session(&gorm.Session{})
	}
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	// Files append their migrations at init, in file-name order; sorting by ID makes the order
	// independent of file names. Migrations registered by different files touch different
	// tables or columns, so they do not depend on each other's order.
	ordered := slices.SortedFunc(slices.Values(migrations), func(a, b *gormigrate.Migration) int { return strings.Compare(a.ID, b.ID) })
	if err := gormigrate.New(db, &opts, ordered).Migrate(); err != nil {
		return err
	}
	if s.mysql {
		return s.checkCharset(ctx)
	}
	return nil
}

// Frozen rows of migration 2026120102; the live rows are in zoom.go.
type zoomAccountRowV3 struct {
	ID                string `gorm:"primaryKey;size:64"`
	InstallationID    string `gorm:"size:64;uniqueIndex:ux_zoom_account_name,priority:1"`
	Name              string `gorm:"size:255;uniqueIndex:ux_zoom_account_name,priority:2"`
	AccountID         string `gorm:"size:64"`
	ClientID          string `gorm:"size:64"`
	ClientSecret      string `gorm:"size:500"`
	ProxyURL          string `gorm:"size:255"`
	ProxyUser         string `gorm:"size:255"`
	ProxyPassword     string `gorm:"size:500"`
	PasscodeRule      string `gorm:"size:1000"`
	Token             string `gorm:"type:text"`
	TokenExpiryMS     int64
	LastTestMS        int64
	LastTestOK        bool
	LastTestMessage   string `gorm:"size:2000"`
	LastTestMessageDE string `gorm:"size:2000"`
	LastTestUsers     int
	UsersSyncedMS     int64
	CreatedMS         int64
	UpdatedMS         int64
}

func (zoomAccountRowV3) TableName() string { return "zoom_accounts" }

type zoomUserRowV3 struct {
	InstallationID string `gorm:"primaryKey;size:64;index:ix_zoom_user_email,priority:1;index:ix_zoom_user_id,priority:1"`
	AccountRef     string `gorm:"primaryKey;size:64"`
	ZoomID         string `gorm:"primaryKey;size:64;index:ix_zoom_user_id,priority:2"`
	Email          string `gorm:"size:255"`
	EmailLower     string `gorm:"size:255;index:ix_zoom_user_email,priority:2"`
	FirstName      string `gorm:"size:255"`
	LastName       string `gorm:"size:255"`
	Type           int
	Status         string `gorm:"size:16"`
}

func (zoomUserRowV3) TableName() string { return "zoom_users" }
