package meeting

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/resources"
)

// seriesOf decodes a record's series state; ok is false for single meetings.
func seriesOf(m addon.MeetingRecord) (addon.SeriesMeeting, bool) {
	if !strings.HasPrefix(m.Data, "{") {
		return addon.SeriesMeeting{}, false
	}
	var sm addon.SeriesMeeting
	if err := json.Unmarshal([]byte(m.Data), &sm); err != nil || len(sm.Blocks) == 0 {
		return addon.SeriesMeeting{}, false
	}
	return sm, true
}

func sessionsOf(master *addon.Appointment) []addon.Session {
	var out []addon.Session
	for _, o := range master.Series.Occurrences {
		if !o.Cancelled {
			out = append(out, addon.Session{Key: o.RecurrenceID, Start: o.Start.UTC(), End: o.End.UTC()})
		}
	}
	return out
}

// providerSeries schedules a series master as recurring meetings at a provider that can (Zoom):
// one meeting for the whole course, updated in place on later saves.
func (s *Service) providerSeries(ctx context.Context, inst addon.Installation, u addon.User, master *addon.Appointment,
	b resources.Booked, booked []resources.Booked, sp addon.SeriesProvider, ans *addon.Answer) error {
	acct := addon.Account{InstallationID: inst.ID, ResourceID: b.Resource.ID, Login: b.Account}
	over50 := inst.Settings.Over50
	if over50 == "" {
		over50 = addon.Over50NoFixedTime
	}
	spec := addon.SeriesSpec{Subject: subject(inst, master, b.Provider), TimeZone: master.TimeZone, Sessions: sessionsOf(master),
		Over50: over50, AltHosts: altHosts(master, booked)}
	existing, err := s.Store.MeetingFor(ctx, inst.ID, master.ID)
	hasExisting := err == nil
	if err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
		return err
	}
	if hasExisting && existing.RemoteState == addon.Creating {
		if err := s.cleanIntent(ctx, existing); err != nil {
			return err
		}
		hasExisting = false
	}
	prev, isSeries := seriesOf(existing)
	if hasExisting && (!isSeries || existing.ResourceID != b.Resource.ID) {
		if err := s.deleteMeeting(ctx, existing); err != nil {
			return err
		}
		hasExisting = false
	}
	if len(spec.Sessions) == 0 {
		if hasExisting {
			if err := s.deleteMeeting(ctx, existing); err != nil {
				return err
			}
		}
		s.clearRecord(ans, master, hasExisting)
		return nil
	}
	var (
		sm     addon.SeriesMeeting
		intent addon.MeetingRecord
	)
	if hasExisting {
		sm, err = sp.UpdateSeries(ctx, acct, prev, spec)
	} else {
		// As for single meetings, the intent is recorded before the provider call so that a
		// process dying in between leaves nothing behind (see cleanIntent).
		first := spec.Sessions[0]
		intent = addon.MeetingRecord{Ref: newRef(), InstallationID: inst.ID, AppointmentID: master.ID, ResourceID: b.Resource.ID,
			Meeting: addon.Meeting{Provider: b.Provider}, Subject: spec.Subject, Start: first.Start, End: first.End, TimeZone: master.TimeZone,
			OrganizerID: organizerOf(master, u), RemoteState: addon.Creating}
		if err := s.Store.CreateMeeting(ctx, intent); err != nil {
			return fmt.Errorf("record series intent: %w", err)
		}
		if sm, err = sp.CreateSeries(ctx, acct, spec); err != nil {
			if derr := s.Store.DeleteMeeting(context.WithoutCancel(ctx), intent.Ref); derr != nil {
				s.Logger.Error("series intent not removed", "ref", intent.Ref, "err", derr)
			}
		}
	}
	if err != nil {
		if msg, ok := userMessage(err, u.Locale); ok {
			ans.Add(addon.LevelError, "meeting_failed", text(u.Locale, "meeting_failed", msg))
			return nil
		}
		return err
	}
	data, _ := json.Marshal(sm)
	first := sm.Sessions[0]
	rec := addon.MeetingRecord{InstallationID: inst.ID, AppointmentID: master.ID, ResourceID: b.Resource.ID, Meeting: sm.Blocks[0],
		Subject: spec.Subject, Start: first.Start, End: first.End, TimeZone: master.TimeZone, OrganizerID: organizerOf(master, u), Data: string(data)}
	if hasExisting {
		rec.Ref = existing.Ref
		err = s.Store.UpdateMeeting(ctx, rec)
	} else {
		rec.Ref = intent.Ref
		if err = s.Store.UpdateMeeting(ctx, rec); err != nil {
			if derr := sp.DeleteSeries(context.WithoutCancel(ctx), acct, sm); derr == nil {
				_ = s.Store.DeleteMeeting(context.WithoutCancel(ctx), intent.Ref)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("record series: %w", err)
	}
	ans.Add(addon.LevelInfo, "series_"+modeKey(sm.Mode), seriesText(u.Locale, sm, hasExisting && prev.Blocks[0].ID != sm.Blocks[0].ID))
	s.writeRecord(ctx, ans, inst, master, u, rec)
	s.addSeriesData(ans, rec, sm)
	return nil
}

func modeKey(mode string) string {
	if mode == "" {
		return "recurring"
	}
	return mode
}

func organizerOf(appt *addon.Appointment, u addon.User) string {
	if appt.Organizer.ID != "" {
		return appt.Organizer.ID
	}
	return u.ID
}

// seriesText tells the user what became of the series at Zoom.
func seriesText(locale string, sm addon.SeriesMeeting, linkChanged bool) string {
	n := len(sm.Sessions)
	var de, en string
	switch sm.Mode {
	case addon.Over50NoFixedTime:
		de = fmt.Sprintf("Die %d Termine sind mehr als die 50, die ein wiederkehrendes Zoom-Meeting fasst: Es wurde ein Meeting ohne feste Zeit angelegt, ein Link für alle Termine.", n)
		en = fmt.Sprintf("The %d dates are more than the 50 one recurring Zoom meeting can hold: a meeting without fixed time was created, one link for all dates.", n)
	case addon.Over50Blocks:
		de = fmt.Sprintf("Die %d Termine wurden auf %d aufeinanderfolgende Zoom-Serien mit höchstens 50 Terminen verteilt; jedes Serienelement erhält den Link seiner Serie.", n, len(sm.Blocks))
		en = fmt.Sprintf("The %d dates were split into %d consecutive Zoom series of at most 50; each element gets the link of its series.", n, len(sm.Blocks))
	case "single":
		de, en = "Die Serie hat nur einen Termin: ein einzelnes Zoom-Meeting wurde angelegt.", "The series has one date: a single Zoom meeting was created."
	case "irregular":
		de = fmt.Sprintf("Die %d Termine lassen sich nicht als eine Zoom-Serie mit fester Zeit abbilden (z. B. zwei Termine an einem Tag): Es wurde ein Meeting ohne feste Zeit angelegt, ein Link für alle Termine.", n)
		en = fmt.Sprintf("The %d dates cannot be one Zoom series with fixed times (e.g. two sessions on one day): a meeting without fixed time was created, one link for all dates.", n)
	default:
		de = fmt.Sprintf("Ein wiederkehrendes Zoom-Meeting mit %d Terminen ist angelegt; ein Link gilt für alle Termine.", n)
		en = fmt.Sprintf("One recurring Zoom meeting with %d dates is scheduled; one link is valid for all dates.", n)
	}
	if linkChanged {
		de += " Achtung: Der Link hat sich geändert; senden Sie die Einladung erneut."
		en += " Note: the link changed; send the invitation again."
	}
	if locale == "en" {
		return en
	}
	return de
}

// addSeriesData writes the series' occurrences into the hidden field.
func (s *Service) addSeriesData(ans *addon.Answer, rec addon.MeetingRecord, sm addon.SeriesMeeting) {
	d := fields.MeetingData{Version: 1, Provider: rec.Provider, ResourceID: rec.ResourceID, MeetingID: rec.ID, JoinURL: rec.JoinURL,
		DialIn: rec.DialIn, Passcode: rec.Passcode, Start: rec.Start, End: rec.End}
	for _, ss := range sm.Sessions {
		blk := sm.Blocks[min(ss.Block, len(sm.Blocks)-1)]
		d.Occurrences = append(d.Occurrences, fields.OccurrenceData{RecurrenceID: ss.Key, OccurrenceID: ss.OccurrenceID,
			Start: ss.Start, End: ss.End, MeetingID: blk.ID, JoinURL: blk.JoinURL})
	}
	if data, err := fields.EncodeData(d); err == nil {
		ans.Appointment.Fields[fields.DataField(rec.Provider)] = data
	}
}

// zoomElement answers a detached element of a series that has a provider series: the element
// gets the link of its own block and no meeting of its own; a changed time patches only its
// occurrence. handled is false when the series has no provider series (GoToMeeting).
func (s *Service) zoomElement(ctx context.Context, inst addon.Installation, u addon.User, el *addon.Appointment, ans *addon.Answer) (bool, error) {
	master, err := s.Store.MeetingFor(ctx, inst.ID, el.Occurrence.SeriesID)
	if addon.ErrorCode(err) == addon.ENOTFOUND {
		return false, nil
	} else if err != nil {
		return true, err
	}
	sm, ok := seriesOf(master)
	if !ok {
		return false, nil
	}
	idx := -1
	for i, ss := range sm.Sessions {
		if ss.Key == el.Occurrence.RecurrenceID {
			idx = i
		}
	}
	if idx < 0 {
		return false, nil
	}
	sp, _ := s.Providers[master.Provider].(addon.SeriesProvider)
	ss := sm.Sessions[idx]
	if sp != nil && (!ss.Start.Equal(el.Start.UTC()) || !ss.End.Equal(el.End.UTC())) {
		spec := addon.SeriesSpec{Subject: master.Subject, TimeZone: el.TimeZone}
		for i, x := range sm.Sessions {
			if i == idx {
				x.Start, x.End = el.Start.UTC(), el.End.UTC()
			}
			spec.Sessions = append(spec.Sessions, addon.Session{Key: x.Key, Start: x.Start, End: x.End})
		}
		acct := addon.Account{InstallationID: inst.ID, ResourceID: master.ResourceID, Login: s.loginOf(ctx, inst.ID, master.ResourceID)}
		nsm, err := sp.UpdateSeries(ctx, acct, sm, spec)
		if err != nil {
			if msg, ok := userMessage(err, u.Locale); ok {
				ans.Add(addon.LevelError, "meeting_failed", text(u.Locale, "meeting_failed", msg))
				return true, nil
			}
			return true, err
		}
		nsm.Topic = sm.Topic
		data, _ := json.Marshal(nsm)
		master.Data = string(data)
		if err := s.Store.UpdateMeeting(ctx, master); err != nil {
			return true, err
		}
		sm = nsm
		ans.Add(addon.LevelInfo, "meeting_updated", text(u.Locale, "meeting_updated"))
	}
	for _, x := range sm.Sessions {
		if x.Key == el.Occurrence.RecurrenceID {
			ss = x
		}
	}
	blk := sm.Blocks[min(ss.Block, len(sm.Blocks)-1)]
	rec := master
	rec.Meeting, rec.Start, rec.End = blk, ss.Start, ss.End
	s.writeRecord(ctx, ans, inst, el, u, rec)
	return true, nil
}

// loginOf returns the account login of a meeting resource, for provider calls (also of one the
// CRM deleted: its meetings are still changed and deleted).
func (s *Service) loginOf(ctx context.Context, inst, resourceID string) string {
	if r, err := s.Store.ResourceRecord(ctx, inst, resourceID); err == nil {
		return r.Account
	}
	return ""
}
