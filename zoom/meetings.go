package zoom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// MeetingsService schedules, changes and removes meetings.
type MeetingsService service

// Meeting types.
const (
	MeetingInstant          = 1
	MeetingScheduled        = 2
	MeetingRecurringNoFixed = 3
	MeetingRecurringFixed   = 8
)

// Recurrence types.
const (
	RecurDaily   = 1
	RecurWeekly  = 2
	RecurMonthly = 3
)

// MaxOccurrences is the most occurrences Zoom creates for one series. Asked for more, Zoom
// silently creates only the first one, so callers must check before they ask.
const MaxOccurrences = 50

// MeetingRequest is the body of a create or update. Every field is omitted when empty, so an
// update only carries what the caller set.
type MeetingRequest struct {
	Topic string `json:"topic,omitempty"`
	Type  int    `json:"type,omitempty"`
	// StartTime is either UTC ending in Z (FormatUTC), or local wall-clock time without offset
	// together with Timezone (FormatLocal). Only local time keeps a series at the same local
	// hour across a daylight-saving change.
	StartTime   string           `json:"start_time,omitempty"`
	Timezone    string           `json:"timezone,omitempty"`
	Duration    int              `json:"duration,omitempty"` // minutes, 1–1440
	Password    string           `json:"password,omitempty"` // at most 10 characters
	Agenda      string           `json:"agenda,omitempty"`
	ScheduleFor string           `json:"schedule_for,omitempty"`
	Recurrence  *Recurrence      `json:"recurrence,omitempty"`
	Settings    *MeetingSettings `json:"settings,omitempty"`
}

// Recurrence describes a series (meeting type 8). Updating a series needs the whole object.
type Recurrence struct {
	Type           int `json:"type"` // RecurDaily, RecurWeekly, RecurMonthly
	RepeatInterval int `json:"repeat_interval,omitempty"`
	// WeeklyDays is comma-separated digits, 1 = Sunday … 7 = Saturday (not Go's Weekday+0).
	WeeklyDays     string `json:"weekly_days,omitempty"`
	MonthlyDay     int    `json:"monthly_day,omitempty"`
	MonthlyWeek    int    `json:"monthly_week,omitempty"`     // -1 last, 1–4
	MonthlyWeekDay int    `json:"monthly_week_day,omitempty"` // 1 = Sunday … 7 = Saturday
	EndTimes       int    `json:"end_times,omitempty"`        // not with EndDateTime
	EndDateTime    string `json:"end_date_time,omitempty"`    // UTC, FormatUTC
}

// MeetingSettings are the meeting settings the add-on sets or reads. Booleans are pointers so
// an update leaves unset ones alone.
type MeetingSettings struct {
	// AlternativeHosts is semicolon-separated emails or ids of active users of the account; nil
	// leaves them as they are, "" removes them.
	AlternativeHosts                  *string `json:"alternative_hosts,omitempty"`
	AlternativeHostsEmailNotification *bool   `json:"alternative_hosts_email_notification,omitempty"`
	JoinBeforeHost                    *bool   `json:"join_before_host,omitempty"`
	WaitingRoom                       *bool   `json:"waiting_room,omitempty"`
	MuteUponEntry                     *bool   `json:"mute_upon_entry,omitempty"`
	HostVideo                         *bool   `json:"host_video,omitempty"`
	ParticipantVideo                  *bool   `json:"participant_video,omitempty"`
	AutoRecording                     string  `json:"auto_recording,omitempty"` // none, cloud, local
	// The AI Companion: since 2026-03-15 a create that leaves these out gets the host's own
	// defaults. WhoWillReceiveSummary is 1–4, WhoCanAskQuestions 1–5 (0: not sent).
	AutoStartMeetingSummary       *bool `json:"auto_start_meeting_summary,omitempty"`
	WhoWillReceiveSummary         int   `json:"who_will_receive_summary,omitempty"`
	AutoStartAICompanionQuestions *bool `json:"auto_start_ai_companion_questions,omitempty"`
	WhoCanAskQuestions            int   `json:"who_can_ask_questions,omitempty"`
	// GlobalDialInNumbers is only in answers.
	GlobalDialInNumbers []DialInNumber `json:"global_dial_in_numbers,omitempty"`
}

// DialInNumber is a phone number participants can dial.
type DialInNumber struct {
	Country     string `json:"country,omitempty"`
	CountryName string `json:"country_name,omitempty"`
	City        string `json:"city,omitempty"`
	Number      string `json:"number"`
	Type        string `json:"type,omitempty"` // toll, tollfree
}

// Occurrence is one date of a series.
type Occurrence struct {
	OccurrenceID string    `json:"occurrence_id"`
	StartTime    time.Time `json:"start_time"`
	Duration     int       `json:"duration"`
	Status       string    `json:"status"` // available, deleted
}

// Meeting is Zoom's answer for a meeting. StartURL logs its opener in as the host and expires
// after two hours: fetch it fresh with Get and never show it to anyone but the host.
type Meeting struct {
	ID                int64            `json:"id"`
	UUID              string           `json:"uuid"`
	HostID            string           `json:"host_id,omitempty"`
	HostEmail         string           `json:"host_email,omitempty"`
	Topic             string           `json:"topic"`
	Type              int              `json:"type"`
	Status            string           `json:"status,omitempty"`
	StartTime         time.Time        `json:"start_time,omitzero"`
	Duration          int              `json:"duration"`
	Timezone          string           `json:"timezone,omitempty"`
	Agenda            string           `json:"agenda,omitempty"`
	JoinURL           string           `json:"join_url"`
	StartURL          string           `json:"start_url"`
	Password          string           `json:"password,omitempty"`
	H323Password      string           `json:"h323_password,omitempty"`
	PstnPassword      string           `json:"pstn_password,omitempty"`
	EncryptedPassword string           `json:"encrypted_password,omitempty"`
	Occurrences       []Occurrence     `json:"occurrences,omitempty"`
	Recurrence        *Recurrence      `json:"recurrence,omitempty"`
	Settings          *MeetingSettings `json:"settings,omitempty"`
	CreatedAt         time.Time        `json:"created_at,omitzero"`
}

// FormatUTC formats t as the UTC start_time form Zoom takes, "2006-01-02T15:04:05Z".
func FormatUTC(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// FormatLocal formats t as wall-clock time in the IANA zone tz without offset, the form that
// goes with MeetingRequest.Timezone = tz.
func FormatLocal(t time.Time, tz string) (string, error) {
	loc, err := addon.LoadLocation(tz)
	if err != nil {
		return "", fmt.Errorf("zoom: time zone %q: %w", tz, err)
	}
	return t.In(loc).Format("2006-01-02T15:04:05"), nil
}

// Create schedules a meeting hosted by userID (id, email or "me").
func (s *MeetingsService) Create(ctx context.Context, userID string, m *MeetingRequest) (*Meeting, *http.Response, error) {
	if userID == "" {
		return nil, nil, errNoID
	}
	if m == nil {
		return nil, nil, errors.New("zoom: create meeting: no meeting")
	}
	req, err := s.client.NewRequest(ctx, http.MethodPost, "users/"+segment(userID)+"/meetings", m)
	if err != nil {
		return nil, nil, err
	}
	out := &Meeting{}
	resp, err := s.client.Do(req, out)
	if err != nil {
		return nil, resp, err
	}
	return out, resp, nil
}

// Get fetches a meeting, or with occurrenceID one occurrence of a series.
func (s *MeetingsService) Get(ctx context.Context, id int64, occurrenceID string) (*Meeting, *http.Response, error) {
	req, err := s.meetingRequest(ctx, http.MethodGet, id, "", occurrenceID, nil)
	if err != nil {
		return nil, nil, err
	}
	out := &Meeting{}
	resp, err := s.client.Do(req, out)
	if err != nil {
		return nil, resp, err
	}
	return out, resp, nil
}

// Update changes a meeting (Zoom answers 204). With occurrenceID only that occurrence's
// start_time, duration and agenda change.
func (s *MeetingsService) Update(ctx context.Context, id int64, occurrenceID string, m *MeetingRequest) (*http.Response, error) {
	if m == nil {
		return nil, errors.New("zoom: update meeting: no changes")
	}
	req, err := s.meetingRequest(ctx, http.MethodPatch, id, "", occurrenceID, m)
	if err != nil {
		return nil, err
	}
	return s.client.Do(req, nil)
}

// Delete removes a meeting, or with occurrenceID one occurrence of a series.
func (s *MeetingsService) Delete(ctx context.Context, id int64, occurrenceID string) (*http.Response, error) {
	req, err := s.meetingRequest(ctx, http.MethodDelete, id, "", occurrenceID, nil)
	if err != nil {
		return nil, err
	}
	return s.client.Do(req, nil)
}

// Invitation fetches Zoom's own invitation text for a meeting.
func (s *MeetingsService) Invitation(ctx context.Context, id int64) (string, *http.Response, error) {
	req, err := s.meetingRequest(ctx, http.MethodGet, id, "/invitation", "", nil)
	if err != nil {
		return "", nil, err
	}
	var out struct {
		Invitation string `json:"invitation"`
	}
	resp, err := s.client.Do(req, &out)
	if err != nil {
		return "", resp, err
	}
	return out.Invitation, resp, nil
}

func (s *MeetingsService) meetingRequest(ctx context.Context, method string, id int64, suffix, occurrenceID string, body any) (*http.Request, error) {
	if id <= 0 {
		return nil, errNoID
	}
	path := "meetings/" + strconv.FormatInt(id, 10) + suffix
	if occurrenceID != "" {
		path += "?" + url.Values{"occurrence_id": {occurrenceID}}.Encode()
	}
	if body == nil {
		// A typed nil pointer in body would be encoded as "null".
		return s.client.NewRequest(ctx, method, path, nil)
	}
	return s.client.NewRequest(ctx, method, path, body)
}

// Ptr returns a pointer to v, for the optional fields of requests.
func Ptr[T any](v T) *T { return &v }
