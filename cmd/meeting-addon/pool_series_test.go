package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// A course of 12 dates needs one licence free on all of them: the first two licences are each
// taken on one date (booked directly), so the course gets the third.
func TestPoolCourseNeedsOneLicenceOnEveryDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.zoomSetup(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
		pool := e.poolSetup(t, addon.PolicyStrict)
		var days []day
		for w := range 12 {
			days = append(days, day{time.Date(2026, 4, 7+7*w, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), "18:00", "19:30"})
		}
		for _, block := range []struct{ id, lic, login, date string }{{"x-1", "lic-1", poolLicences[0], days[2].date}, {"x-2", "lic-2", poolLicences[1], days[7].date}} {
			if r := e.save(appt(block.id, "", berlinAt(t, block.date, "18:30"), zoomRoom(block.lic, block.login))); !hasMessage(r, "meeting_created") {
				t.Fatalf("direct booking of %s: %s", block.lic, r.Raw)
			}
		}
		r := e.save(course(t, "course", days, pool))
		if lic := e.licenceOf(t, r); lic != "lic-3" {
			t.Errorf("the course got %s; only lic-3 is free on all 12 dates", lic)
		}
		if typ, got := e.available(t, r.Answer.Appointment.Fields); typ != 8 || len(got) != 12 {
			t.Errorf("Zoom meeting type %d with %d occurrences, want one recurring meeting of 12", typ, len(got))
		}
		// Saved again unchanged, it stays where it is and Zoom is not called.
		from := len(e.zoom.Calls())
		r = e.save(course(t, "course", days, pool))
		if lic := e.licenceOf(t, r); lic != "lic-3" || len(e.meetingCalls(from)) != 0 {
			t.Errorf("re-save: %s, calls %v; want lic-3 and no call", lic, e.meetingCalls(from))
		}
	})
}

// A pool of GoTo accounts: two overlapping appointments get the two accounts.
func TestPoolOfGoToAccounts(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.connect("g-1", "raum1@example.org")
	e.connect("g-2", "raum2@example.org")
	if err := e.app.store.SetPoolMembers(t.Context(), e.inst, "pool-goto", []addon.PoolMember{{ResourceID: "g-1"}, {ResourceID: "g-2"}}); err != nil {
		t.Fatal(err)
	}
	pool := map[string]any{"id": "pool-goto", "name": "GoToMeeting", "fields": map[string]string{"meeting_pool": "GoTo"}}
	e.send("resource.saved", "", map[string]any{"resource": pool}, organizer)
	start := e.clock.Now().Add(24 * time.Hour)
	for i := range 2 {
		r := e.save(appt(fmt.Sprintf("g-%d", i), "", start.Add(time.Duration(i)*15*time.Minute), pool))
		if !hasMessage(r, "meeting_created") || hasMessage(r, "resource_overbooked") {
			t.Errorf("appointment %d: %s", i, r.Raw)
		}
	}
	if a, b := len(e.fake.Meetings("raum1@example.org")), len(e.fake.Meetings("raum2@example.org")); a != 1 || b != 1 {
		t.Errorf("meetings per GoTo account: %d and %d, want 1 each", a, b)
	}
}

// A GoTo series booking a pool reserves one account for every occurrence; an opened element
// gets its meeting on that account.
func TestPoolGoToSeries(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.connect("g-1", "raum1@example.org")
	e.connect("g-2", "raum2@example.org")
	if err := e.app.store.SetPoolMembers(t.Context(), e.inst, "pool-goto", []addon.PoolMember{{ResourceID: "g-1"}, {ResourceID: "g-2"}}); err != nil {
		t.Fatal(err)
	}
	pool := map[string]any{"id": "pool-goto", "name": "GoToMeeting", "fields": map[string]string{"meeting_pool": "GoTo"}}
	start := e.clock.Now().Add(24 * time.Hour).Truncate(time.Minute)
	// g-1 is taken at the time of the third occurrence.
	if r := e.save(appt("direct", "", start.AddDate(0, 0, 14), room("g-1", "raum1@example.org"))); !hasMessage(r, "meeting_created") {
		t.Fatalf("direct booking: %s", r.Raw)
	}
	master := series("s-pool", start, 4, nil, pool)
	r := e.save(master)
	if !hasMessage(r, "series_per_element") || !strings.Contains(string(r.Raw), "GoToMeeting g-2") || hasMessage(r, "resource_overbooked") {
		t.Fatalf("series booking the pool: %s; want g-2 reserved for all 4 dates", r.Raw)
	}
	el := appt("s-pool-e2", "", start.AddDate(0, 0, 7), pool)
	el["occurrence"] = map[string]any{"series_id": "s-pool", "recurrence_id": start.AddDate(0, 0, 7).Format(time.RFC3339)}
	er := e.send("appointment.series_element_opened", "", map[string]any{"appointment": el, "series_master": master}, organizer)
	if !hasMessage(er, "meeting_created") || len(e.fake.Meetings("raum2@example.org")) != 1 || hasMessage(er, "pool_moved") {
		t.Errorf("element opened: %s; want its meeting on raum2, the series' account", er.Raw)
	}
}

// Under the strict policy a course for which no licence is free on every date gets no meeting,
// and the user is told which appointments are in the way.
func TestPoolCourseRefusedWhenNoLicenceFitsAllDates(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	pool := e.poolSetup(t, addon.PolicyStrict)
	var days []day
	for w := range 4 {
		days = append(days, day{time.Date(2026, 4, 7+7*w, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), "18:00", "19:30"})
	}
	for i, lic := range []string{"lic-1", "lic-2", "lic-3"} {
		r := e.save(titled(appt("blk-"+lic, "", berlinAt(t, days[i].date, "18:30"), zoomRoom(lic, poolLicences[i])), "Belegt "+lic))
		if !hasMessage(r, "meeting_created") {
			t.Fatalf("direct booking of %s: %s", lic, r.Raw)
		}
	}
	before := len(e.zoom.Meetings())
	r := e.save(course(t, "c-x", days, pool))
	if !hasMessage(r, "resource_overbooked") || !strings.Contains(string(r.Raw), "an allen 4 Terminen") || !strings.Contains(string(r.Raw), "Belegt lic-1") ||
		len(e.zoom.Meetings()) != before {
		t.Errorf("course with no licence free on all dates: %s; want no meeting and the appointments in the way named", r.Raw)
	}
}
