package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// event is one appointment event as the CRM signs it, kept so that it can be delivered again.
type event struct {
	name, delivery string
	raw            []byte
}

// saved builds appointment.saved for a at the test clock's time (its occurred_at).
func (e *env) saved(a map[string]any) event {
	e.clock.Add(time.Second)
	return event{"appointment.saved", uuid.NewString(), e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": a})}
}

func (e *env) deliverEvent(t *testing.T, ev event) crm.Reply {
	t.Helper()
	r, err := e.crm.Send(t.Context(), ev.name, ev.delivery, ev.raw)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != 200 {
		t.Fatalf("%s: %d %s", ev.name, r.Status, r.Raw)
	}
	return r
}

// gotoStart is the start of the only meeting at the fake GoTo.
func (e *env) gotoStart(t *testing.T) time.Time {
	t.Helper()
	ms := e.fake.Meetings("raum1@example.org")
	if len(ms) != 1 {
		t.Fatalf("fake GoTo has %d meetings, want 1", len(ms))
	}
	return ms[0].Start
}

// A redelivery of a save that arrives after a newer save (the 10:00 save got a 503, the user
// moved the appointment to 12:00, then the CRM redelivered the 10:00 save) changes nothing, and
// its answer leaves the CRM's newer note and hidden field alone.
func TestLateRedeliveryDoesNotUndoNewerSave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		ten := e.clock.Now().Add(48 * time.Hour).Truncate(time.Hour)
		noon := ten.Add(2 * time.Hour)
		first := e.saved(appt("a-1", userNote, ten, room("r-3", "raum1@example.org")))
		second := e.saved(appt("a-1", userNote, noon, room("r-3", "raum1@example.org")))

		t.Run("first delivered before, answered from the store", func(t *testing.T) {
			e.deliverEvent(t, first)
			e.deliverEvent(t, second)
			e.clock.Add(time.Second)
			late := e.deliverEvent(t, first)
			if late.Answer.Appointment != nil || !hasMessage(late, "superseded") {
				t.Errorf("late redelivery answered %s; want no appointment part and a superseded message", late.Raw)
			}
			if got := e.gotoStart(t); !got.Equal(noon.UTC()) {
				t.Errorf("GoTo meeting at %s, want %s", got, noon.UTC())
			}
		})
		t.Run("never delivered before", func(t *testing.T) {
			e.clock.Add(time.Second)
			unseen := first
			unseen.delivery = uuid.NewString() // an event whose every earlier delivery failed
			r := e.deliverEvent(t, unseen)
			if r.Answer.Appointment != nil || !hasMessage(r, "superseded") {
				t.Errorf("stale event answered %s; want no appointment part and a superseded message", r.Raw)
			}
			if got := e.gotoStart(t); !got.Equal(noon.UTC()) || e.updates() != 1 {
				t.Errorf("GoTo meeting at %s after %d updates, want %s after 1", got, e.updates(), noon.UTC())
			}
		})
	})
}

// A save that got a 503, then the appointment was deleted, then the save's redelivery came:
// nothing is created for the deleted appointment, and its account is not blocked.
func TestStaleSaveAfterDeleteRecreatesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		start := e.clock.Now().Add(48 * time.Hour)
		save := e.saved(appt("a-1", userNote, start, room("r-3", "raum1@example.org")))
		e.clock.Add(time.Second)
		del := event{"appointment.deleted", uuid.NewString(), e.crm.Body("appointment.deleted", organizer,
			map[string]any{"appointment": map[string]any{"id": "a-1", "fields": map[string]string{}, "series": nil, "occurrence": nil}})}
		e.deliverEvent(t, del)
		r := e.deliverEvent(t, save)
		if r.Answer.Appointment != nil || !hasMessage(r, "superseded") {
			t.Errorf("save after delete answered %s; want nothing written back", r.Raw)
		}
		if e.creates() != 0 {
			t.Errorf("%d meetings created for a deleted appointment", e.creates())
		}
		other := e.save(appt("a-2", "", start, room("r-3", "raum1@example.org")))
		if hasMessage(other, "resource_overbooked") {
			t.Errorf("the deleted appointment still books the room: %s", other.Raw)
		}
	})
}

// A captured request sent again with its signature in upper case and a new delivery id is the
// same content: it is answered as the first delivery and changes nothing.
func TestReplayInAnyCaseChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		ten := e.clock.Now().Add(48 * time.Hour).Truncate(time.Hour)
		e.clock.Add(time.Second)
		raw := e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": appt("a-1", userNote, ten, room("r-3", "raum1@example.org"))})
		hdr := e.headers(raw, e.clock.Now(), e.crm.Secret)
		if status, body := e.post(t, "appointment.saved", raw, hdr); status != 200 {
			t.Fatalf("first: %d %v", status, body)
		}
		noon := ten.Add(2 * time.Hour)
		e.save(appt("a-1", userNote, noon, room("r-3", "raum1@example.org")))

		replay := map[string]string{}
		for k, v := range hdr {
			replay[k] = v
		}
		replay["X-CRM-Signature"] = "v1=" + strings.ToUpper(strings.TrimPrefix(hdr["X-CRM-Signature"], "v1="))
		replay["X-CRM-Delivery"] = uuid.NewString()
		status, body := e.post(t, "appointment.saved", raw, replay)
		if status != 200 || body["appointment"] != nil {
			t.Errorf("replay answered %d %v; want 200 without an appointment part", status, body)
		}
		if got := e.gotoStart(t); !got.Equal(noon.UTC()) || e.creates() != 1 {
			t.Errorf("after the replay: meeting at %s, %d creates; want %s and 1", got, e.creates(), noon.UTC())
		}
	})
}

// A double click on Save: two events with identical bodies in one second share one signature.
// Both are answered 200 with the same answer, and there is one meeting.
func TestIdenticalDoubleSaveAnsweredTwiceAppliedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		raw := e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": appt("a-1", userNote, e.clock.Now().Add(48*time.Hour), room("r-3", "raum1@example.org"))})
		var answers [][]byte
		for range 2 {
			r, err := e.crm.Send(t.Context(), "appointment.saved", "", raw) // new delivery id each
			if err != nil || r.Status != 200 {
				t.Fatalf("%v %d %s", err, r.Status, r.Raw)
			}
			answers = append(answers, r.Raw)
		}
		if !bytes.Equal(answers[0], answers[1]) {
			t.Errorf("answers differ:\n%s\n%s", answers[0], answers[1])
		}
		var ans struct{ Appointment struct{ Note string } }
		_ = json.Unmarshal(answers[1], &ans)
		if e.creates() != 1 || fields.WithoutBlock(ans.Appointment.Note) != userNote {
			t.Errorf("%d creates, note %q; want 1 and the user's note with the invitation", e.creates(), ans.Appointment.Note)
		}
	})
}

// Events of the same second apply in arrival order.
func TestSameSecondAppliesInArrivalOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		ten := e.clock.Now().Add(48 * time.Hour).Truncate(time.Hour)
		e.clock.Add(time.Second)
		for _, start := range []time.Time{ten, ten.Add(time.Hour)} {
			r := e.deliverEvent(t, event{"appointment.saved", uuid.NewString(), e.crm.Body("appointment.saved", organizer,
				map[string]any{"appointment": appt("a-1", userNote, start, room("r-3", "raum1@example.org"))})})
			if hasMessage(r, "superseded") {
				t.Errorf("an event of the same second was refused as stale: %s", r.Raw)
			}
		}
		if got := e.gotoStart(t); !got.Equal(ten.Add(time.Hour).UTC()) {
			t.Errorf("meeting at %s, want the later arrival's %s", got, ten.Add(time.Hour).UTC())
		}
	})
}

// An answer stored before answers kept their subject (migration 2026120650) is still compared
// with its appointment's newest event when the CRM delivers it again late.
func TestLateRedeliveryOfAnAnswerStoredBeforeTheUpgrade(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		ten := e.clock.Now().Add(48 * time.Hour).Truncate(time.Hour)
		first := e.saved(appt("a-1", userNote, ten, room("r-3", "raum1@example.org")))
		second := e.saved(appt("a-1", userNote, ten.Add(2*time.Hour), room("r-3", "raum1@example.org")))
		e.deliverEvent(t, first)
		if err := e.app.store.DB().Exec("UPDATE deliveries SET subject = ''").Error; err != nil {
			t.Fatal(err)
		}
		e.deliverEvent(t, second)
		e.clock.Add(time.Second)
		if late := e.deliverEvent(t, first); late.Answer.Appointment != nil || !hasMessage(late, "superseded") {
			t.Errorf("late redelivery of an old answer: %s; want no appointment part and a superseded message", late.Raw)
		}
	})
}
