package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/onlinemeetings/meeting-addon/fault"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

func request(method, prefix string) func(r *http.Request) bool {
	return func(r *http.Request) bool { return r.Method == method && strings.HasPrefix(r.URL.Path, prefix) }
}

var gotoCreate = request(http.MethodPost, "/G2M/rest/meetings")

// A create whose answer is lost (the provider did the work, then hung, reset the connection or
// answered 500) is a 503 with a message the user can act on, and the intent stays; the CRM's
// redelivery finds the meeting at GoTo and leaves exactly one.
func TestUnknownCreateOutcomeLeavesOneMeeting(t *testing.T) {
	for _, mode := range []fault.Mode{fault.HangAfter, fault.ResetAfter, fault.ServerErrorAfter} {
		t.Run(string(mode), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, kind string) {
				e := newEnv(t, kind)
				e.connect("r-3", "raum1@example.org")
				ev := e.saved(appt("a-1", userNote, e.clock.Now().Add(48*time.Hour), room("r-3", "raum1@example.org")))
				e.faults.Once(mode, gotoCreate)
				r, err := e.crm.Send(t.Context(), ev.name, ev.delivery, ev.raw)
				if err != nil {
					t.Fatal(err)
				}
				if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Error.Message, "speichern Sie den Termin") {
					t.Fatalf("first attempt: %d %s; want 503 saying what to do if it stays", r.Status, r.Raw)
				}
				if n := len(e.fake.Meetings("raum1@example.org")); n != 1 {
					t.Fatalf("GoTo has %d meetings after the lost answer, want the 1 it made", n)
				}
				e.clock.Add(time.Second)
				r = e.deliverEvent(t, ev)
				data, _, _ := fields.DecodeData(r.Answer.Appointment.Fields["goto_meeting_data"])
				ms := e.fake.Meetings("raum1@example.org")
				if len(ms) != 1 || data.MeetingID == "" || !strings.Contains(noteOf(t, r), data.JoinURL) || !hasMessage(r, "meeting_created") {
					t.Fatalf("after the redelivery GoTo has %d meetings, answer %s; want 1, linked in the note", len(ms), r.Raw)
				}
			})
		})
	}
}

// A rate limit is a definite answer: nothing was created, so nothing is looked for.
func TestRateLimitedCreateIsDefinite(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.connect("r-3", "raum1@example.org")
	ev := e.saved(appt("a-1", userNote, e.clock.Now().Add(48*time.Hour), room("r-3", "raum1@example.org")))
	e.faults.Once(fault.RateLimited, gotoCreate)
	e.faults.Once(fault.RateLimited, gotoCreate) // the provider's one retry after Retry-After too
	r, err := e.crm.Send(t.Context(), ev.name, ev.delivery, ev.raw)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Error.Message, "begrenzt") {
		t.Fatalf("got %d %s; want 503 saying GoTo limits requests", r.Status, r.Raw)
	}
	e.clock.Add(time.Second)
	e.deliverEvent(t, ev)
	if n := e.fake.Count("GET", "/G2M/rest/upcomingMeetings"); n != 0 || len(e.fake.Meetings("raum1@example.org")) != 1 {
		t.Errorf("%d searches for a lost meeting after a refusal, %d meetings; want 0 and 1", n, len(e.fake.Meetings("raum1@example.org")))
	}
}

// An update whose outcome is unknown is sent again on the next save, even when that save asks
// for what the record still says (the user moved the appointment back).
func TestUnknownUpdateOutcomeIsSentAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		ten := e.clock.Now().Add(48 * time.Hour).Truncate(time.Hour)
		e.save(appt("a-1", userNote, ten, room("r-3", "raum1@example.org")))
		e.faults.Once(fault.HangAfter, request(http.MethodPut, "/G2M/rest/meetings/"))
		r := e.save(appt("a-1", userNote, ten.Add(2*time.Hour), room("r-3", "raum1@example.org")))
		if r.Status != http.StatusServiceUnavailable {
			t.Fatalf("move: %d %s; want 503", r.Status, r.Raw)
		}
		if got := e.gotoStart(t); !got.Equal(ten.Add(2 * time.Hour).UTC()) {
			t.Fatalf("GoTo did the move: meeting at %s", got)
		}
		r = e.save(appt("a-1", userNote, ten, room("r-3", "raum1@example.org"))) // moved back
		if r.Status != 200 {
			t.Fatalf("move back: %d %s", r.Status, r.Raw)
		}
		if got := e.gotoStart(t); !got.Equal(ten.UTC()) {
			t.Errorf("GoTo meeting at %s after moving back, want %s", got, ten.UTC())
		}
	})
}

// A Zoom create whose answer is lost is adopted by the redelivery: one create at Zoom, and the
// link the user gets is that meeting's.
func TestZoomUnknownCreateIsAdopted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.zoomSetup(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
		ev := e.saved(appt("z-1", userNote, berlinAt(t, "2026-11-10", "18:00"), zoomRoom("zr-1", host1)))
		e.zoomFaults.Once(fault.ResetAfter, func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/meetings")
		})
		if r, err := e.crm.Send(t.Context(), ev.name, ev.delivery, ev.raw); err != nil || r.Status != http.StatusServiceUnavailable {
			t.Fatalf("first attempt: %v %d %s; want 503", err, r.Status, r.Raw)
		}
		e.clock.Add(time.Second)
		r := e.deliverEvent(t, ev)
		data, _, _ := fields.DecodeData(r.Answer.Appointment.Fields["zoom_meeting_data"])
		ids := e.zoomListed(t)
		if len(ids) != 1 || data.MeetingID == "" || !strings.Contains(noteOf(t, r), data.JoinURL) || data.Passcode == "" {
			t.Fatalf("Zoom has %v, answer %s; want the one meeting adopted with link and passcode", ids, r.Raw)
		}
		if n := e.zoom.CountCalls("POST", "/v2/users/"); n != 1 {
			t.Errorf("%d creates at Zoom, want 1", n)
		}
	})
}

// A create whose outcome is unknown and that nobody saves again (the CRM gave up) is settled by
// housekeeping once its lease is free and it is IntentAge old: the meeting nobody saw goes.
func TestHousekeepingSettlesUnknownOutcome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		e.faults.Once(fault.HangAfter, gotoCreate)
		ev := e.saved(appt("a-1", userNote, e.clock.Now().Add(48*time.Hour), room("r-3", "raum1@example.org")))
		if r, _ := e.crm.Send(t.Context(), ev.name, uuid.NewString(), ev.raw); r.Status != http.StatusServiceUnavailable {
			t.Fatalf("got %d, want 503", r.Status)
		}
		e.app.housekeepOnce(t.Context(), newLogger(io.Discard, "error"))
		if n := len(e.fake.Meetings("raum1@example.org")); n != 1 {
			t.Fatalf("housekeeping settled a fresh intent: %d meetings, want 1", n)
		}
		e.clock.Add(meeting.IntentAge + time.Second)
		e.app.housekeepOnce(t.Context(), newLogger(io.Discard, "error"))
		if n := len(e.fake.Meetings("raum1@example.org")); n != 0 {
			t.Errorf("%d meetings at GoTo after housekeeping, want 0", n)
		}
	})
}
