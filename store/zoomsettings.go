package store

import (
	"context"
	"encoding/json"
	"strings"

	"gorm.io/gorm/clause"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Automatic recording choices, as Zoom names them.
const (
	RecordingNone  = "none"
	RecordingCloud = "cloud"
	RecordingLocal = "local"
)

// ZoomMeetingSettings are the meeting settings an administrator pinned for a Zoom account. The
// add-on sends them with every meeting it creates there: since 2026-03-15 Zoom gives every
// field a create leaves out the host's own default, the AI Companion's summary included.
type ZoomMeetingSettings struct {
	WaitingRoom    bool   `json:"waiting_room"`
	JoinBeforeHost bool   `json:"join_before_host"`
	MuteUponEntry  bool   `json:"mute_upon_entry"`
	AutoRecording  string `json:"auto_recording"` // RecordingNone, RecordingCloud, RecordingLocal
	// MeetingSummary starts the AI Companion's meeting summary (auto_start_meeting_summary);
	// SummaryRecipients is Zoom's who_will_receive_summary: 1 the host only, 2 host, co-hosts
	// and alternative hosts, 3 host and invitees of the organisation, 4 all invitees.
	MeetingSummary    bool `json:"meeting_summary"`
	SummaryRecipients int  `json:"summary_recipients"`
	// AIQuestions starts AI Companion questions (auto_start_ai_companion_questions);
	// QuestionAskers is Zoom's who_can_ask_questions: 1 all participants and invitees, 2 all
	// participants from when they join, 3 the host only, 4 participants and invitees of the
	// organisation, 5 participants of the organisation from when they join.
	AIQuestions    bool `json:"ai_questions"`
	QuestionAskers int  `json:"question_askers"`
}

// DefaultZoomMeetingSettings are privacy first, for an organisation that must be able to say
// what happens in its meetings: nobody gets in before being admitted, nobody is heard on
// entering, nothing is recorded, and the AI Companion neither summarises nor answers
// questions; should an admin switch those on, the summary goes to the host alone and only
// the host may ask.
func DefaultZoomMeetingSettings() ZoomMeetingSettings {
	return ZoomMeetingSettings{WaitingRoom: true, MuteUponEntry: true, AutoRecording: RecordingNone,
		SummaryRecipients: 1, QuestionAskers: 3}
}

// meetingSettingsOf reads the column; accounts stored before the settings existed have the
// migration's defaults, and an unreadable value the defaults as well.
func meetingSettingsOf(col string) ZoomMeetingSettings {
	m := DefaultZoomMeetingSettings()
	if col != "" {
		_ = json.Unmarshal([]byte(col), &m)
	}
	return m
}

func meetingSettingsJSON(m ZoomMeetingSettings) string {
	b, _ := json.Marshal(m)
	return string(b)
}

// zoomMeetingSettingsRow remembers, per Zoom meeting, the fingerprint of the settings the
// add-on last sent for it: an update carries the account's settings again only when they
// changed since.
type zoomMeetingSettingsRow struct {
	InstallationID string `gorm:"primaryKey;size:64"`
	MeetingID      string `gorm:"primaryKey;size:64"` // Zoom's meeting id
	Fingerprint    string `gorm:"size:64"`
	UpdatedMS      int64
}

func (zoomMeetingSettingsRow) TableName() string { return "zoom_meeting_settings" }

// ZoomSettingsSent returns the fingerprints recorded for the meetings ids (absent: none known).
func (s *Store) ZoomSettingsSent(ctx context.Context, inst string, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []zoomMeetingSettingsRow
	if err := s.db.WithContext(ctx).Where("installation_id = ? AND meeting_id IN ?", inst, ids).Find(&rows).Error; err != nil {
		return nil, translate(err, "Zoom meeting settings")
	}
	for _, r := range rows {
		out[r.MeetingID] = r.Fingerprint
	}
	return out, nil
}

// SetZoomSettingsSent records that the meeting id has the settings of fingerprint; ""
// forgets the meeting.
func (s *Store) SetZoomSettingsSent(ctx context.Context, inst, id, fingerprint string) error {
	db := s.db.WithContext(ctx)
	if fingerprint == "" {
		return translate(db.Where("installation_id = ? AND meeting_id = ?", inst, id).Delete(&zoomMeetingSettingsRow{}).Error, "Zoom meeting settings")
	}
	row := zoomMeetingSettingsRow{InstallationID: inst, MeetingID: id, Fingerprint: fingerprint, UpdatedMS: s.nowMS()}
	err := db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "installation_id"}, {Name: "meeting_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"fingerprint", "updated_ms"}),
	}).Create(&row).Error
	return translate(err, "Zoom meeting settings")
}

// ZoomMeetingSettingsOf returns the meeting settings of the account the Zoom user login (e-mail
// address in any case, or Zoom user id) belongs to, in one statement: what ZoomUserByLogin
// and ZoomAccount would read, for a save that needs nothing else of them.
func (s *Store) ZoomMeetingSettingsOf(ctx context.Context, inst, login string) (ZoomMeetingSettings, error) {
	login = strings.TrimSpace(login)
	var cols []string
	err := s.db.WithContext(ctx).Table("zoom_users AS u").
		Joins("JOIN zoom_accounts AS a ON a.installation_id = u.installation_id AND a.id = u.account_ref").
		Where("u.installation_id = ? AND (u.email_lower = ? OR u.zoom_id = ?)", inst, strings.ToLower(login), login).
		Order("CASE WHEN u.status = 'active' THEN 0 ELSE 1 END, u.account_ref").Limit(1).
		Pluck("a.meeting_settings", &cols).Error
	if err != nil {
		return ZoomMeetingSettings{}, translate(err, "Zoom user "+login)
	}
	if len(cols) == 0 || login == "" {
		return ZoomMeetingSettings{}, addon.Errorf(addon.ENOTFOUND, "Zoom user %s not found", login)
	}
	return meetingSettingsOf(cols[0]), nil
}
