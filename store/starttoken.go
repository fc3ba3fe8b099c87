package store

import (
	"context"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// StartTokenTTL is how long the organizer's page with the host text may wait for the click on
// "start as host". The host URL itself is fetched only at that click.
const StartTokenTTL = 10 * time.Minute

// StartGrant is what a start token allows: one fetch of a meeting's host URL for one user.
type StartGrant struct {
	InstallationID string
	Ref            string
	UserID         string
}

type startTokenRow struct {
	Hash           string `gorm:"primaryKey;size:64"` // sha256 of the token; the token is only in the page
	InstallationID string `gorm:"size:64"`
	Ref            string `gorm:"size:64"`
	UserID         string `gorm:"size:200"`
	ExpiresMS      int64  `gorm:"index"`
}

func (startTokenRow) TableName() string { return "start_tokens" }

// NewStartToken mints a single-use token for g. Expired ones are swept by housekeeping
// (SweepStartTokens).
func (s *Store) NewStartToken(ctx context.Context, g StartGrant) (string, error) {
	db := s.db.WithContext(ctx)
	now := s.nowMS()
	token := NewSecret(32)
	row := startTokenRow{Hash: hashToken(token), InstallationID: g.InstallationID, Ref: g.Ref, UserID: g.UserID,
		ExpiresMS: now + StartTokenTTL.Milliseconds()}
	if err := db.Create(&row).Error; err != nil {
		return "", translate(err, "start token")
	}
	return token, nil
}

// UseStartToken redeems a start token for the meeting ref: it works once, before it expires.
// Of two concurrent redemptions only the one that deletes the row wins.
func (s *Store) UseStartToken(ctx context.Context, token, ref string) (StartGrant, error) {
	gone := addon.Errorf(addon.EUNAUTHORIZED, "this start page has expired or was already used; open the meeting again from the appointment")
	if token == "" || len(token) > 128 {
		return StartGrant{}, gone
	}
	db := s.db.WithContext(ctx)
	var row startTokenRow
	if err := db.Where("hash = ?", hashToken(token)).Take(&row).Error; isNotFound(err) {
		return StartGrant{}, gone
	} else if err != nil {
		return StartGrant{}, translate(err, "start token")
	}
	res := db.Where("hash = ?", row.Hash).Delete(&startTokenRow{})
	if res.Error != nil {
		return StartGrant{}, translate(res.Error, "start token")
	}
	if res.RowsAffected != 1 || row.ExpiresMS < s.nowMS() || row.Ref != ref {
		return StartGrant{}, gone
	}
	return StartGrant{InstallationID: row.InstallationID, Ref: row.Ref, UserID: row.UserID}, nil
}
