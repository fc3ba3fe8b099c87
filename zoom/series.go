package zoom

import (
	"context"
	"slices"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/recurrence"
)

// modeFor decides how a course becomes Zoom meetings: one recurring meeting when a recurrence
// can carry it, a meeting without fixed time (more than 50 sessions by default, or dates no
// recurrence fits), or blocks of 50.
func modeFor(sessions []recurrence.Session, over50 string, loc *time.Location) string {
	switch {
	case len(sessions) == 1:
		return "single"
	case len(sessions) > recurrence.MaxOccurrences && over50 == addon.Over50Blocks:
		return addon.Over50Blocks
	case len(sessions) > recurrence.MaxOccurrences:
		return addon.Over50NoFixedTime
	}
	if _, err := recurrence.PlanSeries(sessions, loc); err != nil {
		// Two sessions on one day, or dates too far apart: one meeting without fixed time
		// still gives every session a link.
		return ModeIrregular
	}
	return "recurring"
}

// ModeIrregular is a series no recurrence can carry, scheduled as a meeting without fixed time.
const ModeIrregular = "irregular"

// CreateSeries schedules a course as ONE recurring meeting (type 8) when its sessions fit: the
// recurrence that covers every date with the fewest differences, then only the patches and
// deletes it needs, using the occurrences of the create answer (no read). More than 50
// sessions never silently become one meeting: a meeting without fixed time (type 3) or
// consecutive blocks of at most 50, as the installation chose.
func (p *Provider) CreateSeries(ctx context.Context, acct addon.Account, spec addon.SeriesSpec) (addon.SeriesMeeting, error) {
	s, err := p.open(ctx, acct)
	if err != nil {
		return addon.SeriesMeeting{}, err
	}
	loc, err := time.LoadLocation(spec.TimeZone)
	if err != nil {
		return addon.SeriesMeeting{}, addon.Invalid("appointment.time_zone", "unknown time zone %q", spec.TimeZone)
	}
	sessions := sortedSessions(spec.Sessions)
	if len(sessions) == 0 {
		return addon.SeriesMeeting{}, addon.Errorf(addon.EINVALID, "the series has no sessions left")
	}
	pw, err := s.passcode(ctx)
	if err != nil {
		return addon.SeriesMeeting{}, err
	}
	out := addon.SeriesMeeting{Mode: modeFor(sessions, spec.Over50, loc), Topic: p.topic(spec.Subject)}
	var blocks [][]recurrence.Session
	switch out.Mode {
	case addon.Over50Blocks:
		blocks = recurrence.Blocks(sessions, recurrence.MaxOccurrences)
	case "recurring":
		blocks = [][]recurrence.Session{sessions}
	}
	switch out.Mode {
	case "single", addon.Over50NoFixedTime, ModeIrregular:
		first := sessions[0]
		req, err := s.request(ctx, spec.Subject, first.Start, first.End, spec.TimeZone, spec.AltHosts)
		if err != nil {
			return out, err
		}
		req.Password, req.Type = pw, MeetingScheduled
		if out.Mode != "single" {
			req.Type, req.StartTime = MeetingRecurringNoFixed, ""
		}
		var m *Meeting
		if err := s.do(ctx, func(c *Client) (err error) { m, _, err = c.Meetings.Create(ctx, s.host.UserID, req); return err }); err != nil {
			return out, err
		}
		out.Blocks = []addon.Meeting{toMeeting(m)}
		for _, ss := range sessions {
			out.Sessions = append(out.Sessions, addon.SeriesSession{Key: ss.Key, Start: ss.Start.UTC(), End: ss.End.UTC()})
		}
		out.Calls = s.n
		return out, nil
	}
	for b, block := range blocks {
		if err := s.createBlock(ctx, &out, b, block, spec, loc, pw); err != nil {
			// Take back what was created so no meeting is orphaned.
			_ = p.DeleteSeries(context.WithoutCancel(ctx), acct, out)
			return addon.SeriesMeeting{}, err
		}
	}
	out.Calls = s.n
	return out, nil
}

func sortedSessions(in []addon.Session) []recurrence.Session {
	out := make([]recurrence.Session, len(in))
	for i, s := range in {
		out[i] = recurrence.Session{Key: s.Key, Start: s.Start, End: s.End}
	}
	slices.SortStableFunc(out, func(a, b recurrence.Session) int { return a.Start.Compare(b.Start) })
	return out
}

func (s *session) createBlock(ctx context.Context, out *addon.SeriesMeeting, b int, sessions []recurrence.Session, spec addon.SeriesSpec, loc *time.Location, pw string) error {
	plan, err := recurrence.PlanSeries(sessions, loc)
	if err != nil {
		return err
	}
	req, err := s.request(ctx, spec.Subject, plan.Start, plan.Start.Add(plan.Duration), spec.TimeZone, spec.AltHosts)
	if err != nil {
		return err
	}
	req.Password, req.Type, req.Recurrence = pw, MeetingRecurringFixed, toRecurrence(plan.Rule)
	var m *Meeting
	if err := s.do(ctx, func(c *Client) (err error) { m, _, err = c.Meetings.Create(ctx, s.host.UserID, req); return err }); err != nil {
		return err
	}
	out.Blocks = append(out.Blocks, toMeeting(m))
	ids, err := matchOccurrences(plan, m.Occurrences)
	if err != nil {
		_ = s.do(context.WithoutCancel(ctx), func(c *Client) error { _, err := c.Meetings.Delete(ctx, m.ID, ""); return err })
		out.Blocks = out.Blocks[:len(out.Blocks)-1]
		return err
	}
	patches, deletes := planFixes(plan, ids)
	if err := s.fixOccurrences(ctx, m.ID, spec.TimeZone, patches, deletes); err != nil {
		return err
	}
	for i, ss := range sessions {
		out.Sessions = append(out.Sessions, addon.SeriesSession{Key: ss.Key, Block: b, OccurrenceID: ids[plan.Match[i]], Start: ss.Start.UTC(), End: ss.End.UTC()})
	}
	return nil
}

// matchOccurrences pairs the planned occurrences with Zoom's answer by start time, so that a
// difference between our expansion and Zoom's is caught instead of patching the wrong day.
func matchOccurrences(plan recurrence.Plan, occ []Occurrence) ([]string, error) {
	byStart := make(map[int64]string, len(occ))
	for _, o := range occ {
		byStart[o.StartTime.Unix()] = o.OccurrenceID
	}
	ids := make([]string, len(plan.Expanded))
	for i, t := range plan.Expanded {
		id, ok := byStart[t.Unix()]
		if !ok {
			return nil, addon.Errorf(addon.EUNAVAILABLE, "Zoom created the series with other dates than planned (%d occurrences, expected %d); the series was taken back", len(occ), len(plan.Expanded))
		}
		ids[i] = id
	}
	return ids, nil
}

// UpdateSeries changes only what differs: a recurring meeting whose sessions kept their dates
// gets occurrence patches and deletes; new dates give the same meeting a new recurrence (its
// link stays); only a change of mode (e.g. past 50 sessions) deletes and creates anew, and the
// caller tells the user the link changed.
func (p *Provider) UpdateSeries(ctx context.Context, acct addon.Account, prev addon.SeriesMeeting, spec addon.SeriesSpec) (addon.SeriesMeeting, error) {
	loc, err := time.LoadLocation(spec.TimeZone)
	if err != nil {
		return prev, addon.Invalid("appointment.time_zone", "unknown time zone %q", spec.TimeZone)
	}
	if prev.Mode == "recurring" && len(prev.Blocks) == 1 && len(spec.Sessions) > 1 && len(spec.Sessions) <= recurrence.MaxOccurrences {
		stored := make([]recurrence.Occurrence, len(prev.Sessions))
		for i, ss := range prev.Sessions {
			stored[i] = recurrence.Occurrence{ID: ss.OccurrenceID, Key: ss.Key, Start: ss.Start.In(loc), Duration: ss.End.Sub(ss.Start)}
		}
		ch, err := recurrence.Diff(stored, sortedSessions(spec.Sessions), loc)
		if err == nil && !ch.Replan() {
			return p.applyChanges(ctx, acct, prev, spec, ch)
		}
		if err == nil {
			// New dates: give the same meeting a new recurrence, so its link stays valid.
			if sm, err := p.replan(ctx, acct, prev, spec, loc); err == nil || addon.ErrorCode(err) != addon.EINVALID {
				return sm, err
			}
		}
	}
	if mode := modeFor(sortedSessions(spec.Sessions), spec.Over50, loc); mode == prev.Mode && (mode == addon.Over50NoFixedTime || mode == ModeIrregular) {
		// A meeting without fixed time serves any dates: keep it (and its link), follow the topic.
		return p.keepNoFixedTime(ctx, acct, prev, spec)
	}
	if err := p.DeleteSeries(ctx, acct, prev); err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
		return prev, err
	}
	return p.CreateSeries(ctx, acct, spec)
}

func (p *Provider) keepNoFixedTime(ctx context.Context, acct addon.Account, prev addon.SeriesMeeting, spec addon.SeriesSpec) (addon.SeriesMeeting, error) {
	out := addon.SeriesMeeting{Mode: prev.Mode, Topic: prev.Topic, Blocks: prev.Blocks}
	for _, ss := range sortedSessions(spec.Sessions) {
		out.Sessions = append(out.Sessions, addon.SeriesSession{Key: ss.Key, Start: ss.Start.UTC(), End: ss.End.UTC()})
	}
	if t := p.topic(spec.Subject); t != prev.Topic {
		s, err := p.open(ctx, acct)
		if err != nil {
			return prev, err
		}
		mid, err := parseID(prev.Blocks[0].ID)
		if err != nil {
			return prev, err
		}
		if err := s.do(ctx, func(c *Client) error {
			_, err := c.Meetings.Update(ctx, mid, "", &MeetingRequest{Topic: t})
			return err
		}); err != nil {
			return prev, err
		}
		out.Topic, out.Calls = t, s.n
	}
	return out, nil
}

func (p *Provider) applyChanges(ctx context.Context, acct addon.Account, prev addon.SeriesMeeting, spec addon.SeriesSpec, ch recurrence.Changes) (addon.SeriesMeeting, error) {
	s, err := p.open(ctx, acct)
	if err != nil {
		return prev, err
	}
	mid, err := parseID(prev.Blocks[0].ID)
	if err != nil {
		return prev, err
	}
	var patches []occurrencePatch
	for _, pt := range ch.Patches {
		patches = append(patches, occurrencePatch{id: pt.ID, start: pt.Start, dur: pt.Duration})
	}
	if err := s.fixOccurrences(ctx, mid, spec.TimeZone, patches, ch.Deletes); err != nil {
		return prev, err
	}
	out := addon.SeriesMeeting{Mode: prev.Mode, Blocks: prev.Blocks, Calls: s.n}
	for _, o := range ch.State {
		out.Sessions = append(out.Sessions, addon.SeriesSession{Key: o.Key, OccurrenceID: o.ID, Start: o.Start.UTC(), End: o.Start.Add(o.Duration).UTC()})
	}
	out.Topic = prev.Topic
	if t := p.topic(spec.Subject); t != prev.Topic {
		if err := s.do(ctx, func(c *Client) error {
			_, err := c.Meetings.Update(ctx, mid, "", &MeetingRequest{Topic: t})
			return err
		}); err != nil {
			return prev, err
		}
		out.Topic = t
	}
	out.Calls = s.n
	return out, nil
}

// DeleteSeries deletes every block of the series.
func (p *Provider) DeleteSeries(ctx context.Context, acct addon.Account, prev addon.SeriesMeeting) error {
	for _, b := range prev.Blocks {
		if err := p.Delete(ctx, acct, b.ID); err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
			return err
		}
	}
	return nil
}

// replan gives an existing recurring meeting the recurrence of the changed course: Zoom cannot
// add an occurrence, but a PATCH with a complete recurrence re-expands the series under the same
// meeting id and link. The new occurrence ids need one read; then only the differences are
// patched and deleted.
func (p *Provider) replan(ctx context.Context, acct addon.Account, prev addon.SeriesMeeting, spec addon.SeriesSpec, loc *time.Location) (addon.SeriesMeeting, error) {
	sessions := sortedSessions(spec.Sessions)
	plan, err := recurrence.PlanSeries(sessions, loc)
	if err != nil {
		return prev, err
	}
	s, err := p.open(ctx, acct)
	if err != nil {
		return prev, err
	}
	mid, err := parseID(prev.Blocks[0].ID)
	if err != nil {
		return prev, err
	}
	req, err := s.request(ctx, spec.Subject, plan.Start, plan.Start.Add(plan.Duration), spec.TimeZone, spec.AltHosts)
	if err != nil {
		return prev, err
	}
	req.Recurrence = toRecurrence(plan.Rule)
	if err := s.do(ctx, func(c *Client) error { _, err := c.Meetings.Update(ctx, mid, "", req); return err }); err != nil {
		return prev, err
	}
	var m *Meeting
	if err := s.do(ctx, func(c *Client) (err error) { m, _, err = c.Meetings.Get(ctx, mid, ""); return err }); err != nil {
		return prev, err
	}
	out := addon.SeriesMeeting{Mode: "recurring", Topic: req.Topic, Blocks: prev.Blocks}
	ids, err := matchOccurrences(plan, m.Occurrences)
	if err != nil {
		return prev, err
	}
	patches, deletes := planFixes(plan, ids)
	if err := s.fixOccurrences(ctx, mid, spec.TimeZone, patches, deletes); err != nil {
		return prev, err
	}
	for i, ss := range sessions {
		out.Sessions = append(out.Sessions, addon.SeriesSession{Key: ss.Key, OccurrenceID: ids[plan.Match[i]], Start: ss.Start.UTC(), End: ss.End.UTC()})
	}
	out.Calls = s.n
	return out, nil
}

// occurrencePatch moves one occurrence to its session's time; patch and delete are the only
// per-occurrence calls a series ever needs.
type occurrencePatch struct {
	id    string
	start time.Time
	dur   time.Duration
}

// fixOccurrences patches and deletes occurrences of meeting mid. Occurrences in the past are
// not patched: Zoom refuses to move them, and they are over anyway. An occurrence Zoom no
// longer knows counts as deleted.
func (s *session) fixOccurrences(ctx context.Context, mid int64, tz string, patches []occurrencePatch, deletes []string) error {
	now := s.p.now()
	for _, pt := range patches {
		if pt.start.Before(now) {
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
	for _, id := range deletes {
		err := s.do(ctx, func(c *Client) error { _, err := c.Meetings.Delete(ctx, mid, id); return err })
		if err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
			return err
		}
	}
	return nil
}

// planFixes turns a plan's patches and deletes into calls on the created occurrences ids.
func planFixes(plan recurrence.Plan, ids []string) ([]occurrencePatch, []string) {
	var patches []occurrencePatch
	for _, pt := range plan.Patches {
		patches = append(patches, occurrencePatch{id: ids[pt.Occurrence], start: pt.Start, dur: pt.Duration})
	}
	var deletes []string
	for _, j := range plan.Deletes {
		deletes = append(deletes, ids[j])
	}
	return patches, deletes
}

func toRecurrence(r recurrence.Rule) *Recurrence {
	return &Recurrence{Type: r.Type, RepeatInterval: r.RepeatInterval, WeeklyDays: r.WeeklyDays, MonthlyDay: r.MonthlyDay,
		MonthlyWeek: r.MonthlyWeek, MonthlyWeekDay: r.MonthlyWeekDay, EndTimes: r.EndTimes}
}
