package gototest

import (
	"cmp"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
)

const maxParticipants = 250

func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) {
	m, problem := parseMeeting(r)
	if problem != "" {
		apiError(w, http.StatusBadRequest, "InvalidParameter", problem)
		return
	}
	s.mu.Lock()
	m.ID = s.newIDLocked()
	m.Account = accountFrom(r.Context())
	m.JoinURL = "https://meet.goto.com/" + strconv.FormatInt(m.ID, 10)
	m.Created = s.opts.Now()
	s.meetings[m.ID] = &m
	s.order = append(s.order, m.ID)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, []map[string]any{{
		"joinURL": m.JoinURL, "meetingid": m.ID, "maxParticipants": maxParticipants,
		"uniqueMeetingId": m.ID, "conferenceCallInfo": callInfo(m.ConferenceCallInfo, m.ID),
	}})
}

// newIDLocked returns an unused nine-digit id, the length GoTo's meeting ids have.
func (s *Server) newIDLocked() int64 {
	for {
		id := 100_000_000 + rand.Int64N(900_000_000)
		if _, taken := s.meetings[id]; !taken {
			return id
		}
	}
}

// meetingOf finds the request's meeting; meetings of other organizers are not found, as the
// token only ever sees its own.
func (s *Server) meetingOf(w http.ResponseWriter, r *http.Request) *Meeting {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		apiError(w, http.StatusBadRequest, "InvalidParameter", "meetingId must be a number")
		return nil
	}
	m := s.meetings[id]
	if m == nil || m.Account != accountFrom(r.Context()) {
		apiError(w, http.StatusNotFound, "NotFound", "Meeting with id "+r.PathValue("id")+" not found")
		return nil
	}
	return m
}

func (s *Server) getMeeting(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.meetingOf(w, r)
	if m == nil {
		return
	}
	writeJSON(w, http.StatusOK, []map[string]any{{
		"createTime": "", "passwordRequired": m.PasswordRequired, "status": "INACTIVE", "subject": m.Subject,
		"startTime": m.Start.Format(requestTime), "endTime": m.End.Format(requestTime),
		"conferenceCallInfo": callInfo(m.ConferenceCallInfo, m.ID), "duration": int(m.End.Sub(m.Start).Minutes()),
		"maxParticipants": maxParticipants, "meetingId": m.ID, "meetingKey": m.ID, "meetingType": m.MeetingType,
		"uniqueMeetingId": m.ID, "coorganizerKeys": append([]string{}, m.CoorganizerKeys...),
	}})
}

// updateMeeting replaces every field, as GoTo's PUT does.
func (s *Server) updateMeeting(w http.ResponseWriter, r *http.Request) {
	in, problem := parseMeeting(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.meetingOf(w, r)
	if m == nil {
		return
	}
	if problem != "" {
		apiError(w, http.StatusBadRequest, "InvalidParameter", problem)
		return
	}
	m.Subject, m.Start, m.End = in.Subject, in.Start, in.End
	m.PasswordRequired, m.ConferenceCallInfo = in.PasswordRequired, in.ConferenceCallInfo
	m.MeetingType, m.CoorganizerKeys = in.MeetingType, in.CoorganizerKeys
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deleteMeeting(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.meetingOf(w, r)
	if m == nil {
		return
	}
	delete(s.meetings, m.ID)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) startMeeting(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.meetingOf(w, r)
	if m == nil {
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{
		"hostURL": "https://global.gotomeeting.com/join/" + strconv.FormatInt(m.ID, 10) + "?host=" + randomHex(16),
	})
}

func (s *Server) upcoming(w http.ResponseWriter, r *http.Request) {
	account := accountFrom(r.Context())
	s.mu.Lock()
	now := s.opts.Now()
	var list []*Meeting
	for _, m := range s.meetings {
		if m.Account == account && m.End.After(now) {
			list = append(list, m)
		}
	}
	slices.SortFunc(list, func(a, b *Meeting) int { return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID)) })
	out := make([]map[string]any, 0, len(list))
	for _, m := range list {
		out = append(out, map[string]any{
			"startTime": m.Start.Format(requestTime), "endTime": m.End.Format(requestTime),
			"meetingId": strconv.FormatInt(m.ID, 10), "subject": m.Subject, "status": "INACTIVE",
			"passwordRequired": m.PasswordRequired, "meetingType": m.MeetingType,
			"conferenceCallInfo": callInfo(m.ConferenceCallInfo, m.ID),
			"accountKey":         accountKey(account), "organizerKey": organizerKey(account),
			"email": account, "firstName": "Test", "lastName": "Organizer", "locale": "de_DE",
		})
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}
