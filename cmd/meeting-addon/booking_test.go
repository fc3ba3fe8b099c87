package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

func TestDoubleBooking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		for _, policy := range []string{addon.PolicyWarn, addon.PolicyStrict} {
			t.Run(policy, func(t *testing.T) {
				e := newEnv(t, kind)
				e.connect("r-3", "raum1@example.org")
				if err := e.app.store.UpdateSettings(t.Context(), e.inst, addon.Settings{PermittedGroups: []string{addon.GroupsAll}, Policy: policy}); err != nil {
					t.Fatal(err)
				}
				start := e.clock.Now().Add(24 * time.Hour)
				// Two saves of different appointments overlapping on the same room race.
				var wg sync.WaitGroup
				replies := make([]crm.Reply, 2)
				for i := range 2 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						replies[i] = e.save(appt(fmt.Sprintf("a-%d", i), "", start.Add(time.Duration(i)*30*time.Minute), room("r-3", "raum1@example.org")))
					}()
				}
				wg.Wait()
				warned := 0
				for _, r := range replies {
					if hasMessage(r, "resource_overbooked") {
						warned++
					}
				}
				if warned != 1 {
					t.Errorf("%d of 2 racing overlapping saves were told about the overlap, want exactly 1", warned)
				}
				want := 2
				if policy == addon.PolicyStrict {
					want = 1
				}
				if got := len(e.fake.Meetings("raum1@example.org")); got != want {
					t.Errorf("%d meetings at GoTo, want %d", got, want)
				}
				// A save that does not overlap is not warned.
				r := e.save(appt("a-later", "", start.Add(5*time.Hour), room("r-3", "raum1@example.org")))
				if hasMessage(r, "resource_overbooked") {
					t.Errorf("non-overlapping save warned: %+v", r.Answer.Messages)
				}
			})
		}
	})
}

// series is a weekly series master with n occurrences of 90 minutes from start.
func series(id string, start time.Time, n int, cancelled map[int]bool, res ...map[string]any) map[string]any {
	a := appt(id, "Serien-Notiz", start, res...)
	var occ []map[string]any
	for i := range n {
		s := start.AddDate(0, 0, 7*i)
		occ = append(occ, map[string]any{"recurrence_id": s.Format(time.RFC3339), "start": s.Format(time.RFC3339),
			"end": s.Add(90 * time.Minute).Format(time.RFC3339), "cancelled": cancelled[i]})
	}
	a["series"] = map[string]any{"rule": fmt.Sprintf("FREQ=WEEKLY;COUNT=%d", n), "occurrences": occ}
	return a
}

func TestSeriesMeetingsPerElement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		start := e.clock.Now().Add(24 * time.Hour).Truncate(time.Minute)
		master := series("s-1", start, 10, nil, room("r-3", "raum1@example.org"))
		r := e.save(master)
		if e.creates() != 0 {
			t.Errorf("saving the master created %d meetings, want 0", e.creates())
		}
		if !hasMessage(r, "series_per_element") {
			t.Errorf("master answer lacks the per-element message: %+v", r.Answer.Messages)
		}
		if note := noteOf(t, r); strings.Contains(note, fields.BlockStart) || strings.Contains(string(r.Raw), "join_url") {
			t.Errorf("the master carries a link that would be stale for other elements: %s", r.Raw)
		}
		// Another appointment at the time of the 3rd occurrence overlaps the reservation.
		third := start.AddDate(0, 0, 14)
		if r := e.save(appt("a-other", "", third.Add(30*time.Minute), room("r-3", "raum1@example.org"))); !hasMessage(r, "resource_overbooked") {
			t.Errorf("an appointment over a reserved occurrence was not warned: %+v", r.Answer.Messages)
		}
		e.send("appointment.deleted", "", map[string]any{"appointment": map[string]any{"id": "a-other", "fields": map[string]string{}}}, organizer)
		before := e.creates()

		element := appt("s-1-e2", "Serien-Notiz", start.AddDate(0, 0, 7), room("r-3", "raum1@example.org"))
		element["occurrence"] = map[string]any{"series_id": "s-1", "recurrence_id": start.AddDate(0, 0, 7).Format(time.RFC3339)}
		er := e.send("appointment.series_element_opened", "", map[string]any{"appointment": element, "series_master": master}, organizer)
		if er.Status != 200 || e.creates() != before+1 {
			t.Fatalf("element opened: %d, %d new meetings; want 200 and 1 (%s)", er.Status, e.creates()-before, er.Raw)
		}
		if hasMessage(er, "resource_overbooked") {
			t.Errorf("the element overlaps its own series' reservation: %+v", er.Answer.Messages)
		}
		if note := noteOf(t, er); strings.Count(note, fields.BlockStart) != 1 {
			t.Errorf("element note has no invitation block:\n%s", note)
		}
		// Cancelling that occurrence in the master deletes the element's meeting and frees it.
		deletesBefore := e.deletes()
		e.save(series("s-1", start, 10, map[int]bool{1: true}, room("r-3", "raum1@example.org")))
		if got := e.deletes() - deletesBefore; got != 1 {
			t.Errorf("cancelled occurrence: %d deletes, want 1", got)
		}
		if r := e.save(appt("a-new", "", start.AddDate(0, 0, 7), room("r-3", "raum1@example.org"))); hasMessage(r, "resource_overbooked") {
			t.Errorf("the cancelled occurrence still blocks the room: %+v", r.Answer.Messages)
		}
	})
}

func TestOAuthStateIsSingleUse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		r := e.send("resource.saved", "", map[string]any{"resource": room("r-3", "raum1@example.org")}, organizer)
		if r.Status != 200 || len(r.Answer.Buttons) != 1 || r.Answer.Buttons[0].Label != "GoToMeeting Account freigeben" {
			t.Fatalf("resource.saved: %s", r.Raw)
		}
		// Replay the callback URL the fake's consent sent the browser to.
		status, callback, err := e.crm.ConnectGoTo(t.Context(), r.Answer.Buttons[0].URL, organizer, "raum1@example.org")
		if err != nil || status != 200 {
			t.Fatalf("connect: %d %v", status, err)
		}
		resp, err := http.Get(callback)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("reused OAuth state: %d, want 403", resp.StatusCode)
		}
	})
}
