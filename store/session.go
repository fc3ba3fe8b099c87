package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Session kinds: an installation admin on the settings page, or vendor staff in the console.
const (
	SessionSettings = "settings"
	SessionVendor   = "vendor"
)

// Session lifetimes. Idle: an admin who leaves the tab for a working day must come back
// through the CRM. Max: even a tab kept busy is asked again the next day.
const (
	SessionIdle   = 8 * time.Hour
	SessionMaxAge = 24 * time.Hour
	// touchEvery bounds writes: the last-seen time moves at most once a minute per session.
	touchEvery = time.Minute
)

// Session is a browser session of the settings page or the vendor console. It lives in the
// database so that any instance behind the load balancer serves the next request.
type Session struct {
	Kind           string
	InstallationID string // settings sessions
	UserID         string // CRM user id, or the vendor login
	UserName       string
	Groups         []string // the admin's launch-token groups, offered on the settings page
	Locale         string
	CSRF           string
	CreatedMS      int64
	SeenMS         int64
}

type sessionRow struct {
	Hash           string `gorm:"primaryKey;size:64"` // sha256 of the cookie value
	Kind           string `gorm:"size:16"`
	InstallationID string `gorm:"size:64"`
	UserID         string `gorm:"size:200"`
	UserName       string `gorm:"size:200"`
	Groups         string `gorm:"type:mediumtext"`
	Locale         string `gorm:"size:8"`
	CSRF           string `gorm:"size:64"`
	CreatedMS      int64
	SeenMS         int64 `gorm:"index"`
}

func (sessionRow) TableName() string { return "web_sessions" }

func toSession(r sessionRow) Session {
	var groups []string
	_ = json.Unmarshal([]byte(r.Groups), &groups)
	return Session{Kind: r.Kind, InstallationID: r.InstallationID, UserID: r.UserID, UserName: r.UserName,
		Groups: groups, Locale: r.Locale, CSRF: r.CSRF, CreatedMS: r.CreatedMS, SeenMS: r.SeenMS}
}

// CreateSession stores a new session and returns the cookie value (shown only here; the
// database keeps its hash) and the session with its CSRF token. Expired sessions are swept.
func (s *Store) CreateSession(ctx context.Context, sess Session) (string, Session, error) {
	db := s.db.WithContext(ctx)
	now := s.nowMS()
	if err := db.Where("seen_ms < ? OR created_ms < ?", now-SessionIdle.Milliseconds(), now-SessionMaxAge.Milliseconds()).
		Delete(&sessionRow{}).Error; err != nil {
		return "", Session{}, translate(err, "sessions")
	}
	id := NewSecret(32)
	groups, _ := json.Marshal(sess.Groups)
	row := sessionRow{Hash: hashToken(id), Kind: sess.Kind, InstallationID: sess.InstallationID, UserID: sess.UserID,
		UserName: sess.UserName, Groups: string(groups), Locale: sess.Locale, CSRF: NewSecret(32), CreatedMS: now, SeenMS: now}
	if err := db.Create(&row).Error; err != nil {
		return "", Session{}, translate(err, "session")
	}
	return id, toSession(row), nil
}

// Session returns the live session of the kind with the cookie value id and marks it seen.
// Unknown, expired and other-kind sessions are EUNAUTHORIZED.
func (s *Store) Session(ctx context.Context, kind, id string) (Session, error) {
	gone := addon.Errorf(addon.EUNAUTHORIZED, "session expired")
	if id == "" || len(id) > 128 {
		return Session{}, gone
	}
	db := s.db.WithContext(ctx)
	var row sessionRow
	if err := db.Where("hash = ? AND kind = ?", hashToken(id), kind).Take(&row).Error; isNotFound(err) {
		return Session{}, gone
	} else if err != nil {
		return Session{}, translate(err, "session")
	}
	now := s.nowMS()
	if now-row.SeenMS > SessionIdle.Milliseconds() || now-row.CreatedMS > SessionMaxAge.Milliseconds() {
		_ = db.Where("hash = ?", row.Hash).Delete(&sessionRow{}).Error
		return Session{}, gone
	}
	if now-row.SeenMS > touchEvery.Milliseconds() {
		if err := db.Model(&sessionRow{}).Where("hash = ?", row.Hash).Update("seen_ms", now).Error; err != nil {
			return Session{}, translate(err, "session")
		}
		row.SeenMS = now
	}
	return toSession(row), nil
}

// SetSessionLocale switches the language of a session ("de" or "en").
func (s *Store) SetSessionLocale(ctx context.Context, id, locale string) error {
	return translate(s.db.WithContext(ctx).Model(&sessionRow{}).Where("hash = ?", hashToken(id)).Update("locale", locale).Error, "session")
}

// DeleteSession ends a session (logout).
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	return translate(s.db.WithContext(ctx).Where("hash = ?", hashToken(id)).Delete(&sessionRow{}).Error, "session")
}
