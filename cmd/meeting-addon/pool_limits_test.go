package main

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

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
