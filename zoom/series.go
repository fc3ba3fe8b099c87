package zoom

import (
	"context"
	"slices"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/recurrence"
)

// Modes of a scheduled series besides the installation's over-50 choices.
const (
	ModeSingle    = "single"    // one session: a plain meeting (type 2)
	ModeRecurring = "recurring" // one recurring meeting with fixed time (type 8)
	// ModeIrregular is a series no recurrence can carry, scheduled as a meeting without fixed time.
	ModeIrregular = "irregular"
)

// layout decides how a course becomes Zoom meetings and plans the recurring ones: a plain
// meeting for one session; one recurring meeting when a recurrence carries every date; past 50
// sessions, by the installation's choice, a meeting without fixed time (type 3) or consecutive
// recurring meetings ("blocks"), cut where each recurrence still carries its dates within 50
// occurrences. Dates no recurrence can carry (two sessions on one day; without blocks also
// dates too far apart) become a meeting without fixed time, which still gives every session a link.
func layout(sessions []recurrence.Session, over50 string, loc *time.Location) (string, []recurrence.Series) {
	switch {
	case len(sessions) == 1:
		return ModeSingle, nil
	case over50 == addon.Over50Blocks:
		series, err := recurrence.PlanAll(sessions, loc)
		if err != nil {
			return ModeIrregular, nil
		}
		return fixedMode(len(series)), series
	case len(sessions) > recurrence.MaxOccurrences:
		return addon.Over50NoFixedTime, nil
	}
	plan, err := recurrence.PlanSeries(sessions, loc)
	if err != nil {
		return ModeIrregular, nil
	}
	return ModeRecurring, []recurrence.Series{{Sessions: sessions, Plan: plan}}
}

// fixedMode names a series of n recurring meetings.
func fixedMode(n int) string {
	if n > 1 {
		return addon.Over50Blocks
	}
	return ModeRecurring
}

// isFixed reports whether a mode's meetings are recurring meetings with fixed time; records
// written before modes were named have none.
func isFixed(mode string) bool {
	return mode == ModeRecurring || mode == addon.Over50Blocks || mode == ""
}

// isNoFixedTime reports whether a mode is one meeting without fixed time (type 3).
func isNoFixedTime(mode string) bool { return mode == addon.Over50NoFixedTime || mode == ModeIrregular }

// CreateSeries schedules a course as ONE recurring meeting (type 8) when its sessions fit: the
// recurrence that covers every date with the fewest differences, then only the patches and
// deletes it needs, using the occurrences of the create answer (no read). More than 50
// sessions never silently become one meeting: a meeting without fixed time (type 3) or
// consecutive blocks of at most 50, as the installation chose.
func (p *Provider) CreateSeries(ctx context.Context, acct addon.Account, spec addon.SeriesSpec) (addon.SeriesMeeting, error) {
	loc, err := addon.LoadLocation(spec.TimeZone)
	if err != nil {
		return addon.SeriesMeeting{}, catalog.Invalid("appointment.time_zone", "zoom.unknown_time_zone", spec.TimeZone)
	}
	sessions := sortedSessions(spec.Sessions)
	if len(sessions) == 0 {
		return addon.SeriesMeeting{}, catalog.Error(addon.EINVALID, "zoom.series_has_no_sessions")
	}
	s, err := p.open(ctx, acct)
	if err != nil {
		return addon.SeriesMeeting{}, err
	}
	pw, err := s.passcode(ctx)
	if err != nil {
		return addon.SeriesMeeting{}, err
	}
	mode, series := layout(sessions, spec.Over50, loc)
	out := addon.SeriesMeeting{Mode: mode, Topic: p.topic(spec.Subject)}
	if !isFixed(mode) {
		m, err := s.createPlain(ctx, mode, sessions, spec, pw)
		if err != nil {
			return out, err
		}
		out.Blocks = []addon.Meeting{m}
		out.Sessions = plainSessions(sessions)
		out.Calls = s.n
		return out, nil
	}
	for _, se := range series {
		if err := s.createBlock(ctx, &out, se, spec, pw); err != nil {
			// Take back what was created so no meeting is orphaned.
			_ = p.DeleteSeries(context.WithoutCancel(ctx), acct, out)
			return addon.SeriesMeeting{}, err
		}
	}
	out.Calls = s.n
	return out, nil
}

// createPlain creates the one meeting of a series in a mode without recurrence: a scheduled
// meeting for a single session, else a meeting without fixed time.
func (s *session) createPlain(ctx context.Context, mode string, sessions []recurrence.Session, spec addon.SeriesSpec, pw string) (addon.Meeting, error) {
	first := sessions[0]
	req, err := s.request(ctx, spec.Subject, first.Start, first.End, spec.TimeZone, spec.AltHosts)
	if err != nil {
		return addon.Meeting{}, err
	}
	req.Password, req.Type = pw, MeetingScheduled
	if mode != ModeSingle {
		req.Type, req.StartTime = MeetingRecurringNoFixed, ""
	}
	m, err := s.create(ctx, req)
	if err != nil {
		return addon.Meeting{}, err
	}
	return toMeeting(m), nil
}

// plainSessions records sessions of a meeting without occurrences.
func plainSessions(sessions []recurrence.Session) []addon.SeriesSession {
	out := make([]addon.SeriesSession, 0, len(sessions))
	for _, ss := range sessions {
		out = append(out, addon.SeriesSession{Key: ss.Key, Start: ss.Start.UTC(), End: ss.End.UTC()})
	}
	return out
}

func sortedSessions(in []addon.Session) []recurrence.Session {
	out := make([]recurrence.Session, len(in))
	for i, s := range in {
		out[i] = recurrence.Session{Key: s.Key, Start: s.Start, End: s.End}
	}
	slices.SortStableFunc(out, func(a, b recurrence.Session) int { return a.Start.Compare(b.Start) })
	return out
}

// createBlock creates one recurring meeting for a planned series and appends it, and its
// sessions, to out. A meeting whose occurrences differ from the plan is taken back at once.
func (s *session) createBlock(ctx context.Context, out *addon.SeriesMeeting, se recurrence.Series, spec addon.SeriesSpec, pw string) error {
	req, err := s.seriesRequest(ctx, spec, se.Plan)
	if err != nil {
		return err
	}
	req.Password, req.Type = pw, MeetingRecurringFixed
	m, err := s.create(ctx, req)
	if err != nil {
		return err
	}
	ids, err := matchOccurrences(se.Plan, m.Occurrences, s.p.now())
	if err != nil {
		_ = s.deleteMeeting(context.WithoutCancel(ctx), m.ID)
		return err
	}
	out.Blocks = append(out.Blocks, toMeeting(m))
	patches, deletes := planFixes(se.Plan, ids)
	if err := s.fixOccurrences(ctx, m.ID, spec.TimeZone, patches, deletes); err != nil {
		return err
	}
	out.Sessions = append(out.Sessions, blockSessions(se, len(out.Blocks)-1, ids)...)
	return nil
}

// seriesRequest is the create or update body of a recurring meeting for plan, without type and
// passcode: an update with it re-expands the meeting's occurrences.
func (s *session) seriesRequest(ctx context.Context, spec addon.SeriesSpec, plan recurrence.Plan) (*MeetingRequest, error) {
	req, err := s.request(ctx, spec.Subject, plan.Start, plan.Start.Add(plan.Duration), spec.TimeZone, spec.AltHosts)
	if err != nil {
		return nil, err
	}
	req.Recurrence = toRecurrence(plan.Rule)
	return req, nil
}

// blockSessions records where the sessions of a planned series ended up, given the occurrence
// ids in the order of the plan's expansion.
func blockSessions(se recurrence.Series, block int, ids []string) []addon.SeriesSession {
	out := make([]addon.SeriesSession, 0, len(se.Sessions))
	for i, ss := range se.Sessions {
		out = append(out, addon.SeriesSession{Key: ss.Key, Block: block, OccurrenceID: ids[se.Plan.Match[i]], Start: ss.Start.UTC(), End: ss.End.UTC()})
	}
	return out
}

// matchOccurrences pairs the planned occurrences with Zoom's answer by start time, so that a
// difference between our expansion and Zoom's is caught instead of patching the wrong day.
// Zoom leaves out occurrences that are over (a course that has begun): they get no id, and
// need no call either.
func matchOccurrences(plan recurrence.Plan, occ []Occurrence, now time.Time) ([]string, error) {
	byStart := make(map[int64]string, len(occ))
	for _, o := range occ {
		byStart[o.StartTime.Unix()] = o.OccurrenceID
	}
	ids := make([]string, len(plan.Expanded))
	for i, t := range plan.Expanded {
		id, ok := byStart[t.Unix()]
		if !ok && t.Before(now) {
			continue
		}
		if !ok {
			return nil, catalog.Error(addon.EUNAVAILABLE, "zoom.zoom_created_series_with", len(occ), len(plan.Expanded))
		}
		ids[i] = id
	}
	return ids, nil
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

func toRecurrence(r recurrence.Rule) *Recurrence {
	return &Recurrence{Type: r.Type, RepeatInterval: r.RepeatInterval, WeeklyDays: r.WeeklyDays, MonthlyDay: r.MonthlyDay,
		MonthlyWeek: r.MonthlyWeek, MonthlyWeekDay: r.MonthlyWeekDay, EndTimes: r.EndTimes}
}
