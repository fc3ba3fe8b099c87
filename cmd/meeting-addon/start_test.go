package main

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t *testing.T, u string) *http.Response {
	t.Helper()
	resp, _ := fetch(t, u)
	return resp
}

// fetch GETs u without following redirects and returns the answer and its body.
func fetch(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := noRedirects.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

var hostForm = regexp.MustCompile(`<form method="post" action="(/start/[^"]+/host)"[^>]*>\s*<input type="hidden" name="token" value="([^"]+)">`)

// hostPage checks that the start page shows the host text and no host URL, and returns the
// URL and token of its "start as host" button.
func hostPage(t *testing.T, base, u, wantText string) (string, string) {
	t.Helper()
	resp, body := fetch(t, u)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, wantText) {
		t.Fatalf("host: %d, want 200 with the host text %q:\n%s", resp.StatusCode, wantText, body)
	}
	if strings.Contains(body, "host=") || strings.Contains(body, "zak=") {
		t.Errorf("the start page embeds a host URL:\n%s", body)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
	m := hostForm.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no start-as-host form in:\n%s", body)
	}
	return base + html.UnescapeString(m[1]), html.UnescapeString(m[2])
}

func postToken(t *testing.T, action, token string) *http.Response {
	t.Helper()
	resp, err := noRedirects.PostForm(action, url.Values{"token": {token}})
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
		base := button[:strings.Index(button, "/start/")]

		// The organizer sees the lecturer's text; the host URL is fetched only on the click.
		organizerURL := e.crm.LaunchURL(button, organizer, false)
		action, token := hostPage(t, base, organizerURL, "Informationen für den Organisator")
		resp := postToken(t, action, token)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "host=") {
			t.Errorf("start as host: %d → %q, want a redirect to a fresh host URL", resp.StatusCode, loc)
		}
		if resp := postToken(t, action, token); resp.StatusCode != http.StatusUnauthorized || strings.Contains(resp.Header.Get("Location"), "host=") {
			t.Errorf("start token used twice: %d, want 401", resp.StatusCode)
		}
		if resp := postToken(t, action, ""); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("no start token: %d, want 401", resp.StatusCode)
		}

		// A permitted colleague may start a GoToMeeting meeting too.
		colleague := addon.User{ID: "u-18", Name: "Kai Kollege", Groups: []string{"Schulung"}, Locale: "en"}
		action, token = hostPage(t, base, e.crm.LaunchURL(button, colleague, false), "Information for the organizer")
		if resp := postToken(t, action, token); resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "host=") {
			t.Errorf("permitted colleague: %d, want a redirect to a host URL", resp.StatusCode)
		}

		guest := addon.User{ID: "u-99", Name: "Gast", Groups: []string{"Vertrieb"}, Locale: "de"}
		resp, body := fetch(t, e.crm.LaunchURL(button, guest, false))
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || strings.Contains(loc, "host=") || !strings.Contains(loc, "meet.goto.com") {
			t.Errorf("other user: %d → %q, want the join URL and never the host URL", resp.StatusCode, loc)
		}
		if strings.Contains(body, "Organisator") {
			t.Errorf("other user sees the host text: %s", body)
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
		// A start page left open too long no longer starts the meeting.
		_, token = hostPage(t, base, e.crm.LaunchURL(button, organizer, false), "Informationen für den Organisator")
		e.clock.Add(store.StartTokenTTL + time.Second)
		if resp := postToken(t, action, token); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("expired start token: %d, want 401", resp.StatusCode)
		}
	})
}

// TestZoomStartOnlyOrganizer: Zoom's start link signs its opener in as the host, so a
// permitted colleague gets the join link; only the organizer gets the host page.
func TestZoomStartOnlyOrganizer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.zoomSetup(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
		if err := e.app.store.UpdateSettings(t.Context(), e.inst, addon.Settings{PermittedGroups: []string{"Schulung"}, Policy: addon.PolicyWarn}); err != nil {
			t.Fatal(err)
		}
		// The licence's host key, entered in the resource, is for the organizer's page only.
		withKey := zoomRoom("z-1", host1)
		withKey["fields"].(map[string]string)["zoom_host_key"] = "4711081"
		if rs := e.send("resource.saved", "", map[string]any{"resource": withKey}, organizer); rs.Status != 200 || hasMessage(rs, "zoom_host_key_invalid") {
			t.Fatalf("resource.saved with a host key: %s", rs.Raw)
		}
		r := e.save(appt("a-1", "", e.clock.Now().Add(24*time.Hour), withKey))
		if r.Status != 200 || len(r.Answer.Buttons) == 0 {
			t.Fatalf("save: %d %s", r.Status, r.Raw)
		}
		if strings.Contains(string(r.Raw), "4711081") {
			t.Errorf("the host key is in the answer the CRM stores for everyone: %s", r.Raw)
		}
		button := r.Answer.Buttons[0].URL
		base := button[:strings.Index(button, "/start/")]
		colleague := addon.User{ID: "u-18", Name: "Kai Kollege", Groups: []string{"Schulung"}, Locale: "de"}
		resp, body := fetch(t, e.crm.LaunchURL(button, colleague, false))
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || strings.Contains(loc, "zak=") || strings.Contains(body, "Organisator") || strings.Contains(body, "4711081") {
			t.Errorf("permitted colleague: %d → %q, want the join URL", resp.StatusCode, loc)
		}
		action, token := hostPage(t, base, e.crm.LaunchURL(button, organizer, false), "Host-Schlüssel: 4711081")
		if resp := postToken(t, action, token); resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "zak=") {
			t.Errorf("organizer: %d → %q, want Zoom's start URL", resp.StatusCode, resp.Header.Get("Location"))
		}
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
		if r.Status != 200 || !hasMessage(r, "meeting_failed") || !strings.Contains(string(r.Raw), "erneut drücken") {
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

// GoTo rotates refresh tokens: if two saves renewed at once, the second renewal would use a
// spent refresh token and lose the consent. Saves racing through two instances after expiry
// must all succeed, which only one renewal at a time allows.
func TestOneRenewalAtATimeAcrossInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		other := e.secondInstance()
		e.clock.Add(2 * time.Hour)
		start := e.clock.Now().Add(24 * time.Hour)
		var wg sync.WaitGroup
		for i := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := e.crm
				if i%2 == 1 {
					c = other
				}
				a := appt(fmt.Sprintf("rn-%d", i), "", start.Add(time.Duration(i)*2*time.Hour), room("r-3", "raum1@example.org"))
				r, err := c.Send(t.Context(), "appointment.saved", "", c.Body("appointment.saved", organizer, map[string]any{"appointment": a}))
				if err != nil || !hasMessage(r, "meeting_created") {
					t.Errorf("save %d after expiry: %v %s", i, err, r.Raw)
				}
			}()
		}
		wg.Wait()
		if res, _ := e.app.store.Resource(t.Context(), e.inst, "r-3"); res.Status != addon.StatusConnected {
			t.Errorf("resource status %q after concurrent renewals, want connected", res.Status)
		}
	})
}

// A start link whose meeting is gone says so in the browser's language, German by default.
func TestStartRefusalInUsersLanguage(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.connect("r-3", "raum1@example.org")
	r := e.save(appt("a-1", userNote, e.clock.Now().Add(24*time.Hour), room("r-3", "raum1@example.org")))
	if len(r.Answer.Buttons) == 0 {
		t.Fatalf("no start button: %s", r.Raw)
	}
	button := r.Answer.Buttons[0].URL
	e.clock.Add(time.Second)
	if d := e.send("appointment.deleted", "", map[string]any{"appointment": map[string]any{"id": "a-1", "fields": map[string]string{}, "series": nil, "occurrence": nil}}, organizer); d.Status != 200 {
		t.Fatalf("appointment.deleted: %s", d.Raw)
	}
	for _, tc := range []struct{ acceptLanguage, want string }{
		{"", "Dieses Meeting gibt es nicht mehr"},
		{"de-DE,de;q=0.9", "Dieses Meeting gibt es nicht mehr"},
		{"en-GB,en;q=0.8", "This meeting no longer exists"},
	} {
		req, _ := http.NewRequest(http.MethodGet, e.crm.LaunchURL(button, organizer, false), nil)
		if tc.acceptLanguage != "" {
			req.Header.Set("Accept-Language", tc.acceptLanguage)
		}
		resp, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(b), tc.want) {
			t.Errorf("Accept-Language %q: %d, want 404 saying %q:\n%s", tc.acceptLanguage, resp.StatusCode, tc.want, b)
		}
	}
}

// The organizer's start page shows the meeting's times as the appointment has them, in the
// appointment's zone (London is an hour behind Berlin).
func TestStartPageTimesInAppointmentZone(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.connect("r-3", "raum1@example.org")
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, london)
	a := appt("a-1", "", start, room("r-3", "raum1@example.org"))
	a["time_zone"] = "Europe/London"
	r := e.save(a)
	if len(r.Answer.Buttons) == 0 {
		t.Fatalf("no start button: %s", r.Raw)
	}
	button := r.Answer.Buttons[0].URL
	base := button[:strings.Index(button, "/start/")]
	hostPage(t, base, e.crm.LaunchURL(button, organizer, false), "Beginn: Dienstag, 1. Dezember 2026, 10:00 Uhr")
}

// A host key that is no Zoom host key is refused with a message saying what one looks like.
func TestZoomHostKeyValidated(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	for _, tc := range []struct {
		key  string
		warn bool
	}{{"123456", false}, {"12345", true}, {"12ab56", true}, {"12345678901", true}, {"", false}} {
		res := zoomRoom("z-1", host1)
		res["fields"].(map[string]string)["zoom_host_key"] = tc.key
		e.clock.Add(time.Second)
		r := e.send("resource.saved", "", map[string]any{"resource": res}, organizer)
		if r.Status != 200 || hasMessage(r, "zoom_host_key_invalid") != tc.warn {
			t.Errorf("host key %q: %s; want the warning: %v", tc.key, r.Raw, tc.warn)
		}
		want := tc.key
		if tc.warn {
			want = "" // not taken
		}
		if got, err := e.app.store.ResourceHostKey(t.Context(), e.inst, "z-1"); err != nil || got != want {
			t.Errorf("host key %q stored as %q (%v), want %q", tc.key, got, err, want)
		}
	}
}
