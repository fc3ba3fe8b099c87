package main

import (
	"context"
	"html"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// intruder may use the add-on (the default permits everyone) but is no CRM administrator and
// did not save the room.
var intruder = addon.User{ID: "u-66", Login: "eindringling", Name: "Erika Eindringling", Email: "erika@example.org", Groups: []string{"Vertrieb"}, Locale: "de"}

// page opens a button's URL with a launch token for u and returns the status and the page's text.
func (e *env) page(t *testing.T, buttonURL string, u addon.User, admin bool) (int, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, e.crm.LaunchURL(buttonURL, u, admin), nil)
	req.Header.Set("Accept-Language", "en")
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, html.UnescapeString(string(b))
}

var noFollow = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// The connect button binds a room to a GoTo account. Only the person who saved the resource
// with its account (with the button's grant) or a CRM administrator may press it, and only the
// account the resource names may consent: otherwise any user could bind the room to an account
// of their own, and the room's next meetings would be made there.
func TestConnectOnlyBySaverAndOnlyTheNamedAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		ctx := context.Background()
		saved := e.send("resource.saved", "", map[string]any{"resource": room("r-3", "raum1@example.org")}, organizer)
		if saved.Status != 200 || len(saved.Answer.Buttons) != 1 {
			t.Fatalf("resource.saved: %s", saved.Raw)
		}
		button := saved.Answer.Buttons[0].URL
		bare := e.url + "/connect/r-3"

		// Someone who may use the add-on, but neither saved the room nor administers the CRM:
		// refused with or without the saver's button, and told who can connect the account.
		for _, u := range []string{bare, button} {
			status, text := e.page(t, u, intruder, false)
			if status != http.StatusForbidden || !strings.Contains(text, "Only the person who saved the resource") || !strings.Contains(text, "raum1@example.org") {
				t.Errorf("intruder at %s: %d %q; want 403 saying who can connect", strings.TrimPrefix(u, e.url), status, text)
			}
		}
		// The saver connects the named account with the button.
		if status, _, err := e.crm.ConnectGoToAs(ctx, button, organizer, false, "raum1@example.org"); err != nil || status != 200 {
			t.Fatalf("saver connects: %d %v", status, err)
		}
		// The grant was good for one consent.
		if status, _ := e.page(t, button, organizer, false); status != http.StatusForbidden {
			t.Errorf("button used a second time: %d, want 403", status)
		}

		// The saver (or an administrator) signs in to GoTo as another account: refused, the
		// room keeps its token, and the attempt is in the audit trail.
		e.clock.Add(time.Second) // a new save, not a replay of the first
		again := e.send("resource.saved", "", map[string]any{"resource": room("r-3", "raum1@example.org")}, organizer)
		for _, tc := range []struct {
			name  string
			url   string
			admin bool
		}{{"saver", again.Answer.Buttons[0].URL, false}, {"administrator", bare, true}} {
			before, _ := e.app.store.ResourceToken(ctx, e.inst, "r-3")
			status, callback, err := e.crm.ConnectGoToAs(ctx, tc.url, organizer, tc.admin, "Erika@Example.org")
			if err != nil || status != http.StatusForbidden {
				t.Fatalf("%s consents as another account: %d %v, want 403", tc.name, status, err)
			}
			resp, err := http.Get(callback)
			if err == nil {
				resp.Body.Close()
			}
			if after, _ := e.app.store.ResourceToken(ctx, e.inst, "r-3"); after != before {
				t.Errorf("%s: the room's token was replaced by another account's consent", tc.name)
			}
		}
		trail, err := e.app.store.AuditTrail(ctx, e.inst, 10)
		if err != nil {
			t.Fatal(err)
		}
		refused, denied := 0, 0
		for _, a := range trail {
			if a.Action == "gotomeeting.connect_denied" && a.Actor == "crm-user:"+intruder.ID {
				denied++
			}
			if a.Action == "gotomeeting.connect_refused" && strings.Contains(strings.ToLower(a.Detail), "erika@example.org") && a.Actor == "crm-user:"+organizer.ID {
				refused++
			}
		}
		if refused != 2 || denied != 2 {
			t.Errorf("audit trail has %d refused consents naming the account and %d denied clicks of the intruder, want 2 and 2: %+v", refused, denied, trail)
		}
		// The room's next meeting is made in the room's account.
		r := e.save(appt("a-1", userNote, e.clock.Now().Add(24*time.Hour), room("r-3", "raum1@example.org")))
		if !hasMessage(r, "meeting_created") || len(e.fake.Meetings("raum1@example.org")) != 1 || len(e.fake.Meetings("erika@example.org")) != 0 {
			t.Errorf("meeting after the refused consents: %s; want it in raum1's account", r.Raw)
		}
		// A matching consent with different capitalisation is the same address.
		if status, _, err := e.crm.ConnectGoToAs(ctx, bare, organizer, true, "Raum1@Example.org"); err != nil || status != 200 {
			t.Errorf("administrator connects Raum1@Example.org: %d %v, want 200", status, err)
		}
	})
}

// A button saved for one account does not connect the resource after it was saved with another.
func TestConnectGrantIsForTheSavedAccount(t *testing.T) {
	e := newEnv(t, "sqlite")
	first := e.send("resource.saved", "", map[string]any{"resource": room("r-3", "raum1@example.org")}, organizer)
	e.send("resource.saved", "", map[string]any{"resource": room("r-3", "raum2@example.org")}, intruder)
	if status, text := e.page(t, first.Answer.Buttons[0].URL, organizer, false); status != http.StatusForbidden || !strings.Contains(text, "raum2@example.org") {
		t.Errorf("old button after the account changed: %d %q; want 403", status, text)
	}
}
