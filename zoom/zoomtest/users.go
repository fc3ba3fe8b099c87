package zoomtest

import (
	"net/http"
	"strconv"
	"time"
)

// pageTokenLifetime is how long Zoom honours a next_page_token.
const pageTokenLifetime = 15 * time.Minute

// pageToken is what a next_page_token stands for: where in which list the next page starts.
type pageToken struct {
	accountID string
	list      string // "users", or "meetings/" and the host's id
	filter    string // status of users, type of meetings
	offset    int
	expires   time.Time
}

// paging reads page_size (default 30, at most 300) and next_page_token of a request for list,
// filtered by filter. A token brings back the filter and offset of the page before. It answers
// Zoom's refusal itself and then returns false.
func (s *Server) paging(w http.ResponseWriter, r *http.Request, list, filter string) (p pageToken, size int, ok bool) {
	a, q, now := state(r).acct, r.URL.Query(), s.opts.Now()
	p, size = pageToken{accountID: a.ID, list: list, filter: filter}, 30
	if v := q.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			writeFieldError(w, "page_size", "Invalid field.")
			return p, 0, false
		}
		size = min(max(n, 1), 300) // Zoom caps a page at 300 records
	}
	if tok := q.Get("next_page_token"); tok != "" {
		pt, found := s.pageTokens[tok]
		if !found || pt.accountID != a.ID || pt.list != list || !now.Before(pt.expires) {
			writeError(w, http.StatusBadRequest, 300, "The next page token is invalid or expired.")
			return p, 0, false
		}
		delete(s.pageTokens, tok)
		p = pt
	}
	return p, size, true
}

// nextPage returns a token for the page after p that ends at end, or "" when total records
// end there.
func (s *Server) nextPage(p pageToken, end, total int) string {
	if end >= total {
		return ""
	}
	tok := s.randomString(32)
	p.offset, p.expires = end, s.opts.Now().Add(pageTokenLifetime)
	s.pageTokens[tok] = p
	return tok
}

type userJSON struct {
	ID          string `json:"id"`
	FirstName   string `json:"first_name,omitempty"`
	LastName    string `json:"last_name,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
	Email       string `json:"email"`
	Type        int    `json:"type"`
	Status      string `json:"status"`
	Timezone    string `json:"timezone,omitempty"`
	RoleID      string `json:"role_id"`
	Verified    int    `json:"verified"`
}

func toUserJSON(a *Account, u *User) userJSON {
	role := "2" // member
	if u == a.owner() {
		role = "0"
	}
	name := u.FirstName
	if u.LastName != "" {
		name += " " + u.LastName
	}
	return userJSON{
		ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, DisplayName: name, Email: u.Email,
		Type: u.Type, Status: u.Status, Timezone: u.Timezone, RoleID: role, Verified: 1,
	}
}

// handleListUsers is GET /users with status, page_size and next_page_token.
func (s *Server) handleListUsers(w http.ResponseWriter, r *http.Request) {
	a := state(r).acct
	status := r.URL.Query().Get("status")
	if status == "" {
		status = "active"
	}
	p, size, ok := s.paging(w, r, "users", status)
	if !ok {
		return
	}
	status, offset := p.filter, p.offset
	var matching []*User
	for _, u := range a.users {
		if u.Status == status {
			matching = append(matching, u)
		}
	}
	end := min(offset+size, len(matching))
	page := []userJSON{}
	for _, u := range matching[min(offset, end):end] {
		page = append(page, toUserJSON(a, u))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"page_count":      (len(matching) + size - 1) / size,
		"page_size":       size,
		"total_records":   len(matching),
		"next_page_token": s.nextPage(p, end, len(matching)),
		"users":           page,
	})
}

// handleGetUser is GET /users/{userId} (id, email or "me").
func (s *Server) handleGetUser(w http.ResponseWriter, r *http.Request) {
	a := state(r).acct
	u := a.user(r.PathValue("userId"))
	if u == nil {
		writeUserNotFound(w, r.PathValue("userId"))
		return
	}
	writeJSON(w, http.StatusOK, toUserJSON(a, u))
}

func writeUserNotFound(w http.ResponseWriter, id string) {
	writeError(w, http.StatusNotFound, 1001, "User does not exist: "+id+".")
}

// handleUserSettings is GET /users/{userId}/settings; with option=meeting_security it answers
// the security settings holding the passcode rules.
func (s *Server) handleUserSettings(w http.ResponseWriter, r *http.Request) {
	a := state(r).acct
	u := a.user(r.PathValue("userId"))
	if u == nil {
		writeUserNotFound(w, r.PathValue("userId"))
		return
	}
	req := a.requirement(u.ID)
	if r.URL.Query().Get("option") == "meeting_security" {
		writeJSON(w, http.StatusOK, map[string]any{"meeting_security": map[string]any{
			"meeting_password_requirement":           req,
			"require_password_for_scheduled_meeting": true,
			"embed_password_in_join_link":            true,
			"waiting_room":                           false,
		}})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"schedule_meeting": map[string]any{
		"require_password_for_scheduled_meetings": true,
		"host_video":       false,
		"join_before_host": false,
	}})
}

// handleAccountSettings is GET /accounts/{accountId}/settings for the token's own account.
func (s *Server) handleAccountSettings(w http.ResponseWriter, r *http.Request) {
	a := state(r).acct
	if id := r.PathValue("accountId"); id != "me" && id != a.ID {
		writeError(w, http.StatusNotFound, 2001, "Account does not exist: "+id+".")
		return
	}
	req := DefaultPasswordRequirement
	if a.accReq != nil {
		req = *a.accReq
	}
	if r.URL.Query().Get("option") == "meeting_security" {
		writeJSON(w, http.StatusOK, map[string]any{"meeting_security": map[string]any{
			"meeting_password_requirement": req,
		}})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"schedule_meeting": map[string]any{
		"meeting_password_requirement":            req,
		"require_password_for_scheduled_meetings": true,
	}})
}
