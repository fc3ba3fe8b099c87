package meeting

import (
	"context"
	"slices"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/store"
)

// An intent is the record of a create written before the provider call (RemoteState
// Creating). A create whose outcome is unknown (a timeout, a broken connection, a 5xx: the
// provider may have done the work and only its answer got lost) keeps its intent; the next
// attempt, be it the CRM's redelivery, the user's next save or housekeeping, settles it by
// looking at the provider before anything is created again.

// Adopter is a provider that can read back, in full, a meeting whose create answer was lost,
// so that it can be adopted instead of deleted and made again (Zoom). GoTo's meeting details
// carry no join link, so its meetings of lost answers are deleted and created anew: nobody
// has seen their link yet.
type Adopter interface {
	Adopt(ctx context.Context, acct addon.Account, id string) (addon.Meeting, error)
}

// recordIntent records want, a create's intent, before its provider call, unless the
// reservation's commit carried it (store.WithIntent) for the same account, subject and times:
// then that one is the intent. It returns the intent recorded.
func (s *Service) recordIntent(ctx context.Context, want addon.MeetingRecord) (addon.MeetingRecord, error) {
	rec, recorded := store.PlannedIntent(ctx)
	if recorded && rec.ResourceID == want.ResourceID && rec.Subject == want.Subject && rec.Start.Equal(want.Start) && rec.End.Equal(want.End) {
		return rec, nil
	}
	return want, s.Store.CreateMeeting(ctx, want)
}

// dropIntent forgets the intent of a create that failed, unless the failure leaves open
// whether the provider created the meeting: then the intent stays for the next attempt.
func (s *Service) dropIntent(ctx context.Context, intent addon.MeetingRecord, err error) {
	if addon.OutcomeUnknown(err) {
		s.Logger.Warn("create outcome unknown; kept its intent for the next attempt", "installation", intent.InstallationID,
			"appointment", intent.AppointmentID, "provider", intent.Provider, "err", err)
		return
	}
	if derr := s.Store.DeleteMeeting(context.WithoutCancel(ctx), intent.Ref); derr != nil {
		// The intent stays; the next attempt finds nothing at the provider and drops it.
		s.Logger.Error("meeting intent not removed", "ref", intent.Ref, "err", derr)
	}
}

// settleIntent settles a create whose outcome is unknown. It looks for what the create made at
// the provider (meetings with the intent's subject and times that no record of ours knows):
// with adopt and a provider that can read them back, the first becomes the appointment's
// meeting and any further ones are deleted; otherwise all are deleted. It returns the adopted
// record, or ok false when the intent is gone and the caller creates anew. The caller holds
// the appointment's lease.
func (s *Service) settleIntent(ctx context.Context, rec addon.MeetingRecord, adopt bool) (addon.MeetingRecord, bool, error) {
	p, err := s.provider(rec.Provider)
	if err != nil {
		return rec, false, err
	}
	ad, canAdopt := p.(Adopter)
	if !adopt || !canAdopt {
		return rec, false, s.cleanIntent(ctx, rec)
	}
	ids, err := s.unrecorded(ctx, rec)
	if err != nil || len(ids) == 0 {
		if err == nil {
			err = s.Store.DeleteMeeting(ctx, rec.Ref)
		}
		return rec, false, err
	}
	acct := s.accountOf(ctx, rec)
	for _, id := range ids[1:] {
		if err := p.Delete(ctx, acct, id); err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
			return rec, false, err
		}
		s.Logger.Info("deleted a surplus meeting of an interrupted save", "provider", rec.Provider, "meeting_id", id)
	}
	m, err := ad.Adopt(ctx, acct, ids[0])
	if addon.ErrorCode(err) == addon.ENOTFOUND {
		return rec, false, s.Store.DeleteMeeting(ctx, rec.Ref) // deleted meanwhile in the provider's interface
	} else if err != nil {
		return rec, false, err
	}
	rec.Meeting, rec.RemoteState = m, ""
	if err := s.Store.UpdateMeeting(ctx, rec); err != nil {
		return rec, false, err
	}
	s.Logger.Info("adopted the meeting of an interrupted save", "provider", rec.Provider, "meeting_id", m.ID, "appointment", rec.AppointmentID)
	return rec, true, nil
}

// unrecorded returns the provider's meetings that match rec's subject (and times, where the
// provider keeps them), made since rec was written, that no record of ours knows. When another
// save's create for the same account and subject is still open, what is found may be its
// meeting: nothing is returned and the caller is told to try again, so that no attempt ever
// deletes or adopts a meeting another save is about to record.
func (s *Service) unrecorded(ctx context.Context, rec addon.MeetingRecord) ([]string, error) {
	p, err := s.provider(rec.Provider)
	if err != nil {
		return nil, err
	}
	f, ok := p.(OrphanFinder)
	if !ok {
		return nil, nil
	}
	open, err := s.Store.OpenIntents(ctx, rec.InstallationID, rec.ResourceID)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(open, func(o addon.MeetingRecord) bool { return o.Ref != rec.Ref && o.Subject == rec.Subject }) {
		return nil, catalog.Error(addon.EUNAVAILABLE, "meeting.another_save_for_same")
	}
	ids, err := f.Orphans(ctx, s.accountOf(ctx, rec), addon.MeetingSpec{Subject: rec.Subject, Start: rec.Start, End: rec.End}, rec.Updated)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, id := range ids {
		known, err := s.Store.MeetingsByProviderID(ctx, rec.Provider, id)
		if err != nil {
			return nil, err
		}
		if len(known) == 0 {
			out = append(out, id)
		}
	}
	return out, nil
}

// accountOf is the provider account a record's meeting was made with.
func (s *Service) accountOf(ctx context.Context, rec addon.MeetingRecord) addon.Account {
	return addon.Account{InstallationID: rec.InstallationID, ResourceID: rec.ResourceID, Login: s.loginOf(ctx, rec.InstallationID, rec.ResourceID)}
}
