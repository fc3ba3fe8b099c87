package meeting

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/resources"
	"github.com/onlinemeetings/meeting-addon/store"
)

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
		if p.Do == create {
			// As for a single meeting, the new series' intent rides in the reservation's commit.
			ctx = store.WithIntent(ctx, seriesIntent(inst, u, master, p))
		}
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
	// It rides in the answer's commit; should that fail, the intent (or the update's mark)
	// stays, and the next attempt deletes what it finds of it.
	if err := s.Store.FinishMeeting(ctx, done); err != nil {
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
	intent, err := s.recordIntent(ctx, seriesIntent(inst, u, master, *p))
	if err != nil {
		return sm, nil, fmt.Errorf("record series intent: %w", err)
	}
	p.Record = intent
	sm, err = sp.CreateSeries(ctx, acct, p.Spec)
	s.countCalls(ctx, p.Account.Provider, acct, callsOf(sm, err))
	if err != nil {
		s.dropIntent(ctx, p.Record, err)
	}
	return sm, p.Spec.AltHosts, err
}

// updateSeries changes a recorded series at its provider. An update may create meetings (a
// new block), so the record is marked first: a process dying before the caller writes the
// record leaves nothing behind (see cleanUpdate). The caller's write of the record clears the
// mark; a failed update, which the provider has taken back, clears it here.
func (s *Service) updateSeries(ctx context.Context, rec addon.MeetingRecord, sp addon.SeriesProvider, acct addon.Account,
	prev addon.SeriesMeeting, spec addon.SeriesSpec) (addon.SeriesMeeting, error) {
	if err := s.Store.SetRemoteState(ctx, rec.Ref, addon.Updating); err != nil {
		return prev, err
	}
	sm, err := sp.UpdateSeries(ctx, acct, prev, spec)
	s.countCalls(ctx, rec.Provider, acct, callsOf(sm, err))
	if err != nil && !addon.OutcomeUnknown(err) {
		// A refusal, which the provider has taken back. An unknown outcome keeps the mark:
		// the next attempt deletes what the update may have created (see cleanUpdate).
		if serr := s.Store.SetRemoteState(context.WithoutCancel(ctx), rec.Ref, ""); serr != nil {
			s.Logger.Error("series update mark not removed", "ref", rec.Ref, "err", serr)
		}
	}
	return sm, err
}

// seriesIntent is the record of a series' create before its provider call (RemoteState
// Creating), with the times of its first session.
func seriesIntent(inst addon.Installation, u addon.User, master *addon.Appointment, p seriesPlan) addon.MeetingRecord {
	first := p.Spec.Sessions[0]
	return addon.MeetingRecord{Ref: newRef(), InstallationID: inst.ID, AppointmentID: master.ID, ResourceID: p.Account.Resource.ID,
		Meeting: addon.Meeting{Provider: p.Account.Provider}, Subject: p.Spec.Subject, Start: first.Start, End: first.End, TimeZone: master.TimeZone,
		OrganizerID: organizerOf(master, u), RemoteState: addon.Creating}
}

// callsOf is how many meeting creates/updates a series call may have cost at Zoom (its
// requests, deletes and reads included: counting high only makes a pool spread sooner).
func callsOf(sm addon.SeriesMeeting, err error) int {
	if err != nil && addon.OutcomeUnknown(err) {
		return max(sm.Calls, 1)
	}
	return sm.Calls
}

// AltHostsSetter is a series provider that can change the alternative hosts of a series'
// meetings (UpdateSeries leaves them as they were).
type AltHostsSetter interface {
	SetAltHosts(ctx context.Context, acct addon.Account, sm addon.SeriesMeeting, alt []string) error
}

// courseSpan returns the first session and the course's begin and end.
func courseSpan(sm addon.SeriesMeeting) (first addon.SeriesSession, begin, end time.Time) {
	first = sm.Sessions[0]
	end = first.End
	for _, ss := range sm.Sessions {
		if ss.Start.Before(first.Start) {
			first = ss
		}
		if ss.End.After(end) {
			end = ss.End
		}
	}
	return first, first.Start, end
}

// linkChanged reports whether a session that was scheduled before now has another meeting.
func linkChanged(prev, sm addon.SeriesMeeting) bool {
	was := make(map[string]string, len(prev.Sessions))
	for _, ss := range prev.Sessions {
		was[ss.Key] = blockOf(prev, ss).ID
	}
	for _, ss := range sm.Sessions {
		if id, ok := was[ss.Key]; ok && id != blockOf(sm, ss).ID {
			return true
		}
	}
	return len(prev.Sessions) == 0 && prev.Blocks[0].ID != sm.Blocks[0].ID
}

// blockOf is the meeting that carries a session.
func blockOf(sm addon.SeriesMeeting, ss addon.SeriesSession) addon.Meeting {
	return sm.Blocks[min(max(ss.Block, 0), len(sm.Blocks)-1)]
}

func modeKey(mode string) string {
	if mode == "" {
		return "recurring"
	}
	return mode
}

// seriesText tells the user what became of the series at Zoom.
func seriesText(locale string, sm addon.SeriesMeeting, linkChanged bool) string {
	n := len(sm.Sessions)
	var s string
	switch sm.Mode {
	case addon.Over50NoFixedTime:
		s = text(locale, "series_over50_no_fixed_time", n)
	case addon.Over50Blocks:
		s = text(locale, "series_over50_blocks", n, len(sm.Blocks))
	case "single":
		s = text(locale, "series_single")
	case "irregular":
		s = text(locale, "series_irregular", n)
	default:
		s = text(locale, "series_recurring", n)
	}
	if linkChanged {
		s += " " + text(locale, "series_link_changed")
	}
	return s
}

// addSeriesData writes the series' occurrences into the hidden field: per session only what
// the CRM does not know (Zoom's occurrence id and, past the first block, the meeting), with the
// blocks' links listed once, so that the CRM's 500 sessions fit its 65,535 bytes. Should they
// still not fit, the field keeps the meeting without the sessions and the user is told.
func (s *Service) addSeriesData(ans *addon.Answer, rec addon.MeetingRecord, sm addon.SeriesMeeting, locale, licence string) {
	d := fields.MeetingData{Version: 1, Provider: rec.Provider, ResourceID: rec.ResourceID, MeetingID: rec.ID, JoinURL: rec.JoinURL,
		DialIn: rec.DialIn, Passcode: rec.Passcode, Start: rec.Start, End: rec.End, Licence: licence}
	if len(sm.Blocks) > 1 {
		for _, b := range sm.Blocks {
			d.Meetings = append(d.Meetings, fields.SeriesMeeting{MeetingID: b.ID, JoinURL: b.JoinURL, DialIn: b.DialIn, Passcode: b.Passcode})
		}
	}
	for _, ss := range sm.Sessions {
		o := fields.OccurrenceData{RecurrenceID: ss.Key, OccurrenceID: ss.OccurrenceID}
		if blk := blockOf(sm, ss); blk.ID != rec.ID {
			o.MeetingID = blk.ID
		}
		d.Occurrences = append(d.Occurrences, o)
	}
	data, err := fields.EncodeData(d)
	if err != nil {
		ans.Add(addon.LevelWarning, "meeting_data_too_long", text(locale, "meeting_data_too_long", len(sm.Sessions)))
		return
	}
	ans.Appointment.Fields[fields.DataField(rec.Provider)] = data
}
