package main

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
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

// Eight saves at once, through two instances, into a pool of three: no licence ever holds more
// meetings at a time than it can run (Pro: 1; Business, Education, Enterprise: 2).
func TestPoolConcurrentSaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		for _, tc := range []struct {
			name string
			caps []int
			want int
		}{{"pro", []int{1, 1, 1}, 3}, {"business", []int{2, 2, 2}, 6}, {"mixed", []int{2, 1, 0}, 4}} {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, kind)
				e.zoomSetup(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
				pool := e.poolSetup(t, addon.PolicyStrict, tc.caps...)
				other := e.secondInstance()
				start := berlinAt(t, "2026-03-10", "10:00")
				var wg sync.WaitGroup
				replies := make([]crm.Reply, 8)
				for i := range 8 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						c := e.crm
						if i%2 == 1 {
							c = other
						}
						a := appt(fmt.Sprintf("c-%d", i), "", start.Add(time.Duration(i)*time.Minute), pool)
						r, err := c.Send(t.Context(), "appointment.saved", "", c.Body("appointment.saved", organizer, map[string]any{"appointment": a}))
						if err != nil {
							t.Error(err)
						}
						replies[i] = r
					}()
				}
				wg.Wait()
				perHost := map[string]int{}
				for _, m := range e.zoom.Meetings() {
					perHost[m.HostEmail]++
				}
				created, refused := 0, 0
				for _, r := range replies {
					switch {
					case r.Status != 200:
						t.Errorf("status %d: %s", r.Status, r.Raw)
					case hasMessage(r, "meeting_created"):
						created++
					case hasMessage(r, "resource_overbooked"):
						refused++
					}
				}
				t.Logf("%s: %d created, %d refused, meetings per licence %v", tc.name, created, refused, perHost)
				if created != tc.want || refused != 8-tc.want {
					t.Errorf("%d created and %d refused, want %d and %d", created, refused, tc.want, 8-tc.want)
				}
				for i, l := range poolLicences {
					if c := max(tc.caps[i], 1); perHost[l] > c {
						t.Errorf("%s holds %d meetings at once, its capacity is %d", l, perHost[l], c)
					}
				}
			})
		}
	})
}

// A licence whose daily Zoom budget is spent is passed over while another is free; when all
// are spent, the user is told.
func TestPoolPrefersLicencesWithDailyBudget(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Now().UTC().Truncate(time.Second))
	pool := e.poolSetup(t, addon.PolicyWarn)
	if err := e.app.store.CountHostCalls(t.Context(), e.inst, poolLicences[0], 100); err != nil {
		t.Fatal(err)
	}
	start := e.clock.Now().Add(48 * time.Hour)
	r := e.save(appt("b-1", "", start, pool))
	if lic := e.licenceOf(t, r); lic != "lic-2" || hasMessage(r, "pool_budget_spent") {
		t.Errorf("got %s (%+v); want lic-2, the first licence with budget left", lic, r.Answer.Messages)
	}
	for _, l := range poolLicences[1:] {
		if err := e.app.store.CountHostCalls(t.Context(), e.inst, l, 100); err != nil {
			t.Fatal(err)
		}
	}
	r = e.save(appt("b-2", "", start.Add(5*time.Hour), pool))
	if !hasMessage(r, "pool_budget_spent") {
		t.Errorf("every licence spent: %s; want the user told", r.Raw)
	}
	used, err := e.app.store.HostCalls(t.Context(), e.inst, poolLicences)
	if err != nil || used[poolLicences[1]] != 101 {
		t.Errorf("calls counted for %s today: %v (%v), want 100 + the create", poolLicences[1], used, err)
	}
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

// A licence's capacity set with its pool (here a Business licence: 2 at once) counts when the
// licence is booked directly too; the installation's default stays for the others.
func TestPoolLicenceCapacityAppliesToDirectBookings(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	e.poolSetup(t, addon.PolicyWarn, 2)
	start := berlinAt(t, "2026-03-10", "10:00")
	for _, tc := range []struct {
		lic, login string
		want       []bool
	}{{"lic-1", poolLicences[0], []bool{false, false, true}}, {"lic-2", poolLicences[1], []bool{false, true, true}}} {
		var warned []bool
		for i := range 3 {
			r := e.save(appt(fmt.Sprintf("%s-%d", tc.lic, i), "", start.Add(time.Duration(i)*20*time.Minute), zoomRoom(tc.lic, tc.login)))
			warned = append(warned, hasMessage(r, "resource_overbooked"))
		}
		if fmt.Sprint(warned) != fmt.Sprint(tc.want) {
			t.Errorf("%s: overbooking warnings %v, want %v", tc.lic, warned, tc.want)
		}
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

// Zoom's own limit (the fake keeps 100 creates/updates per host and UTC day, as Zoom does):
// 110 appointments at different times into a pool all get a meeting, because the pool moves on
// to the next licence once the add-on has counted 100 on the first.
func TestPoolSpreadsOverZoomsDailyLimit(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	pool := e.poolSetup(t, addon.PolicyWarn)
	start := berlinAt(t, "2026-03-10", "08:00")
	per := map[string]int{}
	for i := range 110 {
		r := e.save(appt(fmt.Sprintf("d-%d", i), "", start.Add(time.Duration(i)*2*time.Hour), pool))
		if !hasMessage(r, "meeting_created") {
			t.Fatalf("appointment %d: %s", i, r.Raw)
		}
		per[dataOf(t, r).ResourceID]++
	}
	if per["lic-1"] != addon.ZoomDailyLimit || per["lic-2"] != 10 {
		t.Errorf("meetings per licence %v, want 100 on lic-1 and the rest on lic-2", per)
	}
}
