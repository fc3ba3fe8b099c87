package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/onlinemeetings/meeting-addon/store"
)

// The meeting settings of a Zoom account: what every meeting the add-on creates with the
// account gets, whatever the host set as their own defaults in Zoom.

// parseMeetingSettings reads the section; nil when the form has none (a post of an older
// page), which keeps the stored settings.
func parseMeetingSettings(form url.Values) *store.ZoomMeetingSettings {
	if form.Get("ms_present") == "" {
		return nil
	}
	num := func(key string) int {
		n, err := strconv.Atoi(strings.TrimSpace(form.Get(key)))
		if err != nil {
			return 0
		}
		return n
	}
	return &store.ZoomMeetingSettings{
		WaitingRoom: form.Has("ms_waiting_room"), JoinBeforeHost: form.Has("ms_join_before_host"), MuteUponEntry: form.Has("ms_mute"),
		AutoRecording: form.Get("ms_recording"), MeetingSummary: form.Has("ms_summary"), SummaryRecipients: num("ms_summary_to"),
		AIQuestions: form.Has("ms_questions"), QuestionAskers: num("ms_askers"),
	}
}

// meetingSettingsText says an account's meeting settings in a line, for its entry in the list.
func meetingSettingsText(lang string, m store.ZoomMeetingSettings) string {
	onOff := func(key string, on bool) string {
		if on {
			return tr(lang, key) + ": " + tr(lang, "ms_on")
		}
		return tr(lang, key) + ": " + tr(lang, "ms_off")
	}
	parts := []string{onOff("ms_waiting_room", m.WaitingRoom), onOff("ms_join_before_host", m.JoinBeforeHost),
		onOff("ms_mute", m.MuteUponEntry), tr(lang, "ms_recording") + ": " + tr(lang, "ms_recording_"+m.AutoRecording)}
	if m.MeetingSummary {
		parts = append(parts, tr(lang, "ms_summary_short_on", tr(lang, "ms_summary_to_"+strconv.Itoa(m.SummaryRecipients))))
	} else {
		parts = append(parts, onOff("ms_summary_short", false))
	}
	if m.AIQuestions {
		parts = append(parts, tr(lang, "ms_questions_short_on", tr(lang, "ms_askers_"+strconv.Itoa(m.QuestionAskers))))
	} else {
		parts = append(parts, onOff("ms_questions_short", false))
	}
	return strings.Join(parts, " · ")
}

// Recordings, SummaryRecipients and QuestionAskers are the choices of the form's lists, in
// Zoom's values.
func (zoomForm) Recordings() []string {
	return []string{store.RecordingNone, store.RecordingCloud, store.RecordingLocal}
}
func (zoomForm) SummaryRecipients() []int { return []int{1, 2, 3, 4} }
func (zoomForm) QuestionAskers() []int    { return []int{1, 2, 3, 4, 5} }
