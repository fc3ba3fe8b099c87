package store

import (
	"strings"

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
	migrations = append(migrations, &gormigrate.Migration{
		// A pending consent kept its redirect URL, and with it the external-access token, in
		// clear. It now keeps the redirect row's id, and the account the consent must come
		// from; pending consents are carried over.
		ID: "2026120602_sec_oauth_state_redirect_id",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.AutoMigrate(&oauthStateRowV20261206{}); err != nil {
				return err
			}
			var old []oauthStateRowV20261206
			if err := tx.Where("redirect_url <> ''").Find(&old).Error; err != nil {
				return err
			}
			for _, st := range old {
				upd := map[string]any{"redirect_url": ""}
				_, token, _ := strings.Cut(st.RedirectURL, "/oauth/callback/")
				// Only the columns read here, so that later changes to those tables leave this
				// migration as it is.
				var ids []int64
				if err := tx.Table("redirect_urls").Where("token_hash = ?", hashToken(token)).Pluck("id", &ids).Error; err != nil {
					return err
				} else if len(ids) == 1 {
					upd["redirect_id"] = ids[0]
				}
				var accounts []string
				if err := tx.Table("meeting_resources").Where("installation_id = ? AND resource_id = ?", st.InstallationID, st.ResourceID).
					Pluck("account", &accounts).Error; err != nil {
					return err
				} else if len(accounts) == 1 {
					upd["account"] = strings.ToLower(strings.TrimSpace(accounts[0]))
				}
				if err := tx.Model(&oauthStateRowV20261206{}).Where("hash = ?", st.Hash).Updates(upd).Error; err != nil {
					return err
				}
			}
			return tx.Migrator().DropColumn(&oauthStateRowV20261206{}, "redirect_url")
		},
	})
	migrations = append(migrations, &gormigrate.Migration{
		// Single-use grants behind the connect button of resource.saved.
		ID: "2026120603_sec_connect_grants",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&connectGrantRowV20261206{})
		},
	})
}

// oauthStateRowV20261206 is oauth_states as migration 2026120602 finds and leaves it (the old
// redirect_url column is dropped at its end); the live row is in model.go.
type oauthStateRowV20261206 struct {
	Hash           string `gorm:"primaryKey;size:64"`
	InstallationID string `gorm:"size:64"`
	ResourceID     string `gorm:"size:64"`
	RedirectURL    string `gorm:"size:1000"`
	RedirectID     int64
	Account        string `gorm:"size:255"`
	UserID         string `gorm:"size:200"`
	ExpiresMS      int64  `gorm:"index"`
	UsedMS         int64
}

func (oauthStateRowV20261206) TableName() string { return "oauth_states" }

// connectGrantRowV20261206 is the frozen shape of connect_grants; the live row is in
// connectgrant.go.
type connectGrantRowV20261206 struct {
	Hash           string `gorm:"primaryKey;size:64"`
	InstallationID string `gorm:"size:64"`
	ResourceID     string `gorm:"size:64"`
	Account        string `gorm:"size:255"`
	UserID         string `gorm:"size:200"`
	UserName       string `gorm:"size:200"`
	ExpiresMS      int64  `gorm:"index"`
}

func (connectGrantRowV20261206) TableName() string { return "connect_grants" }
