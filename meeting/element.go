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

	// load, under the lease
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

	// plan
	spec, move, found := planElement(inst.Settings, master, st, el)
	if !found {
		return false, nil
	}

	// call: a moved element moves its session in the series.
	sm := st.SeriesMeeting
	ss, _ := sessionOf(sm, el.Occurrence.RecurrenceID)
	if sp, _ := s.Providers[master.Provider].(addon.SeriesProvider); sp != nil && move {
		acct := s.accountOf(ctx, master)
		nsm, err := s.updateSeries(ctx, master, sp, acct, sm, spec)
		if err != nil {
			return true, s.failed(err, u, ans)
		}
		st.SeriesMeeting = nsm
		first, _, _ := courseSpan(nsm)
		master.Meeting, master.Start, master.End, master.Data = nsm.Blocks[0], first.Start, first.End, st.data()
		if err := s.Store.UpdateMeeting(ctx, master); err != nil {
			return true, err
		}
		sm = nsm
		if moved, ok := sessionOf(sm, el.Occurrence.RecurrenceID); ok {
			ss = moved
		}
		ans.Add(addon.LevelInfo, "meeting_updated", text(u.Locale, "meeting_updated"))
	}

	// finish: the element shows its own block and times.
	rec := master
	rec.Meeting, rec.Start, rec.End = blockOf(sm, ss), ss.Start, ss.End
	s.writeRecord(ctx, ans, inst, el, u, rec)
	return true, nil
}

// planElement decides what a detached element's save asks of its course's series: nothing when
// its times are its session's (move false), else the series with that session moved (spec).
// The element's save carries neither the master's fields nor the installation's choice: the
// series is changed with what it was made with. found is false when the series has no session
// of the element.
func planElement(set addon.Settings, master addon.MeetingRecord, st seriesState, el *addon.Appointment) (spec addon.SeriesSpec, move, found bool) {
	ss, found := sessionOf(st.SeriesMeeting, el.Occurrence.RecurrenceID)
	if !found || ss.Start.Equal(el.Start.UTC()) && ss.End.Equal(el.End.UTC()) {
		return addon.SeriesSpec{}, false, found
	}
	sessions := make([]addon.Session, 0, len(st.Sessions))
	for _, x := range st.Sessions {
		if x.Key == ss.Key {
			x.Start, x.End = el.Start.UTC(), el.End.UTC()
		}
		sessions = append(sessions, addon.Session{Key: x.Key, Start: x.Start, End: x.End})
	}
	return seriesSpec(set, master.Subject, el.TimeZone, sessions, st.AltHosts), true, true
}

// sessionOf is the session of a series with the recurrence id key (the last, should there be
// two).
func sessionOf(sm addon.SeriesMeeting, key string) (addon.SeriesSession, bool) {
	var out addon.SeriesSession
	found := false
	for _, ss := range sm.Sessions {
		if ss.Key == key {
			out, found = ss, true
		}
	}
	return out, found
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
