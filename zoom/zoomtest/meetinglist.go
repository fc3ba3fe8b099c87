package zoomtest

import (
	"cmp"
	"net/http"
	"slices"
	"time"
)

// listedMeetingJSON is a meeting as GET /users/{userId}/meetings shows it: no passcodes,
// settings, start link or occurrences.
type listedMeetingJSON struct {
	UUID      string `json:"uuid"`
	ID        int64  `json:"id"`
	HostID    string `json:"host_id"`
	Topic     string `json:"topic"`
	Type      int    `json:"type"`
	StartTime string `json:"start_time,omitempty"` // none for type 3
	Duration  int    `json:"duration"`
	Timezone  string `json:"timezone"`
	Agenda    string `json:"agenda,omitempty"`
	CreatedAt string `json:"created_at"`
	JoinURL   string `json:"join_url"`
}

// maxListedAgenda is where the list cuts agendas; Get shows them whole.
const maxListedAgenda = 250

func toListedJSON(m *Meeting) listedMeetingJSON {
	out := listedMeetingJSON{
		UUID: m.UUID, ID: m.ID, HostID: m.HostID, Topic: m.Topic, Type: m.Type, Duration: m.Duration,
		Timezone: m.Timezone, Agenda: m.Agenda, CreatedAt: formatUTC(m.CreatedAt), JoinURL: joinURL(m),
	}
	if r := []rune(m.Agenda); len(r) > maxListedAgenda {
		out.Agenda = string(r[:maxListedAgenda])
	}
	if !m.StartTime.IsZero() {
		out.StartTime = formatUTC(m.StartTime)
	}
	return out
}

// listed tells whether a list of type typ shows m. The fake neither starts meetings (so none
// is live) nor lets them expire, so "scheduled" is every meeting not deleted.
func listed(m *Meeting, typ string, now time.Time) bool {
	switch typ {
	case "live":
		return false
	case "upcoming", "upcoming_meetings":
		return m.Type == 3 || ends(m).After(now)
	case "previous_meetings":
		return m.Type != 3 && !m.StartTime.After(now)
	}
	return true
}

// ends is when the meeting's last date that is not deleted ends.
func ends(m *Meeting) time.Time {
	end := m.StartTime.Add(time.Duration(m.Duration) * time.Minute)
	if m.Type == 8 {
		end = time.Time{}
		for _, o := range m.Occurrences {
			if o.Status == "available" {
				end = o.StartTime.Add(time.Duration(o.Duration) * time.Minute)
			}
		}
	}
	return end
}

// handleListMeetings is GET /users/{userId}/meetings with type, page_size and next_page_token:
// the meetings the user hosts, once each (a series too), by start time, those without fixed
// time first. Deleted meetings are gone from it.
func (s *Server) handleListMeetings(w http.ResponseWriter, r *http.Request) {
	a := state(r).acct
	userID := r.PathValue("userId")
	host := a.user(userID)
	if host == nil {
		writeUserNotFound(w, userID)
		return
	}
	if host.Status != "active" {
		writeError(w, http.StatusBadRequest, 3161, "Meeting hosting and scheduling capabilities are not allowed for your user account.")
		return
	}
	typ := r.URL.Query().Get("type")
	switch typ {
	case "":
		typ = "scheduled"
	case "scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings":
	default:
		writeFieldError(w, "type", "Invalid field.")
		return
	}
	p, size, ok := s.paging(w, r, "meetings/"+host.ID, typ)
	if !ok {
		return
	}
	now := s.opts.Now()
	var matching []*Meeting
	for _, m := range s.meetings {
		if m.AccountID == a.ID && m.HostID == host.ID && listed(m, p.filter, now) {
			matching = append(matching, m)
		}
	}
	slices.SortFunc(matching, func(x, y *Meeting) int {
		return cmp.Or(x.StartTime.Compare(y.StartTime), cmp.Compare(x.ID, y.ID))
	})
	end := min(p.offset+size, len(matching))
	page := []listedMeetingJSON{}
	for _, m := range matching[min(p.offset, end):end] {
		page = append(page, toListedJSON(m))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"page_count":      (len(matching) + size - 1) / size,
		"page_number":     p.offset/size + 1,
		"page_size":       size,
		"total_records":   len(matching),
		"next_page_token": s.nextPage(p, end, len(matching)),
		"meetings":        page,
	})
}
