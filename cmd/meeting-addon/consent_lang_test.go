package main

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The page GoTo's consent comes back to speaks one language, the browser's (issue 10: it
// showed German and English in one sentence).
func TestConsentPageInOneLanguage(t *testing.T) {
	for _, tc := range []struct{ acceptLanguage, want, not string }{
		{"de-DE,de;q=0.9", "Der Account raum1@example.org der Ressource „GoToMeeting r-3“ ist verbunden.", "connected"},
		{"en-GB,en;q=0.8", "The account raum1@example.org of the resource “GoToMeeting r-3” is connected.", "verbunden"},
	} {
		t.Run(tc.acceptLanguage, func(t *testing.T) {
			e := newEnv(t, "sqlite")
			saved := e.send("resource.saved", "", map[string]any{"resource": room("r-3", "raum1@example.org")}, organizer)
			if saved.Status != 200 || len(saved.Answer.Buttons) != 1 {
				t.Fatalf("resource.saved: %s", saved.Raw)
			}
			resp, err := noRedirects.Get(e.crm.LaunchURL(saved.Answer.Buttons[0].URL, organizer, true))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			auth, err := url.Parse(resp.Header.Get("Location"))
			if err != nil || resp.StatusCode != http.StatusFound {
				t.Fatalf("connect: %d %v", resp.StatusCode, err)
			}
			q := auth.Query()
			form := url.Values{"client_id": {q.Get("client_id")}, "redirect_uri": {q.Get("redirect_uri")}, "state": {q.Get("state")},
				"account": {"raum1@example.org"}, "decision": {"allow"}}
			resp, err = noRedirects.PostForm(auth.Scheme+"://"+auth.Host+auth.Path, form)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			req, _ := http.NewRequest(http.MethodGet, resp.Header.Get("Location"), nil)
			req.Header.Set("Accept-Language", tc.acceptLanguage)
			resp, err = noRedirects.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page := string(b)
			if resp.StatusCode != http.StatusOK || !strings.Contains(page, tc.want) || strings.Contains(page, tc.not) {
				t.Errorf("callback: %d, want %q and no %q:\n%s", resp.StatusCode, tc.want, tc.not, page)
			}
		})
	}
}
