package store

import (
	"context"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
)

// OAuthState is a pending consent: which installation, resource and account it is for, through
// which redirect URL, and who started it.
type OAuthState struct {
	InstallationID string
	ResourceID     string
	// RedirectID is the redirect URL's row: the URL itself embeds the external-access token,
	// which is stored sealed in redirect_urls only.
	RedirectID int64
	Account    string // the account the resource named at the start, lower case
	UserID     string // who started the consent (CRM user id), for the audit trail
}

// SaveOAuthState stores a consent state (by hash: the state itself travels through the browser).
func (s *Store) SaveOAuthState(ctx context.Context, state string, st OAuthState, expiresMS int64) error {
	db := s.db.WithContext(ctx)
	if err := db.Where("expires_ms < ?", s.nowMS()-86400_000).Delete(&oauthStateRow{}).Error; err != nil {
		return translate(err, "oauth state")
	}
	row := oauthStateRow{Hash: hashToken(state), InstallationID: st.InstallationID, ResourceID: st.ResourceID, RedirectID: st.RedirectID,
		Account: strings.ToLower(strings.TrimSpace(st.Account)), UserID: clip(st.UserID, 200), ExpiresMS: expiresMS}
	return translate(db.Create(&row).Error, "oauth state")
}

// UseOAuthState consumes a state once: unknown, expired or reused states are refused.
func (s *Store) UseOAuthState(ctx context.Context, state string) (OAuthState, error) {
	h := hashToken(state)
	now := s.nowMS()
	res := s.db.WithContext(ctx).Model(&oauthStateRow{}).Where("hash = ? AND used_ms = 0 AND expires_ms >= ?", h, now).Update("used_ms", now)
	if res.Error != nil {
		return OAuthState{}, translate(res.Error, "oauth state")
	}
	if res.RowsAffected == 0 {
		return OAuthState{}, catalog.Error(addon.EFORBIDDEN, "store.authorization_link_unknown_expired")
	}
	var row oauthStateRow
	if err := s.db.WithContext(ctx).Where("hash = ?", h).Take(&row).Error; err != nil {
		return OAuthState{}, translate(err, "oauth state")
	}
	return OAuthState{InstallationID: row.InstallationID, ResourceID: row.ResourceID, RedirectID: row.RedirectID,
		Account: row.Account, UserID: row.UserID}, nil
}
