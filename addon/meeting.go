package addon

import "time"

// MeetingRecord is what the add-on remembers of a meeting it created for an appointment.
type MeetingRecord struct {
	Ref            string // opaque id used in start links
	InstallationID string
	AppointmentID  string
	SeriesID       string
	RecurrenceID   string
	ResourceID     string
	Meeting
	Subject     string
	Start, End  time.Time
	OrganizerID string
	Data        string // provider-specific state, JSON
}
