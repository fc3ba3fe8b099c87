package zoomtest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// dialIn is the one number the fake hands out, a German one as the add-on's users expect.
var dialIn = map[string]string{
	"country": "DE", "country_name": "Germany", "city": "Frankfurt", "number": "+49 69 3807 9883", "type": "toll",
}

type occurrenceJSON struct {
	OccurrenceID string `json:"occurrence_id"`
	StartTime    string `json:"start_time"`
	Duration     int    `json:"duration"`
	Status       string `json:"status"`
}

func formatUTC(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func joinURL(m *Meeting) string {
	return fmt.Sprintf("https://us02web.zoom.us/j/%d?pwd=%s", m.ID, m.EncryptedPassword)
}

// meetingJSON renders m as Zoom answers it. Occurrences that are deleted, or over unless
// showPrevious, are left out as Zoom does; with occID only that occurrence is shown.
func (s *Server) meetingJSON(m *Meeting, now time.Time, showPrevious bool, occID string) map[string]any {
	out := map[string]any{
		"uuid": m.UUID, "id": m.ID, "host_id": m.HostID, "host_email": m.HostEmail,
		"topic": m.Topic, "type": m.Type, "status": "waiting", "duration": m.Duration,
		"timezone": m.Timezone, "created_at": formatUTC(m.CreatedAt),
		"start_url":          fmt.Sprintf("https://us02web.zoom.us/s/%d?zak=%s", m.ID, s.randomString(40)),
		"join_url":           joinURL(m),
		"password":           m.Password,
		"h323_password":      m.H323Password,
		"pstn_password":      m.PstnPassword,
		"encrypted_password": m.EncryptedPassword,
		"pre_schedule":       false,
		"settings":           effectiveSettings(m),
	}
	settings := out["settings"].(map[string]any)
	settings["alternative_hosts"] = m.AlternativeHosts
	settings["global_dial_in_countries"] = []string{"DE"}
	settings["global_dial_in_numbers"] = []map[string]string{dialIn}
	if m.Agenda != "" {
		out["agenda"] = m.Agenda
	}
	if !m.StartTime.IsZero() {
		out["start_time"] = formatUTC(m.StartTime)
	}
	if m.Recurrence != nil {
		out["recurrence"] = m.Recurrence
	}
	var occ []occurrenceJSON
	for _, o := range m.Occurrences {
		switch {
		case occID != "" && o.OccurrenceID != occID:
			continue
		case occID == "" && o.Status != "available":
			continue
		case occID == "" && !showPrevious && !o.StartTime.Add(time.Duration(o.Duration)*time.Minute).After(now):
			continue
		}
		occ = append(occ, occurrenceJSON{o.OccurrenceID, formatUTC(o.StartTime), o.Duration, o.Status})
		if occID != "" {
			out["start_time"], out["duration"] = formatUTC(o.StartTime), o.Duration
		}
	}
	if len(occ) > 0 {
		out["occurrences"] = occ
	}
	return out
}

// meetingOf finds the meeting in the path for the calling account, answering 3001 if there is
// none: Zoom does not tell another account's meetings from missing ones.
func (s *Server) meetingOf(w http.ResponseWriter, r *http.Request) *Meeting {
	raw := r.PathValue("meetingId")
	id, err := strconv.ParseInt(raw, 10, 64)
	m := s.meetings[id]
	if err != nil || m == nil || m.AccountID != state(r).acct.ID {
		writeError(w, http.StatusNotFound, 3001, "Meeting does not exist: "+raw+".")
		return nil
	}
	return m
}

func occurrence(m *Meeting, id string) *Occurrence {
	for i := range m.Occurrences {
		if m.Occurrences[i].OccurrenceID == id {
			return &m.Occurrences[i]
		}
	}
	return nil
}

func writeInvalidOccurrence(w http.ResponseWriter, id string) {
	writeError(w, http.StatusBadRequest, 300, "Invalid occurrence_id: "+id+".")
}

// handleCreateMeeting is POST /users/{userId}/meetings.
func (s *Server) handleCreateMeeting(w http.ResponseWriter, r *http.Request) {
	st := state(r)
	a, now := st.acct, s.opts.Now()
	b, e := decodeBody(st.body)
	if e != nil {
		e.write(w)
		return
	}
	userID := r.PathValue("userId")
	host := a.user(userID)
	if host == nil {
		writeUserNotFound(w, userID)
		return
	}
	if b.ScheduleFor != nil && *b.ScheduleFor != "" {
		userID = *b.ScheduleFor
		if host = a.user(userID); host == nil {
			writeError(w, http.StatusBadRequest, 300, "Invalid schedule_for user: "+userID+".")
			return
		}
	}
	if host != a.owner() && a.deniedTo[host.ID] {
		writeError(w, http.StatusBadRequest, 3000, "You cannot schedule a meeting for "+userID)
		return
	}
	if host.Status != "active" {
		writeError(w, http.StatusBadRequest, 3161, "Your user account is not allowed meeting hosting and scheduling capabilities.")
		return
	}
	if s.limitDaily(w, r, a, host.ID, now) {
		return
	}
	m := &Meeting{
		AccountID: a.ID, HostID: host.ID, HostEmail: host.Email,
		Topic: "Zoom Meeting", Type: 2, Duration: 60, Timezone: host.Timezone, CreatedAt: now.UTC(),
	}
	if m.Timezone == "" {
		m.Timezone = "UTC"
	}
	if s.checkRequired(w, r, b.rawSettings) {
		return
	}
	if b.Type != nil && *b.Type == 8 && b.Recurrence == nil {
		invalid("recurrence", "A recurring meeting with fixed time needs a recurrence.").write(w)
		return
	}
	if e := s.apply(a, m, b, now, false); e != nil {
		e.write(w)
		return
	}
	if m.Password == "" {
		m.Password = s.generatePassword(a.requirement(host.ID))
		s.derivePasswords(m)
	}
	m.ID = s.newMeetingID()
	m.UUID = s.randomString(22) + "=="
	s.meetings[m.ID] = m
	writeJSON(w, http.StatusCreated, s.meetingJSON(m, now, false, ""))
}

// handleGetMeeting is GET /meetings/{meetingId}[?occurrence_id=&show_previous_occurrences=].
func (s *Server) handleGetMeeting(w http.ResponseWriter, r *http.Request) {
	m := s.meetingOf(w, r)
	if m == nil {
		return
	}
	q := r.URL.Query()
	occID := q.Get("occurrence_id")
	if occID != "" {
		if o := occurrence(m, occID); o == nil || o.Status != "available" {
			writeInvalidOccurrence(w, occID)
			return
		}
	}
	writeJSON(w, http.StatusOK, s.meetingJSON(m, s.opts.Now(), q.Get("show_previous_occurrences") == "true", occID))
}

// handleUpdateMeeting is PATCH /meetings/{meetingId}[?occurrence_id=], answering 204.
func (s *Server) handleUpdateMeeting(w http.ResponseWriter, r *http.Request) {
	m := s.meetingOf(w, r)
	if m == nil {
		return
	}
	st, now := state(r), s.opts.Now()
	if s.limitDaily(w, r, st.acct, m.HostID, now) {
		return
	}
	b, e := decodeBody(st.body)
	if e != nil {
		e.write(w)
		return
	}
	occID := r.URL.Query().Get("occurrence_id")
	if occID == "" {
		// Work on a copy so a refused update leaves the meeting as it was.
		c := m.clone()
		if e := s.apply(st.acct, &c, b, now, true); e != nil {
			e.write(w)
			return
		}
		*m = c
		w.WriteHeader(http.StatusNoContent)
		return
	}
	o := occurrence(m, occID)
	if o == nil || o.Status != "available" {
		writeInvalidOccurrence(w, occID)
		return
	}
	// Only start_time, duration and agenda belong to one occurrence; the agenda is not kept
	// per occurrence by this fake.
	next := *o
	if b.Duration != nil {
		if *b.Duration < 1 || *b.Duration > 1440 {
			invalid("duration", "The duration must be 1 to 1440 minutes.").write(w)
			return
		}
		next.Duration = *b.Duration
	}
	if b.StartTime != nil && *b.StartTime != "" {
		loc, _ := time.LoadLocation(m.Timezone)
		t, _, err := parseStart(*b.StartTime, loc)
		if err != nil {
			invalid("start_time", "Invalid start_time %q.", *b.StartTime).write(w)
			return
		}
		if !t.After(now) {
			writeError(w, http.StatusBadRequest, 300, "The meeting start time must be in the future.")
			return
		}
		next.StartTime = t
	}
	*o = next
	w.WriteHeader(http.StatusNoContent)
}

// handleDeleteMeeting is DELETE /meetings/{meetingId}[?occurrence_id=], answering 204.
func (s *Server) handleDeleteMeeting(w http.ResponseWriter, r *http.Request) {
	m := s.meetingOf(w, r)
	if m == nil {
		return
	}
	if occID := r.URL.Query().Get("occurrence_id"); occID != "" {
		o := occurrence(m, occID)
		if o == nil || o.Status != "available" {
			writeInvalidOccurrence(w, occID)
			return
		}
		o.Status = "deleted"
		w.WriteHeader(http.StatusNoContent)
		return
	}
	delete(s.meetings, m.ID)
	s.gone[m.ID] = m
	w.WriteHeader(http.StatusNoContent)
}

// handleInvitation is GET /meetings/{meetingId}/invitation.
func (s *Server) handleInvitation(w http.ResponseWriter, r *http.Request) {
	m := s.meetingOf(w, r)
	if m == nil {
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"invitation": invitation(m)})
}
