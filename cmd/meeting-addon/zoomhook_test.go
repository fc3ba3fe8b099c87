package main

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

const testZoomWebhookSecret = "zoom-webhook-secret-for-tests"

func TestZoomWebhooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.zoomSetup(e.clock.Now())
		hook := e.url + "/webhooks/zoom"
		ctx := context.Background()
		if err := e.zoom.SendURLValidation(ctx, hook, testZoomWebhookSecret); err != nil {
			t.Errorf("endpoint.url_validation: %v", err)
		}
		start := e.clock.Now().Add(48 * time.Hour)
		r := e.save(appt("zw-1", userNote, start, zoomRoom("z-1", host1)))
		data, _, _ := fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])
		id, _ := strconv.ParseInt(data.MeetingID, 10, 64)

		// A forged event is refused and changes nothing.
		if resp, err := e.zoom.SendMeetingEvent(ctx, hook, "wrong-secret", "meeting.deleted", id); err != nil || resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("forged event: %v %v, want 401", resp, err)
		}
		// Our own update echoed by Zoom is no remote change.
		if resp, err := e.zoom.SendMeetingEvent(ctx, hook, testZoomWebhookSecret, "meeting.updated", id); err != nil || resp.StatusCode != http.StatusNoContent {
			t.Fatalf("meeting.updated: %v %v", resp, err)
		}
		r = e.save(appt("zw-1", noteOf(t, r), start, zoomRoom("z-1", host1)))
		if hasMessage(r, "meeting_changed_remotely") {
			t.Errorf("an event that only repeats our own data was taken for a change: %+v", r.Answer.Messages)
		}
		// A meeting.deleted while Zoom still has the meeting (a transient answer elsewhere, or a
		// late event) does not count as gone.
		e.zoom.ForceError("GET", "/v2/meetings/", http.StatusInternalServerError, 0, "boom")
		if resp, _ := e.zoom.SendMeetingEvent(ctx, hook, testZoomWebhookSecret, "meeting.deleted", id); resp == nil || resp.StatusCode < 500 {
			t.Errorf("deleted event during a Zoom outage: %v, want a 5xx so that Zoom redelivers", resp)
		}
		if resp, _ := e.zoom.SendMeetingEvent(ctx, hook, testZoomWebhookSecret, "meeting.deleted", id); resp == nil || resp.StatusCode != http.StatusNoContent {
			t.Errorf("deleted event for an existing meeting: %v", resp)
		}
		r = e.save(appt("zw-1", noteOf(t, r), start, zoomRoom("z-1", host1)))
		if hasMessage(r, "meeting_deleted_remotely") {
			t.Fatalf("a meeting Zoom still has was treated as gone: %+v", r.Answer.Messages)
		}
		// Someone deletes it in Zoom: Zoom confirms 3001, the next save says so, the one after recreates.
		e.zoomDelete(t, id)
		if resp, _ := e.zoom.SendMeetingEvent(ctx, hook, testZoomWebhookSecret, "meeting.deleted", id); resp == nil || resp.StatusCode != http.StatusNoContent {
			t.Fatalf("meeting.deleted: %v", resp)
		}
		r = e.save(appt("zw-1", noteOf(t, r), start, zoomRoom("z-1", host1)))
		if !hasMessage(r, "meeting_deleted_remotely") || noteOf(t, r) != userNote {
			t.Errorf("save after deletion in Zoom: %s; want the warning and the note back to the user's text", r.Raw)
		}
		posts := e.zoom.CountCalls("POST", "/v2/users/")
		r = e.save(appt("zw-1", noteOf(t, r), start, zoomRoom("z-1", host1)))
		if !hasMessage(r, "meeting_created") || e.zoom.CountCalls("POST", "/v2/users/") != posts+1 {
			t.Errorf("second save after deletion: %s; want a new meeting", r.Raw)
		}
		// Someone changes the time in Zoom: the next save sends the CRM's data again.
		data, _, _ = fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])
		id, _ = strconv.ParseInt(data.MeetingID, 10, 64)
		e.zoomMove(t, id, start.Add(time.Hour))
		if resp, _ := e.zoom.SendMeetingEvent(ctx, hook, testZoomWebhookSecret, "meeting.updated", id); resp == nil || resp.StatusCode != http.StatusNoContent {
			t.Fatalf("meeting.updated: %v", resp)
		}
		r = e.save(appt("zw-1", noteOf(t, r), start, zoomRoom("z-1", host1)))
		m, _ := e.zoom.Meeting(id)
		if !hasMessage(r, "meeting_changed_remotely") || !m.StartTime.Equal(start.UTC()) {
			t.Errorf("save after a change in Zoom: messages %+v, Zoom start %v; want the warning and start %v again", r.Answer.Messages, m.StartTime, start.UTC())
		}
		if msg := r.Answer.Messages[0].Text; msg == "meeting_changed_remotely" || !strings.Contains(msg, "in Zoom") {
			t.Errorf("the warning shows no text for people: %q", msg)
		}
		// Settled: the save after that neither warns again nor calls Zoom.
		calls := len(e.zoom.Calls())
		r = e.save(appt("zw-1", noteOf(t, r), start, zoomRoom("z-1", host1)))
		if hasMessage(r, "meeting_changed_remotely") || len(e.zoom.Calls()) != calls {
			t.Errorf("save after the change was applied: %+v, %d Zoom calls; want no warning and no call", r.Answer.Messages, len(e.zoom.Calls())-calls)
		}
	})
}

// Each installation's own Zoom app signs its events with its own Secret Token, sent to the
// account's URL: each is verified with that token and marks only its own installation's
// meetings; an event about another installation's meeting changes nothing.
func TestZoomWebhooksPerAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		const secretA, secretB = "secret-token-of-app-a", "secret-token-of-app-b"
		ea := newEnv(t, kind)
		ea.zoomSetup(ea.clock.Now())
		accA := ea.zoomAccount(t)
		accA.WebhookSecret = secretA
		if _, err := ea.app.zoom.Update(t.Context(), accA); err != nil {
			t.Fatal(err)
		}
		eb := ea.otherInstallation(t, "zacc-2", "dozent-b@example.org", secretB)
		accB := eb.zoomAccount(t)
		hookA, hookB := ea.url+"/webhooks/zoom/"+accA.ID, ea.url+"/webhooks/zoom/"+accB.ID
		ctx := context.Background()

		// Zoom validates each endpoint URL with its own app's token.
		if err := ea.zoom.SendURLValidation(ctx, hookA, secretA); err != nil {
			t.Errorf("url_validation of A: %v", err)
		}
		if err := ea.zoom.SendURLValidation(ctx, hookB, secretB); err != nil {
			t.Errorf("url_validation of B: %v", err)
		}
		if err := ea.zoom.SendURLValidation(ctx, hookA, secretB); err == nil {
			t.Error("url_validation of A signed with B's token was answered")
		}
		// An unknown account, and one without a Secret Token, are refused before anything is read.
		noToken, err := ea.app.store.CreateZoomAccount(t.Context(), store.ZoomAccount{InstallationID: ea.inst, Name: "ohne-token@example.org",
			AccountID: "zacc-3", ClientID: "zcid3", ClientSecret: "zsecret3"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name, url string
			want      int
		}{
			{"unknown account", ea.url + "/webhooks/zoom/za_unknown", http.StatusNotFound},
			{"account without secret token", ea.url + "/webhooks/zoom/" + noToken.ID, http.StatusForbidden},
		} {
			if err := ea.zoom.SendURLValidation(ctx, tc.url, secretA); err == nil || !strings.Contains(err.Error(), strconv.Itoa(tc.want)) {
				t.Errorf("%s: %v, want status %d", tc.name, err, tc.want)
			}
		}

		start := ea.clock.Now().Add(48 * time.Hour)
		ra := ea.save(appt("zwa-1", userNote, start, zoomRoom("za-1", host1)))
		rb := eb.save(appt("zwb-1", userNote, start, zoomRoom("zb-1", "dozent-b@example.org")))
		idA, idB := zoomMeetingID(t, ra), zoomMeetingID(t, rb)
		states := func() (string, string) {
			t.Helper()
			return ea.remoteState(t, "zwa-1"), eb.remoteState(t, "zwb-1")
		}
		send := func(url, secret, event string, id int64) int {
			t.Helper()
			resp, err := ea.zoom.SendMeetingEvent(ctx, url, secret, event, id)
			if err != nil {
				t.Fatalf("%s about %d: %v", event, id, err)
			}
			return resp.StatusCode
		}

		// Someone moves A's meeting in Zoom. B's app cannot report it: B's token does not
		// verify at A's URL, and at B's URL the meeting is not B's installation's.
		ea.zoomMove(t, idA, start.Add(time.Hour))
		for _, tc := range []struct {
			name, url, secret string
			want              int
		}{
			{"B's token at A's URL", hookA, secretB, http.StatusUnauthorized},
			{"A's meeting at B's URL", hookB, secretB, http.StatusForbidden},
			{"vendor secret at A's URL", hookA, testZoomWebhookSecret, http.StatusUnauthorized},
		} {
			if got := send(tc.url, tc.secret, "meeting.updated", idA); got != tc.want {
				t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
			}
		}
		if a, b := states(); a != "" || b != "" {
			t.Fatalf("after refused events: states %q, %q; want both unmarked", a, b)
		}
		if got := send(hookA, secretA, "meeting.updated", idA); got != http.StatusNoContent {
			t.Fatalf("A's event at A's URL: status %d, want 204", got)
		}
		if a, b := states(); a != addon.RemoteChanged || b != "" {
			t.Errorf("after A's event: states %q, %q; want A changed, B unmarked", a, b)
		}

		// Someone deletes B's meeting in Zoom: only B's app at B's URL counts.
		eb.zoomDelete(t, idB)
		if got := send(hookA, secretA, "meeting.deleted", idB); got != http.StatusForbidden {
			t.Errorf("B's meeting at A's URL: status %d, want 403", got)
		}
		if a, b := states(); a != addon.RemoteChanged || b != "" {
			t.Fatalf("after B's meeting was reported to A: states %q, %q; want A changed, B unmarked", a, b)
		}
		if got := send(hookB, secretB, "meeting.deleted", idB); got != http.StatusNoContent {
			t.Fatalf("B's event at B's URL: status %d, want 204", got)
		}
		if a, b := states(); a != addon.RemoteChanged || b != addon.RemoteGone {
			t.Errorf("after B's event: states %q, %q; want A changed, B gone", a, b)
		}

		// Each installation's next save tells its own story.
		ra = ea.save(appt("zwa-1", noteOf(t, ra), start, zoomRoom("za-1", host1)))
		if !hasMessage(ra, "meeting_changed_remotely") || hasMessage(ra, "meeting_deleted_remotely") {
			t.Errorf("A's save after the change in Zoom: %+v, want meeting_changed_remotely", ra.Answer.Messages)
		}
		rb = eb.save(appt("zwb-1", noteOf(t, rb), start, zoomRoom("zb-1", "dozent-b@example.org")))
		if !hasMessage(rb, "meeting_deleted_remotely") || hasMessage(rb, "meeting_changed_remotely") {
			t.Errorf("B's save after the deletion in Zoom: %+v, want meeting_deleted_remotely", rb.Answer.Messages)
		}

		// Removing the token refuses the account's events again.
		accB.ClearWebhookSecret = true
		if _, err := eb.app.zoom.Update(t.Context(), accB); err != nil {
			t.Fatal(err)
		}
		if err := ea.zoom.SendURLValidation(ctx, hookB, secretB); err == nil || !strings.Contains(err.Error(), "403") {
			t.Errorf("url_validation after the token was removed: %v, want 403", err)
		}
	})
}

// otherInstallation is a second installation of the same add-on (own CRM, own hook secret)
// with its own Zoom account zoomAcct, one licensed host and the webhook Secret Token secret.
func (e *env) otherInstallation(t *testing.T, zoomAcct, host, secret string) *env {
	t.Helper()
	ctx := t.Context()
	inst, hookSecret, err := e.app.store.CreateInstallation(ctx, "https://crm-b.example.org")
	if err != nil {
		t.Fatal(err)
	}
	e.zoom.AddAccount(zoomAcct, zoomAcct+"-cid", zoomAcct+"-secret")
	e.zoom.AddUser(zoomAcct, zoomtest.User{Email: host, Type: 2, Timezone: "Europe/Berlin"})
	acc, err := e.app.zoom.Create(ctx, store.ZoomAccount{InstallationID: inst.ID, Name: "admin-b@example.org",
		AccountID: zoomAcct, ClientID: zoomAcct + "-cid", ClientSecret: zoomAcct + "-secret", WebhookSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.zoom.SyncUsers(ctx, inst.ID, acc.ID); err != nil {
		t.Fatal(err)
	}
	other := *e
	other.inst = inst.ID
	other.crm = &crm.Client{AddonURL: e.url, InstallationID: inst.ID, Secret: hookSecret, SystemURL: "https://crm-b.example.org", Now: e.clock.Now}
	return &other
}

// zoomAccount is the installation's first Zoom account.
func (e *env) zoomAccount(t *testing.T) store.ZoomAccount {
	t.Helper()
	accs, err := e.app.store.ZoomAccounts(t.Context(), e.inst)
	if err != nil || len(accs) == 0 {
		t.Fatalf("zoom accounts: %v", err)
	}
	return accs[0]
}

func (e *env) remoteState(t *testing.T, apptID string) string {
	t.Helper()
	rec, err := e.app.store.MeetingFor(t.Context(), e.inst, apptID)
	if err != nil {
		t.Fatalf("meeting of %s: %v", apptID, err)
	}
	return rec.RemoteState
}

func zoomMeetingID(t *testing.T, r crm.Reply) int64 {
	t.Helper()
	if r.Answer.Appointment == nil {
		t.Fatalf("answer carries no appointment: %s", r.Raw)
	}
	data, _, _ := fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])
	id, err := strconv.ParseInt(data.MeetingID, 10, 64)
	if err != nil {
		t.Fatalf("no Zoom meeting in %s", r.Raw)
	}
	return id
}

// zoomClient acts as someone working in Zoom's own interface with the account's credentials.
func (e *env) zoomClient(t *testing.T) *zoom.Client {
	t.Helper()
	c, err := e.app.zoom.Client(t.Context(), e.inst, e.zoomAccount(t).ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *env) zoomDelete(t *testing.T, id int64) {
	t.Helper()
	if _, err := e.zoomClient(t).Meetings.Delete(t.Context(), id, ""); err != nil {
		t.Fatal(err)
	}
}

func (e *env) zoomMove(t *testing.T, id int64, start time.Time) {
	t.Helper()
	if _, err := e.zoomClient(t).Meetings.Update(t.Context(), id, "", &zoom.MeetingRequest{StartTime: zoom.FormatUTC(start)}); err != nil {
		t.Fatal(err)
	}
}

// What a save that died between Zoom's answer and our write leaves behind: the intent it
// recorded, and the meeting Zoom created for it (with the topic the add-on sends).
func (e *env) zoomIntent(t *testing.T, apptID, resourceID string, typ int, start time.Time) int64 {
	t.Helper()
	if err := e.app.store.CreateMeeting(t.Context(), addon.MeetingRecord{Ref: "dead-" + apptID, InstallationID: e.inst, AppointmentID: apptID,
		ResourceID: resourceID, Meeting: addon.Meeting{Provider: addon.ProviderZoom}, Subject: "Schulung Müller GmbH",
		Start: start.UTC(), End: start.Add(90 * time.Minute).UTC(), RemoteState: addon.Creating}); err != nil {
		t.Fatal(err)
	}
	// As the add-on creates it: with the account's meeting settings.
	req := &zoom.MeetingRequest{Topic: "Schulung Müller GmbH", Type: typ, StartTime: zoom.FormatUTC(start), Duration: 90,
		Settings: zoomaccount.WireSettings(store.DefaultZoomMeetingSettings())}
	if typ == zoom.MeetingRecurringFixed {
		req.Recurrence = &zoom.Recurrence{Type: 2, RepeatInterval: 1, WeeklyDays: "3", EndTimes: 5}
	}
	m, _, err := e.zoomClient(t).Meetings.Create(t.Context(), e.zoomUserID(t, host1), req)
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// The Zoom meetings host1 has, as Zoom lists them.
func (e *env) zoomListed(t *testing.T) []int64 {
	t.Helper()
	ms, err := e.zoomClient(t).Meetings.ListAll(t.Context(), e.zoomUserID(t, host1), zoom.ListScheduled)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	return ids
}

// A Zoom meeting created by a save that died is adopted on the appointment's next save, or
// deleted by housekeeping when nobody saves it again (a series here). Meetings of other appointments
// with the same topic are left alone.
func TestZoomInterruptedCreateLeavesNoOrphan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.zoomSetup(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
		start := berlinAt(t, "2026-11-10", "18:00")
		other := e.save(appt("z-0", "", start.Add(48*time.Hour), zoomRoom("zr-1", host1)))
		if !hasMessage(other, "meeting_created") {
			t.Fatalf("save z-0: %s", other.Raw)
		}
		orphan := e.zoomIntent(t, "z-1", "zr-1", zoom.MeetingScheduled, start)
		r := e.save(appt("z-1", "", start, zoomRoom("zr-1", host1)))
		if !hasMessage(r, "meeting_created") {
			t.Fatalf("save after the interruption: %s", r.Raw)
		}
		// The interrupted create's meeting is adopted: its link is the one z-1 gets.
		data, _, _ := fields.DecodeData(r.Answer.Appointment.Fields["zoom_meeting_data"])
		if ids := e.zoomListed(t); len(ids) != 2 || !slices.Contains(ids, orphan) || data.MeetingID != strconv.FormatInt(orphan, 10) {
			t.Errorf("host1 has meetings %v, z-1 got %q; want z-0's and the adopted %d", ids, data.MeetingID, orphan)
		}

		series := e.zoomIntent(t, "z-2", "zr-1", zoom.MeetingRecurringFixed, start.Add(24*time.Hour))
		e.clock.Add(meeting.IntentAge + time.Minute)
		e.app.housekeepOnce(t.Context(), newLogger(io.Discard, "error"))
		if ids := e.zoomListed(t); len(ids) != 2 || slices.Contains(ids, series) {
			t.Errorf("after housekeeping host1 has meetings %v; want 2, without the orphaned series %d", ids, series)
		}
	})
}

// A course's meeting renamed or deleted in Zoom itself: the next save says so and puts it
// right (the topic sent again; a deleted meeting made anew, with all course days).
func TestZoomSeriesChangedInZoom(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2021, 7, 1, 8, 0, 0, 0, time.UTC))
	hook := e.url + "/webhooks/zoom"
	days := []day{{"2021-08-03", "16:30", "18:00"}, {"2021-08-06", "16:30", "18:00"}, {"2021-08-09", "16:30", "18:00"}}
	r := e.save(course(t, "k-1", days, zoomRoom("z-1", host1)))
	id, _ := strconv.ParseInt(seriesData(t, r).MeetingID, 10, 64)
	topic := func() string { m, _ := e.zoom.Meeting(id); return m.Topic }
	want := topic()

	if _, err := e.zoomClient(t).Meetings.Update(t.Context(), id, "", &zoom.MeetingRequest{Topic: "Umbenannt in Zoom"}); err != nil {
		t.Fatal(err)
	}
	if resp, err := e.zoom.SendMeetingEvent(t.Context(), hook, testZoomWebhookSecret, "meeting.updated", id); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("meeting.updated: %v %v", resp, err)
	}
	r = e.save(course(t, "k-1", days, zoomRoom("z-1", host1)))
	if !hasMessage(r, "meeting_changed_remotely") || topic() != want {
		t.Errorf("save after renaming in Zoom: %+v, Zoom topic %q; want the warning and %q again", r.Answer.Messages, topic(), want)
	}

	e.zoomDelete(t, id)
	if resp, err := e.zoom.SendMeetingEvent(t.Context(), hook, testZoomWebhookSecret, "meeting.deleted", id); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("meeting.deleted: %v %v", resp, err)
	}
	r = e.save(course(t, "k-1", days, zoomRoom("z-1", host1)))
	if !hasMessage(r, "series_deleted_remotely") {
		t.Errorf("save after deleting in Zoom: %+v; want series_deleted_remotely", r.Answer.Messages)
	}
	if typ, got := e.available(t, r.Answer.Appointment.Fields); typ != 8 || !slices.Equal(got, wantSlots(t, days)) || seriesData(t, r).MeetingID == strconv.FormatInt(id, 10) {
		t.Errorf("after deleting in Zoom: a new type-8 meeting with %v wanted, got type %d %v (%s)", wantSlots(t, days), typ, got, seriesData(t, r).MeetingID)
	}
}
