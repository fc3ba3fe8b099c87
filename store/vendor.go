package store

import (
	"context"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// MinPasswordLength is the shortest vendor password accepted.
const MinPasswordLength = 12

type vendorUserRow struct {
	Login        string `gorm:"primaryKey;size:191"`
	PasswordHash string `gorm:"size:100"`
	CreatedMS    int64
	UpdatedMS    int64
}

func (vendorUserRow) TableName() string { return "vendor_users" }

func checkVendorCredentials(login, password string) error {
	switch {
	case login == "" || len(login) > 191 || strings.TrimSpace(login) != login:
		return addon.Invalid("login", "1 to 191 characters, no leading or trailing spaces")
	case len(password) < MinPasswordLength:
		return addon.Invalid("password", "at least %d characters", MinPasswordLength)
	case len(password) > 72:
		return addon.Invalid("password", "at most 72 bytes (bcrypt ignores the rest)")
	}
	return nil
}

// SetVendorUser creates a vendor user or, when replace is set, sets an existing user's
// password. Without replace an existing login is ECONFLICT.
func (s *Store) SetVendorUser(ctx context.Context, login, password string, replace bool) error {
	if err := checkVendorCredentials(login, password); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.passwordCost)
	if err != nil {
		return err
	}
	db := s.db.WithContext(ctx)
	if replace {
		res := db.Model(&vendorUserRow{}).Where("login = ?", login).Updates(map[string]any{"password_hash": string(hash), "updated_ms": s.nowMS()})
		if res.Error != nil || res.RowsAffected > 0 {
			return translate(res.Error, "vendor user")
		}
	}
	row := vendorUserRow{Login: login, PasswordHash: string(hash), CreatedMS: s.nowMS(), UpdatedMS: s.nowMS()}
	return translate(db.Create(&row).Error, "vendor user "+login)
}

// HasVendorUser reports whether the login exists (for the startup bootstrap).
func (s *Store) HasVendorUser(ctx context.Context, login string) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&vendorUserRow{}).Where("login = ?", login).Count(&n).Error
	return n > 0, translate(err, "vendor user")
}

// CheckVendorLogin verifies a vendor's login and password. Every failure is the same
// EUNAUTHORIZED error: the caller cannot tell an unknown login from a wrong password.
func (s *Store) CheckVendorLogin(ctx context.Context, login, password string) error {
	fail := addon.Errorf(addon.EUNAUTHORIZED, "login failed")
	var row vendorUserRow
	err := s.db.WithContext(ctx).Where("login = ?", login).Take(&row).Error
	if err != nil && !isNotFound(err) {
		return translate(err, "vendor user")
	}
	hash := []byte(row.PasswordHash)
	if err != nil || len(login) > 191 || len(password) > 72 {
		// Compared all the same, so that a wrong login takes as long as a wrong password and
		// the answer time does not tell which logins exist.
		hash = s.dummyHash()
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || row.Login == "" {
		return fail
	}
	return nil
}
