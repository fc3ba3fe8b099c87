package main

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// sharedInstallation is a second installation whose Zoom account is the first one's Zoom
// account with the same app (Secret Token secret): Zoom sends the events of both to the one
// URL entered in the app.
func (e *env) sharedInstallation(t *testing.T, name, secret string) *env {
	t.Helper()
	ctx := t.Context()
	inst, hookSecret, err := e.app.store.CreateInstallation(ctx, "https://"+name+".example.org")
	if err != nil {
		t.Fatal(err)
	}
	acc, err := e.app.zoom.Create(ctx, store.ZoomAccount{InstallationID: inst.ID, Name: "admin@" + name + ".example.org",
		AccountID: zoomAccountID, ClientID: "zcid", ClientSecret: "zsecret", WebhookSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.zoom.SyncUsers(ctx, inst.ID, acc.ID); err != nil {
		t.Fatal(err)
	}
	other := *e
	other.inst = inst.ID
	other.crm = &crm.Client{AddonURL: e.url, InstallationID: inst.ID, Secret: hookSecret, SystemURL: "https://" + name + ".example.org", Now: e.clock.Now}
	return &other
}

// Two installations sharing one Zoom app get their events at one URL: the event names the Zoom
// account (payload.account_id), which must be the URL's, and each installation that shares the
// app has its own meeting marked, instead of a 403. An installation that merely claims the same
// Zoom account with a Secret Token of its own, and an event about another Zoom account, are
// refused and change nothing.
func TestZoomWebhooksSharedApp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		const shared = "secret-token-of-the-shared-app"
		ea := newEnv(t, kind)
		ea.zoomSetup(ea.clock.Now())
		accA := ea.zoomAccount(t)
		accA.WebhookSecret = shared
		if _, err := ea.app.zoom.Update(t.Context(), accA); err != nil {
			t.Fatal(err)
		}
		eb := ea.sharedInstallation(t, "crm-b", shared)
		ed := ea.sharedInstallation(t, "crm-d", "secret-token-d-made-up")
		ec := ea.otherInstallation(t, "zacc-c", "dozent-c@example.org", "secret-token-c")
		hookA, hookD := ea.url+"/webhooks/zoom/"+accA.ID, ea.url+"/webhooks/zoom/"+ed.zoomAccount(t).ID
		ctx := context.Background()

		start := ea.clock.Now().Add(48 * time.Hour)
		ra := ea.save(appt("zsa-1", userNote, start, zoomRoom("za-1", host1)))
		rb := eb.save(appt("zsb-1", userNote, start, zoomRoom("zb-1", host2)))
		rc := ec.save(appt("zsc-1", userNote, start, zoomRoom("zc-1", "dozent-c@example.org")))
		idA, idB, idC := zoomMeetingID(t, ra), zoomMeetingID(t, rb), zoomMeetingID(t, rc)
		send := func(url, secret string, id int64) int {
			t.Helper()
			resp, err := ea.zoom.SendMeetingEvent(ctx, url, secret, "meeting.updated", id)
			if err != nil {
				t.Fatal(err)
			}
			return resp.StatusCode
		}
		ea.zoomMove(t, idB, start.Add(time.Hour))
		ea.zoomMove(t, idA, start.Add(time.Hour))
		for _, tc := range []struct {
			name, url, secret string
			id                int64
			want              int
		}{
			{"C's meeting (another Zoom account) at A's URL", hookA, shared, idC, http.StatusForbidden},
			{"A's meeting at D's URL, D claiming A's Zoom account", hookD, "secret-token-d-made-up", idA, http.StatusForbidden},
			{"B's meeting at A's URL, B sharing A's app", hookA, shared, idB, http.StatusNoContent},
		} {
			if got := send(tc.url, tc.secret, tc.id); got != tc.want {
				t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
			}
		}
		if a, b, c := ea.remoteState(t, "zsa-1"), eb.remoteState(t, "zsb-1"), ec.remoteState(t, "zsc-1"); a != "" || b != addon.RemoteChanged || c != "" {
			t.Errorf("states A %q, B %q, C %q; want only B changed", a, b, c)
		}
	})
}
