package meeting

import (
	"context"
	"fmt"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/resources"
	"github.com/onlinemeetings/meeting-addon/store"
)

// AppointmentSaved handles appointment.saved for single appointments, detached elements and
// series masters. One save is one pipeline, read top to bottom in save (a series master's in
// saveSeries, series.go, with the same steps):
//
//  1. claim (hooks.Handler, before this): a redelivery is answered from the store; otherwise
//     the appointment's lease is taken, a replayed MAC or an event older than the newest
//     applied one is answered without effect (hooks/order.go), and the appointment's meeting
//     record is read ahead with the event's marks.
//  2. load: the booked accounts and the appointment's meeting record (the claim's read); an
//     intent left by an earlier attempt whose outcome is unknown is settled at the provider
//     first, adopting or deleting what it made (intent.go).
//  3. plan: what the provider must do (keep, create, update, replace, remove, …) and with
//     which spec, decided from the appointment, the record, the accounts and the settings
//     alone (planMeeting, plan.go; planSeries for a course). A plan without an account
//     removes the meeting and then frees the bookings (remove, call.go); one whose accounts
//     cannot share a meeting only tells the user. An element of a course that its provider
//     schedules as one series is answered from that series (seriesElement, element.go).
//  4. reserve: the account (or a pool's free licence) is booked for the appointment's times
//     under the account's row lock, with the strict or warn policy; a new meeting's intent
//     (RemoteState Creating) rides in that commit (reserve.go). A pool's plan is made again
//     with the licence it got.
//  5. call: the plan is carried out at the provider (call.go): the intent is recorded before
//     every create, a meeting is marked Unsure before every update, and an unknown outcome
//     keeps the intent or mark for the next attempt. What the provider needs beyond its API
//     (topics, co-hosts, capacity, counted calls) is in its rules (provider.go).
//  6. finish: the meeting's record is queued for the answer's commit (store.FinishMeeting),
//     the invitation and meeting data go into the answer (answer.go), and hooks.Handler
//     commits the record, the event's mark, the stored answer with its MAC and the lease's
//     release at once.
//
// A user who may not use the add-on only keeps an existing meeting in step (notPermitted).
func (s *Service) AppointmentSaved(ctx context.Context, inst addon.Installation, u addon.User, appt *addon.Appointment) (addon.Answer, error) {
	if why := permitted(inst.Settings, u); why != "" {
		return s.notPermitted(ctx, inst, u, appt, why)
	}
	return s.save(ctx, inst, u, appt)
}

// save is the pipeline of AppointmentSaved for a user who may.
func (s *Service) save(ctx context.Context, inst addon.Installation, u addon.User, appt *addon.Appointment) (addon.Answer, error) {
	if appt.Series != nil {
		return s.saveSeries(ctx, inst, u, appt)
	}
	ans := addon.Answer{}

	// 2. load
	booked := resources.MeetingAccounts(appt.Resources)
	rec, adopted, err := s.load(ctx, inst, appt.ID, booked, true)
	if err != nil {
		return ans, err
	}

	// 3. plan
	in := planInput{Appt: appt, Settings: inst.Settings, Booked: booked, Record: rec, Adopted: adopted}
	p := planMeeting(in)
	switch p.Do {
	case reject:
		ans.Add(addon.LevelError, "multiple_meeting_resources", text(u.Locale, "multiple_meeting_resources", p.Names))
		return ans, nil
	case remove:
		return ans, s.remove(ctx, inst, u, appt, p, &ans)
	}
	if appt.Occurrence != nil {
		// An element of a course its provider schedules as one series gets the series' link.
		if handled, err := s.seriesElement(ctx, inst, u, appt, &ans); handled || err != nil {
			return ans, err
		}
	}

	// 4. reserve
	if p.planIntent() {
		// A new meeting's intent rides in the reservation's commit (written only when the
		// reservation books the account): one commit fewer before the provider call.
		ctx = store.WithIntent(ctx, newIntent(inst, appt, p.Account, p.Spec, u))
	} else if p.Do == update {
		// So does an update's Unsure mark (see update).
		ctx = store.WithMark(ctx, p.Record.Ref, addon.Unsure, p.Account.Resource.ID)
	}
	key := appt.BookingKey()
	span := addon.Booking{Key: key, Start: appt.Start.UTC(), End: appt.End.UTC(), Title: appt.Title}
	b, refused, err := s.reserve(ctx, inst, u, appt, p.Account, key, appt.Occurrence != nil, []addon.Booking{span}, rec, &ans)
	if err != nil {
		return ans, err
	}
	if refused {
		return ans, s.dropRefused(ctx, appt, p, &ans)
	}
	if p.Account.Provider == addon.ProviderPool {
		in.Booked = []resources.Booked{b} // the licence the reservation picked
		p = planMeeting(in)
	}

	// 5. call
	if p.Notice != "" {
		ans.Add(addon.LevelWarning, p.Notice, text(u.Locale, p.Notice))
	}
	if p.Do == reportGone { // nothing to send: the user is told, and the next save makes a new one
		s.clearRecord(&ans, appt, true)
		return ans, s.Store.SetRemoteState(ctx, p.Record.Ref, addon.RemoteGoneNotified)
	}
	done, err := s.call(ctx, inst, u, appt, &p)
	if err != nil {
		return ans, s.failed(err, u, &ans)
	}

	// 6. finish
	if p.Do != keep {
		if err := s.Store.FinishMeeting(ctx, p.Record); err != nil {
			return ans, s.failed(fmt.Errorf("record meeting: %w", err), u, &ans)
		}
	}
	if done != "" {
		ans.Add(addon.LevelInfo, done, text(u.Locale, done))
	}
	s.writeRecord(ctx, &ans, inst, appt, u, p.Record)
	return ans, nil
}

// load is the save's load step: it remembers a learnt account (see rules.learnsAccount) and
// reads the appointment's meeting record (nil: none). An intent of an earlier attempt whose
// outcome is unknown is settled first: with adopt, the meeting it made becomes the record
// (adopted), otherwise it is deleted.
func (s *Service) load(ctx context.Context, inst addon.Installation, appointmentID string, booked []resources.Booked, adopt bool) (rec *addon.MeetingRecord, adopted bool, err error) {
	if len(booked) > 0 && rulesOf(booked[0].Provider).learnsAccount {
		// This comes first: a changed login moves the previous one's meetings aside.
		b := booked[0]
		if _, _, err := s.Store.SaveResource(ctx, addon.MeetingResource{InstallationID: inst.ID, ResourceID: b.Resource.ID, Provider: b.Provider, Name: b.Resource.Name, Account: b.Account}); err != nil {
			return nil, false, err
		}
	}
	m, err := s.Store.MeetingFor(ctx, inst.ID, appointmentID)
	if addon.ErrorCode(err) == addon.ENOTFOUND {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	if m.RemoteState == addon.Creating {
		m, ok, err := s.settleIntent(ctx, m, adopt)
		if err != nil || !ok {
			return nil, false, err
		}
		return &m, true, nil
	}
	return &m, false, nil
}

// failed turns a failed call into the user's error message, or returns it when the user
// cannot act on it (the CRM redelivers the event).
func (s *Service) failed(err error, u addon.User, ans *addon.Answer) error {
	msg, ok := userMessage(err, u.Locale)
	if !ok {
		return err
	}
	ans.Add(addon.LevelError, "meeting_failed", text(u.Locale, "meeting_failed", msg))
	return nil
}
