package hooks

import (
	"errors"
	"fmt"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

func (c *checker) user(u addon.User) {
	c.str("user.id", u.ID, true, maxID)
	c.chars("user.name", u.Name, false, maxStringField)
	c.chars("user.email", u.Email, false, maxStringField)
	if u.Locale != "" && u.Locale != "de" && u.Locale != "en" {
		c.fail("user.locale", "locale")
	}
	if len(u.Groups) > 1000 {
		c.fail("user.groups", "too_many_1000")
	}
}

func (c *checker) resource(path string, r addon.Resource) {
	c.str(path+".id", r.ID, true, maxID)
	c.chars(path+".name", r.Name, false, maxStringField)
	for k, v := range r.Fields {
		c.chars(path+".fields."+k, v, false, maxStringField)
	}
}

// appointment validates and converts; deleted appointments carry only ids and fields.
func (c *checker) appointment(path string, a *appointment, deleted bool) *addon.Appointment {
	if a == nil {
		c.fail(path, "required")
		return nil
	}
	out := &addon.Appointment{ID: a.ID, Title: a.Title, Number: a.Number, TimeZone: a.TimeZone, AllDay: a.AllDay,
		Location: a.Location, Note: a.Note, Organizer: a.Organizer, Attendees: a.Attendees, Resources: a.Resources,
		Fields: a.Fields, Occurrence: a.Occurrence}
	if out.Fields == nil {
		out.Fields = map[string]string{}
	}
	c.str(path+".id", a.ID, true, maxID)
	for k, v := range a.Fields {
		c.field(path+".fields."+k, k, v)
	}
	if a.Occurrence != nil {
		c.str(path+".occurrence.series_id", a.Occurrence.SeriesID, true, maxID)
		c.str(path+".occurrence.recurrence_id", a.Occurrence.RecurrenceID, true, maxID)
	}
	if a.Series != nil {
		out.Series = &addon.Series{Rule: a.Series.Rule}
	}
	if deleted {
		return out
	}
	c.str(path+".title", a.Title, false, maxTitle)
	c.chars(path+".number", a.Number, false, maxStringField)
	c.str(path+".note", a.Note, false, maxNote)
	c.str(path+".location", a.Location, false, maxTitle)
	c.str(path+".organizer.id", a.Organizer.ID, false, maxID)
	c.chars(path+".organizer.name", a.Organizer.Name, false, maxStringField)
	c.chars(path+".organizer.email", a.Organizer.Email, false, maxStringField)
	if len(a.Attendees) > maxAttendees {
		c.fail(path+".attendees", "too_many", maxAttendees)
	}
	for i, p := range a.Attendees {
		if i < maxAttendees {
			c.chars(fmt.Sprintf("%s.attendees[%d].name", path, i), p.Name, false, maxStringField)
			c.chars(fmt.Sprintf("%s.attendees[%d].email", path, i), p.Email, false, maxStringField)
		}
	}
	out.Start = c.time(path+".start", a.Start)
	out.End = c.time(path+".end", a.End)
	if !out.Start.IsZero() && !out.End.IsZero() && out.End.Before(out.Start) {
		c.fail(path+".end", "before_start")
	}
	if a.TimeZone == "" {
		c.fail(path+".time_zone", "required")
	} else if len(a.TimeZone) > maxID {
		c.fail(path+".time_zone", "too_long_bytes", maxID)
	} else if _, err := addon.LoadLocation(a.TimeZone); err != nil {
		c.fail(path+".time_zone", "not_time_zone")
	}
	if len(a.Resources) > maxResources {
		c.fail(path+".resources", "too_many", maxResources)
	}
	for i, r := range a.Resources {
		if i < maxResources {
			c.resource(fmt.Sprintf("%s.resources[%d]", path, i), r)
		}
	}
	if a.Series != nil {
		if len(a.Series.Occurrences) > maxOccurrences {
			c.fail(path+".series.occurrences", "too_many", maxOccurrences)
			return out
		}
		seen := make(map[string]int, len(a.Series.Occurrences))
		for i, o := range a.Series.Occurrences {
			p := fmt.Sprintf("%s.series.occurrences[%d]", path, i)
			c.str(p+".recurrence_id", o.RecurrenceID, true, maxID)
			if j, dup := seen[o.RecurrenceID]; dup && o.RecurrenceID != "" {
				c.fail(p+".recurrence_id", "occurrence_repeated", j)
			}
			seen[o.RecurrenceID] = i
			occ := addon.Occurrence{RecurrenceID: o.RecurrenceID, Start: c.time(p+".start", o.Start), End: c.time(p+".end", o.End), Cancelled: o.Cancelled}
			if !occ.Start.IsZero() && !occ.End.IsZero() && occ.End.Before(occ.Start) {
				c.fail(p+".end", "before_start")
			}
			out.Series.Occurrences = append(out.Series.Occurrences, occ)
		}
	}
	return out
}

// validated is a hook body that passed validation.
type validated struct {
	occurred     time.Time // when the event happened at the CRM
	user         addon.User
	appointment  *addon.Appointment
	seriesMaster *addon.Appointment
	resource     *addon.Resource
}

func validate(event string, b body, inst addon.Installation, now time.Time) (validated, error) {
	c := &checker{}
	if b.Event != event {
		c.fail("event", "event_mismatch", b.Event, event)
	}
	if b.SystemURL != inst.SystemURL {
		c.fail("system_url", "system_url_mismatch")
	}
	c.user(b.User)
	v := validated{user: b.User, occurred: now}
	if b.OccurredAt != "" {
		// Without it (an older CRM) events apply in arrival order.
		v.occurred = c.time("occurred_at", b.OccurredAt)
		if v.occurred.After(now.Add(Window)) {
			c.fail("occurred_at", "future")
		}
	}
	if v.user.Locale == "" {
		v.user.Locale = "de"
	}
	switch event {
	case "appointment.saved":
		v.appointment = c.appointment("appointment", b.Appointment, false)
	case "appointment.series_element_opened":
		v.appointment = c.appointment("appointment", b.Appointment, false)
		if v.appointment != nil && v.appointment.Occurrence == nil {
			c.fail("appointment.occurrence", "required_series_element")
		}
		v.seriesMaster = c.appointment("series_master", b.SeriesMaster, false)
	case "appointment.deleted":
		v.appointment = c.appointment("appointment", b.Appointment, true)
	case "resource.saved", "resource.deleted":
		if b.Resource == nil {
			c.fail("resource", "required")
		} else {
			c.resource("resource", *b.Resource)
			v.resource = b.Resource
		}
	}
	return v, c.err()
}
