package meeting

import (
	"context"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/resources"
)

// rules are what a save must know of a provider beyond its API (addon.MeetingProvider, and
// addon.SeriesProvider for one that schedules a course as one series): how its meetings are
// named, who else hosts them, how many an account runs at once and what its calls cost. The
// pipeline asks these; it never asks which provider it has. This table is the one place that
// names the providers' differences.
type rules struct {
	// topicTemplate: the meeting is named with the installation's topic template; otherwise
	// with the appointment's title.
	topicTemplate bool
	// coHosts: further booked accounts of the provider, and the logins in the appointment's
	// alternative-hosts field, host the meeting too; otherwise an appointment books one account.
	coHosts bool
	// ownCapacity: an account may run more than one meeting at once (the installation's host
	// capacity, or a licence's own); otherwise one.
	ownCapacity bool
	// dailyLimit: the provider limits a host's creates and updates per day: the add-on counts
	// them, so that a pool spreads its meetings before the limit is reached.
	dailyLimit bool
	// learnsAccount: the account needs no consent and is whatever the resource's field says
	// at each save: its record is saved first (a changed login moves the old one's meetings
	// aside).
	learnsAccount bool
	// needsConsent: an account can hold a meeting only once it is connected (OAuth consent).
	needsConsent bool
	// infoButton: the answer carries a button that reads the meeting back from the provider.
	infoButton bool
}

var providerRules = map[string]rules{
	addon.ProviderGoTo: {needsConsent: true},
	addon.ProviderZoom: {topicTemplate: true, coHosts: true, ownCapacity: true, dailyLimit: true, learnsAccount: true, infoButton: true},
}

// rulesOf returns a provider's rules; a pool's (before the reservation picks a licence) and an
// unknown provider's are the zero rules.
func rulesOf(provider string) rules {
	return providerRules[provider]
}

// subject is the meeting's subject for the appointment.
func (r rules) subject(set addon.Settings, appt *addon.Appointment) string {
	if r.topicTemplate {
		return fields.TopicFromTemplate(set.TopicTemplate, appt.Title, appt.Number)
	}
	return appt.Title
}

// altHosts are, where the provider has co-hosts, the further booked accounts and the logins in
// the appointment's alternative-hosts field, in that order, without the host and duplicates.
func (r rules) altHosts(appt *addon.Appointment, booked []resources.Booked) []string {
	if !r.coHosts || len(booked) == 0 {
		return nil
	}
	seen := map[string]bool{strings.ToLower(booked[0].Account): true}
	var out []string
	add := func(l string) {
		l = strings.TrimSpace(l)
		if l != "" && !seen[strings.ToLower(l)] {
			seen[strings.ToLower(l)] = true
			out = append(out, l)
		}
	}
	for _, b := range booked[1:] {
		add(b.Account)
	}
	for _, l := range strings.FieldsFunc(appt.Fields[resources.AltHostsField], func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		add(l)
	}
	return out
}

// capacity is how many meetings one account runs at once by the installation's settings.
func (r rules) capacity(set addon.Settings) int {
	if r.ownCapacity && set.HostCapacity > 1 {
		return set.HostCapacity
	}
	return 1
}

// shareable reports whether the booked accounts can make one meeting together: one account,
// or several of one provider that has co-hosts.
func shareable(booked []resources.Booked) bool {
	for _, b := range booked {
		if b.Provider != booked[0].Provider || !rulesOf(b.Provider).coHosts {
			return len(booked) <= 1
		}
	}
	return true
}

// meetingSpec is what the provider of the booked account (booked[0]) is asked to schedule for
// a single appointment or element.
func meetingSpec(set addon.Settings, appt *addon.Appointment, booked []resources.Booked) addon.MeetingSpec {
	r := rulesOf(booked[0].Provider)
	return addon.MeetingSpec{Subject: r.subject(set, appt), Start: appt.Start.UTC(), End: appt.End.UTC(), TimeZone: appt.TimeZone,
		AltHosts: r.altHosts(appt, booked)}
}

// countCalls adds a host's meeting creates/updates to today's count where the provider limits
// them (see store.CountHostCalls); a failure to count never fails the save.
func (s *Service) countCalls(ctx context.Context, provider string, acct addon.Account, n int) {
	if !rulesOf(provider).dailyLimit || n <= 0 {
		return
	}
	if err := s.Store.CountHostCalls(context.WithoutCancel(ctx), acct.InstallationID, acct.Login, n); err != nil {
		s.Logger.Warn("host calls not counted", "installation", acct.InstallationID, "provider", provider, "err", err)
	}
}

// seriesProvider is the provider of the booked accounts when it schedules a course as one
// series (and the accounts can share it); nil when its elements get their meetings one by one.
func (s *Service) seriesProvider(booked []resources.Booked) addon.SeriesProvider {
	if len(booked) == 0 || !shareable(booked) {
		return nil
	}
	sp, _ := s.Providers[booked[0].Provider].(addon.SeriesProvider)
	return sp
}
