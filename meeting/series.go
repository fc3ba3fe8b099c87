package meeting

import (
	"context"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/resources"
)

// seriesSaved reserves the account for every occurrence of a series master. GoToMeeting has no
// recurrence rule, so, as in the TecArt manual, access data is created per element when it is
// opened; unlike the manual, the master never carries a link, so no element inherits a stale one.
func (s *Service) seriesSaved(ctx context.Context, inst addon.Installation, u addon.User, master *addon.Appointment) (addon.Answer, error) {
	ans := addon.Answer{}
	booked := resources.MeetingAccounts(master.Resources)
	key := addon.BookingKey{AppointmentID: master.ID}
	reserved := false
	if len(booked) == 1 && booked[0].Provider == addon.ProviderPool {
		// The pool's licence decides the provider (Zoom series or GoTo per element), so it is
		// chosen, and booked, before anything else.
		rec, err := s.Store.MeetingFor(ctx, inst.ID, master.ID)
		if err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
			return ans, err
		}
		current, err := s.currentLicence(ctx, inst.ID, key, rec, err == nil)
		if err != nil {
			return ans, err
		}
		b, refused, err := s.reserve(ctx, inst, u, master, booked[0], key, false, seriesSpans(master), current, &ans)
		if err != nil {
			return ans, err
		}
		if refused {
			s.clearRecord(&ans, master, false)
			return ans, nil
		}
		booked[0], reserved = b, true
	}
	var sp addon.SeriesProvider
	if len(booked) > 0 && allZoom(booked) {
		sp, _ = s.Providers[booked[0].Provider].(addon.SeriesProvider)
	}
	if sp == nil {
		// A single appointment that became a series loses its single meeting.
		if err := s.dropMeetingOf(ctx, inst.ID, master.ID); err != nil {
			return ans, err
		}
	}
	if err := s.dropCancelledElements(ctx, inst.ID, master); err != nil {
		return ans, err
	}
	switch {
	case len(booked) == 0:
		elements, err := s.Store.SeriesMeetings(ctx, inst.ID, master.ID)
		if err != nil {
			return ans, err
		}
		for _, m := range elements {
			if err := s.deleteMeeting(ctx, m); err != nil {
				return ans, err
			}
		}
		if err := s.Ledger.Free(ctx, inst.ID, key, false); err != nil {
			return ans, err
		}
		s.clearRecord(&ans, master, len(elements) > 0)
		return ans, nil
	case len(booked) > 1 && sp == nil:
		names := make([]string, len(booked))
		for i, b := range booked {
			names[i] = b.Resource.Name
		}
		ans.Add(addon.LevelError, "multiple_meeting_resources", text(u.Locale, "multiple_meeting_resources", strings.Join(names, ", ")))
		return ans, nil
	}
	b := booked[0]
	if sp != nil {
		if _, _, err := s.Store.SaveResource(ctx, addon.MeetingResource{InstallationID: inst.ID, ResourceID: b.Resource.ID, Provider: b.Provider, Name: b.Resource.Name, Account: b.Account}); err != nil {
			return ans, err
		}
	}
	spans := seriesSpans(master)
	if !reserved {
		b, refused, err := s.reserve(ctx, inst, u, master, b, key, false, spans, "", &ans)
		if err != nil {
			return ans, err
		}
		if refused {
			s.clearRecord(&ans, master, false)
			return ans, nil
		}
		booked[0] = b
	}
	b = booked[0]
	if sp != nil {
		return ans, s.providerSeries(ctx, inst, u, master, b, booked, sp, &ans)
	}
	ans.Add(addon.LevelInfo, "series_per_element", text(u.Locale, "series_per_element", b.Resource.Name, len(spans)))
	licence := ""
	if reserved {
		licence = b.Resource.Name
	}
	data, err := fields.EncodeData(fields.MeetingData{Version: 1, Provider: b.Provider, ResourceID: b.Resource.ID, Licence: licence,
		Start: master.Start.UTC(), End: master.End.UTC(), Series: &fields.SeriesData{Reserved: len(spans), PerElement: true}})
	if err != nil {
		return ans, err
	}
	note := fields.WithoutBlock(master.Note)
	ans.Appointment = &addon.RecordChange{Note: &note, Fields: map[string]string{fields.DataField(b.Provider): data}}
	return ans, nil
}

// seriesSpans are the spans a series master books: its occurrences that are not cancelled.
func seriesSpans(master *addon.Appointment) []addon.Booking {
	var spans []addon.Booking
	for _, o := range master.Series.Occurrences {
		if o.Cancelled {
			continue
		}
		spans = append(spans, addon.Booking{Key: addon.BookingKey{AppointmentID: master.ID, RecurrenceID: o.RecurrenceID},
			Start: o.Start.UTC(), End: o.End.UTC(), Title: master.Title})
	}
	return spans
}

// dropCancelledElements deletes the meetings of detached elements whose occurrence the master
// now marks cancelled.
func (s *Service) dropCancelledElements(ctx context.Context, inst string, master *addon.Appointment) error {
	cancelled := map[string]bool{}
	for _, o := range master.Series.Occurrences {
		if o.Cancelled {
			cancelled[o.RecurrenceID] = true
		}
	}
	if len(cancelled) == 0 {
		return nil
	}
	elements, err := s.Store.SeriesMeetings(ctx, inst, master.ID)
	if err != nil {
		return err
	}
	for _, m := range elements {
		if cancelled[m.RecurrenceID] {
			if err := s.deleteMeeting(ctx, m); err != nil {
				return err
			}
		}
	}
	return nil
}
