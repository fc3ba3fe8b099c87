package main

import (
	"context"

	"github.com/onlinemeetings/meeting-addon/passcode"
	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

// zoomHosts resolves a Zoom resource's licence user to its account's client for the adapter.
type zoomHosts struct{ svc *zoomaccount.Service }

func (z zoomHosts) Host(ctx context.Context, inst, login string) (zoom.Host, error) {
	u, _, err := z.svc.CheckUser(ctx, inst, login)
	if err != nil {
		return zoom.Host{}, err
	}
	c, ref, pin, err := z.svc.HostClient(ctx, inst, u.AccountRef)
	if err != nil {
		return zoom.Host{}, err
	}
	return zoom.Host{Client: c, AccountID: u.AccountRef, UserID: u.ZoomID, Email: u.Email, TokenRef: ref, Pinned: pin}, nil
}

func (z zoomHosts) Renew(ctx context.Context, inst, accountID, staleRef string) error {
	return z.svc.Renew(ctx, inst, accountID, staleRef)
}

func (z zoomHosts) PasscodeRule(ctx context.Context, inst, accountID, hostUserID string, fresh bool) (passcode.Rule, error) {
	return z.svc.PasscodeRule(ctx, inst, accountID, hostUserID, fresh)
}

func (z zoomHosts) Pinned(ctx context.Context, inst, login string) (*zoom.MeetingSettings, error) {
	return z.svc.Pinned(ctx, inst, login)
}

func (z zoomHosts) SettingsSent(ctx context.Context, inst string, ids []string) (map[string]string, error) {
	return z.svc.SettingsSent(ctx, inst, ids)
}

func (z zoomHosts) SetSettingsSent(ctx context.Context, inst, id, fingerprint string) error {
	return z.svc.SetSettingsSent(ctx, inst, id, fingerprint)
}
