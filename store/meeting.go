package store

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

func toMeeting(r meetingRow) addon.MeetingRecord {
	return addon.MeetingRecord{Ref: r.Ref, InstallationID: r.InstallationID, AppointmentID: r.AppointmentID,
		SeriesID: r.SeriesID, RecurrenceID: r.RecurrenceID, ResourceID: r.ResourceID,
		Meeting: addon.Meeting{Provider: r.Provider, ID: r.ProviderMeetingID, JoinURL: r.JoinURL, DialIn: r.DialIn, Passcode: r.Passcode},
		Subject: r.Subject, Start: fromMS(r.StartMS), End: fromMS(r.EndMS), TimeZone: r.TimeZone, OrganizerID: r.OrganizerID, Data: r.Data, RemoteState: r.RemoteState,
		Updated: fromMS(r.UpdatedMS)}
}

func fromMeeting(m addon.MeetingRecord, now int64) meetingRow {
	return meetingRow{Ref: m.Ref, InstallationID: m.InstallationID, AppointmentID: m.AppointmentID, SeriesID: m.SeriesID,
		RecurrenceID: m.RecurrenceID, Provider: m.Provider, ResourceID: m.ResourceID, ProviderMeetingID: m.ID,
		JoinURL: m.JoinURL, DialIn: m.DialIn, Passcode: m.Passcode, Subject: m.Subject, StartMS: ms(m.Start), EndMS: ms(m.End), TimeZone: m.TimeZone,
		OrganizerID: m.OrganizerID, Data: m.Data, RemoteState: m.RemoteState, UpdatedMS: now}
}

// MeetingFor returns the meeting of an appointment (ENOTFOUND when it has none).
func (s *Store) MeetingFor(ctx context.Context, inst, appointmentID string) (addon.MeetingRecord, error) {
	if row, found, ok := prefetchedMeeting(ctx, inst, appointmentID); ok {
		if !found {
			return addon.MeetingRecord{}, addon.Errorf(addon.ENOTFOUND, "meeting not found")
		}
		return toMeeting(row), nil
	}
	var row meetingRow
	err := s.db.WithContext(ctx).Where("installation_id = ? AND appointment_id = ?", inst, appointmentID).Take(&row).Error
	if err != nil {
		return addon.MeetingRecord{}, translate(err, "meeting")
	}
	return toMeeting(row), nil
}

// MeetingByRef returns a meeting by the opaque reference in its start link.
func (s *Store) MeetingByRef(ctx context.Context, ref string) (addon.MeetingRecord, error) {
	var row meetingRow
	if err := s.db.WithContext(ctx).Where("ref = ?", ref).Take(&row).Error; err != nil {
		return addon.MeetingRecord{}, translate(err, "meeting")
	}
	return toMeeting(row), nil
}

// meetingsWhere returns the meetings matching a condition, oldest write first, at most limit
// (0: all).
func (s *Store) meetingsWhere(ctx context.Context, limit int, query string, args ...any) ([]addon.MeetingRecord, error) {
	q := s.db.WithContext(ctx).Where(query, args...).Order("updated_ms")
	if limit > 0 {
		q = q.Limit(limit)
	}
	var rows []meetingRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "meetings")
	}
	out := make([]addon.MeetingRecord, len(rows))
	for i, r := range rows {
		out[i] = toMeeting(r)
	}
	return out, nil
}

// SeriesMeetings returns the meetings of a series' detached elements.
func (s *Store) SeriesMeetings(ctx context.Context, inst, seriesID string) ([]addon.MeetingRecord, error) {
	return s.meetingsWhere(ctx, 0, "installation_id = ? AND series_id = ?", inst, seriesID)
}

// CreateMeeting records a new meeting; ECONFLICT when the appointment already has one.
func (s *Store) CreateMeeting(ctx context.Context, m addon.MeetingRecord) error {
	forgetPrefetched(ctx)
	row := fromMeeting(m, s.nowMS())
	return translate(s.db.WithContext(ctx).Create(&row).Error, "meeting")
}

// UpdateMeeting stores the changed state of a meeting.
func (s *Store) UpdateMeeting(ctx context.Context, m addon.MeetingRecord) error {
	forgetPrefetched(ctx)
	row := fromMeeting(m, s.nowMS())
	return translate(s.db.WithContext(ctx).Save(&row).Error, "meeting")
}

// DeleteMeeting forgets a meeting.
func (s *Store) DeleteMeeting(ctx context.Context, ref string) error {
	forgetPrefetched(ctx)
	return translate(s.db.WithContext(ctx).Where("ref = ?", ref).Delete(&meetingRow{}).Error, "meeting")
}

// MeetingsByProviderID returns the records of a provider's meeting (Zoom meeting ids are unique
// across accounts, so this finds the installation a webhook is about). A Zoom course split into
// blocks records its first block's id; the others are found in the record's series data.
func (s *Store) MeetingsByProviderID(ctx context.Context, provider, id string) ([]addon.MeetingRecord, error) {
	recs, err := s.meetingsWhere(ctx, 0, "provider = ? AND provider_meeting_id = ?", provider, id)
	if err != nil || len(recs) > 0 || id == "" || strings.ContainsAny(id, `"%_\`) {
		return recs, err
	}
	return s.meetingsWhere(ctx, 0, "provider = ? AND data LIKE ?", provider, `%"meeting_id":"`+id+`"%`)
}

// SetRemoteState records what happened to a meeting outside the add-on.
func (s *Store) SetRemoteState(ctx context.Context, ref, state string) error {
	forgetPrefetched(ctx)
	return translate(s.db.WithContext(ctx).Model(&meetingRow{}).Where("ref = ?", ref).
		Updates(map[string]any{"remote_state": state, "updated_ms": s.nowMS()}).Error, "meeting")
}

// StaleIntents returns up to limit creation intents and series updates (RemoteState Creating
// or Updating) that nobody has touched for age: saves that died between the provider's answer
// and our write.
func (s *Store) StaleIntents(ctx context.Context, age time.Duration, limit int) ([]addon.MeetingRecord, error) {
	return s.meetingsWhere(ctx, limit, "remote_state IN (?, ?) AND updated_ms < ?", addon.Creating, addon.Updating, s.nowMS()-age.Milliseconds())
}

// MeetingsOfResource returns the meetings created with a meeting resource.
func (s *Store) MeetingsOfResource(ctx context.Context, inst, res string) ([]addon.MeetingRecord, error) {
	return s.meetingsWhere(ctx, 0, "installation_id = ? AND resource_id = ?", inst, res)
}

// OpenIntents returns the creation intents and series updates (RemoteState Creating or
// Updating) of one meeting account.
func (s *Store) OpenIntents(ctx context.Context, inst, res string) ([]addon.MeetingRecord, error) {
	return s.meetingsWhere(ctx, 0, "remote_state IN (?, ?) AND installation_id = ? AND resource_id = ?", addon.Creating, addon.Updating, inst, res)
}

// A save's record of what the provider did can ride in the commit of its answer: the hook
// handler puts a Pending into the request's context, FinishMeeting queues the write there, and
// ApplyEvent writes it with the answer. Should that commit never happen (the process dies, the
// database fails), the record still says what it said before the provider call: an intent
// (Creating) or an update whose outcome is unknown (Unsure), which the next attempt settles at
// the provider. Without a Pending (housekeeping, pages) the write happens at once.

type pendingKey struct{}

// Pending collects meeting records to write with a hook's answer. It also keeps, for the
// length of the hook, what the hook's reads found ahead of need (see MarksAndDelivery,
// ReserveAccounts and Template), so that the save does not read it again.
type Pending struct {
	mu   sync.Mutex
	rows []meetingRow

	inst     string // the hook's installation and its revision (templates)
	revision int64
	// meeting is the subject appointment's record as the claim read it (found: it had one),
	// for the save's first MeetingFor; any write to meetings through the context drops it.
	meeting      *meetingRow
	meetingAppt  string
	meetingFound bool
	// resources are the account rows the reservation read, for the next ResourceWithToken.
	resources map[string]resourceRow
	// noBookings is a single appointment that the claim found holding no bookings.
	noBookings string
	// zoomRows are the Zoom account rows the hook read (by installation and id), while the
	// store's zoomGen is zoomGen.
	zoomRows map[[2]string]zoomAccountRow
	zoomGen  uint64
}

// WithPending returns a context whose FinishMeeting writes wait for the answer's commit, for a
// hook of inst.
func WithPending(ctx context.Context, inst addon.Installation) context.Context {
	return context.WithValue(ctx, pendingKey{}, &Pending{inst: inst.ID, revision: inst.Revision})
}

// prefetchedMeeting returns the claim's read of the appointment's record, once.
func prefetchedMeeting(ctx context.Context, inst, appointmentID string) (meetingRow, bool, bool) {
	p := pendingOf(ctx)
	if p == nil {
		return meetingRow{}, false, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.meetingAppt == "" || p.inst != inst || p.meetingAppt != appointmentID {
		return meetingRow{}, false, false
	}
	row, found := *p.meeting, p.meetingFound
	p.meeting, p.meetingAppt = nil, ""
	return row, found, true
}

// keepResources keeps the accounts' rows a reservation read, for the provider call's token.
func keepResources(ctx context.Context, rows map[string]resourceRow) {
	if p := pendingOf(ctx); p != nil && rows != nil {
		p.mu.Lock()
		p.resources = rows
		p.mu.Unlock()
	}
}

// prefetchedResource returns, once, an account's row as the hook's reservation read it.
func prefetchedResource(ctx context.Context, inst, res string) (resourceRow, bool) {
	p := pendingOf(ctx)
	if p == nil {
		return resourceRow{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	row, ok := p.resources[res]
	if !ok || row.InstallationID != inst {
		return resourceRow{}, false
	}
	delete(p.resources, res)
	return row, true
}

// holdsNoBookings reports, once, whether the claim found the single appointment holding no
// bookings; any write of bookings through the context forgets it.
func holdsNoBookings(ctx context.Context, inst, appointmentID string) bool {
	p := pendingOf(ctx)
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	none := p.noBookings != "" && p.inst == inst && p.noBookings == appointmentID
	p.noBookings = ""
	return none
}

// forgetResources drops the accounts' rows the hook read: the context is about to change one.
func forgetResources(ctx context.Context) {
	if p := pendingOf(ctx); p != nil {
		p.mu.Lock()
		p.resources = nil
		p.mu.Unlock()
	}
}

// forgetPrefetched drops what the hook read ahead of need about meetings: the context is
// about to change them.
func forgetPrefetched(ctx context.Context) {
	if p := pendingOf(ctx); p != nil {
		p.mu.Lock()
		p.meeting, p.meetingAppt = nil, ""
		p.mu.Unlock()
	}
}

func pendingOf(ctx context.Context) *Pending {
	p, _ := ctx.Value(pendingKey{}).(*Pending)
	return p
}

// FinishMeeting records a meeting after its provider call: with the hook's answer when the
// context carries a Pending, else at once. Nothing in the save may read the record back after.
func (s *Store) FinishMeeting(ctx context.Context, m addon.MeetingRecord) error {
	p := pendingOf(ctx)
	if p == nil {
		return s.UpdateMeeting(ctx, m)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rows = append(p.rows, fromMeeting(m, s.nowMS()))
	return nil
}

// writePending runs stmts and writes the queued records in tx, and empties the queue.
func (s *Store) writePending(ctx context.Context, tx *gormDB, stmts ...stmt) error {
	p := pendingOf(ctx)
	if p == nil {
		_, err := s.batch(ctx, tx, stmts...)
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch len(p.rows) {
	case 0:
		if _, err := s.batch(ctx, tx, stmts...); err != nil {
			return err
		}
	case 1: // the usual: with the statements
		if err := s.saveMeeting(ctx, tx, p.rows[0], stmts...); err != nil {
			return err
		}
	default:
		if _, err := s.batch(ctx, tx, stmts...); err != nil {
			return err
		}
		for _, row := range p.rows {
			if err := s.saveMeeting(ctx, tx, row); err != nil {
				return err
			}
		}
	}
	p.rows = nil
	return nil
}
