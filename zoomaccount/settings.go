package zoomaccount

import (
	"context"
	"net/url"

	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoom"
)

// Pinned returns the meeting settings of the account the licence user login belongs to, as
// Zoom's create and update take them: every one sent explicitly, so that none falls back to
// the host's own defaults.
func (s *Service) Pinned(ctx context.Context, inst, login string) (*zoom.MeetingSettings, error) {
	m, err := s.Store.ZoomMeetingSettingsOf(ctx, inst, login)
	if err != nil {
		return nil, err
	}
	return WireSettings(m), nil
}

// WireSettings turns an account's settings into the settings object of a meeting request.
func WireSettings(m store.ZoomMeetingSettings) *zoom.MeetingSettings {
	rec := m.AutoRecording
	if rec == "" {
		rec = store.RecordingNone
	}
	return &zoom.MeetingSettings{
		WaitingRoom: zoom.Ptr(m.WaitingRoom), JoinBeforeHost: zoom.Ptr(m.JoinBeforeHost), MuteUponEntry: zoom.Ptr(m.MuteUponEntry),
		AutoRecording: rec, AutoStartMeetingSummary: zoom.Ptr(m.MeetingSummary), WhoWillReceiveSummary: m.SummaryRecipients,
		AutoStartAICompanionQuestions: zoom.Ptr(m.AIQuestions), WhoCanAskQuestions: m.QuestionAskers,
	}
}

// SettingsSent returns the fingerprints of the settings last sent for the Zoom meetings ids.
func (s *Service) SettingsSent(ctx context.Context, inst string, ids []string) (map[string]string, error) {
	return s.Store.ZoomSettingsSent(ctx, inst, ids)
}

// SetSettingsSent records the fingerprint of the settings the meeting id now has.
func (s *Service) SetSettingsSent(ctx context.Context, inst, id, fingerprint string) error {
	return s.Store.SetZoomSettingsSent(ctx, inst, id, fingerprint)
}

// apiBase is where an account's requests go: the regional api_url Zoom named with its token
// when it passes zoom.RegionalBase (checked again here, as the column may predate the check),
// else the configured base.
func (s *Service) apiBase(tok store.ZoomAccessToken) *url.URL {
	if tok.APIURL != "" {
		if u, err := zoom.RegionalBase(tok.APIURL, s.APIBase); err == nil {
			return u
		}
	}
	if s.APIBase != nil {
		u := *s.APIBase
		return &u
	}
	return nil
}

// checkedAPIURL keeps the api_url of a token answer only when it may be used.
func (s *Service) checkedAPIURL(apiURL string) string {
	if apiURL == "" {
		return ""
	}
	if _, err := zoom.RegionalBase(apiURL, s.APIBase); err != nil {
		return ""
	}
	return apiURL
}

// validateSettings adds the refusals of an account's meeting settings.
func validateSettings(bad func(field, msg string), m *store.ZoomMeetingSettings) {
	if m == nil {
		return
	}
	switch m.AutoRecording {
	case store.RecordingNone, store.RecordingCloud, store.RecordingLocal:
	default:
		bad("meeting_settings.auto_recording", `must be "none", "cloud" or "local"`)
	}
	if m.SummaryRecipients < 1 || m.SummaryRecipients > 4 {
		bad("meeting_settings.summary_recipients", "must be 1 to 4")
	}
	if m.QuestionAskers < 1 || m.QuestionAskers > 5 {
		bad("meeting_settings.question_askers", "must be 1 to 5")
	}
	if m.WaitingRoom && m.JoinBeforeHost {
		bad("meeting_settings.join_before_host", JoinBeforeHostWithWaitingRoom)
	}
}

// JoinBeforeHostWithWaitingRoom refuses both together: Zoom switches join before host off
// when the waiting room is on, so the page would promise what no meeting does.
const JoinBeforeHostWithWaitingRoom = "has no effect while the waiting room is on: Zoom then lets nobody in before the host admits them; switch one of the two off"
