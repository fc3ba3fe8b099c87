package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/fields"
)

// The whole flow on a database created with CHARACTER SET latin1, as `CREATE DATABASE addon`
// makes it on a server whose default is latin1: connecting a room named with umlauts, a save
// whose answer holds the invitation block ('―') below a note with umlauts and an emoji, its
// redelivery answered from the store byte for byte, a change, and the deletion.
func TestLatin1DatabaseFlow(t *testing.T) {
	e := newEnv(t, "mariadb-latin1")
	e.connect("r-ä", "räume@example.org")
	const note = "Begrüßung – Übersicht 😀\nMaße: 3×4\n"
	a := appt("a-ö", note, e.clock.Now().Add(24*time.Hour), room("r-ä", "räume@example.org"))
	a["title"] = "Schulung „Müller & Söhne“ ― Teil 1"
	body := e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": a})
	const delivery = "3f1c2b9a-9d8e-4f00-8a1b-2c3d4e5f6a7b"
	first, err := e.crm.Send(t.Context(), "appointment.saved", delivery, body)
	if err != nil {
		t.Fatal(err)
	}
	if first.Status != 200 || !hasMessage(first, "meeting_created") {
		t.Fatalf("save: status %d: %s", first.Status, first.Raw)
	}
	saved := noteOf(t, first)
	if !strings.HasPrefix(saved, note) || !strings.Contains(saved, fields.BlockStart) || !strings.Contains(fields.BlockStart, "―") {
		t.Errorf("note = %q, want the user's note and the invitation block %q below it", saved, fields.BlockStart)
	}
	e.clock.Add(time.Second) // the CRM's redelivery is signed anew
	again, err := e.crm.Send(t.Context(), "appointment.saved", delivery, body)
	if err != nil {
		t.Fatal(err)
	}
	if again.Status != 200 || !bytes.Equal(first.Raw, again.Raw) {
		t.Errorf("redelivery: status %d, answer differs from the first:\n%s\n%s", again.Status, first.Raw, again.Raw)
	}
	a["note"], a["title"] = saved, "Schulung „Müller & Söhne“ ― Teil 2"
	a["fields"] = first.Answer.Appointment.Fields
	if r := e.save(a); r.Status != 200 || !strings.Contains(noteOf(t, r), fields.BlockStart) {
		t.Errorf("changed save: status %d: %s", r.Status, r.Raw)
	}
	del := e.send("appointment.deleted", "", map[string]any{"appointment": map[string]any{"id": "a-ö", "fields": a["fields"]}}, organizer)
	if del.Status != 200 {
		t.Errorf("appointment.deleted: %d %s", del.Status, del.Raw)
	}
	if got := e.creates(); got != 1 {
		t.Errorf("%d meetings created at GoTo, want 1", got)
	}
	if n := len(e.fake.Meetings("räume@example.org")); n != 0 {
		t.Errorf("%d meetings left at GoTo, want 0", n)
	}
}
