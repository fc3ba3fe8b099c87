package zoom

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// List types of MeetingListOptions.Type.
const (
	// ListScheduled is every unexpired meeting: past, live and upcoming ones, recurring
	// meetings and meetings without fixed time included.
	ListScheduled = "scheduled"
	ListLive      = "live"
	ListUpcoming  = "upcoming"
	ListPrevious  = "previous_meetings"
)

// MeetingListOptions selects one page of GET /users/{userId}/meetings.
type MeetingListOptions struct {
	Type          string // ListScheduled (Zoom's default), ListLive, ListUpcoming or ListPrevious
	PageSize      int    // Zoom's default is 30, at most 300
	NextPageToken string // from the previous page; expires after 15 minutes
}

// MeetingList is one page of a host's meetings. The list only shows id, uuid, host_id, topic,
// type, start_time, duration, timezone, created_at, join_url and a shortened agenda: no
// passcode, settings or start link (use Get for those).
type MeetingList struct {
	PageSize      int       `json:"page_size"`
	TotalRecords  int       `json:"total_records"`
	NextPageToken string    `json:"next_page_token"`
	Meetings      []Meeting `json:"meetings"`
}

// List fetches one page of the meetings userID (id, email or "me") hosts.
func (s *MeetingsService) List(ctx context.Context, userID string, opts *MeetingListOptions) (*MeetingList, *http.Response, error) {
	if userID == "" {
		return nil, nil, errNoID
	}
	q := url.Values{}
	if opts != nil {
		if opts.Type != "" {
			q.Set("type", opts.Type)
		}
		if opts.PageSize > 0 {
			q.Set("page_size", strconv.Itoa(opts.PageSize))
		}
		if opts.NextPageToken != "" {
			q.Set("next_page_token", opts.NextPageToken)
		}
	}
	path := "users/" + segment(userID) + "/meetings"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	req, err := s.client.NewRequest(ctx, http.MethodGet, path, nil)
	if err != nil {
		return nil, nil, err
	}
	page := &MeetingList{}
	resp, err := s.client.Do(req, page)
	if err != nil {
		return nil, resp, err
	}
	return page, resp, nil
}

// ListAll follows next_page_token through all meetings of type typ ("" means ListScheduled)
// that userID hosts, using the largest page size to spend as few requests as possible.
func (s *MeetingsService) ListAll(ctx context.Context, userID, typ string) ([]Meeting, error) {
	opts := &MeetingListOptions{Type: typ, PageSize: 300}
	var all []Meeting
	for range maxPages {
		page, _, err := s.List(ctx, userID, opts)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Meetings...)
		if page.NextPageToken == "" {
			return all, nil
		}
		opts.NextPageToken = page.NextPageToken
	}
	return nil, fmt.Errorf("zoom: list meetings: more than %d pages", maxPages)
}
