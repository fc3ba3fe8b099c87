package store

import (
	"context"

	"github.com/onlinemeetings/meeting-addon/addon"
)

func toMeeting(r meetingRow) addon.MeetingRecord {
	return addon.MeetingRecord{Ref: r.Ref, InstallationID: r.InstallationID, AppointmentID: r.AppointmentID,
		SeriesID: r.SeriesID, RecurrenceID: r.RecurrenceID, ResourceID: r.ResourceID,
		Meeting: addon.Meeting{Provider: r.Provider, ID: r.ProviderMeetingID, JoinURL: r.JoinURL, DialIn: r.DialIn, Passcode: r.Passcode},
		Subject: r.Subject, Start: fromMS(r.StartMS), End: fromMS(r.EndMS), OrganizerID: r.OrganizerID, Data: r.Data, RemoteState: r.RemoteState}
}

func fromMeeting(m addon.MeetingRecord, now int64) meetingRow {
	return meetingRow{Ref: m.Ref, InstallationID: m.InstallationID, AppointmentID: m.AppointmentID, SeriesID: m.SeriesID,
		RecurrenceID: m.RecurrenceID, Provider: m.Provider, ResourceID: m.ResourceID, ProviderMeetingID: m.ID,
		JoinURL: m.JoinURL, DialIn: m.DialIn, Passcode: m.Passcode, Subject: m.Subject, StartMS: ms(m.Start), EndMS: ms(m.End),
		OrganizerID: m.OrganizerID, Data: m.Data, RemoteState: m.RemoteState, UpdatedMS: now}
}

// MeetingFor returns the meeting of an appointment (ENOTFOUND when it has none).
func (s *Store) MeetingFor(ctx context.Context, inst, appointmentID string) (addon.MeetingRecord, error) {
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

// SeriesMeetings returns the meetings of a series' detached elements.
func (s *Store) SeriesMeetings(ctx context.Context, inst, seriesID string) ([]addon.MeetingRecord, error) {
	var rows []meetingRow
	if err := s.db.WithContext(ctx).Where("installation_id = ? AND series_id = ?", inst, seriesID).Find(&rows).Error; err != nil {
		return nil, translate(err, "meetings")
	}
	out := make([]addon.MeetingRecord, len(rows))
	for i, r := range rows {
		out[i] = toMeeting(r)
	}
	return out, nil
}

// CreateMeeting records a new meeting; ECONFLICT when the appointment already has one.
func (s *Store) CreateMeeting(ctx context.Context, m addon.MeetingRecord) error {
	row := fromMeeting(m, s.nowMS())
	return translate(s.db.WithContext(ctx).Create(&row).Error, "meeting")
}

// UpdateMeeting stores the changed state of a meeting.
func (s *Store) UpdateMeeting(ctx context.Context, m addon.MeetingRecord) error {
	row := fromMeeting(m, s.nowMS())
	return translate(s.db.WithContext(ctx).Save(&row).Error, "meeting")
}

// DeleteMeeting forgets a meeting.
func (s *Store) DeleteMeeting(ctx context.Context, ref string) error {
	return translate(s.db.WithContext(ctx).Where("ref = ?", ref).Delete(&meetingRow{}).Error, "meeting")
}

// MeetingsByProviderID returns the records of a provider's meeting (Zoom meeting ids are unique
// across accounts, so this finds the installation a webhook is about).
func (s *Store) MeetingsByProviderID(ctx context.Context, provider, id string) ([]addon.MeetingRecord, error) {
	var rows []meetingRow
	if err := s.db.WithContext(ctx).Where("provider = ? AND provider_meeting_id = ?", provider, id).Find(&rows).Error; err != nil {
		return nil, translate(err, "meetings")
	}
	out := make([]addon.MeetingRecord, len(rows))
	for i, r := range rows {
		out[i] = toMeeting(r)
	}
	return out, nil
}

// SetRemoteState records what happened to a meeting outside the add-on.
func (s *Store) SetRemoteState(ctx context.Context, ref, state string) error {
	return translate(s.db.WithContext(ctx).Model(&meetingRow{}).Where("ref = ?", ref).
		Updates(map[string]any{"remote_state": state, "updated_ms": s.nowMS()}).Error, "meeting")
}
