package main

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/gotomeeting"
	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

const userNote = "Agenda:\n1. Begrüßung\n\n"

func noteOf(t *testing.T, r crm.Reply) string {
	t.Helper()
	if r.Answer.Appointment == nil || r.Answer.Appointment.Note == nil {
		t.Fatalf("answer carries no note: %s", r.Raw)
	}
	return *r.Answer.Appointment.Note
}

func TestSaveCreatesMeetingBelowUntouchedNote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		start := e.clock.Now().Add(48 * time.Hour)
		r := e.save(appt("a-1", userNote, start, room("r-3", "raum1@example.org"), map[string]any{"id": "r-9", "name": "Beamer", "fields": map[string]string{}}))
		if r.Status != 200 {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
		note := noteOf(t, r)
		if !strings.HasPrefix(note, userNote) {
			t.Errorf("note does not start with the user's text byte for byte:\n%q", note)
		}
		if fields.WithoutBlock(note) != userNote {
			t.Errorf("user text after removing the block = %q, want %q", fields.WithoutBlock(note), userNote)
		}
		if n := strings.Count(note, fields.BlockStart); n != 1 {
			t.Errorf("%d invitation blocks, want 1", n)
		}
		meetings := e.fake.Meetings("raum1@example.org")
		if len(meetings) != 1 {
			t.Fatalf("fake GoTo has %d meetings, want 1", len(meetings))
		}
		data, ok, err := fields.DecodeData(r.Answer.Appointment.Fields["goto_meeting_data"])
		if err != nil || !ok {
			t.Fatalf("goto_meeting_data: %v", err)
		}
		if data.MeetingID == "" || !strings.Contains(note, data.JoinURL) || !data.Start.Equal(start.UTC()) {
			t.Errorf("data = %+v; want the meeting id, its join URL in the note, start %v", data, start.UTC())
		}
		if strings.Contains(string(r.Raw), "host=") {
			t.Error("the answer leaks a host start URL")
		}
		if len(r.Answer.Buttons) != 1 || r.Answer.Buttons[0].Label != "GoToMeeting starten" {
			t.Errorf("buttons = %+v, want one \"GoToMeeting starten\"", r.Answer.Buttons)
		}
	})
}

func TestRedeliveryHasOneEffect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		body := e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": appt("a-1", "x", e.clock.Now().Add(time.Hour), room("r-3", "raum1@example.org"))})
		const delivery = "0b9f1d9e-6a57-4a53-9d8e-1f2a3b4c5d6e"
		first, err := e.crm.Send(t.Context(), "appointment.saved", delivery, body)
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Add(time.Second) // a redelivery is signed anew
		second, err := e.crm.Send(t.Context(), "appointment.saved", delivery, body)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Raw, second.Raw) {
			t.Errorf("redelivery answered differently:\n%s\n%s", first.Raw, second.Raw)
		}
		if got := e.creates(); got != 1 {
			t.Errorf("%d creates at GoTo, want 1", got)
		}
	})
}

func TestConcurrentSavesCreateOneMeeting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		a := appt("a-1", "x", e.clock.Now().Add(time.Hour), room("r-3", "raum1@example.org"))
		const n = 4
		replies := make([]crm.Reply, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Several users save the same appointment at once (each event is signed
				// differently: a byte-identical signature would be refused as a replay).
				u := organizer
				u.ID = fmt.Sprintf("u-%d", 100+i)
				replies[i], _ = e.crm.Send(t.Context(), "appointment.saved", "", e.crm.Body("appointment.saved", u, map[string]any{"appointment": a}))
			}()
		}
		wg.Wait()
		for i, r := range replies {
			if r.Status != 200 {
				t.Errorf("save %d: status %d %s", i, r.Status, r.Raw)
			}
		}
		if got := e.creates(); got != 1 {
			t.Errorf("%d concurrent saves made %d meetings, want 1", n, got)
		}
	})
}

func TestChangedTimeUpdatesOnceAndKeepsOneBlock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		start := e.clock.Now().Add(24 * time.Hour)
		r := e.save(appt("a-1", userNote, start, room("r-3", "raum1@example.org")))
		a := appt("a-1", noteOf(t, r), start.Add(2*time.Hour), room("r-3", "raum1@example.org"))
		r2 := e.save(a)
		note := noteOf(t, r2)
		if got := e.updates(); got != 1 {
			t.Errorf("%d updates at GoTo, want 1", got)
		}
		if n := strings.Count(note, fields.BlockStart); n != 1 {
			t.Errorf("%d blocks after the change, want 1:\n%s", n, note)
		}
		if fields.WithoutBlock(note) != userNote {
			t.Errorf("user text changed to %q", fields.WithoutBlock(note))
		}
		if !strings.Contains(note, start.Add(2*time.Hour).In(mustLoc(t)).Format("15:04")) {
			t.Errorf("block does not show the new start time:\n%s", note)
		}
		// Saving again without a change touches nothing at GoTo.
		a["note"] = note
		e.save(a)
		if got := e.updates() + e.creates(); got != 2 {
			t.Errorf("an unchanged save called GoTo: %d create+update calls, want 2", got)
		}
	})
}

func mustLoc(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestRemovingResourceOrDeletingDeletesMeeting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		start := e.clock.Now().Add(24 * time.Hour)
		r := e.save(appt("a-1", userNote, start, room("r-3", "raum1@example.org")))
		r2 := e.save(appt("a-1", noteOf(t, r), start))
		if got := e.deletes(); got != 1 {
			t.Errorf("removing the resource: %d deletes, want 1", got)
		}
		if got := noteOf(t, r2); got != userNote {
			t.Errorf("note after removing the resource = %q, want the user's text %q", got, userNote)
		}
		if got := r2.Answer.Appointment.Fields["goto_meeting_data"]; got != "" {
			t.Errorf("goto_meeting_data = %q, want empty", got)
		}

		e.save(appt("a-2", "", start, room("r-3", "raum1@example.org")))
		del := e.send("appointment.deleted", "", map[string]any{"appointment": map[string]any{"id": "a-2", "fields": map[string]string{}}}, organizer)
		if del.Status != 200 {
			t.Fatalf("appointment.deleted: %d %s", del.Status, del.Raw)
		}
		if got := e.deletes(); got != 2 {
			t.Errorf("after deleting the appointment: %d deletes, want 2", got)
		}
		if n := len(e.fake.Meetings("raum1@example.org")); n != 0 {
			t.Errorf("%d meetings left at GoTo, want 0", n)
		}
	})
}

func TestSwappingRoomMovesMeeting(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.connect("r-3", "raum1@example.org")
	e.connect("r-4", "raum2@example.org")
	start := e.clock.Now().Add(24 * time.Hour)
	e.save(appt("a-1", "", start, room("r-3", "raum1@example.org")))
	e.save(appt("a-1", "", start, room("r-4", "raum2@example.org")))
	if a, b := len(e.fake.Meetings("raum1@example.org")), len(e.fake.Meetings("raum2@example.org")); a != 0 || b != 1 {
		t.Errorf("after the swap: room 1 has %d meetings, room 2 %d; want 0 and 1", a, b)
	}
}

func TestOnlyOneRoomPerAppointment(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.connect("r-3", "raum1@example.org")
	e.connect("r-4", "raum2@example.org")
	r := e.save(appt("a-1", "x", e.clock.Now().Add(time.Hour), room("r-3", "raum1@example.org"), room("r-4", "raum2@example.org")))
	if !hasMessage(r, "multiple_meeting_resources") || e.creates() != 0 {
		t.Errorf("two rooms: messages %+v, %d creates; want the one-room message and no meeting", r.Answer.Messages, e.creates())
	}
}

func TestPermission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		if err := e.app.store.UpdateSettings(t.Context(), e.inst, addon.Settings{PermittedGroups: []string{"Schulung"}, Policy: addon.PolicyWarn}); err != nil {
			t.Fatal(err)
		}
		outsider := addon.User{ID: "u-5", Name: "Otto", Groups: []string{"Vertrieb"}, Locale: "en"}
		external := addon.User{ID: "u-6", Name: "Eva", Groups: []string{"Schulung"}, External: true, Locale: "de"}
		for _, tc := range []struct {
			name string
			user addon.User
			code string
		}{{"outside the groups", outsider, "not_permitted"}, {"external without run-as", external, "external_user"}} {
			t.Run(tc.name, func(t *testing.T) {
				r := e.send("appointment.saved", "", map[string]any{"appointment": appt("a-"+tc.user.ID, "x", e.clock.Now().Add(time.Hour), room("r-3", "raum1@example.org"))}, tc.user)
				if r.Status != 200 || !hasMessage(r, tc.code) || r.Answer.Appointment != nil {
					t.Errorf("got %d %s; want 200, message %s, appointment unchanged", r.Status, r.Raw, tc.code)
				}
				if r.Answer.Messages[0].Level != addon.LevelInfo {
					t.Errorf("level %q, want info", r.Answer.Messages[0].Level)
				}
			})
		}
		if got := e.creates(); got != 0 {
			t.Errorf("%d meetings created for users who may not, want 0", got)
		}
		if err := e.app.store.UpdateSettings(t.Context(), e.inst, addon.Settings{PermittedGroups: []string{"Schulung"}, RunAsUser: "admin", Policy: addon.PolicyWarn}); err != nil {
			t.Fatal(err)
		}
		r := e.send("appointment.saved", "", map[string]any{"appointment": appt("a-ext", "x", e.clock.Now().Add(time.Hour), room("r-3", "raum1@example.org"))}, external)
		if e.creates() != 1 {
			t.Errorf("external user with a run-as user configured: %d meetings, want 1 (%s)", e.creates(), r.Raw)
		}
	})
}

// Two instances on one database behave like one: saves of one appointment racing through both
// make one meeting, and a redelivery to the other instance is answered from the store.
func TestTwoInstancesBehaveAsOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		other := e.secondInstance()
		a := appt("a-1", "x", e.clock.Now().Add(time.Hour), room("r-3", "raum1@example.org"))
		var wg sync.WaitGroup
		for i := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := e.crm
				if i%2 == 1 {
					c = other
				}
				u := organizer
				u.ID = fmt.Sprintf("u-%d", 200+i)
				if r, err := c.Send(t.Context(), "appointment.saved", "", c.Body("appointment.saved", u, map[string]any{"appointment": a})); err != nil || r.Status != 200 {
					t.Errorf("save %d: %v %s", i, err, r.Raw)
				}
			}()
		}
		wg.Wait()
		if got := e.creates(); got != 1 {
			t.Errorf("saves through two instances made %d meetings, want 1", got)
		}
		body := e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": appt("a-2", "", e.clock.Now().Add(5*time.Hour), room("r-3", "raum1@example.org"))})
		const delivery = "7d0e8c1a-2b3c-4d5e-8f90-a1b2c3d4e5f6"
		first, _ := e.crm.Send(t.Context(), "appointment.saved", delivery, body)
		e.clock.Add(time.Second)
		second, _ := other.Send(t.Context(), "appointment.saved", delivery, body)
		if !bytes.Equal(first.Raw, second.Raw) || e.creates() != 2 {
			t.Errorf("redelivery to the other instance: answers equal %v, %d meetings; want the same answer and 2", bytes.Equal(first.Raw, second.Raw), e.creates())
		}
	})
}

// A save interrupted between GoTo's answer and our write (the process died) leaves an intent;
// the next save deletes the meeting GoTo made for it instead of leaving it orphaned.
// gotoIntent leaves what a save of apptID that died between GoTo's answer and our write leaves:
// its intent, and the meeting GoTo created for it (on r-3, raum1@example.org).
func (e *env) gotoIntent(t *testing.T, apptID string, start time.Time) {
	t.Helper()
	end := start.Add(90 * time.Minute)
	if err := e.app.store.CreateMeeting(t.Context(), addon.MeetingRecord{Ref: "dead-" + apptID, InstallationID: e.inst, AppointmentID: apptID,
		ResourceID: "r-3", Meeting: addon.Meeting{Provider: addon.ProviderGoTo}, Subject: "Schulung Müller GmbH",
		Start: start.UTC(), End: end.UTC(), RemoteState: addon.Creating}); err != nil {
		t.Fatal(err)
	}
	c := gotomeeting.NewClient(oauth2.NewClient(t.Context(), oauth2.StaticTokenSource(e.fake.IssueTokens("raum1@example.org"))))
	c.BaseURL, _ = url.Parse(gototest.APIBase(e.fakeURL))
	if _, _, err := c.Meetings.Create(t.Context(), &gotomeeting.MeetingRequest{Subject: "Schulung Müller GmbH", Start: start, End: end}); err != nil {
		t.Fatal(err)
	}
}

func TestInterruptedCreateLeavesNoOrphan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		start := e.clock.Now().Add(24 * time.Hour).Truncate(time.Second)
		e.gotoIntent(t, "a-1", start)
		r := e.save(appt("a-1", "", start, room("r-3", "raum1@example.org")))
		if !hasMessage(r, "meeting_created") {
			t.Fatalf("save after the interruption: %s", r.Raw)
		}
		if got := len(e.fake.Meetings("raum1@example.org")); got != 1 {
			t.Errorf("GoTo has %d meetings for the appointment, want 1 (the orphan deleted)", got)
		}
	})
}

// A save that dies after GoTo's answer, on an appointment nobody saves again: housekeeping
// deletes the meeting once the intent is old enough, and leaves a young intent alone (its save
// may still be running).
func TestHousekeepingCleansAbandonedIntents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		start := e.clock.Now().Add(24 * time.Hour).Truncate(time.Second)
		e.gotoIntent(t, "a-1", start)
		logger := newLogger(io.Discard, "error")

		e.clock.Add(meeting.IntentAge / 2)
		e.app.housekeepOnce(t.Context(), logger)
		if got := len(e.fake.Meetings("raum1@example.org")); got != 1 {
			t.Fatalf("a young intent was cleaned: GoTo has %d meetings, want 1", got)
		}

		e.clock.Add(meeting.IntentAge)
		e.app.housekeepOnce(t.Context(), logger)
		if got := len(e.fake.Meetings("raum1@example.org")); got != 0 {
			t.Errorf("GoTo still has %d meetings left by the dead save, want 0", got)
		}
		if _, err := e.app.store.MeetingFor(t.Context(), e.inst, "a-1"); addon.ErrorCode(err) != addon.ENOTFOUND {
			t.Errorf("the intent is still recorded: %v", err)
		}
		// The appointment's next save creates its meeting as usual.
		if r := e.save(appt("a-1", "", start, room("r-3", "raum1@example.org"))); !hasMessage(r, "meeting_created") {
			t.Errorf("save after housekeeping: %s", r.Raw)
		}
	})
}

// An administrator deletes a GoToMeeting resource that appointments still use: the meetings
// stay valid, the administrator is told, and the consent is kept until the last of them is
// deleted, so that deleting an appointment later still deletes its meeting at GoTo (before,
// the consent went with the resource and the meeting was left at GoTo for good).
func TestDeletedResourceKeepsConsentForItsMeetings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		e.connect("r-4", "raum2@example.org")
		start := e.clock.Now().Add(24 * time.Hour).Truncate(time.Second)
		saved := e.save(appt("a-1", userNote, start, room("r-3", "raum1@example.org")))
		if !hasMessage(saved, "meeting_created") {
			t.Fatalf("save a-1: %s", saved.Raw)
		}
		if r := e.save(appt("a-2", userNote, start.Add(2*time.Hour), room("r-3", "raum1@example.org"))); !hasMessage(r, "meeting_created") {
			t.Fatalf("save a-2: %s", r.Raw)
		}

		r := e.send("resource.deleted", "", map[string]any{"resource": room("r-3", "raum1@example.org")}, organizer)
		if r.Status != 200 || !hasMessage(r, "meetings_left") {
			t.Fatalf("resource.deleted: %d %s; want the warning meetings_left", r.Status, r.Raw)
		}
		if msg := r.Answer.Messages[0].Text; !strings.Contains(msg, "2 Termine") || !strings.Contains(msg, "Schulung Müller GmbH") {
			t.Errorf("the warning does not say which appointments: %q", msg)
		}
		if got := len(e.fake.Meetings("raum1@example.org")); got != 2 {
			t.Fatalf("GoTo has %d meetings after the resource was deleted, want 2 (they stay valid)", got)
		}

		// The CRM no longer lists the deleted resource: the next save of a-1 removes its meeting.
		r = e.save(appt("a-1", noteOf(t, saved), start))
		if !hasMessage(r, "meeting_deleted") || noteOf(t, r) != userNote {
			t.Fatalf("save without the deleted resource: %s", r.Raw)
		}
		e.clock.Add(time.Second)
		if r := e.send("appointment.deleted", "", map[string]any{"appointment": map[string]any{"id": "a-2", "fields": map[string]string{}, "series": nil, "occurrence": nil}}, organizer); r.Status != 200 {
			t.Fatalf("appointment.deleted: %d %s", r.Status, r.Raw)
		}
		if got := len(e.fake.Meetings("raum1@example.org")); got != 0 {
			t.Errorf("GoTo still has %d meetings of the deleted resource, want 0", got)
		}

		e.app.housekeepOnce(t.Context(), newLogger(io.Discard, "error"))
		if tok, err := e.app.store.ResourceToken(t.Context(), e.inst, "r-3"); err != nil || tok != "" {
			t.Errorf("consent of the deleted resource kept after its last meeting: %q, %v", tok, err)
		}
		// A resource deleted without meetings loses its consent at once.
		if r := e.send("resource.deleted", "", map[string]any{"resource": room("r-4", "raum2@example.org")}, organizer); r.Status != 200 || len(r.Answer.Messages) != 0 {
			t.Errorf("resource.deleted without meetings: %d %s", r.Status, r.Raw)
		}
		if tok, err := e.app.store.ResourceToken(t.Context(), e.inst, "r-4"); err != nil || tok != "" {
			t.Errorf("consent of a deleted resource without meetings kept: %q, %v", tok, err)
		}
	})
}

// An administrator switches a resource to another GoTo account while an appointment has a
// meeting of the previous one: the administrator is told, and the appointment's next save
// deletes the meeting at the previous account (with its consent, kept for this) and creates it
// at the new one. Before, the previous consent was dropped and the meeting stayed at GoTo.
func TestChangedAccountMovesMeetingsWithoutOrphans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		start := e.clock.Now().Add(24 * time.Hour).Truncate(time.Second)
		saved := e.save(appt("a-1", userNote, start, room("r-3", "raum1@example.org")))
		if !hasMessage(saved, "meeting_created") {
			t.Fatalf("save: %s", saved.Raw)
		}
		r := e.send("resource.saved", "", map[string]any{"resource": room("r-3", "raum2@example.org")}, organizer)
		if !hasMessage(r, "account_changed") {
			t.Fatalf("resource.saved with another account: %s; want the warning account_changed", r.Raw)
		}
		e.clock.Add(time.Second)
		e.connect("r-3", "raum2@example.org")

		r = e.save(appt("a-1", noteOf(t, saved), start, room("r-3", "raum2@example.org")))
		if got := len(e.fake.Meetings("raum1@example.org")); got != 0 {
			t.Errorf("the previous account still has %d meetings, want 0", got)
		}
		if got := len(e.fake.Meetings("raum2@example.org")); got != 1 {
			t.Errorf("the new account has %d meetings, want 1", got)
		}
		if note := noteOf(t, r); !strings.HasPrefix(note, userNote) || strings.Count(note, fields.BlockStart) != 1 {
			t.Errorf("note after the switch:\n%s", note)
		}
		if n, err := e.app.store.DropUnusedConsents(t.Context()); err != nil || n != 1 {
			t.Errorf("consents dropped after the last meeting of the previous account: %d, %v; want 1", n, err)
		}
	})
}

// A colleague outside the permitted groups edits an appointment that already has a meeting:
// the meeting follows the new time (its invitation must not go stale) and goes when the room
// is removed; booking a room for a new meeting stays refused.
func TestNotPermittedEditKeepsMeetingInStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		if err := e.app.store.UpdateSettings(t.Context(), e.inst, addon.Settings{PermittedGroups: []string{"Schulung"}, Policy: addon.PolicyWarn}); err != nil {
			t.Fatal(err)
		}
		colleague := addon.User{ID: "u-5", Name: "Otto", Groups: []string{"Vertrieb"}, Locale: "de"}
		start := e.clock.Now().Add(24 * time.Hour).Truncate(time.Second)
		r := e.save(appt("a-1", userNote, start, room("r-3", "raum1@example.org")))
		if !hasMessage(r, "meeting_created") {
			t.Fatalf("organizer's save: %s", r.Raw)
		}
		note := noteOf(t, r)

		e.clock.Add(time.Second)
		moved := start.Add(2 * time.Hour)
		r = e.send("appointment.saved", "", map[string]any{"appointment": appt("a-1", note, moved, room("r-3", "raum1@example.org"))}, colleague)
		if !hasMessage(r, "meeting_updated") || e.updates() != 1 {
			t.Fatalf("colleague moved the appointment: %d updates, %s; want the meeting updated", e.updates(), r.Raw)
		}
		ms := e.fake.Meetings("raum1@example.org")
		if len(ms) != 1 || !ms[0].Start.Equal(moved) {
			t.Errorf("GoTo has %+v; want one meeting starting %v", ms, moved)
		}
		note = noteOf(t, r)

		e.clock.Add(time.Second)
		r = e.send("appointment.saved", "", map[string]any{"appointment": appt("a-1", note, moved)}, colleague)
		if !hasMessage(r, "meeting_deleted") || noteOf(t, r) != userNote || len(e.fake.Meetings("raum1@example.org")) != 0 {
			t.Errorf("colleague removed the room: %s; want the meeting deleted and the note back to the user's text", r.Raw)
		}

		e.clock.Add(time.Second)
		r = e.send("appointment.saved", "", map[string]any{"appointment": appt("a-1", userNote, moved, room("r-3", "raum1@example.org"))}, colleague)
		if !hasMessage(r, "not_permitted") || e.creates() != 1 {
			t.Errorf("colleague booked the room again: %d creates, %s; want no new meeting and not_permitted", e.creates(), r.Raw)
		}
	})
}
