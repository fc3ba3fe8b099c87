package store

import (
	"context"
	"strings"
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
