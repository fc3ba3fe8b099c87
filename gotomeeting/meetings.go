package gotomeeting

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// MeetingsService holds the calls on /meetings and /upcomingMeetings of the token's organizer.
type MeetingsService service

// TimeLayout is the only time format GoTo documents for requests: ISO 8601 in UTC with "Z".
const TimeLayout = "2006-01-02T15:04:05Z"

// MaxSubject is GoTo's limit on the subject, counted after escaping.
const MaxSubject = 100

// Meeting types and the default audio option.
const (
	TypeImmediate = "immediate"
	TypeScheduled = "scheduled"
	TypeRecurring = "recurring"

	CallInfoHybrid = "Hybrid"
)

// MeetingRequest is the body of create and update. Update replaces the whole meeting, so it
// takes every field again.
type MeetingRequest struct {
	Subject          string
	Start, End       time.Time
	PasswordRequired bool
	// ConferenceCallInfo is PSTN, Free, Hybrid, Private, VoIP or free text up to 255
	// characters; empty means Hybrid.
	ConferenceCallInfo string
	// MeetingType is immediate, scheduled or recurring; empty means scheduled.
	MeetingType     string
	CoorganizerKeys []string
}

// meetingBody is the wire form: GoTo's request fields are all lower case.
type meetingBody struct {
	Subject            string   `json:"subject"`
	StartTime          string   `json:"starttime"`
	EndTime            string   `json:"endtime"`
	PasswordRequired   bool     `json:"passwordrequired"`
	ConferenceCallInfo string   `json:"conferencecallinfo"`
	TimeZoneKey        string   `json:"timezonekey"`
	MeetingType        string   `json:"meetingtype"`
	CoorganizerKeys    []string `json:"coorganizerKeys,omitempty"`
}

func (m *MeetingRequest) body() meetingBody {
	b := meetingBody{
		Subject:            Subject(m.Subject),
		StartTime:          m.Start.UTC().Format(TimeLayout),
		EndTime:            m.End.UTC().Format(TimeLayout),
		PasswordRequired:   m.PasswordRequired,
		ConferenceCallInfo: m.ConferenceCallInfo,
		// Deprecated by GoTo but required by its schema: it must be present and empty, the
		// times carry the zone.
		TimeZoneKey:     "",
		MeetingType:     m.MeetingType,
		CoorganizerKeys: m.CoorganizerKeys,
	}
	if b.ConferenceCallInfo == "" {
		b.ConferenceCallInfo = CallInfoHybrid
	}
	if b.MeetingType == "" {
		b.MeetingType = TypeScheduled
	}
	return b
}

// Subject returns s as GoTo accepts it: '<' and '>' replaced by &lt; and &gt; (GoTo refuses
// them raw) and cut to MaxSubject characters, ending in "…" when cut. The CRM's appointment
// titles have no length limit, and refusing the booking over a long title would help nobody.
// An entity is never cut in half.
func Subject(s string) string {
	var parts []string
	n := 0
	for _, r := range strings.TrimSpace(s) {
		p := string(r)
		switch r {
		case '<':
			p = "&lt;"
		case '>':
			p = "&gt;"
		}
		parts = append(parts, p)
		n += len([]rune(p))
	}
	if n <= MaxSubject {
		return strings.Join(parts, "")
	}
	var b strings.Builder
	n = 0
	for _, p := range parts {
		l := len([]rune(p))
		if n+l > MaxSubject-1 {
			break
		}
		b.WriteString(p)
		n += l
	}
	return strings.TrimRight(b.String(), " ") + "…"
}

// CreatedMeeting is GoTo's answer to a create.
type CreatedMeeting struct {
	JoinURL            string `json:"joinURL"`
	MeetingID          int64  `json:"meetingid"`
	MaxParticipants    int    `json:"maxParticipants"`
	UniqueMeetingID    int64  `json:"uniqueMeetingId"`
	ConferenceCallInfo string `json:"conferenceCallInfo"`
}

// MeetingDetails is GoTo's answer to GET /meetings/{id}. It has no join URL.
type MeetingDetails struct {
	MeetingID          ID       `json:"meetingId"`
	MeetingKey         ID       `json:"meetingKey"`
	UniqueMeetingID    ID       `json:"uniqueMeetingId"`
	Subject            string   `json:"subject"`
	StartTime          Time     `json:"startTime"`
	EndTime            Time     `json:"endTime"`
	Status             string   `json:"status"` // ACTIVE while running, else INACTIVE
	PasswordRequired   bool     `json:"passwordRequired"`
	ConferenceCallInfo string   `json:"conferenceCallInfo"`
	Duration           int      `json:"duration"`
	MaxParticipants    int      `json:"maxParticipants"`
	MeetingType        string   `json:"meetingType"`
	CoorganizerKeys    []string `json:"coorganizerKeys,omitempty"`
}

// UpcomingMeeting is one entry of GET /upcomingMeetings.
type UpcomingMeeting struct {
	MeetingID          ID     `json:"meetingId"`
	Subject            string `json:"subject"`
	StartTime          Time   `json:"startTime"`
	EndTime            Time   `json:"endTime"`
	Status             string `json:"status"`
	PasswordRequired   bool   `json:"passwordRequired"`
	ConferenceCallInfo string `json:"conferenceCallInfo"`
	MeetingType        string `json:"meetingType"`
	AccountKey         string `json:"accountKey"`
	OrganizerKey       string `json:"organizerKey"`
	Email              string `json:"email"`
	FirstName          string `json:"firstName"`
	LastName           string `json:"lastName"`
	Locale             string `json:"locale"`
}

type hostURL struct {
	HostURL string `json:"hostURL"`
}

// Create schedules a meeting for the token's organizer (POST /meetings, 201 with an array of
// one element).
func (s *MeetingsService) Create(ctx context.Context, m *MeetingRequest) (*CreatedMeeting, *http.Response, error) {
	req, err := s.client.NewRequest(ctx, http.MethodPost, "meetings", m.body())
	if err != nil {
		return nil, nil, err
	}
	var out []CreatedMeeting
	resp, err := s.client.Do(req, &out)
	if err != nil {
		return nil, resp, err
	}
	if len(out) == 0 {
		return nil, resp, fmt.Errorf("create meeting: %w", errEmptyAnswer)
	}
	return &out[0], resp, nil
}

// Get returns the meeting's details (GET /meetings/{id}, an array of one element).
func (s *MeetingsService) Get(ctx context.Context, id string) (*MeetingDetails, *http.Response, error) {
	req, err := s.client.NewRequest(ctx, http.MethodGet, "meetings/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, nil, err
	}
	var out []MeetingDetails
	resp, err := s.client.Do(req, &out)
	if err != nil {
		return nil, resp, err
	}
	if len(out) == 0 {
		return nil, resp, fmt.Errorf("get meeting %s: %w", id, errEmptyAnswer)
	}
	return &out[0], resp, nil
}

// Update replaces the meeting with m (PUT /meetings/{id}, 204): fields left zero in m are
// not kept from the old meeting.
func (s *MeetingsService) Update(ctx context.Context, id string, m *MeetingRequest) (*http.Response, error) {
	req, err := s.client.NewRequest(ctx, http.MethodPut, "meetings/"+url.PathEscape(id), m.body())
	if err != nil {
		return nil, err
	}
	return s.client.Do(req, nil)
}

// Delete removes the meeting (DELETE /meetings/{id}, 204).
func (s *MeetingsService) Delete(ctx context.Context, id string) (*http.Response, error) {
	req, err := s.client.NewRequest(ctx, http.MethodDelete, "meetings/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	return s.client.Do(req, nil)
}

// HostURL returns the organizer's start link (GET /meetings/{id}/start). It logs the opener
// in as the organizer: fetch it when starting, never store it or show it to others.
func (s *MeetingsService) HostURL(ctx context.Context, id string) (string, *http.Response, error) {
	req, err := s.client.NewRequest(ctx, http.MethodGet, "meetings/"+url.PathEscape(id)+"/start", nil)
	if err != nil {
		return "", nil, err
	}
	var out hostURL
	resp, err := s.client.Do(req, &out)
	if err != nil {
		return "", resp, err
	}
	if out.HostURL == "" {
		return "", resp, fmt.Errorf("start meeting %s: %w", id, errEmptyAnswer)
	}
	return out.HostURL, resp, nil
}

// Upcoming lists the organizer's upcoming meetings (GET /upcomingMeetings).
func (s *MeetingsService) Upcoming(ctx context.Context) ([]UpcomingMeeting, *http.Response, error) {
	req, err := s.client.NewRequest(ctx, http.MethodGet, "upcomingMeetings", nil)
	if err != nil {
		return nil, nil, err
	}
	var out []UpcomingMeeting
	resp, err := s.client.Do(req, &out)
	if err != nil {
		return nil, resp, err
	}
	return out, resp, nil
}
