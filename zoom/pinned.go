package zoom

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// The meeting settings an account's administrator pinned (waiting room, recording, the AI
// Companion, …) go with every create. An update carries them only when they differ from what
// the meeting was last given: the add-on remembers per meeting the fingerprint of what it sent
// (Accounts.SettingsSent), so a setting someone changed in Zoom for one meeting stays until the
// administrator changes the account's settings. A meeting without a fingerprint (made before
// settings were pinned, or whose create answer was lost) gets them with its next update.

// Fingerprint identifies pinned settings; "" for none.
func Fingerprint(pin *MeetingSettings) string {
	if pin == nil {
		return ""
	}
	b, _ := json.Marshal(pin)
	sum := sha256.Sum256(b)
	return "ms1-" + hex.EncodeToString(sum[:12])
}

// withPinned copies the pinned settings into req, keeping its alternative hosts.
func withPinned(req *MeetingRequest, pin *MeetingSettings) {
	if pin == nil {
		return
	}
	merged := *pin
	merged.AlternativeHosts, merged.AlternativeHostsEmailNotification, merged.GlobalDialInNumbers = nil, nil, nil
	if req.Settings != nil {
		merged.AlternativeHosts = req.Settings.AlternativeHosts
		merged.AlternativeHostsEmailNotification = req.Settings.AlternativeHostsEmailNotification
	}
	req.Settings = &merged
}

// pinned returns the host's account's settings and their fingerprint, read once per session.
func (s *session) pinned(ctx context.Context) (*MeetingSettings, string, error) {
	if !s.pinRead {
		pin := s.host.Pinned
		if pin == nil {
			var err error
			if pin, err = s.p.Accounts.Pinned(ctx, s.inst, s.host.Email); err != nil {
				return nil, "", err
			}
		}
		s.pin, s.pinRef, s.pinRead = pin, Fingerprint(pin), true
	}
	return s.pin, s.pinRef, nil
}

// settingsSent returns what was last sent for the meetings, from the session's memory or the store.
func (s *session) settingsSent(ctx context.Context, ids ...string) (map[string]string, error) {
	var missing []string
	for _, id := range ids {
		if _, ok := s.sent[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		got, err := s.p.Accounts.SettingsSent(ctx, s.inst, missing)
		if err != nil {
			return nil, err
		}
		if s.sent == nil {
			s.sent = map[string]string{}
		}
		for _, id := range missing {
			s.sent[id] = got[id]
		}
	}
	return s.sent, nil
}

// recordSent remembers that meeting id has the settings of fingerprint ref ("" forgets it). A
// failure costs at most one more update carrying the settings, so it does not fail the call.
func (s *session) recordSent(ctx context.Context, id, ref string) {
	if s.sent == nil {
		s.sent = map[string]string{}
	}
	s.sent[id] = ref
	_ = s.p.Accounts.SetSettingsSent(context.WithoutCancel(ctx), s.inst, id, ref)
}

// updateMeeting sends a PATCH of the whole meeting mid with the pinned settings added when the
// meeting does not have them yet.
func (s *session) updateMeeting(ctx context.Context, mid int64, req *MeetingRequest) error {
	id := strconv.FormatInt(mid, 10)
	pin, ref, err := s.pinned(ctx)
	if err != nil {
		return err
	}
	sent, err := s.settingsSent(ctx, id)
	if err != nil {
		return err
	}
	stale := pin != nil && sent[id] != ref
	if stale {
		withPinned(req, pin)
	}
	if err := s.do(ctx, func(c *Client) error { _, err := c.Meetings.Update(ctx, mid, "", req); return err }); err != nil {
		return err
	}
	if stale {
		s.recordSent(ctx, id, ref)
	}
	return nil
}

// deleteMeeting deletes the meeting mid (a whole series) and forgets its settings; a meeting
// Zoom no longer knows counts as deleted.
func (s *session) deleteMeeting(ctx context.Context, mid int64) error {
	err := s.do(ctx, func(c *Client) error { _, err := c.Meetings.Delete(ctx, mid, ""); return err })
	if err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
		return err
	}
	s.recordSent(ctx, strconv.FormatInt(mid, 10), "")
	return nil
}

// settle gives the meetings of a series that do not have the account's settings yet (the
// administrator changed them since) the settings, one PATCH each; when all have them it
// makes no call and opens no session.
func (p *Provider) settle(ctx context.Context, acct addon.Account, blocks []addon.Meeting) (calls int, err error) {
	if len(blocks) == 0 {
		return 0, nil
	}
	pin, err := p.Accounts.Pinned(ctx, acct.InstallationID, acct.Login)
	if err != nil || pin == nil {
		return 0, err
	}
	ref := Fingerprint(pin)
	ids := make([]string, len(blocks))
	for i, b := range blocks {
		ids[i] = b.ID
	}
	sent, err := p.Accounts.SettingsSent(ctx, acct.InstallationID, ids)
	if err != nil {
		return 0, err
	}
	known := make(map[string]string, len(ids))
	for _, id := range ids {
		known[id] = sent[id]
	}
	var s *session // opened for the first meeting that needs a call
	for _, id := range ids {
		if known[id] == ref {
			continue
		}
		if s == nil {
			if s, err = p.open(ctx, acct); err != nil {
				return 0, err
			}
			s.pin, s.pinRef, s.pinRead, s.sent = pin, ref, true, known
		}
		mid, err := parseID(id)
		if err != nil {
			return 0, err
		}
		n := s.n
		if err := s.updateMeeting(ctx, mid, &MeetingRequest{}); err != nil {
			return s.n - n, err
		}
		calls += s.n - n
	}
	return calls, nil
}
