package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

// TestBrowserZoomAccount: an admin adds a Zoom account ("Zugang") against the fake Zoom, tests
// the connection, reads the users, reads the passcode rule from Zoom and sets a custom one,
// sets the topic template and the choice for courses over 50 sessions, and deletes the account.
// The client secret never reaches the page.
func TestBrowserZoomAccount(t *testing.T) {
	ctx := browser(t)
	s := newSite(t)
	const (
		zoomAccount = "zacc-7"
		clientID    = "Kq3vT8mZpR1wXy5aBc7d"
		secret      = "Zs2sSecretValue0987654321abcdef"
	)
	s.zoom.AddAccount(zoomAccount, clientID, secret)
	s.zoom.AddUser(zoomAccount, zoomtest.User{Email: "admin@example.org", FirstName: "Anna", LastName: "Admin", Type: 2})
	s.zoom.AddUser(zoomAccount, zoomtest.User{Email: "dozent1@example.org", FirstName: "Dora", LastName: "Dozentin", Type: 2})
	s.zoom.AddUser(zoomAccount, zoomtest.User{Email: "gast@example.org", Type: 1})

	load(ctx, t, 200, chromedp.Navigate(s.crm.LaunchURL(s.url+"/settings", admin, true)))
	if got := text(ctx, t, "h-zoom"); got != "Zoom Zugänge" {
		t.Errorf("Zoom heading = %q", got)
	}
	if got := text(ctx, t, "zoom-none"); !strings.HasPrefix(got, "Es ist noch kein Zugang") {
		t.Errorf("empty list says %q", got)
	}

	load(ctx, t, 200, chromedp.SendKeys(chromedp.ID("zoom-name"), "admin@example.org"),
		chromedp.SendKeys(chromedp.ID("zoom-account-id"), zoomAccount), chromedp.SendKeys(chromedp.ID("zoom-client-id"), clientID),
		chromedp.SendKeys(chromedp.ID("zoom-client-secret"), secret), chromedp.Click(chromedp.ID("zoom-save")))
	if got := text(ctx, t, "flash"); !strings.HasPrefix(got, "Der Zugang wurde gespeichert") {
		t.Errorf("flash = %q", got)
	}
	accts, err := s.store.ZoomAccounts(context.Background(), s.inst.ID)
	if err != nil || len(accts) != 1 {
		t.Fatalf("stored accounts = %+v (%v), want one", accts, err)
	}
	id := accts[0].ID
	for field, want := range map[string]string{"zoom-account-id-" + id: zoomAccount, "zoom-client-id-" + id: clientID,
		"zoom-secret-" + id: "gesetzt", "zoom-proxy-" + id: "kein Proxy", "zoom-test-" + id: "noch nicht getestet"} {
		if got := text(ctx, t, field); got != want {
			t.Errorf("#%s = %q, want %q", field, got, want)
		}
	}
	noSecret(ctx, t, secret)
	do(ctx, t, shot("zoom-account-added"))

	// "Verbindung testen" shows Zoom's answer in German.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-test-button-"+id)))
	if got := text(ctx, t, "zoom-test-"+id); !strings.Contains(got, "Die Verbindung zu Zoom funktioniert") || !strings.Contains(got, "3 aktive Benutzer") {
		t.Errorf("test result = %q, want the German OK message with 3 users", got)
	}
	do(ctx, t, shot("zoom-connection-tested"))

	// "Benutzer auslesen" reads the three users and lists them with their status.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-users-button-"+id)))
	if got := text(ctx, t, "flash"); !strings.Contains(got, "3 Benutzer") {
		t.Errorf("flash = %q, want the count", got)
	}
	if got := text(ctx, t, "zoom-users-"+id); !strings.HasPrefix(got, "3 ausgelesen am") {
		t.Errorf("users = %q", got)
	}
	list := text(ctx, t, "zoom-userlist-"+id)
	for _, want := range []string{"dozent1@example.org", "Dora Dozentin", "Lizenziert", "gast@example.org", "Basis (ohne Lizenz)", "aktiv"} {
		if !strings.Contains(list, want) {
			t.Errorf("user list lacks %q:\n%s", want, list)
		}
	}
	do(ctx, t, shot("zoom-users-read"))

	// Edit: the secret field stays empty; "Auslesen" shows Zoom's rule and fills the custom one.
	s.zoom.SetPasswordRequirement(zoomAccount, "", zoomtest.PasswordRequirement{Length: 8, HaveLetter: true, HaveNumber: true})
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-edit-"+id)))
	if got, sec := value(ctx, t, "zoom-name"), value(ctx, t, "zoom-client-secret"); got != "admin@example.org" || sec != "" {
		t.Errorf("edit form: name %q, secret %q; want the name and an empty secret", got, sec)
	}
	load(ctx, t, 200, chromedp.Click(chromedp.ID("pc-read")))
	if got := text(ctx, t, "pc-read-result"); !strings.Contains(got, "mindestens 8 Zeichen; Mindestens ein Buchstabe; Mindestens eine Ziffer") {
		t.Errorf("rule read from Zoom = %q", got)
	}
	if got := value(ctx, t, "pc-length"); got != "8" {
		t.Errorf("custom length after reading = %q, want 8", got)
	}
	do(ctx, t, shot("zoom-passcode-read"))

	// A custom rule no passcode can meet is refused next to the field.
	load(ctx, t, 400, chromedp.Click(chromedp.ID("pc-source-custom")), chromedp.SetValue(chromedp.ID("pc-length"), "12"),
		chromedp.Click(chromedp.ID("zoom-save")))
	if got := text(ctx, t, "pc-error"); !strings.Contains(got, "Mindestlänge von 12") {
		t.Errorf("passcode error = %q", got)
	}
	noSecret(ctx, t, secret)
	do(ctx, t, shot("zoom-passcode-refused"))
	load(ctx, t, 200, chromedp.SetValue(chromedp.ID("pc-length"), "10"), chromedp.Click(chromedp.ID("zoom-save")))
	a, err := s.store.ZoomAccount(context.Background(), s.inst.ID, id)
	if err != nil || a.PasscodeRule.Source != store.PasscodeCustom || a.PasscodeRule.Rule.Length != 10 || !a.PasscodeRule.Rule.HaveLetter || !a.HasSecret {
		t.Fatalf("stored account = %+v (%v), want a custom rule of 10 with a letter and the secret kept", a, err)
	}
	// The secret was kept: the connection still works.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-test-button-"+id)))
	if got := text(ctx, t, "zoom-test-"+id); !strings.Contains(got, "funktioniert") {
		t.Errorf("test after editing = %q", got)
	}

	// Topic template with a live example, and the choice for courses over 50 sessions.
	if got := text(ctx, t, "topic-example"); got != "Excel Grundlagen" {
		t.Errorf("example without a template = %q, want the title", got)
	}
	if !checked(ctx, t, "over50-no-fixed-time") {
		t.Error("the default for courses over 50 sessions is not preselected")
	}
	do(ctx, t, chromedp.SendKeys(chromedp.ID("topic-template"), "<KURSNR> – <KURSTITEL>"),
		chromedp.Poll[chromedp.Void](`document.getElementById("topic-example").textContent === "K-2026-17 – Excel Grundlagen"`))
	do(ctx, t, shot("topic-live-example"))
	load(ctx, t, 200, chromedp.Click(chromedp.ID("over50-blocks")), chromedp.Click(chromedp.ID("save")))
	inst, err := s.store.Installation(context.Background(), s.inst.ID)
	if err != nil || inst.Settings.TopicTemplate != "<KURSNR> – <KURSTITEL>" || inst.Settings.Over50 != addon.Over50Blocks {
		t.Fatalf("stored settings = %+v (%v)", inst.Settings, err)
	}
	if got := text(ctx, t, "topic-example"); got != "K-2026-17 – Excel Grundlagen" || !checked(ctx, t, "over50-blocks") {
		t.Errorf("after saving: example %q, blocks checked %v", got, checked(ctx, t, "over50-blocks"))
	}
	load(ctx, t, 400, chromedp.SendKeys(chromedp.ID("topic-template"), " <KURSNAME>"), chromedp.Click(chromedp.ID("save")))
	if got := text(ctx, t, "topic-error"); !strings.Contains(got, "<KURSNAME>") {
		t.Errorf("topic error = %q", got)
	}
	do(ctx, t, shot("topic-refused"))

	// English: the stored test result in the admin's new language.
	load(ctx, t, 200, chromedp.Navigate(s.url+"/settings"))
	load(ctx, t, 200, chromedp.Click(chromedp.ID("lang-en")))
	if got := text(ctx, t, "zoom-test-"+id); !strings.Contains(got, "The connection to Zoom works") {
		t.Errorf("English test result = %q", got)
	}
	if got := text(ctx, t, "zoom-secret-"+id); got != "set" {
		t.Errorf("English secret state = %q", got)
	}
	do(ctx, t, shot("zoom-settings-en"))

	// Delete asks first.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-delete-"+id)))
	if got := text(ctx, t, "zoom-delete-question-"+id); !strings.Contains(got, "admin@example.org") {
		t.Errorf("delete question = %q", got)
	}
	if _, err := s.store.ZoomAccount(context.Background(), s.inst.ID, id); err != nil {
		t.Fatalf("the account is gone before the confirmation: %v", err)
	}
	do(ctx, t, shot("zoom-delete-confirm"))
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-delete-confirm-"+id)))
	if got := text(ctx, t, "zoom-none"); !strings.HasPrefix(got, "No Zoom account") {
		t.Errorf("after deleting the list says %q", got)
	}
}

// TestBrowserZoomJWTRefused: API Key and API Secret of a JWT app (no Account ID) are refused
// with the explanation next to the field; neither secret nor proxy password is sent back.
func TestBrowserZoomJWTRefused(t *testing.T) {
	ctx := browser(t)
	s := newSite(t)
	const (
		apiKey    = "AbCdEfGhIjKlMnOpQrSt12"
		apiSecret = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
		proxyPass = "px-Geheim-42"
	)
	load(ctx, t, 200, chromedp.Navigate(s.crm.LaunchURL(s.url+"/settings", admin, true)))
	load(ctx, t, 400, chromedp.SendKeys(chromedp.ID("zoom-name"), "alt@example.org"),
		chromedp.SendKeys(chromedp.ID("zoom-client-id"), apiKey), chromedp.SendKeys(chromedp.ID("zoom-client-secret"), apiSecret),
		chromedp.SendKeys(chromedp.ID("zoom-proxy-server"), "proxy.example.org"), chromedp.SendKeys(chromedp.ID("zoom-proxy-port"), "3128"),
		chromedp.SendKeys(chromedp.ID("zoom-proxy-user"), "px"), chromedp.SendKeys(chromedp.ID("zoom-proxy-password"), proxyPass),
		chromedp.Click(chromedp.ID("zoom-save")))
	got := text(ctx, t, "zoom-client-id-error")
	for _, want := range []string{"JWT-App", "8. September 2023 abgeschaltet", "Server-to-Server-OAuth-App", "Account ID, Client ID und Client Secret"} {
		if !strings.Contains(got, want) {
			t.Errorf("refusal lacks %q: %q", want, got)
		}
	}
	if name, user := value(ctx, t, "zoom-name"), value(ctx, t, "zoom-proxy-user"); name != "alt@example.org" || user != "px" {
		t.Errorf("input not kept: name %q, proxy user %q", name, user)
	}
	noSecret(ctx, t, apiSecret, proxyPass)
	do(ctx, t, shot("zoom-jwt-refused"))
	if accts, err := s.store.ZoomAccounts(context.Background(), s.inst.ID); err != nil || len(accts) != 0 {
		t.Errorf("stored accounts = %+v (%v), want none", accts, err)
	}
}

// TestBrowserZoomWebhookSecret: the admin stores the Secret Token of the Zoom app's event
// subscription with an account. The page says "gesetzt" and shows the endpoint URL to copy
// into Zoom, never the token; Zoom's URL validation then succeeds with that token; an empty
// field keeps it, the checkbox removes it.
func TestBrowserZoomWebhookSecret(t *testing.T) {
	ctx := browser(t)
	s := newSite(t)
	const (
		zoomAccount = "zacc-9"
		clientID    = "Wh7vT8mZpR1wXy5aBc7d"
		secret      = "Zs2sSecretValue1234567890abcdef"
		token       = "wHk3Tq9ZsecretTokenX42"
	)
	s.zoom.AddAccount(zoomAccount, clientID, secret)
	load(ctx, t, 200, chromedp.Navigate(s.crm.LaunchURL(s.url+"/settings", admin, true)))
	if got := text(ctx, t, "zoom-webhook-after-save"); !strings.Contains(got, "sobald der Zugang gespeichert ist") {
		t.Errorf("new account form says %q about the endpoint URL", got)
	}
	help := text(ctx, t, "zoom-webhook-help")
	for _, want := range []string{"Secret Token", "Event Subscriptions", "„Meeting has been updated“", "„Meeting has been deleted“", "Endpoint-URL"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q: %q", want, help)
		}
	}
	load(ctx, t, 200, chromedp.SendKeys(chromedp.ID("zoom-name"), "admin@example.org"),
		chromedp.SendKeys(chromedp.ID("zoom-account-id"), zoomAccount), chromedp.SendKeys(chromedp.ID("zoom-client-id"), clientID),
		chromedp.SendKeys(chromedp.ID("zoom-client-secret"), secret), chromedp.Click(chromedp.ID("zoom-save")))
	accts, err := s.store.ZoomAccounts(context.Background(), s.inst.ID)
	if err != nil || len(accts) != 1 {
		t.Fatalf("stored accounts = %+v (%v), want one", accts, err)
	}
	id := accts[0].ID
	endpoint := s.url + "/webhooks/zoom/" + id
	if got, url := text(ctx, t, "zoom-webhook-secret-"+id), value(ctx, t, "zoom-webhook-url-"+id); got != "nicht gesetzt" || url != endpoint {
		t.Errorf("new account: token %q, endpoint URL %q; want nicht gesetzt and %q", got, url, endpoint)
	}

	// Edit: the form shows the endpoint URL with a copy button; a token with a space is refused
	// next to the field and not sent back.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-edit-"+id)))
	if got := value(ctx, t, "zoom-form-webhook-url"); got != endpoint {
		t.Errorf("endpoint URL in the form = %q, want %q", got, endpoint)
	}
	do(ctx, t, chromedp.Click(chromedp.ID("zoom-form-webhook-copy")),
		chromedp.Poll[chromedp.Void](`document.getElementById("zoom-form-webhook-copy").textContent === "Kopiert"`))
	load(ctx, t, 400, chromedp.SendKeys(chromedp.ID("zoom-webhook-secret"), "wHk3 Tq9Z"), chromedp.Click(chromedp.ID("zoom-save")))
	if got := text(ctx, t, "zoom-webhook-secret-error"); !strings.Contains(got, "Leerzeichen") {
		t.Errorf("token error = %q", got)
	}
	noSecret(ctx, t, secret, "wHk3 Tq9Z")
	do(ctx, t, shot("zoom-webhook-refused"))

	load(ctx, t, 200, chromedp.SendKeys(chromedp.ID("zoom-webhook-secret"), token), chromedp.Click(chromedp.ID("zoom-save")))
	if got := text(ctx, t, "zoom-webhook-secret-"+id); got != "gesetzt" {
		t.Errorf("token state = %q, want gesetzt", got)
	}
	if got := value(ctx, t, "zoom-webhook-url-"+id); got != endpoint {
		t.Errorf("endpoint URL = %q, want %q", got, endpoint)
	}
	noSecret(ctx, t, secret, token)
	do(ctx, t, shot("zoom-webhook-set"))
	// Zoom's "Validate" of the endpoint URL succeeds with the app's token, and only with it.
	if err := s.zoom.SendURLValidation(context.Background(), endpoint, token); err != nil {
		t.Errorf("url validation with the stored token: %v", err)
	}
	if err := s.zoom.SendURLValidation(context.Background(), endpoint, secret); err == nil {
		t.Error("url validation signed with another secret was answered")
	}

	// Saving with the field empty keeps the token; the form says it is stored.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-edit-"+id)))
	if got := text(ctx, t, "zoom-webhook-secret-hint"); !strings.HasPrefix(got, "Gespeichert") {
		t.Errorf("token hint when stored = %q", got)
	}
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-save")))
	if a, err := s.store.ZoomAccount(context.Background(), s.inst.ID, id); err != nil || !a.HasWebhookSecret {
		t.Fatalf("after saving with an empty field: %+v (%v), want the token kept", a, err)
	}

	// English.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("lang-en")))
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-edit-"+id)))
	if got := text(ctx, t, "zoom-webhook-secret-"+id); got != "set" {
		t.Errorf("English token state = %q", got)
	}
	if got := text(ctx, t, "zoom-webhook-help"); !strings.Contains(got, "“Meeting has been updated” and “Meeting has been deleted”") {
		t.Errorf("English help = %q", got)
	}
	noSecret(ctx, t, secret, token)
	do(ctx, t, shot("zoom-webhook-en"))

	// Removing the token: Zoom's events for the account are refused again.
	load(ctx, t, 200, chromedp.Click(chromedp.ID("zoom-webhook-secret-clear")), chromedp.Click(chromedp.ID("zoom-save")))
	if got := text(ctx, t, "zoom-webhook-secret-"+id); got != "not set" {
		t.Errorf("token state after removing = %q, want not set", got)
	}
	if err := s.zoom.SendURLValidation(context.Background(), endpoint, token); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("url validation after removing the token: %v, want 403", err)
	}
}

// noSecret fails when the page's HTML contains one of the secrets, in a field's value or
// anywhere else.
func noSecret(ctx context.Context, t *testing.T, secrets ...string) {
	t.Helper()
	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range secrets {
		if strings.Contains(html, sec) {
			t.Errorf("the page contains the secret %q", sec)
		}
	}
	for _, id := range []string{"zoom-client-secret", "zoom-proxy-password", "zoom-webhook-secret"} {
		if v := value(ctx, t, id); v != "" {
			t.Errorf("#%s has the value %q, want it empty", id, v)
		}
	}
}

func checked(ctx context.Context, t *testing.T, id string) bool {
	t.Helper()
	on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById(`+"`"+id+"`"+`).checked`))
	if err != nil {
		t.Fatal(err)
	}
	return on
}
