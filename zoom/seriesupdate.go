package zoom

import (
	"context"
	"errors"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/recurrence"
)

// UpdateSeries changes only what differs, so that a save that changed nothing calls Zoom for
// nothing and every meeting keeps its link as long as it can carry its dates:
//   - recurring meetings (one, or blocks): each session stays in its block while its date does;
//     per block, changed times are occurrence patches, removed dates occurrence deletes, and new
//     dates a new recurrence for the same meeting. A block that can no longer carry its dates
//     hands the last ones on to the next block, the last block to a new one;
//   - a single meeting follows the time of its session; a meeting without fixed time serves any
//     dates and only follows the topic;
//   - only a change of mode (e.g. past 50 sessions without blocks), or a meeting Zoom no longer
//     knows, deletes and creates anew, and the caller tells the user the link changed.
//
// On an error prev is returned, and no meeting this update created is left behind.
func (p *Provider) UpdateSeries(ctx context.Context, acct addon.Account, prev addon.SeriesMeeting, spec addon.SeriesSpec) (addon.SeriesMeeting, error) {
	loc, err := addon.LoadLocation(spec.TimeZone)
	if err != nil {
		return prev, catalog.Invalid("appointment.time_zone", "zoom.unknown_time_zone", spec.TimeZone)
	}
	sessions := sortedSessions(spec.Sessions)
	if len(sessions) == 0 {
		return prev, catalog.Error(addon.EINVALID, "zoom.series_has_no_sessions")
	}
	mode, _ := layout(sessions, spec.Over50, loc)
	var sm addon.SeriesMeeting
	switch {
	case len(prev.Blocks) == 0:
		err = errOtherMode
	case mode == ModeSingle && prev.Mode == ModeSingle:
		sm, err = p.keepSingle(ctx, acct, prev, spec, sessions[0])
	case isFixed(mode) && isFixed(prev.Mode):
		sm, err = p.updateBlocks(ctx, acct, prev, spec, sessions, loc)
	case isNoFixedTime(mode) && isNoFixedTime(prev.Mode):
		// A meeting without fixed time serves any dates: keep it (and its link), follow the topic.
		sm, err = p.keepNoFixedTime(ctx, acct, prev, spec, mode, sessions)
	default:
		err = errOtherMode
	}
	if err == nil {
		return p.settled(ctx, acct, sm), nil
	}
	if !errors.Is(err, errOtherMode) && addon.ErrorCode(err) != addon.ENOTFOUND {
		return sm, err
	}
	if err := p.DeleteSeries(ctx, acct, prev); err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
		return prev, err
	}
	return p.CreateSeries(ctx, acct, spec)
}

// settled gives the series' meetings the account's settings where the administrator changed
// them since (see settle). The series itself is changed and must be recorded as it is, so a
// failure here only leaves the settings for the next save, which tries again.
func (p *Provider) settled(ctx context.Context, acct addon.Account, sm addon.SeriesMeeting) addon.SeriesMeeting {
	n, _ := p.settle(ctx, acct, sm.Blocks)
	sm.Calls += n
	return sm
}

// errOtherMode says that a series cannot keep its meetings: it is scheduled anew.
var errOtherMode = errors.New("zoom: the series changes its mode")

// keepSingle moves the plain meeting of a one-session series to its session's time and topic;
// unchanged, it calls Zoom for nothing.
func (p *Provider) keepSingle(ctx context.Context, acct addon.Account, prev addon.SeriesMeeting, spec addon.SeriesSpec, ss recurrence.Session) (addon.SeriesMeeting, error) {
	out := addon.SeriesMeeting{Mode: ModeSingle, Topic: p.topic(spec.Subject), Blocks: prev.Blocks[:1], Sessions: plainSessions([]recurrence.Session{ss})}
	if len(prev.Sessions) == 1 && prev.Sessions[0].Start.Equal(ss.Start) && prev.Sessions[0].End.Equal(ss.End) && out.Topic == prev.Topic {
		return out, nil
	}
	s, err := p.open(ctx, acct)
	if err != nil {
		return prev, err
	}
	req, err := s.request(ctx, spec.Subject, ss.Start, ss.End, spec.TimeZone, spec.AltHosts)
	if err != nil {
		return prev, err
	}
	clearAltHosts(req)
	if err := s.patch(ctx, prev.Blocks[0].ID, req); err != nil {
		return prev, err
	}
	out.Calls = s.n
	return out, nil
}

// keepNoFixedTime keeps the meeting without fixed time of a series whatever its dates do.
func (p *Provider) keepNoFixedTime(ctx context.Context, acct addon.Account, prev addon.SeriesMeeting, spec addon.SeriesSpec, mode string, sessions []recurrence.Session) (addon.SeriesMeeting, error) {
	out := addon.SeriesMeeting{Mode: mode, Topic: prev.Topic, Blocks: prev.Blocks[:1], Sessions: plainSessions(sessions)}
	t := p.topic(spec.Subject)
	if t == prev.Topic {
		return out, nil
	}
	s, err := p.open(ctx, acct)
	if err != nil {
		return prev, err
	}
	if err := s.patch(ctx, prev.Blocks[0].ID, &MeetingRequest{Topic: t}); err != nil {
		return prev, err
	}
	out.Topic, out.Calls = t, s.n
	return out, nil
}

// occurrencePatch moves one occurrence to its session's time (start, dur), or deletes the
// occurrence at start; patch and delete are the only per-occurrence calls a series ever needs.
type occurrencePatch struct {
	id    string
	start time.Time
	dur   time.Duration
}

// fixOccurrences patches and deletes occurrences of meeting mid. Occurrences in the past are
// neither moved nor deleted: Zoom refuses to move them, and they are over anyway. An
// occurrence Zoom no longer knows counts as deleted. Occurrences without id (over when Zoom
// answered) are left alone: a call without occurrence_id would change or delete the whole meeting.
func (s *session) fixOccurrences(ctx context.Context, mid int64, tz string, patches, deletes []occurrencePatch) error {
	now := s.p.now()
	for _, pt := range patches {
		if pt.start.Before(now) || pt.id == "" {
			continue
		}
		st, _ := FormatLocal(pt.start, tz)
		d, err := minutes(pt.dur)
		if err != nil {
			return err
		}
		patch := &MeetingRequest{StartTime: st, Timezone: tz, Duration: d}
		if err := s.do(ctx, func(c *Client) error { _, err := c.Meetings.Update(ctx, mid, pt.id, patch); return err }); err != nil {
			return err
		}
	}
	for _, del := range deletes {
		if del.start.Before(now) || del.id == "" {
			continue
		}
		err := s.do(ctx, func(c *Client) error { _, err := c.Meetings.Delete(ctx, mid, del.id); return err })
		if err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
			return err
		}
	}
	return nil
}

// planFixes turns a plan's patches and deletes into calls on the created occurrences ids.
func planFixes(plan recurrence.Plan, ids []string) (patches, deletes []occurrencePatch) {
	for _, pt := range plan.Patches {
		patches = append(patches, occurrencePatch{id: ids[pt.Occurrence], start: pt.Start, dur: pt.Duration})
	}
	for _, j := range plan.Deletes {
		deletes = append(deletes, occurrencePatch{id: ids[j], start: plan.Expanded[j]})
	}
	return patches, deletes
}
