package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/onlinemeetings/meeting-addon/crm"
)

// TestBrowserLaunchRefusals: only a fresh, unused launch token of a CRM administrator for
// this installation opens the settings; everything else gets a page that says why.
func TestBrowserLaunchRefusals(t *testing.T) {
	ctx := browser(t)
	s := newSite(t)
	other, _, err := s.store.CreateInstallation(context.Background(), "https://crm.other.example")
	if err != nil {
		t.Fatal(err)
	}
	as := func(mod func(c *crm.Client)) *crm.Client {
		c := *s.crm
		mod(&c)
		return &c
	}
	used := s.crm.LaunchURL(s.url+"/settings", admin, true)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, err := noRedirect.Get(used); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first use of the token: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	for _, tc := range []struct {
		name   string
		url    string
		status int
		want   string
	}{
		{"expired", as(func(c *crm.Client) { c.Now = func() time.Time { return time.Now().Add(-10 * time.Minute) } }).LaunchURL(s.url+"/settings", admin, true), 401, "abgelaufen"},
		{"reused", used, 401, "bereits verwendet"},
		{"not-admin", s.crm.LaunchURL(s.url+"/settings", admin, false), 403, "Nur Administratoren"},
		{"other-installation", as(func(c *crm.Client) { c.InstallationID = other.ID }).LaunchURL(s.url+"/settings", admin, true), 401, "nicht gültig"},
		{"unknown-installation", as(func(c *crm.Client) { c.InstallationID = "inst_unknown" }).LaunchURL(s.url+"/settings", admin, true), 401, "keiner bekannten Installation"},
		{"missing", s.url + "/settings?crm_launch=", 401, "opened from the CRM"}, // no token: the language follows Accept-Language,
		{"no-session", s.url + "/settings", 401, "session has expired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			load(ctx, t, tc.status, chromedp.Navigate(tc.url))
			if got := text(ctx, t, "refusal"); !strings.Contains(got, tc.want) {
				t.Errorf("refusal = %q, want it to contain %q", got, tc.want)
			}
			do(ctx, t, shot("refusal-"+tc.name))
		})
	}
}
