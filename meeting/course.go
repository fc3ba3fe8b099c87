package meeting

import (
	"context"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
)

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

func organizerOf(appt *addon.Appointment, u addon.User) string {
	if appt.Organizer.ID != "" {
		return appt.Organizer.ID
	}
	return u.ID
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

// seriesElement answers a detached element of a series that has a provider series: the
// element gets the link of its own block and no meeting of its own; a changed time patches
// only its occurrence. handled is false when the series has no provider series (GoToMeeting).
func (s *Service) seriesElement(ctx context.Context, inst addon.Installation, u addon.User, el *addon.Appointment, ans *addon.Answer) (bool, error) {
	if _, _, ok, err := s.seriesMaster(ctx, inst.ID, el.Occurrence.SeriesID); !ok || err != nil {
		return err != nil, err
	}
	// The element's save may change the master's series: it runs under the master's lease,
	// as the master's own saves do, so that neither overwrites the other.
	release, err := s.Store.Lease(ctx, addon.AppointmentLock(inst.ID, el.Occurrence.SeriesID), 30*time.Second)
	if err != nil {
		return true, err
	}
	defer release()
	master, st, ok, err := s.seriesMaster(ctx, inst.ID, el.Occurrence.SeriesID)
	if !ok || err != nil {
		return err != nil, err
	}
	if master.RemoteState == addon.Updating {
		// Only now, under the master's lease: unlocked, the mark may be a running update's.
		if err := s.cleanUpdate(ctx, master); err != nil {
			return true, err
		}
		master.RemoteState = ""
	}
	sm := st.SeriesMeeting
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
		var sessions []addon.Session
		for i, x := range sm.Sessions {
			if i == idx {
				x.Start, x.End = el.Start.UTC(), el.End.UTC()
			}
			sessions = append(sessions, addon.Session{Key: x.Key, Start: x.Start, End: x.End})
		}
		// The element's save carries neither the master's fields nor the installation's
		// choice: the series is changed with what it was made with.
		spec := seriesSpec(inst.Settings, master.Subject, el.TimeZone, sessions, st.AltHosts)
		acct := addon.Account{InstallationID: inst.ID, ResourceID: master.ResourceID, Login: s.loginOf(ctx, inst.ID, master.ResourceID)}
		nsm, err := s.updateSeries(ctx, master, sp, acct, sm, spec)
		if err != nil {
			if msg, ok := userMessage(err, u.Locale); ok {
				ans.Add(addon.LevelError, "meeting_failed", text(u.Locale, "meeting_failed", msg))
				return true, nil
			}
			return true, err
		}
		st.SeriesMeeting = nsm
		first, _, _ := courseSpan(nsm)
		master.Meeting, master.Start, master.End, master.Data = nsm.Blocks[0], first.Start, first.End, st.data()
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
	blk := blockOf(sm, ss)
	rec := master
	rec.Meeting, rec.Start, rec.End = blk, ss.Start, ss.End
	s.writeRecord(ctx, ans, inst, el, u, rec)
	return true, nil
}

// seriesMaster reads a series master's record and its provider series; ok is false when the
// master has none (GoToMeeting series, or no meeting yet).
func (s *Service) seriesMaster(ctx context.Context, inst, seriesID string) (addon.MeetingRecord, seriesState, bool, error) {
	master, err := s.Store.MeetingFor(ctx, inst, seriesID)
	if addon.ErrorCode(err) == addon.ENOTFOUND {
		return master, seriesState{}, false, nil
	} else if err != nil {
		return master, seriesState{}, false, err
	}
	st, ok := seriesStateOf(master)
	return master, st, ok, nil
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

// loginOf returns the account login of a meeting resource, for provider calls (also of one the
// CRM deleted: its meetings are still changed and deleted).
func (s *Service) loginOf(ctx context.Context, inst, resourceID string) string {
	if r, err := s.Store.ResourceRecord(ctx, inst, resourceID); err == nil {
		return r.Account
	}
	return ""
}
