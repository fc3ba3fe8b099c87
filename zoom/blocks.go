package zoom

import (
	"context"
	"slices"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/recurrence"
)

// updateBlocks brings the recurring meetings of a series in line with the sessions. Sessions
// are sorted into the existing blocks (see regroup); recurrence.Refit then moves on only what
// a block can no longer carry. Per block: no call when nothing changed, occurrence patches and
// deletes when only times changed or dates went, a new recurrence for the same meeting when
// dates came, and only when Zoom refuses that or lost the meeting, a new meeting for this
// block alone.
func (p *Provider) updateBlocks(ctx context.Context, acct addon.Account, prev addon.SeriesMeeting, spec addon.SeriesSpec, sessions []recurrence.Session, loc *time.Location) (addon.SeriesMeeting, error) {
	groups, origin := regroup(prev, sessions, loc, spec.Over50 == addon.Over50Blocks, p.now())
	series, err := recurrence.Refit(groups, loc)
	if err != nil {
		return prev, err
	}
	s, err := p.open(ctx, acct)
	if err != nil {
		return prev, err
	}
	u := blockUpdate{s: s, prev: prev, spec: spec, loc: loc, out: addon.SeriesMeeting{Topic: p.topic(spec.Subject)}}
	for g, se := range series {
		o := -1 // past the groups: a new block
		if g < len(origin) {
			o = origin[g]
		}
		if err = u.block(ctx, o, se); err != nil {
			break
		}
	}
	if err != nil {
		// Take back the meetings this update created, so none is orphaned; the changes to
		// existing ones are repeated by the next save.
		for _, m := range u.created {
			_ = p.Delete(context.WithoutCancel(ctx), acct, m.ID)
		}
		return prev, err
	}
	u.out.Mode, u.out.Calls = fixedMode(len(u.out.Blocks)), s.n
	return u.out, nil
}

// regroup sorts the sessions into the blocks of prev: a session on the local date of one of a
// block's sessions stays in that block; a session on a new date goes to the block among whose
// dates it falls (before the first block: the first). A block that has begun cannot take new
// dates, as Zoom refuses to move a start into the past: they go to the next block, or, if that
// has begun too or there is none, to a new block right after it. Without the installation's
// choice of blocks, every session goes to the first block and the others are emptied.
// origin[g] is the index in prev.Blocks of group g, -1 for a new block.
func regroup(prev addon.SeriesMeeting, sessions []recurrence.Session, loc *time.Location, blocks bool, now time.Time) (groups [][]recurrence.Session, origin []int) {
	n := max(len(prev.Blocks), 1)
	kept := make([][]recurrence.Session, n)
	if !blocks {
		kept[0] = sessions
		return kept, sequence(n)
	}
	onDate := make(map[time.Time]int, len(prev.Sessions))
	firsts := make([]time.Time, n) // local date of each block's first session
	begun := make([]bool, n)
	for _, ss := range prev.Sessions {
		b := min(max(ss.Block, 0), n-1)
		d := localDate(ss.Start, loc)
		onDate[d] = b
		if firsts[b].IsZero() || d.Before(firsts[b]) {
			firsts[b] = d
		}
		begun[b] = begun[b] || ss.Start.Before(now)
	}
	added := make([][]recurrence.Session, n) // new dates of begun blocks without a successor
	for _, ss := range sessions {
		d := localDate(ss.Start, loc)
		if b, ok := onDate[d]; ok {
			kept[b] = append(kept[b], ss)
			continue
		}
		b := 0
		for j := 1; j < n; j++ {
			if !firsts[j].IsZero() && !d.Before(firsts[j]) {
				b = j
			}
		}
		switch {
		case !begun[b]:
			kept[b] = append(kept[b], ss)
		case b+1 < n && !begun[b+1]:
			kept[b+1] = append(kept[b+1], ss)
		default:
			added[b] = append(added[b], ss)
		}
	}
	for b := range n {
		groups, origin = append(groups, kept[b]), append(origin, b)
		if len(added[b]) > 0 {
			groups, origin = append(groups, added[b]), append(origin, -1)
		}
	}
	return groups, origin
}

func sequence(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func localDate(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// blockUpdate is one run of updateBlocks: the new series grows block by block.
type blockUpdate struct {
	s       *session
	prev    addon.SeriesMeeting
	spec    addon.SeriesSpec
	loc     *time.Location
	out     addon.SeriesMeeting
	created []addon.Meeting
	pw      string
}

// block brings existing block i (or, for i < 0, a new block) in line with se.
func (u *blockUpdate) block(ctx context.Context, i int, se recurrence.Series) error {
	if i < 0 {
		if len(se.Sessions) == 0 {
			return nil
		}
		return u.create(ctx, se)
	}
	old := u.prev.Blocks[i]
	mid, err := parseID(old.ID)
	if err != nil {
		return err
	}
	if len(se.Sessions) == 0 {
		return u.s.deleteMeeting(ctx, mid)
	}
	var stored []recurrence.Occurrence
	for _, ss := range u.prev.Sessions {
		if min(max(ss.Block, 0), len(u.prev.Blocks)-1) == i {
			stored = append(stored, recurrence.Occurrence{ID: ss.OccurrenceID, Key: ss.Key, Start: ss.Start.In(u.loc), Duration: ss.End.Sub(ss.Start)})
		}
	}
	ch, err := recurrence.Diff(stored, se.Sessions, u.loc)
	if err != nil {
		return err
	}
	refused := false
	if ch.Replan() {
		refused, err = u.replan(ctx, mid, old, se)
	} else {
		err = u.apply(ctx, mid, old, ch, stored)
	}
	if !refused && addon.ErrorCode(err) != addon.ENOTFOUND {
		return err
	}
	// Zoom lost the meeting, or refused its new recurrence (a meeting that has begun cannot
	// move its start into the past): this block alone gets a new meeting. It is created before
	// the old one goes, so that a refusal that has nothing to do with the block (the daily
	// limit) fails the same way and leaves the block as it was.
	if err := u.create(ctx, se); err != nil {
		return err
	}
	return u.s.deleteMeeting(ctx, mid)
}

// apply patches and deletes occurrences of a block whose sessions kept their dates, and
// follows the topic.
func (u *blockUpdate) apply(ctx context.Context, mid int64, old addon.Meeting, ch recurrence.Changes, stored []recurrence.Occurrence) error {
	var patches, deletes []occurrencePatch
	for _, pt := range ch.Patches {
		patches = append(patches, occurrencePatch{id: pt.ID, start: pt.Start, dur: pt.Duration})
	}
	for _, id := range ch.Deletes {
		if i := slices.IndexFunc(stored, func(o recurrence.Occurrence) bool { return o.ID == id }); i >= 0 {
			deletes = append(deletes, occurrencePatch{id: id, start: stored[i].Start})
		}
	}
	if err := u.s.fixOccurrences(ctx, mid, u.spec.TimeZone, patches, deletes); err != nil {
		return err
	}
	if u.out.Topic != u.prev.Topic {
		if err := u.s.updateMeeting(ctx, mid, &MeetingRequest{Topic: u.out.Topic}); err != nil {
			return err
		}
	}
	b := len(u.out.Blocks)
	u.out.Blocks = append(u.out.Blocks, old)
	for _, o := range ch.State {
		u.out.Sessions = append(u.out.Sessions, addon.SeriesSession{Key: o.Key, Block: b, OccurrenceID: o.ID, Start: o.Start.UTC(), End: o.Start.Add(o.Duration).UTC()})
	}
	return nil
}

// replan gives an existing recurring meeting the recurrence of its changed dates: Zoom cannot
// add an occurrence, but a PATCH with a complete recurrence re-expands the series under the
// same meeting id and link. The new occurrence ids need one read; then only the differences
// are patched and deleted. refused reports that Zoom refused the new recurrence itself.
func (u *blockUpdate) replan(ctx context.Context, mid int64, old addon.Meeting, se recurrence.Series) (refused bool, err error) {
	req, err := u.s.seriesRequest(ctx, u.spec, se.Plan)
	if err != nil {
		return false, err
	}
	if err := u.s.updateMeeting(ctx, mid, req); err != nil {
		return addon.ErrorCode(err) == addon.EINVALID, err
	}
	var m *Meeting
	if err := u.s.do(ctx, func(c *Client) (err error) { m, _, err = c.Meetings.Get(ctx, mid, ""); return err }); err != nil {
		return false, err
	}
	ids, err := matchOccurrences(se.Plan, m.Occurrences, u.s.p.now())
	if err != nil {
		return false, err
	}
	patches, deletes := planFixes(se.Plan, ids)
	if err := u.s.fixOccurrences(ctx, mid, u.spec.TimeZone, patches, deletes); err != nil {
		return false, err
	}
	u.out.Blocks = append(u.out.Blocks, old)
	u.out.Sessions = append(u.out.Sessions, blockSessions(se, len(u.out.Blocks)-1, ids)...)
	return false, nil
}

// create adds a new recurring meeting for se.
func (u *blockUpdate) create(ctx context.Context, se recurrence.Series) error {
	if u.pw == "" {
		pw, err := u.s.passcode(ctx)
		if err != nil {
			return err
		}
		u.pw = pw
	}
	n := len(u.out.Blocks)
	err := u.s.createBlock(ctx, &u.out, se, u.spec, u.pw)
	if len(u.out.Blocks) > n {
		u.created = append(u.created, u.out.Blocks[n])
	}
	return err
}
