package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/store"
)

var admin = addon.User{ID: "u-1", Login: "admin", Name: "Anna Admin", Email: "anna@example.org",
	Groups: []string{"Vertrieb", "Schulung", "Extern"}, Locale: "de"}

// crmPage serves a page on another site (localhost, where the add-on is on 127.0.0.1) with
// a link to target, as the CRM's add-on manager does: the settings session must survive
// being entered from a cross-site navigation followed by a redirect.
func crmPage(t *testing.T, target string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><title>CRM</title><a id="open" href="` + target + `">Einstellungen</a>`))
	}))
	t.Cleanup(srv.Close)
	return strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
}

// TestBrowserAdminSettings: an admin opens the settings from the CRM, permits one group (the
// next hook honours it), regenerates the external-access token, and after the vendor has
// registered the new URL connects a GoToMeeting resource through the provider's consent page.
func TestBrowserAdminSettings(t *testing.T) {
	ctx := browser(t)
	s := newSite(t)
	if r := s.send(t, "resource.saved", admin, map[string]any{"resource": room("r-1", "raum1@example.org")}); r.Status != 200 {
		t.Fatalf("resource.saved: %d %s", r.Status, r.Raw)
	}

	load(ctx, t, 200, chromedp.Navigate(crmPage(t, s.crm.LaunchURL(s.url+"/settings", admin, true))))
	load(ctx, t, 200, chromedp.Click(chromedp.ID("open")))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != s.url+"/settings" {
		t.Errorf("location = %q, want the page without the launch token", loc)
	}
	if got := text(ctx, t, "h-groups"); got != "Berechtigte Gruppen" {
		t.Errorf("groups heading = %q", got)
	}
	do(ctx, t, shot("settings-de"))

	// "Keine" together with "Alle" is refused next to the field, with the input kept.
	load(ctx, t, 400, chromedp.Click(chromedp.ID("group-none")), chromedp.Click(chromedp.ID("save")))
	if got := text(ctx, t, "groups-error"); !strings.Contains(got, "widersprechen sich") {
		t.Errorf("groups error = %q", got)
	}
	do(ctx, t, shot("settings-groups-refused"))

	// Only "Vertrieb" (the first group of the admin's token).
	load(ctx, t, 200, chromedp.Click(chromedp.ID("group-all")), chromedp.Click(chromedp.ID("group-none")),
		chromedp.Click(chromedp.ID("group-0")), chromedp.Click(chromedp.ID("save")))
	if got := text(ctx, t, "flash"); got != "Die Einstellungen wurden gespeichert." {
		t.Errorf("flash = %q", got)
	}
	inst, err := s.store.Installation(context.Background(), s.inst.ID)
	if err != nil || strings.Join(inst.Settings.PermittedGroups, ",") != "Vertrieb" {
		t.Fatalf("stored groups = %v (%v), want [Vertrieb]", inst.Settings.PermittedGroups, err)
	}
	outsider := addon.User{ID: "u-9", Name: "Otto Außen", Groups: []string{"Einkauf"}, Locale: "de"}
	start := time.Now().Add(24 * time.Hour)
	r := s.send(t, "appointment.saved", outsider, map[string]any{"appointment": appointment("a-1", outsider, start, room("r-1", "raum1@example.org"))})
	if r.Status != 200 || !hasMessage(r, addon.LevelInfo, "not_permitted") {
		t.Errorf("hook for a user outside the groups: %d %s, want 200 with the info not_permitted", r.Status, r.Raw)
	}
	if n := len(s.fake.Meetings("raum1@example.org")); n != 0 {
		t.Errorf("fake GoTo has %d meetings, want none", n)
	}

	// The first token needs no confirmation; regenerating it does, and the new URL then
	// waits for the vendor.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("regenerate")))
	first := value(ctx, t, "redirect-url")
	load(ctx, t, 400, chromedp.Click(chromedp.ID("regenerate")))
	if got := text(ctx, t, "token-error"); !strings.Contains(got, "erneut freigeschaltet") {
		t.Errorf("token error = %q", got)
	}
	load(ctx, t, 200, chromedp.Click(chromedp.ID("token-confirm")), chromedp.Click(chromedp.ID("regenerate")))
	redirect := value(ctx, t, "redirect-url")
	if !strings.HasPrefix(redirect, s.url+"/oauth/callback/") || !strings.HasSuffix(redirect, value(ctx, t, "token")) {
		t.Errorf("redirect URL %q is not base URL + /oauth/callback/ + token", redirect)
	}
	if redirect == first {
		t.Error("regenerating kept the old URL")
	}
	if got := text(ctx, t, "url-status"); !strings.HasPrefix(got, "Wartet auf Freischaltung") {
		t.Errorf("URL status = %q, want pending", got)
	}
	do(ctx, t, chromedp.WaitVisible(chromedp.ID("connect-pending")), shot("settings-token-pending"))
	noConnect(ctx, t)

	// The vendor registers it in the console (in its own browser context) and at GoTo.
	vendor := browser(t)
	vendorLogin(vendor, t, s)
	pending, err := s.store.Redirects(context.Background(), store.RedirectPending)
	if err != nil || len(pending) != 1 || pending[0].URL != redirect {
		t.Fatalf("pending redirects = %+v (%v), want the new URL", pending, err)
	}
	load(vendor, t, 200, chromedp.Click(chromedp.ID(registerID(pending[0].ID))))
	s.fake.RegisterRedirectURI(redirect)

	load(ctx, t, 200, chromedp.Reload())
	if got := text(ctx, t, "url-status"); !strings.HasPrefix(got, "Freigeschaltet am") {
		t.Errorf("URL status = %q, want registered", got)
	}
	load(ctx, t, 200, chromedp.Click(chromedp.ID("connect-r-1")))
	do(ctx, t, shot("goto-consent"))
	load(ctx, t, 200, chromedp.Click(chromedp.ID("allow")))
	do(ctx, t, shot("goto-connected"))
	load(ctx, t, 200, chromedp.Navigate(s.url+"/settings"))
	if got := text(ctx, t, "status-r-1"); got != "freigegeben" {
		t.Errorf("resource status = %q, want freigegeben", got)
	}
	do(ctx, t, shot("settings-connected"))

	load(ctx, t, 200, chromedp.Click(chromedp.ID("lang-en")))
	if got := text(ctx, t, "h-groups"); got != "Permitted groups" {
		t.Errorf("after switching to English the heading is %q", got)
	}
	do(ctx, t, shot("settings-en"))
}

// noConnect fails when the page offers to connect a resource.
func noConnect(ctx context.Context, t *testing.T) {
	t.Helper()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(`button[id^="connect-"]`), chromedp.AtLeast(0)))
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 0 {
		t.Errorf("the page offers %d connect buttons while the URL is pending", len(nodes))
	}
}

func appointment(id string, u addon.User, start time.Time, res ...map[string]any) map[string]any {
	return map[string]any{"id": id, "title": "Schulung", "number": "T-1", "start": start.Format(time.RFC3339),
		"end": start.Add(time.Hour).Format(time.RFC3339), "time_zone": "Europe/Berlin", "all_day": false, "location": "Online",
		"note": "", "organizer": map[string]string{"id": u.ID, "name": u.Name, "email": u.Email}, "attendees": []any{},
		"resources": res, "fields": map[string]string{"goto_meeting_data": ""}, "series": nil, "occurrence": nil}
}

func hasMessage(r crm.Reply, level, code string) bool {
	for _, m := range r.Answer.Messages {
		if m.Level == level && m.Code == code {
			return true
		}
	}
	return false
}
