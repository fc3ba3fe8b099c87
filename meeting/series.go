package meeting

import (
	"context"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/resources"
)

// saveSeries is the pipeline of a series master's save. A pool is reserved first: the
// licence it gets decides the provider. A provider that schedules a course as one series
// (addon.SeriesProvider: Zoom) gets the whole course in one plan (saveCourse); otherwise
// (GoToMeeting has no recurrence rule) the master only books the account for every
// occurrence, and each element gets its own meeting when it is opened, through save.
func (s *Service) saveSeries(ctx context.Context, inst addon.Installation, u addon.User, master *addon.Appointment) (addon.Answer, error) {
	ans := addon.Answer{}
	booked := resources.MeetingAccounts(master.Resources)
	reserved := false
	if len(booked) == 1 && booked[0].Provider == addon.ProviderPool {
		rec, err := s.Store.MeetingFor(ctx, inst.ID, master.ID)
		if err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
			return ans, err
		}
		var had *addon.MeetingRecord
		if err == nil {
			had = &rec
		}
		b, refused, err := s.reserve(ctx, inst, u, master, booked[0], addon.BookingKey{AppointmentID: master.ID}, false, seriesSpans(master), had, &ans)
		if err != nil {
			return ans, err
		}
		if refused {
			s.clearRecord(&ans, master, false)
			return ans, nil
		}
		booked[0], reserved = b, true
	}
	if sp := s.seriesProvider(booked); sp != nil {
		return ans, s.saveCourse(ctx, inst, u, master, booked, reserved, sp, &ans)
	}
	return ans, s.savePerElement(ctx, inst, u, master, booked, reserved, &ans)
}

// savePerElement books the account for every occurrence of a series master whose provider
// has no series: each element gets its own meeting when it is opened. The master never
// carries a link, so no element inherits a stale one.
func (s *Service) savePerElement(ctx context.Context, inst addon.Installation, u addon.User, master *addon.Appointment,
	booked []resources.Booked, reserved bool, ans *addon.Answer) error {
	key := addon.BookingKey{AppointmentID: master.ID}
	// A single appointment that became a series loses its single meeting.
	if err := s.dropMeetingOf(ctx, inst.ID, master.ID); err != nil {
		return err
	}
	if err := s.dropCancelledElements(ctx, inst.ID, master); err != nil {
		return err
	}
	switch {
	case len(booked) == 0:
		elements, err := s.Store.SeriesMeetings(ctx, inst.ID, master.ID)
		if err != nil {
			return err
		}
		for _, m := range elements {
			if err := s.deleteMeeting(ctx, m); err != nil {
				return err
			}
		}
		if err := s.Ledger.Free(ctx, inst.ID, key, false); err != nil {
			return err
		}
		s.clearRecord(ans, master, len(elements) > 0)
		return nil
	case len(booked) > 1:
		ans.Add(addon.LevelError, "multiple_meeting_resources", text(u.Locale, "multiple_meeting_resources", accountNames(booked)))
		return nil
	}
	b := booked[0]
	spans := seriesSpans(master)
	if !reserved {
		var refused bool
		var err error
		if b, refused, err = s.reserve(ctx, inst, u, master, b, key, false, spans, nil, ans); err != nil {
			return err
		}
		if refused {
			s.clearRecord(ans, master, false)
			return nil
		}
	}
	ans.Add(addon.LevelInfo, "series_per_element", text(u.Locale, "series_per_element", b.Resource.Name, len(spans)))
	licence := ""
	if reserved {
		licence = b.Resource.Name
	}
	data, err := fields.EncodeData(fields.MeetingData{Version: 1, Provider: b.Provider, ResourceID: b.Resource.ID, Licence: licence,
		Start: master.Start.UTC(), End: master.End.UTC(), Series: &fields.SeriesData{Reserved: len(spans), PerElement: true}})
	if err != nil {
		return err
	}
	note := fields.WithoutBlock(master.Note)
	ans.Appointment = &addon.RecordChange{Note: &note, Fields: map[string]string{fields.DataField(b.Provider): data}}
	return nil
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
