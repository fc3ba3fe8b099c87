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
	TimeZone    string // the appointment's IANA zone, for showing the times
	OrganizerID string
	Data        string // provider-specific state, JSON
	// RemoteState records what the provider told us happened to the meeting outside the
	// add-on: "" (nothing), RemoteChanged, RemoteGone (confirmed deleted), RemoteGoneNotified.
	RemoteState string
	// Updated is when the add-on last wrote the record (read-only; set by the store).
	Updated time.Time
}

// Remote states of a meeting changed in the provider's own interface.
const (
	RemoteChanged      = "changed"
	RemoteGone         = "gone"
	RemoteGoneNotified = "gone_notified"
	// Creating marks a meeting whose creation was asked of the provider but not yet recorded.
	Creating = "creating"
	// Updating marks a series whose update, which may create meetings (a new block), was asked
	// of the provider but not yet recorded.
	Updating = "updating"
	// Unsure marks a meeting whose last update's outcome is unknown (a timeout or a 5xx): the
	// provider's copy may be the old or the new one, so the next save sends everything again.
	Unsure = "unsure"
)

// Zone is the location the meeting's times are shown in: its appointment's zone, else the
// home zone (records made before the zone was kept).
func (m MeetingRecord) Zone() *time.Location {
	if m.TimeZone != "" {
		if loc, err := LoadLocation(m.TimeZone); err == nil {
			return loc
		}
	}
	return HomeZone()
}
