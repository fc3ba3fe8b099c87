package zoomaccount_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/passcode"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

func TestLooksLikeJWT(t *testing.T) {
	tests := []struct {
		name, key, secret string
		want              bool
	}{
		{"JWT app pair", "Ab3dEfGhIjKlMnOpQrStUv", "Ks4u4Aj7bHtd6ZEvWsfL1dPkIY8hZkMpYVZH", true},
		{"JWT pair with spaces from copying", " Ab3dEfGhIjKlMnOpQrStUv ", "Ks4u4Aj7bHtd6ZEvWsfL1dPkIY8hZkMpYVZH\n", true},
		{"a JWT pasted as secret", clientID, "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJBYjNkRWYifQ.c2lnbmF0dXJl", true},
		{"Server-to-Server OAuth pair", clientID, secret, false},
		{"short secret", "Ab3dEfGhIjKlMnOpQrStUv", "abc", false},
		{"empty", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := zoomaccount.LooksLikeJWT(tc.key, tc.secret); got != tc.want {
				t.Errorf("LooksLikeJWT(%q, %q) = %v, want %v", tc.key, tc.secret, got, tc.want)
			}
		})
	}
}

func TestCreateRefusesJWT(t *testing.T) {
	e := setup(t, "sqlite")
	_, err := e.svc.Create(context.Background(), store.ZoomAccount{InstallationID: e.inst, Name: "admin@example.org",
		ClientID: "Ab3dEfGhIjKlMnOpQrStUv", ClientSecret: "Ks4u4Aj7bHtd6ZEvWsfL1dPkIY8hZkMpYVZH"})
	if addon.ErrorCode(err) != addon.EINVALID {
		t.Fatalf("Create with JWT credentials: %v, want invalid", err)
	}
	msg := addon.ErrorMessage(err)
	for _, want := range []string{"JWT", "8 September 2023", "Develop → Build App → Server-to-Server OAuth",
		"user:read:list_users:admin", "Account ID, Client ID and Client Secret"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q\ndoes not say %q", msg, want)
		}
	}
	if !strings.Contains(zoomaccount.JWTHelp.In("de"), "8. September 2023") {
		t.Errorf("German help %q lacks the date", zoomaccount.JWTHelp.DE)
	}
	if list, _ := e.st.ZoomAccounts(context.Background(), e.inst); len(list) != 0 {
		t.Errorf("%d accounts stored, want none", len(list))
	}
}

func TestValidate(t *testing.T) {
	good := store.ZoomAccount{InstallationID: "i", Name: "admin@example.org", AccountID: "aBc-123_x",
		ClientID: clientID, ClientSecret: secret, PasscodeRule: store.ZoomPasscodeRule{Source: store.PasscodeFromZoom}}
	tests := []struct {
		name     string
		change   func(a *store.ZoomAccount)
		creating bool
		field    string // "" means valid
	}{
		{name: "valid", creating: true},
		{name: "update keeps secret", change: func(a *store.ZoomAccount) { a.ClientSecret = "" }},
		{name: "create needs secret", change: func(a *store.ZoomAccount) { a.ClientSecret = "" }, creating: true, field: "client_secret"},
		{name: "no name", change: func(a *store.ZoomAccount) { a.Name = "" }, field: "name"},
		{name: "long name", change: func(a *store.ZoomAccount) { a.Name = strings.Repeat("n", 256) }, field: "name"},
		{name: "no account id", change: func(a *store.ZoomAccount) { a.AccountID = "" }, field: "account_id"},
		{name: "account id with slash", change: func(a *store.ZoomAccount) { a.AccountID = "a/b" }, field: "account_id"},
		{name: "long client id", change: func(a *store.ZoomAccount) { a.ClientID = strings.Repeat("c", 65) }, field: "client_id"},
		{name: "secret with space", change: func(a *store.ZoomAccount) { a.ClientSecret = "abc def" }, field: "client_secret"},
		{name: "proxy", change: func(a *store.ZoomAccount) {
			a.Proxy = store.ZoomProxy{URL: "proxy.example.org:3128", User: "u", Password: "p"}
		}},
		{name: "proxy ipv6", change: func(a *store.ZoomAccount) { a.Proxy.URL = "[::1]:8080" }},
		{name: "proxy without port", change: func(a *store.ZoomAccount) { a.Proxy.URL = "proxy.example.org" }, field: "proxy.url"},
		{name: "proxy port text", change: func(a *store.ZoomAccount) { a.Proxy.URL = "proxy.example.org:http" }, field: "proxy.url"},
		{name: "proxy port too big", change: func(a *store.ZoomAccount) { a.Proxy.URL = "proxy.example.org:70000" }, field: "proxy.url"},
		{name: "proxy https", change: func(a *store.ZoomAccount) { a.Proxy.URL = "https://proxy.example.org:443" }, field: "proxy.url"},
		{name: "proxy with credentials", change: func(a *store.ZoomAccount) { a.Proxy.URL = "u:p@proxy.example.org:3128" }, field: "proxy.url"},
		{name: "proxy user without proxy", change: func(a *store.ZoomAccount) { a.Proxy.User = "u" }, field: "proxy.url"},
		{name: "custom rule", change: func(a *store.ZoomAccount) {
			a.PasscodeRule = store.ZoomPasscodeRule{Source: store.PasscodeCustom, Rule: passcode.Rule{Length: 8, HaveLetter: true}}
		}},
		{name: "impossible custom rule", change: func(a *store.ZoomAccount) {
			a.PasscodeRule = store.ZoomPasscodeRule{Source: store.PasscodeCustom, Rule: passcode.Rule{Length: 12}}
		}, field: "passcode_rule"},
		{name: "unknown rule source", change: func(a *store.ZoomAccount) { a.PasscodeRule.Source = "crm" }, field: "passcode_rule.source"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := good
			if tc.change != nil {
				tc.change(&a)
			}
			err := zoomaccount.Validate(a, tc.creating)
			if tc.field == "" {
				if err != nil {
					t.Errorf("Validate: %v, want nil", err)
				}
				return
			}
			var ae *addon.Error
			if !asAddon(err, &ae) || ae.Code != addon.EINVALID || len(ae.Details) == 0 || ae.Details[0].Field != tc.field {
				t.Errorf("Validate: %v (%+v), want invalid %s", err, ae, tc.field)
			}
		})
	}
}

func TestCreateNormalizes(t *testing.T) {
	e := setup(t, "sqlite")
	e.fake.AddAccount("acc1", clientID, secret)
	a, err := e.svc.Create(context.Background(), store.ZoomAccount{InstallationID: e.inst, Name: " admin@example.org ",
		AccountID: " acc1\t", ClientID: clientID + " ", ClientSecret: " " + secret, Proxy: store.ZoomProxy{URL: "http://proxy.example.org:3128/"}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "admin@example.org" || a.AccountID != "acc1" || a.ClientID != clientID || a.Proxy.URL != "proxy.example.org:3128" ||
		a.PasscodeRule.Source != store.PasscodeFromZoom {
		t.Errorf("stored %+v, want trimmed values, proxy host:port and the rule from Zoom", a)
	}
	creds, _ := e.st.ZoomCredentials(context.Background(), e.inst, a.ID)
	if creds.ClientSecret != secret {
		t.Errorf("secret %q, want it trimmed", creds.ClientSecret)
	}
	if _, err := e.svc.Create(context.Background(), store.ZoomAccount{InstallationID: "nope", Name: "x",
		AccountID: "acc1", ClientID: clientID, ClientSecret: secret}); addon.ErrorCode(err) != addon.ENOTFOUND {
		t.Errorf("Create for unknown installation: %v, want not_found", err)
	}
}

// FuzzValidate feeds form input through normalisation and validation: no panic, and what is
// accepted has a proxy of the form host:port.
func FuzzValidate(f *testing.F) {
	f.Add("admin@example.org", "acc1", clientID, secret, "proxy.example.org:3128")
	f.Add("", "", "Ab3dEfGhIjKlMnOpQrStUv", "Ks4u4Aj7bHtd6ZEvWsfL1dPkIY8hZkMpYVZH", "http://[::1]:80/")
	f.Fuzz(func(t *testing.T, name, accountID, key, sec, proxy string) {
		a := store.ZoomAccount{Name: name, AccountID: accountID, ClientID: key, ClientSecret: sec, Proxy: store.ZoomProxy{URL: proxy}}
		_ = zoomaccount.LooksLikeJWT(key, sec)
		if err := zoomaccount.Validate(a, true); err == nil && proxy != "" && !strings.Contains(proxy, ":") {
			t.Errorf("proxy %q accepted without port", proxy)
		}
	})
}

func TestValidateMeetingSettings(t *testing.T) {
	base := store.ZoomAccount{Name: "admin@example.org", AccountID: "acc1", ClientID: "cid", ClientSecret: "x",
		PasscodeRule: store.ZoomPasscodeRule{Source: store.PasscodeFromZoom}}
	tests := []struct {
		name  string
		edit  func(m *store.ZoomMeetingSettings)
		field string // "" when valid
	}{
		{"defaults", func(*store.ZoomMeetingSettings) {}, ""},
		{"everything on but the waiting room", func(m *store.ZoomMeetingSettings) {
			*m = store.ZoomMeetingSettings{JoinBeforeHost: true, MuteUponEntry: true, AutoRecording: "cloud", MeetingSummary: true,
				SummaryRecipients: 4, AIQuestions: true, QuestionAskers: 1}
		}, ""},
		{"join before host with the waiting room", func(m *store.ZoomMeetingSettings) { m.JoinBeforeHost = true }, "meeting_settings.join_before_host"},
		{"unknown recording", func(m *store.ZoomMeetingSettings) { m.AutoRecording = "both" }, "meeting_settings.auto_recording"},
		{"summary recipients out of range", func(m *store.ZoomMeetingSettings) { m.SummaryRecipients = 5 }, "meeting_settings.summary_recipients"},
		{"question askers out of range", func(m *store.ZoomMeetingSettings) { m.QuestionAskers = 0 }, "meeting_settings.question_askers"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := store.DefaultZoomMeetingSettings()
			tc.edit(&m)
			a := base
			a.MeetingSettings = &m
			err := zoomaccount.Validate(a, true)
			var ae *addon.Error
			switch {
			case tc.field == "" && err != nil:
				t.Errorf("Validate: %v, want valid", err)
			case tc.field != "" && (!errors.As(err, &ae) || len(ae.Details) != 1 || ae.Details[0].Field != tc.field):
				t.Errorf("Validate: %v, want a refusal of %s alone", err, tc.field)
			}
		})
	}
}
