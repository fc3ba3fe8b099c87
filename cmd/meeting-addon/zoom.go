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
	c, err := z.svc.Client(ctx, inst, u.AccountRef)
	if err != nil {
		return zoom.Host{}, err
	}
	return zoom.Host{Client: c, AccountID: u.AccountRef, UserID: u.ZoomID, Email: u.Email}, nil
}

func (z zoomHosts) Invalidate(ctx context.Context, inst, accountID string) error {
	return z.svc.Invalidate(ctx, inst, accountID)
}

func (z zoomHosts) PasscodeRule(ctx context.Context, inst, accountID, hostUserID string) (passcode.Rule, error) {
	return z.svc.PasscodeRule(ctx, inst, accountID, hostUserID)
}
