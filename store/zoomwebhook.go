package store

import (
	"context"
)

// ZoomWebhookSecretsOf returns the webhook Secret Tokens (decrypted) of the installation's Zoom
// accounts that are Zoom's account zoomAccountID: an event about that Zoom account, signed with
// one of them, may concern the installation's meetings even when it arrives at another
// installation's URL (two installations sharing one Zoom app).
func (s *Store) ZoomWebhookSecretsOf(ctx context.Context, inst, zoomAccountID string) ([]string, error) {
	var rows []zoomAccountRow
	if err := s.db.WithContext(ctx).Where("installation_id = ? AND account_id = ? AND webhook_secret <> ''", inst, zoomAccountID).
		Find(&rows).Error; err != nil {
		return nil, translate(err, "Zoom accounts")
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		secret, err := s.box.Open(r.WebhookSecret, zoomContext(r.InstallationID, r.ID, "webhook"))
		if err != nil {
			return nil, err
		}
		out = append(out, secret)
	}
	return out, nil
}
