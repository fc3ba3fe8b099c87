package gototest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxRequest bounds request bodies; a meeting body is a few hundred bytes.
const maxRequest = 1 << 20

type ctxKey struct{}

func accountFrom(ctx context.Context) string { s, _ := ctx.Value(ctxKey{}).(string); return s }

// apiError writes GoTo's error body.
func apiError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"int_err_code": code, "msg": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// serveAPI does what GoTo does before any meetings call: check the token, the rate limit and
// the account's licence. Every request lands in the call log.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequest))
	if err != nil {
		apiError(w, http.StatusBadRequest, "InvalidRequest", "cannot read body")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if s.opts.Validate != nil {
		if err := s.opts.Validate(r, body); err != nil && s.opts.Report != nil {
			s.opts.Report(err)
		}
	}
	rec := &statusRecorder{ResponseWriter: w}
	account := s.admit(rec, r)
	if account != "" {
		s.api.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), ctxKey{}, account)))
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: r.Method, Path: r.URL.Path, Account: account, Status: rec.status})
	s.mu.Unlock()
}

// admit returns the account the request may act for, or "" after answering it with an error.
func (s *Server) admit(w http.ResponseWriter, r *http.Request) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	at, known := s.access[tok]
	if !ok || !known || !now.Before(at.expires) {
		apiError(w, http.StatusForbidden, "InvalidToken", "Invalid token passed")
		return ""
	}
	window := s.recent[at.account][:0]
	for _, t := range s.recent[at.account] {
		if now.Sub(t) < time.Second {
			window = append(window, t)
		}
	}
	if len(window) >= s.opts.RateLimit {
		s.recent[at.account] = window
		apiError(w, http.StatusTooManyRequests, "TooManyRequests", "Too many requests")
		return ""
	}
	s.recent[at.account] = append(window, now)
	if s.free[at.account] {
		apiError(w, http.StatusPreconditionFailed, "FreeAccount", "The organizer's account does not allow API access")
		return ""
	}
	return at.account
}

// meetingIn is the request body of create and update; pointers tell absent from empty,
// since GoTo requires every field, timezonekey included.
type meetingIn struct {
	Subject            *string  `json:"subject"`
	StartTime          *string  `json:"starttime"`
	EndTime            *string  `json:"endtime"`
	PasswordRequired   *bool    `json:"passwordrequired"`
	ConferenceCallInfo *string  `json:"conferencecallinfo"`
	TimeZoneKey        *string  `json:"timezonekey"`
	MeetingType        *string  `json:"meetingtype"`
	CoorganizerKeys    []string `json:"coorganizerKeys"`
}

// requestTime is the only format GoTo documents for requests.
const requestTime = "2006-01-02T15:04:05Z"

// parseMeeting checks a create or update body the way the strictest reading of GoTo's
// documentation demands, and returns the problem as text.
func parseMeeting(r *http.Request) (Meeting, string) {
	var in meetingIn
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		return Meeting{}, "body is not JSON: " + err.Error()
	}
	switch {
	case in.Subject == nil || in.StartTime == nil || in.EndTime == nil || in.PasswordRequired == nil ||
		in.ConferenceCallInfo == nil || in.TimeZoneKey == nil || in.MeetingType == nil:
		return Meeting{}, "subject, starttime, endtime, passwordrequired, conferencecallinfo, timezonekey and meetingtype are required"
	case len([]rune(*in.Subject)) > 100:
		return Meeting{}, "subject is longer than 100 characters"
	case strings.ContainsAny(*in.Subject, "<>"):
		return Meeting{}, "subject must not contain < or > (use &lt; and &gt;)"
	case *in.ConferenceCallInfo == "" || len([]rune(*in.ConferenceCallInfo)) > 255:
		return Meeting{}, "conferencecallinfo must have 1 to 255 characters"
	}
	switch *in.MeetingType {
	case "immediate", "scheduled", "recurring":
	default:
		return Meeting{}, "meetingtype must be immediate, scheduled or recurring"
	}
	start, err1 := time.Parse(requestTime, *in.StartTime)
	end, err2 := time.Parse(requestTime, *in.EndTime)
	if err1 != nil || err2 != nil {
		return Meeting{}, "starttime and endtime must be ISO 8601 UTC like 2015-07-01T22:00:00Z"
	}
	if !start.Before(end) {
		return Meeting{}, "starttime must be before endtime"
	}
	return Meeting{
		Subject: *in.Subject, Start: start, End: end, PasswordRequired: *in.PasswordRequired,
		ConferenceCallInfo: *in.ConferenceCallInfo, MeetingType: *in.MeetingType, CoorganizerKeys: in.CoorganizerKeys,
	}, ""
}

// callInfo is the audio text GoTo answers: dial-in details for the telephone options, the
// organizer's own text for anything else.
func callInfo(option string, id int64) string {
	switch option {
	case "PSTN", "Free", "Hybrid":
		code := fmt.Sprintf("%09d", id)
		return fmt.Sprintf("Deutschland: +49 721 9881 4161\nZugangscode: %s-%s-%s", code[:3], code[3:6], code[6:])
	case "VoIP":
		return "VoIP"
	}
	return option
}
