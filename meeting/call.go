package meeting

import (
	"context"
	"fmt"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/resources"
	"github.com/onlinemeetings/meeting-addon/store"
)

// call is the save's call step: it carries out the plan at the provider, leaves in p.Record
// the record to finish with, and returns the key of the message for the user ("" for none).
// keep and rezone send nothing.
func (s *Service) call(ctx context.Context, inst addon.Installation, u addon.User, appt *addon.Appointment, p *plan) (string, error) {
	prov, err := s.provider(p.Account.Provider)
	if err != nil {
		return "", err
	}
	acct := addon.Account{InstallationID: inst.ID, ResourceID: p.Account.Resource.ID, Login: p.Account.Account}
	switch p.Do {
	case keep, rezone:
		return p.Done, nil
	case update:
		gone, err := s.update(ctx, prov, acct, p, appt.TimeZone)
		if !gone || err != nil {
			return p.Done, err
		}
		// Someone deleted the meeting at the provider: a new one is made below.
	case replace:
		// The room was swapped: the old account's meeting goes, the new account gets its own.
		if err := s.deleteMeeting(ctx, p.Record); err != nil {
			return "", err
		}
	case create:
		if p.Forget {
			if err := s.Store.DeleteMeeting(ctx, p.Record.Ref); err != nil {
				return "", err
			}
		}
	}
	rec, err := s.create(ctx, prov, acct, inst, u, appt, p.Account, p.Spec)
	if err != nil {
		return "", err
	}
	p.Record = rec
	return "meeting_created", nil
}

// create makes a new meeting. Its intent is recorded before the provider call (see
// recordIntent): if the process dies between the provider's answer and the record, the next
// attempt finds it and cleans up (no orphan). A failed create drops its intent unless its
// outcome is unknown.
func (s *Service) create(ctx context.Context, prov addon.MeetingProvider, acct addon.Account, inst addon.Installation, u addon.User,
	appt *addon.Appointment, b resources.Booked, spec addon.MeetingSpec) (addon.MeetingRecord, error) {
	rec, err := s.recordIntent(ctx, newIntent(inst, appt, b, spec, u))
	if err != nil {
		return addon.MeetingRecord{}, fmt.Errorf("record meeting intent: %w", err)
	}
	m, err := prov.Create(ctx, acct, spec)
	if err == nil || addon.OutcomeUnknown(err) {
		s.countCalls(ctx, b.Provider, acct, 1)
	}
	if err != nil {
		s.dropIntent(ctx, rec, err)
		return addon.MeetingRecord{}, err
	}
	// Should the record's write fail, the intent stays: the next attempt (a redelivery,
	// housekeeping) finds this meeting at the provider and adopts or deletes it.
	rec.Meeting, rec.RemoteState = m, ""
	return rec, nil
}

// update changes p.Record's meeting to p.Spec and, when the provider did, p.Record with it.
// The record is marked Unsure before the call: should its outcome stay unknown (a timeout, a
// crash), the next save sends everything again even if it asks for what the record still
// says. gone reports a meeting the provider no longer has (its record is forgotten).
func (s *Service) update(ctx context.Context, prov addon.MeetingProvider, acct addon.Account, p *plan, tz string) (gone bool, err error) {
	rec := &p.Record
	if !store.Marked(ctx, rec.Ref, addon.Unsure) { // by the reservation's commit
		if err := s.Store.SetRemoteState(ctx, rec.Ref, addon.Unsure); err != nil {
			return false, err
		}
	}
	err = prov.Update(ctx, acct, rec.ID, p.Spec)
	if err == nil || addon.OutcomeUnknown(err) {
		s.countCalls(ctx, p.Account.Provider, acct, 1)
	}
	switch {
	case err == nil:
		rec.Subject, rec.Start, rec.End, rec.Data = p.Spec.Subject, p.Spec.Start, p.Spec.End, altKey(p.Spec.AltHosts)
		rec.TimeZone, rec.RemoteState = tz, ""
		return false, nil
	case addon.OutcomeUnknown(err):
		return false, err // the mark stays
	case addon.ErrorCode(err) != addon.ENOTFOUND:
		// A refusal: the provider still has what the record says.
		if serr := s.Store.SetRemoteState(ctx, rec.Ref, ""); serr != nil {
			return false, serr
		}
		return false, err
	}
	return true, s.Store.DeleteMeeting(ctx, rec.Ref)
}

// remove carries out a plan without an account: the meeting (if any) goes at the provider
// first, then the bookings, and the appointment loses the add-on's block and data.
func (s *Service) remove(ctx context.Context, inst addon.Installation, u addon.User, appt *addon.Appointment, p plan, ans *addon.Answer) error {
	if p.HasRecord {
		if err := s.deleteMeeting(ctx, p.Record); err != nil {
			return err
		}
	}
	if p.Done != "" {
		ans.Add(addon.LevelInfo, p.Done, text(u.Locale, p.Done))
	}
	if err := s.Ledger.Free(ctx, inst.ID, appt.BookingKey(), appt.Occurrence != nil); err != nil {
		return err
	}
	s.clearRecord(ans, appt, p.HasRecord)
	return nil
}

// dropRefused ends a save whose reservation the strict policy refused (the message is in ans):
// the appointment keeps no meeting.
func (s *Service) dropRefused(ctx context.Context, appt *addon.Appointment, p plan, ans *addon.Answer) error {
	if p.HasRecord {
		if err := s.deleteMeeting(ctx, p.Record); err != nil {
			return err
		}
	}
	s.clearRecord(ans, appt, p.HasRecord)
	return nil
}

// newIntent is the record of a create before its provider call (RemoteState Creating).
func newIntent(inst addon.Installation, appt *addon.Appointment, b resources.Booked, spec addon.MeetingSpec, u addon.User) addon.MeetingRecord {
	rec := addon.MeetingRecord{Ref: newRef(), InstallationID: inst.ID, AppointmentID: appt.ID, ResourceID: b.Resource.ID,
		Meeting: addon.Meeting{Provider: b.Provider}, Subject: spec.Subject, Start: spec.Start, End: spec.End, TimeZone: appt.TimeZone,
		OrganizerID: organizerOf(appt, u), Data: altKey(spec.AltHosts), RemoteState: addon.Creating}
	if appt.Occurrence != nil {
		rec.SeriesID, rec.RecurrenceID = appt.Occurrence.SeriesID, appt.Occurrence.RecurrenceID
	}
	return rec
}

// deleteMeeting deletes at the provider first; a meeting the provider no longer knows counts as
// deleted, any other failure keeps the record so that a redelivery retries (no orphans).
func (s *Service) deleteMeeting(ctx context.Context, m addon.MeetingRecord) error {
	if m.RemoteState == addon.Creating {
		return s.cleanIntent(ctx, m)
	}
	p, err := s.provider(m.Provider)
	if err != nil {
		return err
	}
	acct := s.accountOf(ctx, m)
	if sm, ok := seriesOf(m); ok {
		if sp, isSeries := p.(addon.SeriesProvider); isSeries {
			if err := sp.DeleteSeries(ctx, acct, sm); err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
				return fmt.Errorf("delete series %s: %w", m.ID, err)
			}
			return s.Store.DeleteMeeting(ctx, m.Ref)
		}
	}
	if err := p.Delete(ctx, acct, m.ID); err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
		return fmt.Errorf("delete meeting %s: %w", m.ID, err)
	}
	return s.Store.DeleteMeeting(ctx, m.Ref)
}
