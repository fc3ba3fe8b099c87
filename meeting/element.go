package meeting

import (
	"context"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

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
