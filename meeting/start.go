package meeting

import (
	"context"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// StartURL decides where a click on the start button leads: the organizer, or a user permitted
// to use the add-on, gets a fresh host link from the provider; everyone else the join link.
func (s *Service) StartURL(ctx context.Context, inst addon.Installation, u addon.User, ref string) (string, error) {
	m, err := s.Store.MeetingByRef(ctx, ref)
	if err != nil || m.InstallationID != inst.ID {
		return "", addon.Errorf(addon.ENOTFOUND, "This meeting no longer exists; save the appointment again to create a new one.")
	}
	if u.ID != m.OrganizerID && !inst.Settings.Permits(u) {
		return m.JoinURL, nil
	}
	p, err := s.provider(m.Provider)
	if err != nil {
		return "", err
	}
	host, err := p.HostURL(ctx, addon.Account{InstallationID: inst.ID, ResourceID: m.ResourceID}, m.ID)
	if err != nil {
		if addon.ErrorCode(err) == addon.ENOTFOUND {
			return "", addon.Errorf(addon.ENOTFOUND, "The provider no longer knows this meeting; save the appointment again to create a new one.")
		}
		return "", err
	}
	return host, nil
}
