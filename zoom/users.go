package zoom

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// UsersService reads the account's users (its licences) and their passcode rules.
type UsersService service

// User is a Zoom user. Type 1 is basic, 2 licensed.
type User struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	FirstName   string `json:"first_name,omitempty"`
	LastName    string `json:"last_name,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
	Type        int    `json:"type"`
	Status      string `json:"status,omitempty"` // active, inactive, pending
	Timezone    string `json:"timezone,omitempty"`
	RoleID      string `json:"role_id,omitempty"`
}

// UserListOptions selects one page of GET /users.
type UserListOptions struct {
	Status        string // active (Zoom's default), inactive or pending
	PageSize      int    // Zoom's default is 30, at most 300
	NextPageToken string // from the previous page; expires after 15 minutes
}

// UserList is one page of users.
type UserList struct {
	PageSize      int    `json:"page_size"`
	TotalRecords  int    `json:"total_records"`
	NextPageToken string `json:"next_page_token"`
	Users         []User `json:"users"`
}

// PasswordRequirement is Zoom's meeting passcode rule set.
type PasswordRequirement struct {
	Length                      int  `json:"length"` // minimum length
	HaveLetter                  bool `json:"have_letter"`
	HaveNumber                  bool `json:"have_number"`
	HaveSpecialCharacter        bool `json:"have_special_character"`
	HaveUpperAndLowerCharacters bool `json:"have_upper_and_lower_characters"`
	OnlyAllowNumeric            bool `json:"only_allow_numeric"`
	// ConsecutiveCharactersLength n > 0 allows at most n-1 consecutive characters such as
	// "abcd"; 0 means no rule.
	ConsecutiveCharactersLength int  `json:"consecutive_characters_length"`
	WeakEnhanceDetection        bool `json:"weak_enhance_detection"`
}

// List fetches one page of users.
func (s *UsersService) List(ctx context.Context, opts *UserListOptions) (*UserList, *http.Response, error) {
	q := url.Values{}
	if opts != nil {
		if opts.Status != "" {
			q.Set("status", opts.Status)
		}
		if opts.PageSize > 0 {
			q.Set("page_size", strconv.Itoa(opts.PageSize))
		}
		if opts.NextPageToken != "" {
			q.Set("next_page_token", opts.NextPageToken)
		}
	}
	path := "users"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	req, err := s.client.NewRequest(ctx, http.MethodGet, path, nil)
	if err != nil {
		return nil, nil, err
	}
	page := &UserList{}
	resp, err := s.client.Do(req, page)
	if err != nil {
		return nil, resp, err
	}
	return page, resp, nil
}

// maxPages stops the ListAll methods should a server keep handing out page tokens; 1,000 pages
// of 300 users or meetings is beyond any account or host this add-on serves.
const maxPages = 1000

// ListAll follows next_page_token through all users with status ("" means active), using the
// largest page size to spend as few requests of the rate limit as possible.
func (s *UsersService) ListAll(ctx context.Context, status string) ([]User, error) {
	opts := &UserListOptions{Status: status, PageSize: 300}
	var all []User
	for range maxPages {
		page, _, err := s.List(ctx, opts)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Users...)
		if page.NextPageToken == "" {
			return all, nil
		}
		opts.NextPageToken = page.NextPageToken
	}
	return nil, fmt.Errorf("zoom: list users: more than %d pages", maxPages)
}

// Get fetches one user by id, email or "me".
func (s *UsersService) Get(ctx context.Context, userID string) (*User, *http.Response, error) {
	if userID == "" {
		return nil, nil, errNoID
	}
	req, err := s.client.NewRequest(ctx, http.MethodGet, "users/"+segment(userID), nil)
	if err != nil {
		return nil, nil, err
	}
	u := &User{}
	resp, err := s.client.Do(req, u)
	if err != nil {
		return nil, resp, err
	}
	return u, resp, nil
}

type meetingSecuritySettings struct {
	MeetingSecurity struct {
		MeetingPasswordRequirement *PasswordRequirement `json:"meeting_password_requirement"`
	} `json:"meeting_security"`
}

// MeetingSecurity fetches the passcode rules that apply to meetings userID hosts.
func (s *UsersService) MeetingSecurity(ctx context.Context, userID string) (*PasswordRequirement, *http.Response, error) {
	if userID == "" {
		return nil, nil, errNoID
	}
	req, err := s.client.NewRequest(ctx, http.MethodGet, "users/"+segment(userID)+"/settings?option=meeting_security", nil)
	if err != nil {
		return nil, nil, err
	}
	var st meetingSecuritySettings
	resp, err := s.client.Do(req, &st)
	if err != nil {
		return nil, resp, err
	}
	if st.MeetingSecurity.MeetingPasswordRequirement == nil {
		return nil, resp, fmt.Errorf("zoom: settings of user %s name no meeting_password_requirement", userID)
	}
	return st.MeetingSecurity.MeetingPasswordRequirement, resp, nil
}
