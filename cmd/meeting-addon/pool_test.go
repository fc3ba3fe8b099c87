package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// poolLicences are the Zoom licence users of the pool tests, in the pool's order; their CRM
// resources are lic-1, lic-2, lic-3.
var poolLicences = []string{"admin@example.org", host1, host2}

// poolSetup saves the three licence resources and a pool resource "Zoom" of them, as the CRM
// and the settings page do, with the given capacities (0: the installation's) and policy.
func (e *env) poolSetup(t testing.TB, policy string, caps ...int) map[string]any {
	t.Helper()
	var members []addon.PoolMember
	for i, l := range poolLicences {
		id := fmt.Sprintf("lic-%d", i+1)
		if r := e.send("resource.saved", "", map[string]any{"resource": zoomRoom(id, l)}, organizer); !hasMessage(r, "zoom_user_ok") {
			t.Fatalf("licence %s: %s", l, r.Raw)
		}
		m := addon.PoolMember{ResourceID: id}
		if i < len(caps) {
			m.Capacity = caps[i]
		}
		members = append(members, m)
	}
	if err := e.app.store.SetPoolMembers(t.Context(), e.inst, "pool-zoom", members); err != nil {
		t.Fatal(err)
	}
	pool := map[string]any{"id": "pool-zoom", "name": "Zoom", "fields": map[string]string{"meeting_pool": "Zoom-Lizenzen der VHS"}}
	if r := e.send("resource.saved", "", map[string]any{"resource": pool}, organizer); !hasMessage(r, "pool_saved") || !strings.Contains(string(r.Raw), "3 Lizenzen") {
		t.Fatalf("pool resource saved: %s", r.Raw)
	}
	if err := e.app.store.UpdateSettings(t.Context(), e.inst, addon.Settings{PermittedGroups: []string{addon.GroupsAll}, Policy: policy}); err != nil {
		t.Fatal(err)
	}
	return pool
}

// licenceOf returns the licence resource of an answer's meeting, after checking that the Zoom
// meeting belongs to that licence's user and that invitation and hidden field name it.
func (e *env) licenceOf(t *testing.T, r crm.Reply) string {
	t.Helper()
	if r.Answer.Appointment == nil {
		t.Fatalf("no meeting: %s", r.Raw)
	}
	data, ok, err := fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])
	if err != nil || !ok {
		t.Fatalf("zoom_meeting_data: %v %s", err, r.Raw)
	}
	n, err := strconv.Atoi(strings.TrimPrefix(data.ResourceID, "lic-"))
	if err != nil || n < 1 || n > 3 {
		t.Fatalf("meeting on %q, not a licence of the pool", data.ResourceID)
	}
	id, _ := strconv.ParseInt(data.MeetingID, 10, 64)
	m, found := e.zoom.Meeting(id)
	if !found || m.HostEmail != poolLicences[n-1] {
		t.Errorf("meeting %s is hosted by %q, want the licence's user %s", data.MeetingID, m.HostEmail, poolLicences[n-1])
	}
	name := "Zoom " + data.ResourceID
	if data.Licence != name || !strings.Contains(noteOf(t, r), "Lizenz: "+name) {
		t.Errorf("hidden field names licence %q and the invitation reads\n%s\nwant both to name %q", data.Licence, noteOf(t, r), name)
	}
	return data.ResourceID
}

func titled(a map[string]any, title string) map[string]any { a["title"] = title; return a }

// Three licences, four overlapping appointments: each of the first three gets a licence of its
// own; the fourth warns naming the appointments it collides with, or gets no meeting and is
// told when the pool is free again, by policy.
func TestPoolAssignsAFreeLicence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		for _, policy := range []string{addon.PolicyWarn, addon.PolicyStrict} {
			t.Run(policy, func(t *testing.T) {
				e := newEnv(t, kind)
				e.zoomSetup(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
				pool := e.poolSetup(t, policy)
				start := berlinAt(t, "2026-03-10", "10:00")
				got := map[string]bool{}
				for i := range 3 {
					r := e.save(titled(appt(fmt.Sprintf("p-%d", i), "", start.Add(time.Duration(i)*10*time.Minute), pool), fmt.Sprintf("Kurs %d", i)))
					if hasMessage(r, "resource_overbooked") || !hasMessage(r, "pool_assigned") {
						t.Errorf("appointment %d of 3 in a pool of 3: %s", i, r.Raw)
					}
					got[e.licenceOf(t, r)] = true
				}
				if len(got) != 3 {
					t.Errorf("three overlapping appointments got licences %v, want three different ones", got)
				}
				r := e.save(titled(appt("p-3", "", start.Add(30*time.Minute), pool), "Kurs 3"))
				text := string(r.Raw)
				switch policy {
				case addon.PolicyWarn:
					e.licenceOf(t, r)
					if !hasMessage(r, "resource_overbooked") || !strings.Contains(text, "Kurs 0") {
						t.Errorf("fourth appointment under warn: %s; want a meeting and a warning naming the appointment it collides with", text)
					}
				case addon.PolicyStrict:
					// The first of the three ends at 11:30: from then a licence is free for 90 minutes.
					if r.Answer.Appointment != nil && r.Answer.Appointment.Fields["zoom_meeting_data"] != "" || !strings.Contains(text, "ab 10.03.2026 11:30") {
						t.Errorf("fourth appointment under strict: %s; want no meeting and the time the pool is free again (10.03.2026 11:30)", text)
					}
					if n := len(e.zoom.Meetings()); n != 3 {
						t.Errorf("%d meetings at Zoom, want 3", n)
					}
				}
			})
		}
	})
}

// A save keeps the appointment's licence while it is free, even when another would do; a
// move to where it is taken moves the meeting to a free licence (strict) or keeps it with a
// warning (warn).
func TestPoolMoveKeepsOrMovesTheLicence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		for _, policy := range []string{addon.PolicyWarn, addon.PolicyStrict} {
			t.Run(policy, func(t *testing.T) {
				e := newEnv(t, kind)
				e.zoomSetup(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
				pool := e.poolSetup(t, policy)
				a := titled(appt("m-a", "", berlinAt(t, "2026-03-10", "10:00"), pool), "Kurs A")
				r := e.save(a)
				licA := e.licenceOf(t, r)
				idA := dataOf(t, r).MeetingID
				// Another appointment in the afternoon takes the same (first free) licence.
				rb := e.save(titled(appt("m-b", "", berlinAt(t, "2026-03-10", "14:00"), pool), "Kurs B"))
				if licB := e.licenceOf(t, rb); licB != licA {
					t.Fatalf("B got %s, want %s: the pool's first free licence", licB, licA)
				}
				// A moves by half an hour: its licence is still free there, meeting and link stay.
				moved := titled(appt("m-a", noteOf(t, r), berlinAt(t, "2026-03-10", "10:30"), pool), "Kurs A")
				r = e.save(moved)
				if lic := e.licenceOf(t, r); lic != licA || dataOf(t, r).MeetingID != idA || hasMessage(r, "pool_moved") || !hasMessage(r, "meeting_updated") {
					t.Errorf("small move: licence %s, meeting %s → %s, messages %+v; want the same licence and meeting, updated", lic, idA, dataOf(t, r).MeetingID, r.Answer.Messages)
				}
				// A moves onto B: its licence is taken there.
				onto := titled(appt("m-a", noteOf(t, r), berlinAt(t, "2026-03-10", "14:30"), pool), "Kurs A")
				r = e.save(onto)
				lic := e.licenceOf(t, r)
				switch policy {
				case addon.PolicyStrict:
					if lic == licA || dataOf(t, r).MeetingID == idA || !hasMessage(r, "pool_moved") {
						t.Errorf("move onto a taken licence under strict: %s on %s; want another licence, a new meeting and the user told", r.Raw, lic)
					}
					if _, ok := e.zoom.Meeting(mustID(t, idA)); ok {
						t.Error("the meeting on the previous licence is still at Zoom")
					}
				case addon.PolicyWarn:
					if lic != licA || dataOf(t, r).MeetingID != idA || !hasMessage(r, "resource_overbooked") || !strings.Contains(string(r.Raw), "Kurs B") {
						t.Errorf("move onto a taken licence under warn: %s; want the same meeting and a warning naming Kurs B", r.Raw)
					}
				}
			})
		}
	})
}

func dataOf(t *testing.T, r crm.Reply) fields.MeetingData {
	t.Helper()
	d, _, err := fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// The start button of a pooled appointment goes to the host of the licence it got (with that
// licence's host key on the organizer's page).
func TestPoolStartGoesToTheLicencesHost(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	pool := e.poolSetup(t, addon.PolicyWarn)
	withKey := zoomRoom("lic-2", poolLicences[1])
	withKey["fields"].(map[string]string)["zoom_host_key"] = "2233445"
	e.send("resource.saved", "", map[string]any{"resource": withKey}, organizer)
	start := e.clock.Now().Add(24 * time.Hour)
	e.save(appt("first", "", start, pool)) // takes lic-1
	r := e.save(appt("second", "", start.Add(15*time.Minute), pool))
	if lic := e.licenceOf(t, r); lic != "lic-2" {
		t.Fatalf("second appointment got %s, want lic-2", lic)
	}
	button := r.Answer.Buttons[0].URL
	action, token := hostPage(t, button[:strings.Index(button, "/start/")], e.crm.LaunchURL(button, organizer, false), "2233445")
	resp := postToken(t, action, token)
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "/s/"+dataOf(t, r).MeetingID+"?zak=") {
		t.Errorf("start: %d → %q, want Zoom's start URL of meeting %s (hosted by %s)", resp.StatusCode, loc, dataOf(t, r).MeetingID, poolLicences[1])
	}
}
