package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Redirect URL states.
const (
	RedirectPending    = "pending"
	RedirectRegistered = "registered"
	RedirectSuperseded = "superseded"
)

// Redirect is an installation's OAuth redirect URL and whether vendor staff registered it.
type Redirect struct {
	ID             int64
	InstallationID string
	URL            string
	Status         string
	RequestedMS    int64
	RegisteredMS   int64
	RegisteredBy   string
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func redirectContext(inst string) string { return "redirect:" + inst }

// NewRedirect stores a freshly generated external-access token's redirect URL as pending and
// supersedes the installation's earlier ones.
func (s *Store) NewRedirect(ctx context.Context, inst, token, url string) (Redirect, error) {
	sealed, err := s.box.Seal(url, redirectContext(inst))
	if err != nil {
		return Redirect{}, err
	}
	row := redirectRow{InstallationID: inst, TokenHash: hashToken(token), URL: sealed, Status: RedirectPending, RequestedMS: s.nowMS()}
	err = s.transaction(ctx, func(tx *gormDB) error {
		row.ID = 0 // a retried run inserts afresh
		if err := tx.Model(&redirectRow{}).Where("installation_id = ? AND status <> ?", inst, RedirectSuperseded).
			Update("status", RedirectSuperseded).Error; err != nil {
			return err
		}
		return tx.Create(&row).Error
	})
	if err != nil {
		return Redirect{}, translate(err, "redirect URL")
	}
	return s.toRedirect(row)
}

func (s *Store) toRedirect(r redirectRow) (Redirect, error) {
	url, err := s.box.Open(r.URL, redirectContext(r.InstallationID))
	if err != nil {
		return Redirect{}, err
	}
	return Redirect{ID: r.ID, InstallationID: r.InstallationID, URL: url, Status: r.Status,
		RequestedMS: r.RequestedMS, RegisteredMS: r.RegisteredMS, RegisteredBy: r.RegisteredBy}, nil
}

// CurrentRedirect returns the installation's newest redirect URL (pending or registered).
func (s *Store) CurrentRedirect(ctx context.Context, inst string) (Redirect, error) {
	var row redirectRow
	err := s.db.WithContext(ctx).Where("installation_id = ? AND status <> ?", inst, RedirectSuperseded).
		Order("id DESC").Take(&row).Error
	if err != nil {
		return Redirect{}, translate(err, "redirect URL")
	}
	return s.toRedirect(row)
}

// RedirectByToken finds the current redirect URL that embeds token.
func (s *Store) RedirectByToken(ctx context.Context, token string) (Redirect, error) {
	var row redirectRow
	err := s.db.WithContext(ctx).Where("token_hash = ? AND status <> ?", hashToken(token), RedirectSuperseded).Take(&row).Error
	if err != nil {
		return Redirect{}, translate(err, "redirect URL")
	}
	return s.toRedirect(row)
}

// Redirects lists redirect URLs with the given status ("" for all but superseded), oldest first.
func (s *Store) Redirects(ctx context.Context, status string) ([]Redirect, error) {
	q := s.db.WithContext(ctx).Order("id")
	if status != "" {
		q = q.Where("status = ?", status)
	} else {
		q = q.Where("status <> ?", RedirectSuperseded)
	}
	var rows []redirectRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "redirect URLs")
	}
	out := make([]Redirect, 0, len(rows))
	for _, r := range rows {
		rd, err := s.toRedirect(r)
		if err != nil {
			return nil, err
		}
		out = append(out, rd)
	}
	return out, nil
}

// MarkRedirectRegistered records that vendor staff registered the URL at the provider.
func (s *Store) MarkRedirectRegistered(ctx context.Context, id int64, by string) (Redirect, error) {
	res := s.db.WithContext(ctx).Model(&redirectRow{}).Where("id = ? AND status = ?", id, RedirectPending).
		Updates(map[string]any{"status": RedirectRegistered, "registered_ms": s.nowMS(), "registered_by": by})
	if res.Error != nil {
		return Redirect{}, translate(res.Error, "redirect URL")
	}
	var row redirectRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return Redirect{}, translate(err, "redirect URL")
	}
	if res.RowsAffected == 0 && row.Status != RedirectRegistered {
		return Redirect{}, addon.Errorf(addon.ECONFLICT, "redirect URL %d is %s, not pending", id, row.Status)
	}
	return s.toRedirect(row)
}
