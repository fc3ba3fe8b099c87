package meeting

import (
	"context"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/store"
)

// StartPage is what a click on the start button leads to: either the join URL, or for the host
// the lecturer's invitation and a single-use token that fetches the host URL on the next click.
type StartPage struct {
	JoinURL  string // not "": redirect there
	HostText string // the host template filled with the meeting's values
	Token    string // for HostURL; valid for store.StartTokenTTL, once
	Software string // "GoToMeeting", "Zoom"
}

// Start decides where a click on the start button leads. The organizer gets the host text
// and a token for the host link; for GoToMeeting a user permitted to use the add-on does too.
// For Zoom only the organizer does: Zoom's start link signs whoever opens it in as the host,
// which alternative hosts and colleagues must never get. Everyone else gets the join link.
func (s *Service) Start(ctx context.Context, inst addon.Installation, u addon.User, ref string) (StartPage, error) {
	m, err := s.meeting(ctx, inst.ID, ref)
	if err != nil {
		return StartPage{}, err
	}
	if !mayHost(inst, u, m) {
		return StartPage{JoinURL: m.JoinURL}, nil
	}
	token, err := s.Store.NewStartToken(ctx, store.StartGrant{InstallationID: inst.ID, Ref: m.Ref, UserID: u.ID})
	if err != nil {
		return StartPage{}, err
	}
	software := fields.SoftwareName(m.Provider)
	// The host key (the manual's "Moderator-Code") is for the organizer's eyes only: this page.
	hostKey, err := s.Store.ResourceHostKey(ctx, inst.ID, m.ResourceID)
	if err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
		return StartPage{}, err
	}
	text := fields.Render(s.template(ctx, inst, m.Provider, fields.AudienceHost, u.Locale), fields.Values{
		Link: m.JoinURL, Passcode: m.Passcode, MeetingID: m.ID, Phone: m.DialIn, ParticipantCode: m.AccessCode,
		Software: software, HostCode: hostKey, Title: m.Subject, Start: m.Start, End: m.End, Location: m.Zone(), Locale: u.Locale,
		Dates: recordDates(m),
	})
	return StartPage{HostText: text, Token: token, Software: software}, nil
}

// HostURL redeems a start token and fetches a fresh host URL from the provider. The URL is
// personal and short-lived: callers redirect to it and neither log, store nor show it.
func (s *Service) HostURL(ctx context.Context, token, ref string) (string, error) {
	g, err := s.Store.UseStartToken(ctx, token, ref)
	if err != nil {
		return "", err
	}
	inst, err := s.Store.Installation(ctx, g.InstallationID)
	if err != nil {
		return "", err
	}
	if inst.Disabled {
		return "", catalog.Error(addon.EFORBIDDEN, "meeting.installation_add_on_disabled")
	}
	m, err := s.meeting(ctx, inst.ID, ref)
	if err != nil {
		return "", err
	}
	// The permission was checked when the token was minted; the organizer may have changed
	// since, and for Zoom only the organizer may have the host link.
	if m.Provider == addon.ProviderZoom && g.UserID != m.OrganizerID {
		return "", catalog.Error(addon.EFORBIDDEN, "meeting.only_organizer_appointment_may")
	}
	p, err := s.provider(m.Provider)
	if err != nil {
		return "", err
	}
	// Zoom finds the host by the resource's Zoom user; GoTo by the resource's consent.
	acct := addon.Account{InstallationID: inst.ID, ResourceID: m.ResourceID, Login: s.loginOf(ctx, inst.ID, m.ResourceID)}
	host, err := p.HostURL(ctx, acct, m.ID)
	if err != nil {
		if addon.ErrorCode(err) == addon.ENOTFOUND {
			return "", catalog.Error(addon.ENOTFOUND, "meeting.provider_no_longer_knows")
		}
		return "", err
	}
	return host, nil
}

func (s *Service) meeting(ctx context.Context, inst, ref string) (addon.MeetingRecord, error) {
	m, err := s.Store.MeetingByRef(ctx, ref)
	if err != nil || m.InstallationID != inst {
		if err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
			return addon.MeetingRecord{}, err
		}
		return addon.MeetingRecord{}, meetingGone()
	}
	return m, nil
}

func mayHost(inst addon.Installation, u addon.User, m addon.MeetingRecord) bool {
	if u.ID != "" && u.ID == m.OrganizerID {
		return true
	}
	return m.Provider != addon.ProviderZoom && inst.Settings.Permits(u)
}

// meetingGone is the refusal for a start or info link whose meeting no longer exists.
func meetingGone() error {
	return catalog.Error(addon.ENOTFOUND, "meeting.meeting_no_longer_exists")
}
