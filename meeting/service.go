// Package meeting turns saved CRM appointments into provider meetings: it checks permission
// and double bookings, creates, updates and deletes meetings, and writes the invitation block
// and the hidden meeting-data field back onto the appointment. A save is one pipeline (load,
// plan, reserve, call, finish), read top to bottom from AppointmentSaved in save.go.
package meeting

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/resources"
	"github.com/onlinemeetings/meeting-addon/store"
)

// Service is the appointment side of the add-on.
type Service struct {
	Store     *store.Store
	Ledger    *resources.Ledger
	Providers map[string]addon.MeetingProvider
	BaseURL   string // public base URL, for start links
	Logger    *slog.Logger
	// Template returns the installation's invitation template for a provider, audience
	// ("participant" or "host") and locale; nil means the built-in defaults.
	Template func(ctx context.Context, inst addon.Installation, provider, audience, locale string) string
}

func (s *Service) template(ctx context.Context, inst addon.Installation, provider, audience, locale string) string {
	if s.Template != nil {
		if t := s.Template(ctx, inst, provider, audience, locale); t != "" {
			return t
		}
	}
	return fields.DefaultTemplate(provider, audience, locale)
}

func (s *Service) provider(name string) (addon.MeetingProvider, error) {
	p, ok := s.Providers[name]
	if !ok {
		return nil, addon.Errorf(addon.EUNAVAILABLE, "provider %s is not configured", name)
	}
	return p, nil
}

func newRef() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// permitted answers why a user may not use the add-on, or "" when they may.
func permitted(set addon.Settings, u addon.User) string {
	if set.Permits(u) {
		return ""
	}
	if u.External && set.RunAsUser == "" {
		return "external_user"
	}
	return "not_permitted"
}

// notPermitted handles a save by a user who may not use the add-on. Without a meeting or a
// reservation the save only gets the info message. An appointment that already has one (made
// by someone who may) is kept in step all the same, so that its invitation never goes stale:
// new times and title reach the meeting, and removing its room, or swapping it for another,
// deletes the meeting; booking a new account stays with those who may.
func (s *Service) notPermitted(ctx context.Context, inst addon.Installation, u addon.User, appt *addon.Appointment, why string) (addon.Answer, error) {
	had := ""
	if rec, err := s.Store.MeetingFor(ctx, inst.ID, appt.ID); err == nil {
		had = rec.ResourceID
	} else if addon.ErrorCode(err) != addon.ENOTFOUND {
		return addon.Answer{}, err
	}
	if had == "" && appt.Occurrence == nil {
		bookings, err := s.Store.Bookings(ctx, inst.ID, appt.ID)
		if err != nil {
			return addon.Answer{}, err
		}
		if len(bookings) > 0 {
			had = bookings[0].ResourceID
		}
	}
	if had == "" {
		ans := addon.Answer{}
		ans.Add(addon.LevelInfo, why, text(u.Locale, why))
		return ans, nil
	}
	kept := *appt
	if !slices.ContainsFunc(appt.Resources, func(r addon.Resource) bool {
		return r.ID == had || strings.TrimSpace(r.Fields[resources.PoolField]) != "" // a pool's licence stays while it is booked
	}) {
		// Its room was removed or swapped: the meeting goes, no other account is booked.
		kept.Resources = slices.DeleteFunc(slices.Clone(appt.Resources), func(r addon.Resource) bool {
			return len(resources.MeetingAccounts([]addon.Resource{r})) > 0
		})
	}
	return s.save(ctx, inst, u, &kept)
}

// SeriesElementOpened creates the meeting of one detached element; the answer is for it.
func (s *Service) SeriesElementOpened(ctx context.Context, inst addon.Installation, u addon.User, element, master *addon.Appointment) (addon.Answer, error) {
	if len(element.Resources) == 0 && master != nil {
		element.Resources = master.Resources
	}
	return s.AppointmentSaved(ctx, inst, u, element)
}

// AppointmentDeleted deletes the meetings of a deleted appointment (a master: of all its
// elements) and frees its bookings. A meeting record goes only after the provider confirmed.
func (s *Service) AppointmentDeleted(ctx context.Context, inst addon.Installation, appt *addon.Appointment) (addon.Answer, error) {
	if err := s.dropMeetingOf(ctx, inst.ID, appt.ID); err != nil {
		return addon.Answer{}, err
	}
	key := appt.BookingKey()
	if appt.Occurrence == nil {
		elements, err := s.Store.SeriesMeetings(ctx, inst.ID, appt.ID)
		if err != nil {
			return addon.Answer{}, err
		}
		for _, m := range elements {
			if err := s.deleteMeeting(ctx, m); err != nil {
				return addon.Answer{}, err
			}
		}
	}
	return addon.Answer{}, s.Ledger.Free(ctx, inst.ID, key, appt.Occurrence != nil)
}

func (s *Service) dropMeetingOf(ctx context.Context, inst, appointmentID string) error {
	m, err := s.Store.MeetingFor(ctx, inst, appointmentID)
	if addon.ErrorCode(err) == addon.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	return s.deleteMeeting(ctx, m)
}

// location returns the appointment's time zone (validated by the hook layer).
func location(appt *addon.Appointment) *time.Location {
	if loc, err := addon.LoadLocation(appt.TimeZone); err == nil && appt.TimeZone != "" {
		return loc
	}
	return time.UTC
}

// spanList formats up to three conflicting bookings for a message.
func spanList(bs []addon.Booking, loc *time.Location) string {
	var parts []string
	for i, b := range bs {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("+%d", len(bs)-3))
			break
		}
		p := b.Start.In(loc).Format("02.01.2006 15:04") + "–" + b.End.In(loc).Format("15:04")
		if b.Title != "" {
			p += " " + b.Title
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// userMessage turns an error into a message for the user when it is one they can act on;
// internal and transient errors are returned so that the CRM redelivers the event.
func userMessage(err error, locale string) (string, bool) {
	var e *addon.Error
	if errors.As(err, &e) && e.Code != addon.EINTERNAL && e.Code != addon.EUNAVAILABLE {
		return catalog.In(locale, e), true
	}
	return "", false
}

func organizerOf(appt *addon.Appointment, u addon.User) string {
	if appt.Organizer.ID != "" {
		return appt.Organizer.ID
	}
	return u.ID
}

// loginOf returns the account login of a meeting resource, for provider calls (also of one the
// CRM deleted: its meetings are still changed and deleted).
func (s *Service) loginOf(ctx context.Context, inst, resourceID string) string {
	if r, err := s.Store.ResourceRecord(ctx, inst, resourceID); err == nil {
		return r.Account
	}
	return ""
}
