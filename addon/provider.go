package addon

import (
	"context"
	"time"
)

// Provider names.
const (
	ProviderGoTo = "gotomeeting"
	ProviderZoom = "zoom"
)

// MeetingSpec is what the add-on asks a provider to schedule.
type MeetingSpec struct {
	Subject  string
	Start    time.Time // UTC
	End      time.Time // UTC
	TimeZone string    // IANA name of the appointment
	AltHosts []string  // alternative hosts (Zoom), logins of licence users
}

// Meeting is a scheduled meeting as the provider answered it, provider-neutral.
type Meeting struct {
	Provider   string `json:"provider"`
	ID         string `json:"meeting_id"`
	JoinURL    string `json:"join_url"`
	DialIn     string `json:"dial_in,omitempty"`
	Passcode   string `json:"passcode,omitempty"`
	AccessCode string `json:"access_code,omitempty"`
}

// Account is the provider account a booked resource stands for.
type Account struct {
	InstallationID string
	ResourceID     string // CRM resource id
	Login          string // e.g. the GoToMeeting account name or the Zoom user
}

// MeetingProvider schedules meetings at one provider on behalf of an account. Implementations
// translate provider errors into *Error with a message a CRM user can act on.
type MeetingProvider interface {
	Create(ctx context.Context, acct Account, spec MeetingSpec) (Meeting, error)
	Update(ctx context.Context, acct Account, meetingID string, spec MeetingSpec) error
	Delete(ctx context.Context, acct Account, meetingID string) error
	// HostURL returns a fresh start link for the organizer; it is never stored or shown to others.
	HostURL(ctx context.Context, acct Account, meetingID string) (string, error)
}
