package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/store"
)

// TestBrowserZoomMeetingSettings: the Zoom account form has a section for the settings every
// meeting gets, preset privacy first and saying that it overrides the hosts' own Zoom
// defaults, in German and in English. Join before host with the waiting room is refused next
// to the field; the saved choice is stored and shown in the account's entry.
func TestBrowserZoomMeetingSettings(t *testing.T) {
	ctx := browser(t)
	s := newSite(t)
	a, err := s.store.CreateZoomAccount(context.Background(), store.ZoomAccount{InstallationID: s.inst.ID, Name: "admin@example.org",
		AccountID: "zacc-9", ClientID: "Kq3vT8mZpR1wXy5aBc7d", ClientSecret: "Zs2sSecretValue0987654321abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	show := func(name string) {
		t.Helper()
		eval[bool](ctx, t, `document.getElementById("zoom-meeting-settings").scrollIntoView({block: "start"}); true`)
		do(ctx, t, viewshot(name))
	}

	load(ctx, t, 200, chromedp.Navigate(s.crm.LaunchURL(s.url+"/settings", admin, true)))
	if got := text(ctx, t, "zoom-meeting-settings-"+a.ID); !strings.Contains(got, "Warteraum (der Host lässt die Teilnehmenden ein): an") ||
		!strings.Contains(got, "Automatische Aufzeichnung: keine") || !strings.Contains(got, "KI-Zusammenfassung: aus") {
		t.Errorf("account entry says %q, want the defaults in German", got)
	}
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-edit-"+a.ID)))
	if got := text(ctx, t, "ms-help"); !strings.Contains(got, "ersetzen die Voreinstellungen, die die Hosts in Zoom") {
		t.Errorf("help = %q, want it to say the settings override the hosts' defaults", got)
	}
	for id, want := range map[string]bool{"ms-waiting-room": true, "ms-join-before-host": false, "ms-mute": true,
		"ms-recording-none": true, "ms-summary": false, "ms-questions": false} {
		if got := checked(ctx, t, id); got != want {
			t.Errorf("#%s checked = %v, want %v", id, got, want)
		}
	}
	if got, got2 := value(ctx, t, "ms-summary-to"), value(ctx, t, "ms-askers"); got != "1" || got2 != "3" {
		t.Errorf("summary to %q, askers %q; want the host only (1, 3)", got, got2)
	}
	show("zoom-meeting-settings-de")

	// Join before host with the waiting room promises what Zoom does not do: refused.
	load(ctx, t, 400, chromedp.Click(chromedp.ID("ms-join-before-host")), chromedp.Click(chromedp.ID("zoom-save")))
	if got := text(ctx, t, "ms-jbh-error"); !strings.Contains(got, "solange der Warteraum an ist") {
		t.Errorf("error = %q", got)
	}
	if !checked(ctx, t, "ms-join-before-host") {
		t.Error("the refused choice was not kept in the form")
	}
	show("zoom-meeting-settings-refused-de")

	// Without the waiting room, with cloud recording and a summary for the hosts.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("ms-waiting-room")), chromedp.Click(chromedp.ID("ms-recording-cloud")),
		chromedp.Click(chromedp.ID("ms-summary")), chromedp.SetValue(chromedp.ID("ms-summary-to"), "2"), chromedp.Click(chromedp.ID("zoom-save")))
	got, err := s.store.ZoomAccount(context.Background(), s.inst.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := store.ZoomMeetingSettings{WaitingRoom: false, JoinBeforeHost: true, MuteUponEntry: true, AutoRecording: store.RecordingCloud,
		MeetingSummary: true, SummaryRecipients: 2, QuestionAskers: 3}
	if diff := cmp.Diff(want, *got.MeetingSettings); diff != "" {
		t.Errorf("stored settings (-want +got):\n%s", diff)
	}
	if !got.HasSecret {
		t.Error("saving the settings lost the client secret")
	}
	if got := text(ctx, t, "zoom-meeting-settings-"+a.ID); !strings.Contains(got, "in der Cloud (bei Zoom)") ||
		!strings.Contains(got, "KI-Zusammenfassung: an (für Host, Co-Hosts und alternative Hosts)") {
		t.Errorf("account entry says %q", got)
	}

	// English.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("lang-en")))
	if got := text(ctx, t, "zoom-meeting-settings-"+a.ID); !strings.Contains(got, "Automatic recording: in the cloud (at Zoom)") ||
		!strings.Contains(got, "AI summary: on (to the host, co-hosts and alternative hosts)") {
		t.Errorf("English account entry says %q", got)
	}
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-edit-"+a.ID)))
	if got := text(ctx, t, "ms-help"); !strings.Contains(got, "They override the defaults the hosts chose for themselves in Zoom") {
		t.Errorf("English help = %q", got)
	}
	if !checked(ctx, t, "ms-recording-cloud") || !checked(ctx, t, "ms-summary") || checked(ctx, t, "ms-waiting-room") {
		t.Error("the English form does not show the stored choice")
	}
	show("zoom-meeting-settings-en")
}
