package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/store"
)

// connectGoTo registers a redirect URL and connects the resource's account through the fake's
// consent page, without the browser.
func (s *site) connectGoTo(t *testing.T, id, account string) {
	t.Helper()
	ctx := context.Background()
	token := store.NewSecret(32)
	rd, err := s.store.NewRedirect(ctx, s.inst.ID, token, s.url+"/oauth/callback/"+token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.MarkRedirectRegistered(ctx, rd.ID, "test"); err != nil {
		t.Fatal(err)
	}
	s.fake.RegisterRedirectURI(rd.URL)
	r := s.send(t, "resource.saved", admin, map[string]any{"resource": room(id, account)})
	if r.Status != 200 || len(r.Answer.Buttons) != 1 {
		t.Fatalf("resource.saved: %d %s", r.Status, r.Raw)
	}
	if status, _, err := s.crm.ConnectGoTo(ctx, r.Answer.Buttons[0].URL, admin, account); err != nil || status != 200 {
		t.Fatalf("connect %s: %d, %v", id, status, err)
	}
}

// TestBrowserInvitationTemplates: the admin edits the German participant text for
// GoToMeeting, watches the live preview follow, is refused an unknown variable next to the
// field, saves, and the next appointment's note carries the new text; then restores the default.
func TestBrowserInvitationTemplates(t *testing.T) {
	ctx := browser(t)
	s := newSite(t)
	s.connectGoTo(t, "r-1", "raum1@example.org")

	load(ctx, t, 200, chromedp.Navigate(s.crm.LaunchURL(s.url+"/settings", admin, true)))
	const area = "tpl-gotomeeting-participant-text"
	if got := text(ctx, t, "h-templates"); got != "Einladungstexte" {
		t.Errorf("section heading = %q", got)
	}
	if got := value(ctx, t, area); got != fields.DefaultTemplate(addon.ProviderGoTo, fields.AudienceParticipant, "de") {
		t.Errorf("textarea = %q, want the default", got)
	}
	// The editors are folded until opened.
	if open := openEditors(ctx, t); len(open) != 0 {
		t.Errorf("unfolded editors on arrival: %v, want none", open)
	}
	do(ctx, t, chromedp.Click("#tpl-gotomeeting-participant > summary"))
	if got := text(ctx, t, "tpl-gotomeeting-participant-preview"); !strings.Contains(got, "Thema: Schulung Müller GmbH") ||
		!strings.Contains(got, "Meeting beitreten: https://meet.example.com/j/123456789") {
		t.Errorf("server-rendered preview = %q", got)
	}
	do(ctx, t, chromedp.ScrollIntoView(chromedp.ID("templates")), shot("templates-de"))

	// Typing updates the preview without saving, and names an unknown variable at once.
	typed := "Willkommen zu <KURSTITEL> am <BEG_DATTXT> um <UHRVON> Uhr.\nIhr Link: {link}\nSoftware: <WEBIN_SW>\n"
	clearField(ctx, t, area)
	do(ctx, t, chromedp.SendKeys(chromedp.ID(area), typed))
	want := "Willkommen zu Schulung Müller GmbH am Dienstag, 1. Dezember 2026 um 10:00 Uhr."
	waitText(ctx, t, "tpl-gotomeeting-participant-preview", want)
	if got := text(ctx, t, "tpl-gotomeeting-participant-preview"); !strings.Contains(got, "Software: GoToMeeting") {
		t.Errorf("live preview = %q", got)
	}
	do(ctx, t, shot("templates-live-preview"))

	// An unknown variable is refused next to the field, the admin's text kept.
	do(ctx, t, chromedp.SendKeys(chromedp.ID(area), "Kennwort: <WEBIN_PWD>"))
	waitText(ctx, t, "tpl-gotomeeting-participant-check", "<WEBIN_PWD>")
	load(ctx, t, 400, chromedp.Click(chromedp.ID("tpl-gotomeeting-participant-save")))
	if got := text(ctx, t, "tpl-gotomeeting-participant-error"); !strings.Contains(got, "Unbekannte Variablen: <WEBIN_PWD>") {
		t.Errorf("error next to the field = %q", got)
	}
	if got := value(ctx, t, area); !strings.Contains(got, "<WEBIN_PWD>") || !strings.Contains(got, "Willkommen zu") {
		t.Errorf("refused text not kept: %q", got)
	}
	do(ctx, t, chromedp.ScrollIntoView(chromedp.ID("tpl-gotomeeting-participant-error")), shot("templates-refused"))
	if got, _ := s.store.Template(context.Background(), s.inst.ID, addon.ProviderGoTo, fields.AudienceParticipant, "de"); got != "" {
		t.Errorf("refused template stored: %q", got)
	}

	// Corrected and saved.
	clearField(ctx, t, area)
	do(ctx, t, chromedp.SendKeys(chromedp.ID(area), typed+"Kennwort: <WEBIN_PW>\n"))
	load(ctx, t, 200, chromedp.Click(chromedp.ID("tpl-gotomeeting-participant-save")))
	if got := text(ctx, t, "flash"); got != "Die Einladungstexte wurden gespeichert." {
		t.Errorf("flash = %q", got)
	}
	if got := value(ctx, t, area); got != typed+"Kennwort: <WEBIN_PW>\n" {
		t.Errorf("after saving the textarea shows %q", got)
	}
	do(ctx, t, shot("templates-saved"))

	// The next appointment's note uses it.
	organizer := addon.User{ID: "u-2", Name: "Otto Organisator", Groups: []string{"Schulung"}, Locale: "de"}
	start := time.Date(2027, 3, 2, 9, 0, 0, 0, time.UTC) // 10:00 in Berlin
	r := s.send(t, "appointment.saved", organizer, map[string]any{"appointment": appointment("a-1", organizer, start, room("r-1", "raum1@example.org"))})
	if r.Status != 200 || r.Answer.Appointment == nil || r.Answer.Appointment.Note == nil {
		t.Fatalf("appointment.saved: %d %s", r.Status, r.Raw)
	}
	note := *r.Answer.Appointment.Note
	if !strings.Contains(note, "Willkommen zu Schulung am Dienstag, 2. März 2027 um 10:00 Uhr.") ||
		!strings.Contains(note, "Ihr Link: https://") || !strings.Contains(note, "Software: GoToMeeting") || strings.Contains(note, "Sie sind zu einem Online-Meeting eingeladen") {
		t.Errorf("note = %q, want the saved template filled in", note)
	}

	// "Standard wiederherstellen" brings the default back.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("tpl-gotomeeting-participant-reset")))
	if got := value(ctx, t, area); got != fields.DefaultTemplate(addon.ProviderGoTo, fields.AudienceParticipant, "de") {
		t.Errorf("after reset the textarea shows %q", got)
	}

	// The English texts are one link away.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("tpl-other-locale")))
	if got := value(ctx, t, area); got != fields.DefaultTemplate(addon.ProviderGoTo, fields.AudienceParticipant, "en") {
		t.Errorf("English textarea = %q", got)
	}
}

// openEditors returns the ids of the template editors shown unfolded.
func openEditors(ctx context.Context, t *testing.T) []string {
	t.Helper()
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("details.template[open]"), d => d.id)`))
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// waitText waits until the element's text contains want.
func waitText(ctx context.Context, t *testing.T, id, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var got string
	for time.Now().Before(deadline) {
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
		if err != nil {
			t.Fatalf("text of #%s: %v", id, err)
		}
		if got = s; strings.Contains(got, want) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("#%s = %q, want it to contain %q", id, got, want)
}

// clearField empties a form field.
func clearField(ctx context.Context, t *testing.T, id string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function () { document.getElementById("`+id+`").value = ""; return true })()`)); err != nil {
		t.Fatal(err)
	}
}
