package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

// gate holds Zoom's refusals (401) of the first n meeting requests until all n have one, then
// lets them through one at a time, each after the previous save's retry has succeeded: every
// save but the first learns that its token was refused only after a new one was fetched, as a
// slow save does.
type gate struct {
	base    http.RoundTripper
	n       int
	mu      sync.Mutex
	held    []chan struct{}
	refused int
}

func (g *gate) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := g.base.RoundTrip(r)
	if err != nil || !strings.Contains(r.URL.Path, "/meetings") {
		return resp, err
	}
	g.mu.Lock()
	if resp.StatusCode != http.StatusUnauthorized {
		g.release() // a retry went through: the next refused save may learn of its refusal
		g.mu.Unlock()
		return resp, err
	}
	g.refused++
	if g.refused > g.n {
		g.mu.Unlock()
		return resp, err
	}
	wait := make(chan struct{})
	g.held = append(g.held, wait)
	if g.refused == g.n {
		g.release()
	}
	g.mu.Unlock()
	select {
	case <-wait:
	case <-r.Context().Done():
	}
	return resp, err
}

func (g *gate) release() {
	if g.refused >= g.n && len(g.held) > 0 {
		close(g.held[0])
		g.held = g.held[1:]
	}
}

// When the shared Zoom token dies while several saves run, all of them together fetch exactly
// one new token: a save that learns late that its token was refused takes the one another save
// has just fetched instead of dropping it.
func TestZoomTokenRenewedOncePerExpiry(t *testing.T) {
	const saves = 8
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.zoomSetup(time.Now().UTC().Truncate(time.Second))
		ctx := context.Background()
		accts, err := e.app.store.ZoomAccounts(ctx, e.inst)
		if err != nil || len(accts) != 1 {
			t.Fatalf("Zoom accounts: %v, %v", accts, err)
		}
		for i := range saves {
			e.zoom.AddUser(zoomAccountID, zoomtest.User{Email: fmt.Sprintf("trainer%d@example.org", i), Type: 2, Timezone: "Europe/Berlin"})
		}
		if _, err := e.app.zoom.SyncUsers(ctx, e.inst, accts[0].ID); err != nil {
			t.Fatal(err)
		}
		start := e.clock.Now().Add(48 * time.Hour)
		for i := range saves { // the appointments and their meetings exist
			r := e.save(appt(fmt.Sprintf("tok-%d", i), "", start, zoomRoom(fmt.Sprintf("zr-%d", i), fmt.Sprintf("trainer%d@example.org", i))))
			if r.Status != 200 || r.Answer.Appointment == nil || r.Answer.Appointment.Fields["zoom_meeting_data"] == "" {
				t.Fatalf("save %d: %d %s; want a meeting", i, r.Status, r.Raw)
			}
		}
		g := &gate{base: http.DefaultTransport, n: saves}
		e.app.zoom.HTTP = &http.Client{Timeout: 10 * time.Second, Transport: g}

		e.zoom.ExpireTokens(zoomAccountID) // Zoom ends the token our clock still believes in
		tokens, patches := e.zoom.CountCalls("POST", "/oauth/token"), e.zoom.CountCalls("PATCH", "/v2/meetings/")
		e.clock.Add(time.Second)
		var wg sync.WaitGroup
		for i := range saves {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Every appointment moves by an hour: one PATCH each.
				a := appt(fmt.Sprintf("tok-%d", i), "", start.Add(time.Hour), zoomRoom(fmt.Sprintf("zr-%d", i), fmt.Sprintf("trainer%d@example.org", i)))
				body := e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": a})
				delivery := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
				var r crm.Reply
				for range 4 { // the CRM redelivers after a 5xx
					var err error
					if r, err = e.crm.Send(ctx, "appointment.saved", delivery, body); err != nil {
						t.Errorf("save %d: %v", i, err)
						return
					}
					if r.Status < 500 {
						break
					}
				}
				if r.Status != 200 || !hasMessage(r, "meeting_updated") {
					t.Errorf("save %d: %d %s; want the meeting moved", i, r.Status, r.Raw)
				}
			}()
		}
		wg.Wait()
		if got := e.zoom.CountCalls("POST", "/oauth/token") - tokens; got != 1 {
			t.Errorf("token requests after the token expired under %d saves = %d, want 1", saves, got)
		}
		if got := e.zoom.CountCalls("PATCH", "/v2/meetings/") - patches; got != 2*saves {
			t.Errorf("meeting updates = %d, want %d (each save: one refused, one retried)", got, 2*saves)
		}
	})
}
