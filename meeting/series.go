package meeting

import (
	"context"
	"fmt"
	"slices"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
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

// saveCourse schedules a series master as one series at its provider: one meeting (or a few
// blocks) for the whole course, updated in place on later saves. The steps are save's.
func (s *Service) saveCourse(ctx context.Context, inst addon.Installation, u addon.User, master *addon.Appointment,
	booked []resources.Booked, reserved bool, sp addon.SeriesProvider, ans *addon.Answer) error {
	if err := s.dropCancelledElements(ctx, inst.ID, master); err != nil {
		return err
	}
	// 2. load: an unknown create is cleaned (nobody saw its link), an unknown update's new
	// meetings too.
	rec, _, err := s.load(ctx, inst, master.ID, booked, false)
	if err != nil {
		return err
	}
	if rec != nil && rec.RemoteState == addon.Updating {
		if err := s.cleanUpdate(ctx, *rec); err != nil {
			return err
		}
		rec.RemoteState = ""
	}

	// 3. plan
	p := planSeries(planInput{Appt: master, Settings: inst.Settings, Booked: booked, Record: rec})

	// 4. reserve
	if !reserved {
		_, refused, err := s.reserve(ctx, inst, u, master, p.Account, addon.BookingKey{AppointmentID: master.ID}, false, seriesSpans(master), rec, ans)
		if err != nil {
			return err
		}
		if refused {
			s.clearRecord(ans, master, false) // the series stays as it is until a save may have it
			return nil
		}
	}

	// 5. call
	if p.Notice != "" {
		ans.Add(addon.LevelWarning, p.Notice, text(u.Locale, p.Notice))
	}
	if p.Drop || (p.Do == remove && p.HasRecord) {
		if err := s.deleteMeeting(ctx, p.Record); err != nil {
			return err
		}
	}
	if p.Do == remove {
		s.clearRecord(ans, master, p.HasRecord)
		return nil
	}
	sm, alt, err := s.callSeries(ctx, inst, u, master, sp, &p, ans)
	if err != nil {
		return s.failed(err, u, ans)
	}

	// 6. finish: the record keeps the first session's times (start pages, orphan search); the
	// master's invitation shows the whole course.
	first, begin, end := courseSpan(sm)
	done := addon.MeetingRecord{Ref: p.Record.Ref, InstallationID: inst.ID, AppointmentID: master.ID, ResourceID: p.Account.Resource.ID,
		Meeting: sm.Blocks[0], Subject: p.Spec.Subject, Start: first.Start, End: first.End, TimeZone: master.TimeZone,
		OrganizerID: organizerOf(master, u), Data: seriesState{SeriesMeeting: sm, AltHosts: alt}.data()}
	// Should this fail, an intent stays and the next attempt deletes what it finds of it.
	if err := s.Store.UpdateMeeting(ctx, done); err != nil {
		return fmt.Errorf("record series: %w", err)
	}
	ans.Add(addon.LevelInfo, "series_"+modeKey(sm.Mode), seriesText(u.Locale, sm, p.Do == update && linkChanged(p.Prev.SeriesMeeting, sm)))
	course := *master
	course.Start, course.End = begin, end
	shown := done
	shown.End = end // zoom_meeting_data: the course's first start and last end (README)
	s.writeRecord(ctx, ans, inst, &course, u, shown)
	s.addSeriesData(ans, shown, sm, u.Locale, s.licence(ctx, inst.ID, master, shown))
	return nil
}

// callSeries is saveCourse's call step: it updates the recorded series, or records the
// intent and creates it (p.Record becomes the intent). alt are the alternative hosts the
// series' meetings have now.
func (s *Service) callSeries(ctx context.Context, inst addon.Installation, u addon.User, master *addon.Appointment, sp addon.SeriesProvider,
	p *seriesPlan, ans *addon.Answer) (sm addon.SeriesMeeting, alt []string, err error) {
	acct := addon.Account{InstallationID: inst.ID, ResourceID: p.Account.Resource.ID, Login: p.Account.Account}
	if p.Do == update {
		sm, err = s.updateSeries(ctx, p.Record, sp, acct, p.Prev.SeriesMeeting, p.Spec)
		if err != nil {
			return sm, nil, err
		}
		was := p.Prev.AltHosts
		if ah, ok := sp.(AltHostsSetter); ok && !slices.Equal(was, p.Spec.AltHosts) {
			if aerr := ah.SetAltHosts(ctx, acct, sm, p.Spec.AltHosts); aerr != nil {
				// The series itself was changed: it is recorded, with the hosts it still has.
				msg, ok := userMessage(aerr, u.Locale)
				if !ok {
					s.Logger.Warn("alternative hosts not changed", "appointment", master.ID, "err", aerr)
					msg = catalog.ErrorIn(u.Locale, aerr)
				}
				ans.Add(addon.LevelWarning, "alt_hosts_not_changed", text(u.Locale, "alt_hosts_not_changed", msg))
				return sm, was, nil
			}
		}
		return sm, p.Spec.AltHosts, nil
	}
	// As for single meetings, the intent is recorded before the provider call so that a
	// process dying in between leaves nothing behind (see cleanIntent).
	first := p.Spec.Sessions[0]
	p.Record = addon.MeetingRecord{Ref: newRef(), InstallationID: inst.ID, AppointmentID: master.ID, ResourceID: p.Account.Resource.ID,
		Meeting: addon.Meeting{Provider: p.Account.Provider}, Subject: p.Spec.Subject, Start: first.Start, End: first.End, TimeZone: master.TimeZone,
		OrganizerID: organizerOf(master, u), RemoteState: addon.Creating}
	if err := s.Store.CreateMeeting(ctx, p.Record); err != nil {
		return sm, nil, fmt.Errorf("record series intent: %w", err)
	}
	sm, err = sp.CreateSeries(ctx, acct, p.Spec)
	s.countCalls(ctx, p.Account.Provider, acct, callsOf(sm, err))
	if err != nil {
		s.dropIntent(ctx, p.Record, err)
	}
	return sm, p.Spec.AltHosts, err
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
