package store

import (
	"context"
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// ConnectGrantTTL is how long the connect button of a resource.saved answer works: long enough
// for the person who saved the resource to press it, short enough that an old answer (stored
// for redeliveries) is no standing invitation.
const ConnectGrantTTL = time.Hour

// ConnectGrant is what a connect button allows: one consent for one resource's account, by the
// user who saved the resource with that account.
type ConnectGrant struct {
	InstallationID string
	ResourceID     string
	Account        string // the resource's account when it was saved, lower case
	UserID         string
	UserName       string
}

type connectGrantRow struct {
	Hash           string `gorm:"primaryKey;size:64"` // sha256 of the grant; the grant is only in the button
	InstallationID string `gorm:"size:64"`
	ResourceID     string `gorm:"size:64"`
	Account        string `gorm:"size:255"`
	UserID         string `gorm:"size:200"`
	UserName       string `gorm:"size:200"`
	ExpiresMS      int64  `gorm:"index"`
}

func (connectGrantRow) TableName() string { return "connect_grants" }

// NewConnectGrant mints a single-use grant for g and sweeps expired ones.
func (s *Store) NewConnectGrant(ctx context.Context, g ConnectGrant) (string, error) {
	db := s.db.WithContext(ctx)
	now := s.nowMS()
	if err := db.Where("expires_ms < ?", now).Delete(&connectGrantRow{}).Error; err != nil {
		return "", translate(err, "connect grant")
	}
	token := NewSecret(32)
	row := connectGrantRow{Hash: hashToken(token), InstallationID: g.InstallationID, ResourceID: g.ResourceID,
		Account: strings.ToLower(strings.TrimSpace(g.Account)), UserID: clip(g.UserID, 200), UserName: clip(g.UserName, 200),
		ExpiresMS: now + ConnectGrantTTL.Milliseconds()}
	if err := db.Create(&row).Error; err != nil {
		return "", translate(err, "connect grant")
	}
	return token, nil
}

// ConnectGrant returns the unexpired grant of token for the installation's resource without
// using it up (so that a wrong person's click does not spoil it for the right one).
func (s *Store) ConnectGrant(ctx context.Context, token, inst, resourceID string) (ConnectGrant, error) {
	if token == "" || len(token) > 128 {
		return ConnectGrant{}, addon.Errorf(addon.ENOTFOUND, "connect grant not found")
	}
	var row connectGrantRow
	err := s.db.WithContext(ctx).Where("hash = ? AND installation_id = ? AND resource_id = ? AND expires_ms >= ?",
		hashToken(token), inst, resourceID, s.nowMS()).Take(&row).Error
	if err != nil {
		return ConnectGrant{}, translate(err, "connect grant")
	}
	return ConnectGrant{InstallationID: row.InstallationID, ResourceID: row.ResourceID, Account: row.Account,
		UserID: row.UserID, UserName: row.UserName}, nil
}

// UseConnectGrant uses the grant up: of two concurrent uses only the one that deletes it wins.
func (s *Store) UseConnectGrant(ctx context.Context, token string) error {
	res := s.db.WithContext(ctx).Where("hash = ?", hashToken(token)).Delete(&connectGrantRow{})
	if res.Error != nil {
		return translate(res.Error, "connect grant")
	}
	if res.RowsAffected != 1 {
		return addon.Errorf(addon.ENOTFOUND, "connect grant already used")
	}
	return nil
}
