package meeting

import (
	"context"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// RemoteMeeting is what a provider's webhook says about a meeting changed in its own interface.
type RemoteMeeting struct {
	ID        string
	Topic     string
	StartTime time.Time // zero when not sent
	Duration  int       // minutes, 0 when not sent
}

// Checker is a provider that can tell whether a meeting still exists.
type Checker interface {
	Exists(ctx context.Context, acct addon.Account, id string) (bool, error)
}

// RemoteUpdated marks a meeting changed in the provider's interface, unless the event only
// repeats what the add-on itself set (Zoom also reports the add-on's own updates).
func (s *Service) RemoteUpdated(ctx context.Context, provider string, m RemoteMeeting) error {
	recs, err := s.Store.MeetingsByProviderID(ctx, provider, m.ID)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if r.RemoteState != "" || ownChange(r, m) {
			continue
		}
		if err := s.Store.SetRemoteState(ctx, r.Ref, addon.RemoteChanged); err != nil {
			return err
		}
	}
	return nil
}

func ownChange(r addon.MeetingRecord, m RemoteMeeting) bool {
	if sm, ok := seriesOf(r); ok {
		return m.Topic == "" || m.Topic == sm.Topic
	}
	if m.Topic != "" && m.Topic != r.Subject {
		return false
	}
	if !m.StartTime.IsZero() && !m.StartTime.Equal(r.Start) {
		return false
	}
	return m.Duration == 0 || m.Duration == int(r.End.Sub(r.Start)/time.Minute)
}

// RemoteDeleted marks a meeting gone, but only after the provider confirms it no longer
// exists: a transient error leaves the meeting as it is and is returned so that the provider
// redelivers the event.
func (s *Service) RemoteDeleted(ctx context.Context, provider string, id string) error {
	recs, err := s.Store.MeetingsByProviderID(ctx, provider, id)
	if err != nil {
		return err
	}
	p, err := s.provider(provider)
	if err != nil {
		return err
	}
	check, ok := p.(Checker)
	if !ok {
		return nil
	}
	for _, r := range recs {
		acct := addon.Account{InstallationID: r.InstallationID, ResourceID: r.ResourceID, Login: s.loginOf(ctx, r.InstallationID, r.ResourceID)}
		exists, err := check.Exists(ctx, acct, id)
		if err != nil {
			return err
		}
		if !exists {
			if err := s.Store.SetRemoteState(ctx, r.Ref, addon.RemoteGone); err != nil {
				return err
			}
		}
	}
	return nil
}

// remoteState handles a meeting that was deleted or changed in the provider's interface, on
// the next save of its appointment: a deleted meeting is reported once (with the offer to save
// again to recreate it), recreated on the save after that; a changed one is overwritten with the
// CRM's data. It returns whether the save goes on and whether a record still exists.
func (s *Service) remoteState(ctx context.Context, existing addon.MeetingRecord, appt *addon.Appointment, u addon.User, ans *addon.Answer) (goOn, hasExisting bool, err error) {
	switch existing.RemoteState {
	case addon.RemoteGone:
		ans.Add(addon.LevelWarning, "meeting_deleted_remotely", text(u.Locale, "meeting_deleted_remotely"))
		s.clearRecord(ans, appt, true)
		return false, true, s.Store.SetRemoteState(ctx, existing.Ref, addon.RemoteGoneNotified)
	case addon.RemoteGoneNotified:
		return true, false, s.Store.DeleteMeeting(ctx, existing.Ref)
	case addon.RemoteChanged:
		ans.Add(addon.LevelWarning, "meeting_changed_remotely", text(u.Locale, "meeting_changed_remotely"))
		return true, true, s.Store.SetRemoteState(ctx, existing.Ref, "")
	}
	return true, true, nil
}

// OrphanFinder is a provider that can find meetings the add-on created but could not record:
// those of the host with the intent's subject (and, where the provider keeps them, times),
// created since the intent was recorded.
type OrphanFinder interface {
	Orphans(ctx context.Context, acct addon.Account, spec addon.MeetingSpec, since time.Time) ([]string, error)
}

// cleanIntent handles a creation the add-on started but never recorded (the process died in
// between): meetings the provider has for it that no record of ours knows are deleted, then
// the intent. The caller holds the appointment's lease.
func (s *Service) cleanIntent(ctx context.Context, rec addon.MeetingRecord) error {
	if err := s.deleteOrphans(ctx, rec); err != nil {
		return err
	}
	return s.Store.DeleteMeeting(ctx, rec.Ref)
}

// cleanUpdate handles a series update the add-on started but never recorded: meetings it may
// have created that no record knows are deleted; the series' recorded meetings stay. The
// caller holds the appointment's lease.
func (s *Service) cleanUpdate(ctx context.Context, rec addon.MeetingRecord) error {
	if err := s.deleteOrphans(ctx, rec); err != nil {
		return err
	}
	return s.Store.SetRemoteState(ctx, rec.Ref, "")
}

// deleteOrphans deletes the meetings the provider has with rec's subject (and times, where it
// keeps them) created since rec was last written, unless a record of ours knows them.
func (s *Service) deleteOrphans(ctx context.Context, rec addon.MeetingRecord) error {
	ids, err := s.unrecorded(ctx, rec)
	if err != nil || len(ids) == 0 {
		return err
	}
	p, err := s.provider(rec.Provider)
	if err != nil {
		return err
	}
	acct := s.accountOf(ctx, rec)
	for _, id := range ids {
		if err := p.Delete(ctx, acct, id); err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
			return err
		}
		s.Logger.Info("deleted a meeting left by an interrupted save", "provider", rec.Provider, "meeting_id", id)
	}
	return nil
}

// IntentAge is how long a creation intent (or a series update) must stand untouched before
// housekeeping looks at it: longer than a save may run (the CRM waits 15 s), so that an intent
// whose save answered "outcome unknown" is first left to the CRM's redelivery. Housekeeping then
// settles it only when nobody holds its appointment's lease: a live save always does, so the
// owner is certainly gone (it finished, or died and its lease expired).
const IntentAge = 30 * time.Second

// CleanStaleIntents settles the intents of saves that are over without having settled them,
// so that a meeting created in that window is deleted even when its appointment is never
// saved again (nobody has seen its link). Each runs under its appointment's lease, taken only
// if free; one that fails is logged and tried again on the next round. It returns how many
// were settled.
func (s *Service) CleanStaleIntents(ctx context.Context) (int, error) {
	recs, err := s.Store.StaleIntents(ctx, IntentAge, 100)
	if err != nil {
		return 0, err
	}
	cleaned := 0
	for _, rec := range recs {
		done, err := s.cleanStaleIntent(ctx, rec)
		if err != nil {
			s.Logger.Warn("interrupted save not settled yet", "installation", rec.InstallationID, "appointment", rec.AppointmentID, "err", err)
			continue
		}
		if done {
			cleaned++
		}
	}
	return cleaned, nil
}

// LeaseTTL is how long a save's appointment lease lasts if its holder dies.
const LeaseTTL = 30 * time.Second

func (s *Service) cleanStaleIntent(ctx context.Context, rec addon.MeetingRecord) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	name, owner := addon.AppointmentLock(rec.InstallationID, rec.AppointmentID), newRef()
	ok, err := s.Store.TryLease(ctx, name, owner, LeaseTTL)
	if err != nil || !ok {
		return false, err // held: its save is still running
	}
	defer func() {
		rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer rcancel()
		if err := s.Store.ReleaseLease(rctx, name, owner); err != nil {
			s.Logger.Warn("housekeeping lease not released", "lease", name, "err", err)
		}
	}()
	current, err := s.Store.MeetingFor(ctx, rec.InstallationID, rec.AppointmentID)
	if addon.ErrorCode(err) == addon.ENOTFOUND || (err == nil && (current.Ref != rec.Ref || current.RemoteState != rec.RemoteState)) {
		return false, nil // a save came first and settled it
	}
	if err != nil {
		return false, err
	}
	if current.RemoteState == addon.Updating {
		return true, s.cleanUpdate(ctx, current)
	}
	return true, s.cleanIntent(ctx, current)
}
