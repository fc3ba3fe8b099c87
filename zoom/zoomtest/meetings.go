package zoomtest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Meeting is the fake's record of a meeting, for tests to inspect with Server.Meeting.
type Meeting struct {
	ID                int64
	UUID              string
	AccountID         string
	HostID            string
	HostEmail         string
	Topic             string
	Type              int
	StartTime         time.Time // UTC; zero for type 3
	Duration          int
	Timezone          string
	Agenda            string
	Password          string
	H323Password      string
	PstnPassword      string
	EncryptedPassword string
	AlternativeHosts  string
	// Settings are the settings creates and updates sent (alternative hosts aside); what
	// they never sent the meeting has from HostDefaults (see Setting).
	Settings map[string]any
	// LocalTime records that start_time came without offset, so the series follows the wall
	// clock of Timezone rather than of UTC.
	LocalTime   bool
	Recurrence  *Recurrence
	Occurrences []Occurrence // all of them, deleted ones with status "deleted"
	CreatedAt   time.Time
}

// Occurrence is one date of a series.
type Occurrence struct {
	OccurrenceID string // the start as Unix milliseconds, as Zoom makes them
	StartTime    time.Time
	Duration     int
	Status       string // available, deleted
}

// Meeting returns a copy of the meeting with id, with all its occurrences.
func (s *Server) Meeting(id int64) (Meeting, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.meetings[id]
	if !ok {
		return Meeting{}, false
	}
	return m.clone(), true
}

// Meetings returns copies of every meeting the fake holds, in no particular order.
func (s *Server) Meetings() []Meeting {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Meeting, 0, len(s.meetings))
	for _, m := range s.meetings {
		out = append(out, m.clone())
	}
	return out
}

func (m *Meeting) clone() Meeting {
	c := *m
	c.Occurrences = append([]Occurrence(nil), m.Occurrences...)
	c.Settings = maps.Clone(m.Settings)
	if m.Recurrence != nil {
		r := *m.Recurrence
		c.Recurrence = &r
	}
	return c
}

// meetingBody is a create or update body; pointers tell absent fields from empty ones.
type meetingBody struct {
	Topic       *string         `json:"topic"`
	Type        *int            `json:"type"`
	StartTime   *string         `json:"start_time"`
	Timezone    *string         `json:"timezone"`
	Duration    *int            `json:"duration"`
	Password    *string         `json:"password"`
	Agenda      *string         `json:"agenda"`
	ScheduleFor *string         `json:"schedule_for"`
	Recurrence  *recurrenceBody `json:"recurrence"`
	Settings    *struct {
		AlternativeHosts *string `json:"alternative_hosts"`
	} `json:"settings"`
	// rawSettings is the settings object as sent.
	rawSettings map[string]any
}

// apiError is a refusal on its way to the client.
type apiError struct {
	status, code int
	field, msg   string
}

func (e *apiError) write(w http.ResponseWriter) {
	if e.field != "" {
		writeFieldError(w, e.field, e.msg)
		return
	}
	writeError(w, e.status, e.code, e.msg)
}

func invalid(field, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: 300, field: field, msg: fmt.Sprintf(format, args...)}
}

func decodeBody(data []byte) (meetingBody, *apiError) {
	var b meetingBody
	var raw struct {
		Settings map[string]any `json:"settings"`
	}
	if err := json.Unmarshal(data, &b); err != nil || json.Unmarshal(data, &raw) != nil {
		return b, &apiError{status: http.StatusBadRequest, code: 300, msg: "Request Body should be a valid JSON object."}
	}
	b.rawSettings = raw.Settings
	return b, nil
}

// apply validates b and writes it into m. On update (update true) start times must lie in the
// future, and the series is expanded again only when something it depends on changed.
func (s *Server) apply(a *Account, m *Meeting, b meetingBody, now time.Time, update bool) *apiError {
	if b.Topic != nil {
		if len([]rune(*b.Topic)) > 200 {
			return invalid("topic", "The topic may have at most 200 characters.")
		}
		m.Topic = *b.Topic
	}
	if b.Agenda != nil {
		if len([]rune(*b.Agenda)) > 2000 {
			return invalid("agenda", "The agenda may have at most 2000 characters.")
		}
		m.Agenda = *b.Agenda
	}
	reschedule := !update
	if b.Type != nil {
		switch *b.Type {
		case 1, 2, 3, 8:
		default:
			return invalid("type", "Invalid meeting type %d.", *b.Type)
		}
		reschedule = reschedule || *b.Type != m.Type
		m.Type = *b.Type
	}
	if b.Duration != nil {
		if *b.Duration < 1 || *b.Duration > 1440 {
			return invalid("duration", "The duration must be 1 to 1440 minutes.")
		}
		m.Duration = *b.Duration
		for i := range m.Occurrences {
			m.Occurrences[i].Duration = m.Duration
		}
	}
	if b.Timezone != nil && *b.Timezone != "" {
		if _, err := time.LoadLocation(*b.Timezone); err != nil {
			return invalid("timezone", "Invalid timezone %q.", *b.Timezone)
		}
		reschedule = reschedule || *b.Timezone != m.Timezone
		m.Timezone = *b.Timezone
	}
	loc, _ := time.LoadLocation(m.Timezone)
	if b.StartTime != nil && *b.StartTime != "" {
		t, local, err := parseStart(*b.StartTime, loc)
		if err != nil {
			return invalid("start_time", "Invalid start_time %q.", *b.StartTime)
		}
		if update && !t.After(now) {
			return &apiError{status: http.StatusBadRequest, code: 300, msg: "The meeting start time must be in the future."}
		}
		m.StartTime, m.LocalTime, reschedule = t, local, true
	} else if !update {
		// Zoom starts a meeting without start time (and an instant one) now.
		m.StartTime = now.UTC().Truncate(time.Minute)
	}
	if b.Password != nil && *b.Password != "" {
		if msg := checkPassword(a.requirement(m.HostID), *b.Password); msg != "" {
			return &apiError{status: http.StatusBadRequest, code: 300, msg: msg}
		}
		m.Password = *b.Password
		s.derivePasswords(m)
	}
	if b.Settings != nil && b.Settings.AlternativeHosts != nil {
		if e := checkAlternativeHosts(a, *b.Settings.AlternativeHosts); e != nil {
			return e
		}
		m.AlternativeHosts = *b.Settings.AlternativeHosts
	}
	mergeSettings(m, b.rawSettings)
	if b.Recurrence != nil {
		rule := b.Recurrence.rule()
		m.Recurrence, reschedule = &rule, true
	}
	if reschedule {
		return m.schedule()
	}
	return nil
}

// schedule derives the occurrences from the start, the time zone and the rule.
func (m *Meeting) schedule() *apiError {
	switch m.Type {
	case 8:
		if m.Recurrence == nil {
			return invalid("recurrence", "A recurring meeting with fixed time needs a recurrence.")
		}
		loc := time.UTC
		if m.LocalTime {
			loc, _ = time.LoadLocation(m.Timezone)
		}
		starts, field, err := expand(m.StartTime.In(loc), *m.Recurrence)
		if err != nil {
			return invalid(field, "%s", err.Error())
		}
		m.Occurrences = m.Occurrences[:0]
		for _, t := range starts {
			m.Occurrences = append(m.Occurrences, Occurrence{
				OccurrenceID: strconv.FormatInt(t.UnixMilli(), 10),
				StartTime:    t.UTC(), Duration: m.Duration, Status: "available",
			})
		}
		m.StartTime = m.Occurrences[0].StartTime
	case 3:
		m.Occurrences, m.StartTime = nil, time.Time{}
	default:
		m.Occurrences, m.Recurrence = nil, nil
	}
	return nil
}

// parseStart reads Zoom's two start_time forms: UTC with Z (or an offset), or local wall-clock
// time in loc without offset.
func parseStart(v string, loc *time.Location) (time.Time, bool, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), false, nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05", v, loc)
	if err != nil {
		return time.Time{}, false, err
	}
	return t.UTC(), true, nil
}

// checkAlternativeHosts requires every listed host to be an active licensed user of a.
func checkAlternativeHosts(a *Account, list string) *apiError {
	for _, h := range strings.FieldsFunc(list, func(r rune) bool { return r == ';' || r == ',' }) {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		u := a.user(h)
		if u == nil || h == "me" || u.Status != "active" || u.Type < 2 {
			return &apiError{status: http.StatusBadRequest, code: 1115,
				msg: "Invalid alternative host: " + h + " is not an active licensed user of this account."}
		}
	}
	return nil
}

// derivePasswords fills the numeric and encrypted forms Zoom derives from the passcode.
func (s *Server) derivePasswords(m *Meeting) {
	m.H323Password = m.Password
	if !onlyFrom(m.Password, "0123456789") {
		m.H323Password = s.randomDigits(len(m.Password))
	}
	m.PstnPassword = m.H323Password
	m.EncryptedPassword = s.randomString(32) + ".1"
}

// newMeetingID returns an unused 11-digit id, beyond 32 bits as Zoom's are.
func (s *Server) newMeetingID() int64 {
	for {
		id := 80_000_000_000 + s.rng.Int64N(10_000_000_000)
		if _, used := s.meetings[id]; !used {
			if _, gone := s.gone[id]; !gone {
				return id
			}
		}
	}
}
