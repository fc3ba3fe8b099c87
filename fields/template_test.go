package fields

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

func TestRender(t *testing.T) {
	v := SampleValues("de")
	v.Software = "Zoom"
	tests := []struct {
		name string
		tmpl string
		v    Values
		want string
	}{
		{"KuferSQL names", "Meeting beitreten: <WEBIN_LINK>\nPasswort: <WEBIN_PW>", v,
			"Meeting beitreten: https://meet.example.com/j/123456789\nPasswort: 482915"},
		{"readable names", "{title} ({number}) {software} {meeting_id} {phone} {participant_code} {host_code}", v,
			"Schulung Müller GmbH (T-2026-0042) Zoom 123 456 789 +49 30 1234 5678 123 456 789 # 654321"},
		{"KuferSQL registration aliases", "<ONLINELINK> <ONLINEPW> <ONLINECODE>", v,
			"https://meet.example.com/j/123456789 482915 123 456 789 #"},
		{"dates and times de", "<BEG_DATTXT> <UHRVON> – <END_DATTXT> {end_time}", v,
			"Dienstag, 1. Dezember 2026 10:00 – Dienstag, 1. Dezember 2026 11:30"},
		{"dates en", "{start_date}, {start_time}", SampleValues("en"), "Tuesday, 1 December 2026, 10:00"},
		{"regional locale is English", "{start_date}", Values{Start: time.Date(2027, 3, 6, 9, 0, 0, 0, time.UTC), Locale: "en-GB"}, "Saturday, 6 March 2027"},
		{"unknown locale is German", "{start_date}", Values{Start: time.Date(2027, 3, 6, 9, 0, 0, 0, time.UTC), Locale: "fr"}, "Samstag, 6. März 2027"},
		{"nil location is UTC", "{start_time}", Values{Start: time.Date(2026, 12, 1, 10, 0, 0, 0, berlin)}, "09:00"},
		{"empty line dropped", "Link: {link}\nPasswort: <WEBIN_PW>\nEnde", Values{Link: "L"}, "Link: L\nEnde"},
		{"CRLF line dropped whole", "Link: {link}\r\nPasswort: <WEBIN_PW>\r\nEnde", Values{Link: "L"}, "Link: L\r\nEnde"},
		{"last line dropped", "Link: {link}\nPasswort: <WEBIN_PW>", Values{Link: "L"}, "Link: L\n"},
		{"line kept when one value is set", "Uhrzeit: {start_time} - {passcode}", Values{Start: v.Start}, "Uhrzeit: 09:00 - "},
		{"no date: whole line dropped", "Beginn: {start_date}, {start_time} Uhr\nX", Values{}, "X"},
		{"line without placeholders kept", "\nHallo\n\n", Values{}, "\nHallo\n\n"},
		{"unknown placeholders stay", "<ANSPRACHE>, {foo} <b> <WEBIN_PW>", Values{Passcode: "1"}, "<ANSPRACHE>, {foo} <b> 1"},
		{"line with only unknown placeholders stays", "<ANSPRACHE>,", Values{}, "<ANSPRACHE>,"},
		{"values on one line", "Titel: {title}!", Values{Title: "A\nB\r\n" + BlockStart}, "Titel: A B " + BlockStart + "!"},
		{"not placeholders", "<> {} <1A> {_x} <a> {A} <WEBIN_PW", Values{Passcode: "1"}, "<> {} <1A> {_x} <a> {A} <WEBIN_PW"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Render(tc.tmpl, tc.v); got != tc.want {
				t.Errorf("Render(%q)\n got %q\nwant %q", tc.tmpl, got, tc.want)
			}
		})
	}
}

func TestValidateTemplate(t *testing.T) {
	tests := []struct {
		name    string
		tmpl    string
		wantErr []string // substrings of the message; nil means valid
	}{
		{"empty", "", nil},
		{"known variables", "<WEBIN_LINK> {link} <KURSNR> {number} <b>", nil},
		{"at the limit", strings.Repeat("x", MaxTemplateBytes), nil},
		{"too long", strings.Repeat("x", MaxTemplateBytes+1), []string{"10001 bytes"}},
		{"invalid UTF-8", "Passwort: \xff", []string{"UTF-8"}},
		{"typo named", "Link: <WEBIN_LNK>", []string{"<WEBIN_LNK>"}},
		{"each unknown named once", "<ANSPRACHE> {passcod} <ANSPRACHE>", []string{"<ANSPRACHE>, {passcod};"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateTemplate(tc.tmpl)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("ValidateTemplate: %v, want nil", err)
				}
				return
			}
			var e *addon.Error
			if !errors.As(err, &e) || e.Code != addon.EINVALID {
				t.Fatalf("got %v, want EINVALID", err)
			}
			for _, s := range tc.wantErr {
				if !strings.Contains(e.Message, s) {
					t.Errorf("message %q does not contain %q", e.Message, s)
				}
			}
		})
	}
}

func TestDefaultTemplate(t *testing.T) {
	for _, p := range []string{addon.ProviderGoTo, addon.ProviderZoom} {
		for _, a := range []string{AudienceParticipant, AudienceHost} {
			for _, l := range []string{"de", "en"} {
				t.Run(p+"/"+a+"/"+l, func(t *testing.T) {
					tmpl := DefaultTemplate(p, a, l)
					if tmpl == "" {
						t.Fatal("no default template")
					}
					if err := ValidateTemplate(tmpl); err != nil {
						t.Errorf("default template invalid: %v", err)
					}
					if strings.Contains(tmpl, "@") {
						t.Errorf("unreplaced provider term in %q", tmpl)
					}
					hasHostCode := strings.Contains(tmpl, "{host_code}")
					if hasHostCode != (a == AudienceHost) {
						t.Errorf("host code in template: %v, want %v", hasHostCode, a == AudienceHost)
					}
				})
			}
		}
	}
	t.Run("unknown locale is German", func(t *testing.T) {
		if got, want := DefaultTemplate(addon.ProviderZoom, AudienceHost, "fr"), DefaultTemplate(addon.ProviderZoom, AudienceHost, "de"); got != want {
			t.Errorf("got %q, want the German template", got)
		}
	})
	for _, tc := range []struct{ provider, audience string }{{"teams", AudienceHost}, {addon.ProviderZoom, "guest"}} {
		t.Run("unknown "+tc.provider+"/"+tc.audience, func(t *testing.T) {
			if got := DefaultTemplate(tc.provider, tc.audience, "de"); got != "" {
				t.Errorf("got %q, want empty", got)
			}
		})
	}
}

func TestSoftwareName(t *testing.T) {
	for provider, want := range map[string]string{addon.ProviderGoTo: "GoToMeeting", addon.ProviderZoom: "Zoom", "x": ""} {
		if got := SoftwareName(provider); got != want {
			t.Errorf("SoftwareName(%q) = %q, want %q", provider, got, want)
		}
	}
}

func FuzzRender(f *testing.F) {
	f.Add("Passwort: <WEBIN_PW>\n{link}", "pw", "<WEBIN_LINK>")
	f.Add("<{link}>", "", "{title}")
	f.Fuzz(func(t *testing.T, tmpl, passcode, link string) {
		got := Render(tmpl, Values{Passcode: passcode, Link: link})
		if !strings.Contains(tmpl, "<") && !strings.Contains(tmpl, "{") && got != tmpl {
			t.Fatalf("Render changed a template without placeholders: %q -> %q", tmpl, got)
		}
		if strings.Count(got, "\n") > strings.Count(tmpl, "\n") {
			t.Fatalf("Render added lines: %q -> %q", tmpl, got)
		}
	})
}
