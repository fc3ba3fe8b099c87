package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

func get(t *testing.T, u string) *http.Response {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestStartButton(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		if err := e.app.store.UpdateSettings(t.Context(), e.inst, addon.Settings{PermittedGroups: []string{"Schulung"}, Policy: addon.PolicyWarn}); err != nil {
			t.Fatal(err)
		}
		r := e.save(appt("a-1", "", e.clock.Now().Add(time.Hour), room("r-3", "raum1@example.org")))
		button := r.Answer.Buttons[0].URL
		meeting := e.fake.Meetings("raum1@example.org")[0]

		organizerURL := e.crm.LaunchURL(button, organizer, false)
		resp := get(t, organizerURL)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.Contains(loc, "host=") {
			t.Errorf("organizer: %d → %q, want a redirect to a fresh host URL", resp.StatusCode, loc)
		}
		guest := addon.User{ID: "u-99", Name: "Gast", Groups: []string{"Vertrieb"}, Locale: "de"}
		resp = get(t, e.crm.LaunchURL(button, guest, false))
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || strings.Contains(loc, "host=") || !strings.Contains(loc, "meet.goto.com") {
			t.Errorf("other user: %d → %q, want the join URL and never the host URL", resp.StatusCode, loc)
		}
		if resp := get(t, organizerURL); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("reused launch token: %d, want 401", resp.StatusCode)
		}
		if resp := get(t, button); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("no launch token: %d, want 401", resp.StatusCode)
		}
		old := e.clock.Now()
		stale := e.crm.LaunchURL(button, organizer, false)
		e.clock.Add(5 * time.Minute)
		if resp := get(t, stale); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("expired launch token (issued %v): %d, want 401", old, resp.StatusCode)
		}
		_ = meeting
	})
}

func TestTokenRenewalAndRevokedConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		start := e.clock.Now().Add(48 * time.Hour)
		e.save(appt("a-1", "", start, room("r-3", "raum1@example.org")))

		// Two hours later the access token has expired: the add-on renews it and goes on.
		e.clock.Add(2 * time.Hour)
		r := e.save(appt("a-2", "", start.Add(3*time.Hour), room("r-3", "raum1@example.org")))
		if !hasMessage(r, "meeting_created") {
			t.Fatalf("save after expiry: %s", r.Raw)
		}
		// GoTo invalidates tokens early: 403 InvalidToken → one renewal, one retry.
		e.fake.ExpireAccessTokens()
		r = e.save(appt("a-3", "", start.Add(6*time.Hour), room("r-3", "raum1@example.org")))
		if !hasMessage(r, "meeting_created") {
			t.Fatalf("save after GoTo invalidated the token: %s", r.Raw)
		}
		// The consent is revoked: the resource needs reconnecting and the user is told so.
		e.fake.RevokeConsent("raum1@example.org")
		e.fake.ExpireAccessTokens()
		r = e.save(appt("a-4", "", start.Add(9*time.Hour), room("r-3", "raum1@example.org")))
		if r.Status != 200 || !hasMessage(r, "meeting_failed") || !strings.Contains(string(r.Raw), "connect") {
			t.Errorf("save after revocation: %d %s; want 200 with a message to reconnect", r.Status, r.Raw)
		}
		res, err := e.app.store.Resource(t.Context(), e.inst, "r-3")
		if err != nil || res.Status != addon.StatusReconnectNeeded {
			t.Errorf("resource status %q, %v; want reconnect_needed", res.Status, err)
		}
		// The next resource save says so too, and reconnecting heals it.
		e.clock.Add(time.Second) // a new event, not a replay of the first resource save
		rs := e.send("resource.saved", "", map[string]any{"resource": room("r-3", "raum1@example.org")}, organizer)
		if !hasMessage(rs, "reconnect_needed") {
			t.Errorf("resource.saved after revocation: %+v", rs.Answer.Messages)
		}
		e.clock.Add(time.Second)
		e.connect("r-3", "raum1@example.org")
		if r := e.save(appt("a-4", "", start.Add(9*time.Hour), room("r-3", "raum1@example.org"))); !hasMessage(r, "meeting_created") {
			t.Errorf("after reconnecting: %s", r.Raw)
		}
	})
}
