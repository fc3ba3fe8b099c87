package addon

import "time"

// User is the CRM user who caused an event.
type User struct {
	ID       string   `json:"id"`
	Login    string   `json:"login"`
	Name     string   `json:"name"`
	Email    string   `json:"email"`
	Groups   []string `json:"groups"`
	External bool     `json:"external"`
	Locale   string   `json:"locale"`
}

// Person is an organizer or attendee of an appointment.
type Person struct {
	ID       string `json:"id,omitempty"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	External bool   `json:"external,omitempty"`
}

// Resource is a CRM resource with the values of the fields the add-on declared for resources.
type Resource struct {
	ID     string            `json:"id"`
	Name   string            `json:"name"`
	Fields map[string]string `json:"fields"`
}

// Occurrence is one element of a series as the CRM expanded it.
type Occurrence struct {
	RecurrenceID string    `json:"recurrence_id"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	Cancelled    bool      `json:"cancelled"`
}

// Series is the expansion of a series master; Occurrences is authoritative, Rule informative.
type Series struct {
	Rule        *string      `json:"rule"`
	Occurrences []Occurrence `json:"occurrences"`
}

// OccurrenceRef marks an appointment detached from a series.
type OccurrenceRef struct {
	SeriesID     string `json:"series_id"`
	RecurrenceID string `json:"recurrence_id"`
}

// Appointment is a CRM appointment as a hook delivers it.
type Appointment struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	Number     string            `json:"number"`
	Start      time.Time         `json:"start"`
	End        time.Time         `json:"end"`
	TimeZone   string            `json:"time_zone"`
	AllDay     bool              `json:"all_day"`
	Location   string            `json:"location"`
	Note       string            `json:"note"`
	Organizer  Person            `json:"organizer"`
	Attendees  []Person          `json:"attendees"`
	Resources  []Resource        `json:"resources"`
	Fields     map[string]string `json:"fields"`
	Series     *Series           `json:"series"`
	Occurrence *OccurrenceRef    `json:"occurrence"`
}

// BookingKey identifies what a booking reserves: a single appointment, or one occurrence of a
// series (a detached element books the same key as its master's occurrence, so the two never
// count as a double booking of each other).
type BookingKey struct {
	AppointmentID string
	RecurrenceID  string
}

// BookingKey returns the key this appointment books under.
func (a *Appointment) BookingKey() BookingKey {
	if a.Occurrence != nil {
		return BookingKey{AppointmentID: a.Occurrence.SeriesID, RecurrenceID: a.Occurrence.RecurrenceID}
	}
	return BookingKey{AppointmentID: a.ID}
}

// Booking reserves a meeting account for a time span.
type Booking struct {
	ResourceID string
	Key        BookingKey
	Start, End time.Time
	Title      string
}

// Overlaps reports whether two half-open spans [s1,e1) and [s2,e2) intersect.
func Overlaps(s1, e1, s2, e2 time.Time) bool { return s1.Before(e2) && s2.Before(e1) }

// AppointmentLock names the lease under which every change to an appointment's meeting runs
// (hook handling and housekeeping alike).
func AppointmentLock(inst, appointmentID string) string {
	return "appointment:" + inst + "/" + appointmentID
}

// ResourceLock names the lease under which a resource's hooks run.
func ResourceLock(inst, resourceID string) string {
	return "resource:" + inst + "/" + resourceID
}

// HomeZone is the zone dates are shown in where nothing gives one: the CRM's users are in
// Germany. It falls back to UTC where the system has no zone database.
func HomeZone() *time.Location { return homeZone }

var homeZone = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Berlin"); err == nil {
		return loc
	}
	return time.UTC
}()
