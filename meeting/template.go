package meeting

import (
	"context"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// StoredTemplate is a Template hook reading the installation's own texts from the store. A
// store error falls back to the default text: a note without the custom wording is better
// than a failed save.
func (s *Service) StoredTemplate(ctx context.Context, inst addon.Installation, provider, audience, locale string) string {
	t, err := s.Store.Template(ctx, inst.ID, provider, audience, locale)
	if err != nil && s.Logger != nil {
		s.Logger.Warn("invitation template unreadable; using the default", "installation", inst.ID, "provider", provider, "audience", audience, "err", err)
	}
	return t
}
