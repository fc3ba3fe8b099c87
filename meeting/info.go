package meeting

import (
	"context"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Info is a meeting as the provider has it now (KuferSQL's "Info" button).
type Info struct {
	Provider    string
	ID          string
	Topic       string
	JoinURL     string
	Passcode    string
	Start       time.Time
	Duration    int
	TimeZone    string
	Occurrences []time.Time // available ones, for recurring meetings
}

// Reader is a provider that can read a meeting back.
type Reader interface {
	Read(ctx context.Context, acct addon.Account, id string) (Info, error)
}

// Info reads a meeting of the installation from its provider; the host start link is not part
// of it.
func (s *Service) Info(ctx context.Context, inst addon.Installation, ref string) (Info, error) {
	m, err := s.Store.MeetingByRef(ctx, ref)
	if err != nil || m.InstallationID != inst.ID {
		return Info{}, meetingGone()
	}
	p, err := s.provider(m.Provider)
	if err != nil {
		return Info{}, err
	}
	r, ok := p.(Reader)
	if !ok {
		return Info{Provider: m.Provider, ID: m.ID, Topic: m.Subject, JoinURL: m.JoinURL, Passcode: m.Passcode, Start: m.Start,
			Duration: int(m.End.Sub(m.Start) / time.Minute)}, nil
	}
	acct := addon.Account{InstallationID: inst.ID, ResourceID: m.ResourceID, Login: s.loginOf(ctx, inst.ID, m.ResourceID)}
	return r.Read(ctx, acct, m.ID)
}
