package zoom

import (
	"context"
	"net/http"
)

// AccountsService reads account-wide settings.
type AccountsService service

// AccountSettings is the part of GET /accounts/{accountId}/settings the add-on reads.
type AccountSettings struct {
	ScheduleMeeting struct {
		MeetingPasswordRequirement          *PasswordRequirement `json:"meeting_password_requirement,omitempty"`
		RequirePasswordForScheduledMeetings bool                 `json:"require_password_for_scheduled_meetings"`
	} `json:"schedule_meeting"`
	// MeetingSecurity is only filled when the settings were asked with option=meeting_security.
	MeetingSecurity struct {
		MeetingPasswordRequirement *PasswordRequirement `json:"meeting_password_requirement,omitempty"`
	} `json:"meeting_security"`
}

// PasswordRequirement returns the account's passcode rules wherever Zoom placed them, or nil.
func (s *AccountSettings) PasswordRequirement() *PasswordRequirement {
	if s.ScheduleMeeting.MeetingPasswordRequirement != nil {
		return s.ScheduleMeeting.MeetingPasswordRequirement
	}
	return s.MeetingSecurity.MeetingPasswordRequirement
}

// Settings fetches the settings of accountID; "me" is the account the token belongs to.
func (s *AccountsService) Settings(ctx context.Context, accountID string) (*AccountSettings, *http.Response, error) {
	if accountID == "" {
		return nil, nil, errNoID
	}
	req, err := s.client.NewRequest(ctx, http.MethodGet, "accounts/"+segment(accountID)+"/settings", nil)
	if err != nil {
		return nil, nil, err
	}
	st := &AccountSettings{}
	resp, err := s.client.Do(req, st)
	if err != nil {
		return nil, resp, err
	}
	return st, resp, nil
}
