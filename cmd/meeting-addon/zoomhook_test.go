package main

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom"
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
	})
}

// zoomClient acts as someone working in Zoom's own interface with the account's credentials.
func (e *env) zoomClient(t *testing.T) *zoom.Client {
	t.Helper()
	accs, err := e.app.store.ZoomAccounts(t.Context(), e.inst)
	if err != nil || len(accs) == 0 {
		t.Fatalf("zoom accounts: %v", err)
	}
	c, err := e.app.zoom.Client(t.Context(), e.inst, accs[0].ID)
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
	req := &zoom.MeetingRequest{Topic: "Schulung Müller GmbH", Type: typ, StartTime: zoom.FormatUTC(start), Duration: 90}
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

// A Zoom meeting created by a save that died is deleted: on the appointment's next save, or
// by housekeeping when nobody saves it again (a series here). Meetings of other appointments
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
		if ids := e.zoomListed(t); len(ids) != 2 || slices.Contains(ids, orphan) {
			t.Errorf("host1 has meetings %v; want z-0's and z-1's new one, not the orphan %d", ids, orphan)
		}

		series := e.zoomIntent(t, "z-2", "zr-1", zoom.MeetingRecurringFixed, start.Add(24*time.Hour))
		e.clock.Add(meeting.IntentAge + time.Minute)
		e.app.housekeepOnce(t.Context(), newLogger(io.Discard, "error"))
		if ids := e.zoomListed(t); len(ids) != 2 || slices.Contains(ids, series) {
			t.Errorf("after housekeeping host1 has meetings %v; want 2, without the orphaned series %d", ids, series)
		}
	})
}
