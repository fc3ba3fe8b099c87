package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// Every string a hook carries is accepted up to its limit (and stored whole, on MariaDB too)
// and refused one past it with a 400 that names the field; never a 500.
func TestStringFieldsAtAndPastTheirLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		start := e.clock.Now().Add(48 * time.Hour)
		umlauts := func(n int) string { return strings.Repeat("ü", n) } // two bytes each: characters, not bytes, count
		for i, tc := range []struct {
			field string
			limit int // characters (ASCII for byte limits)
			set   func(a map[string]any, u *addon.User, v string)
		}{
			{"appointment.title", 1000, func(a map[string]any, _ *addon.User, v string) { a["title"] = v }},
			{"appointment.number", 200, func(a map[string]any, _ *addon.User, v string) { a["number"] = v }},
			{"appointment.location", 1000, func(a map[string]any, _ *addon.User, v string) { a["location"] = v }},
			{"appointment.organizer.id", 64, func(a map[string]any, _ *addon.User, v string) {
				a["organizer"] = map[string]string{"id": v, "name": "X", "email": "x@example.org"}
			}},
			{"appointment.organizer.name", 200, func(a map[string]any, _ *addon.User, v string) {
				a["organizer"] = map[string]string{"id": "u-17", "name": v, "email": "x@example.org"}
			}},
			{"appointment.id", 64, func(a map[string]any, _ *addon.User, v string) { a["id"] = v }},
			{"user.id", 64, func(_ map[string]any, u *addon.User, v string) { u.ID = v }},
			{"user.name", 200, func(_ map[string]any, u *addon.User, v string) { u.Name = v }},
			{"appointment.resources[0].name", 200, func(a map[string]any, _ *addon.User, v string) {
				a["resources"] = []any{map[string]any{"id": "r-3", "name": v, "fields": map[string]string{"gotomeeting_account": "raum1@example.org"}}}
			}},
			{"appointment.fields.zoom_alternative_hosts", 200, func(a map[string]any, _ *addon.User, v string) {
				a["fields"] = map[string]string{"goto_meeting_data": "", "zoom_alternative_hosts": v}
			}},
			{"appointment.attendees[0].name", 200, func(a map[string]any, _ *addon.User, v string) {
				a["attendees"] = []any{map[string]string{"name": v, "email": "k@example.org"}}
			}},
		} {
			byteLimit := tc.field == "appointment.title" || tc.field == "appointment.location" || strings.HasSuffix(tc.field, ".id")
			for _, past := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s past=%v", tc.field, past), func(t *testing.T) {
					n := tc.limit
					if past {
						n++
					}
					v := strings.Repeat("x", n)
					if !byteLimit {
						v = umlauts(n)
					}
					a := appt(fmt.Sprintf("lim-%d-%v", i, past), userNote, start.Add(time.Duration(i)*3*time.Hour), room("r-3", "raum1@example.org"))
					u := organizer
					tc.set(a, &u, v)
					r := e.send("appointment.saved", "", map[string]any{"appointment": a}, u)
					e.clock.Add(time.Second)
					if past {
						named := false
						for _, d := range r.Error.Details {
							named = named || d.Field == tc.field
						}
						if r.Status != http.StatusBadRequest || !named {
							t.Errorf("got %d %s; want 400 naming %s", r.Status, r.Raw, tc.field)
						}
						return
					}
					if r.Status != 200 || !hasMessage(r, "meeting_created") {
						t.Fatalf("got %d %s; want 200 with a meeting", r.Status, r.Raw)
					}
					if note := noteOf(t, r); fields.WithoutBlock(note) != userNote {
						t.Errorf("the user's note came back as %q", fields.WithoutBlock(note))
					}
				})
			}
		}
	})
}

// The note at its limit: the answer (note plus invitation plus data) is stored for
// redeliveries, and a note that leaves no room for the invitation is kept with a warning.
func TestLongestNoteIsKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		note := strings.Repeat("ä", 65535/2)
		r := e.save(appt("a-1", note, e.clock.Now().Add(48*time.Hour), room("r-3", "raum1@example.org")))
		if r.Status != 200 || !hasMessage(r, "note_too_long") {
			t.Fatalf("got %d %s; want 200 with note_too_long", r.Status, r.Raw)
		}
		short := strings.Repeat("ä", 64800/2) // with the invitation and the data, the answer passes 65,535 bytes
		r = e.save(appt("a-2", short, e.clock.Now().Add(52*time.Hour), room("r-3", "raum1@example.org")))
		if r.Status != 200 || fields.WithoutBlock(noteOf(t, r)) != short {
			t.Fatalf("got %d; want 200 with the note of 64,800 bytes kept byte for byte", r.Status)
		}
	})
}

// A body that is not UTF-8 is refused: decoding would replace the bad bytes, and the note that
// went back would no longer be the user's.
func TestInvalidUTF8IsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		raw := e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": appt("a-1", "Agenda MARK", e.clock.Now().Add(time.Hour))})
		raw = []byte(strings.Replace(string(raw), "MARK", "\xff\xfe", 1))
		status, body := e.post(t, "appointment.saved", raw, e.headers(raw, e.clock.Now(), e.crm.Secret))
		if code, msg, _ := errorOf(body); status != 400 || code != "invalid" || !strings.Contains(msg, "UTF-8") {
			t.Errorf("got %d %v; want 400 saying the body is not UTF-8", status, body)
		}
	})
}

// A GET on a hook route is a wrong method (405), not a bad request.
func TestHookRouteRefusesGET(t *testing.T) {
	e := newEnv(t, "sqlite")
	resp := get(t, e.url+"/hooks/v1/appointment.saved")
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET answered %d, want 405", resp.StatusCode)
	}
}

// Launch tokens whose claims exceed what the add-on keeps are refused with a message, on the
// start link and on the settings page, not with a 500.
func TestLaunchClaimsBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		r := e.save(appt("a-1", "", e.clock.Now().Add(48*time.Hour), room("r-3", "raum1@example.org")))
		button := r.Answer.Buttons[0].URL
		for _, tc := range []struct {
			name  string
			url   func(u addon.User) string
			user  func() addon.User
			claim string
		}{
			{"start link, long sub", func(u addon.User) string { return e.crm.LaunchURL(button, u, false) },
				func() addon.User { u := organizer; u.ID = strings.Repeat("u", 201); return u }, "crm_launch.sub"},
			{"settings, long name", func(u addon.User) string { return e.crm.LaunchURL(e.url+"/settings", u, true) },
				func() addon.User { u := organizer; u.Name = strings.Repeat("n", 201); return u }, "crm_launch.name"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				resp, body := fetch(t, tc.url(tc.user()))
				if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, tc.claim) {
					t.Errorf("got %d; want 400 naming %s:\n%s", resp.StatusCode, tc.claim, body)
				}
			})
		}
	})
}
