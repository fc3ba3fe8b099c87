package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/onlinemeetings/meeting-addon/store"
)

const (
	vendorUser     = "sabine.support"
	vendorPassword = "correct horse battery staple"
)

func registerID(id int64) string { return "register-" + strconv.FormatInt(id, 10) }

// vendorLogin creates the vendor user if needed and signs in.
func vendorLogin(ctx context.Context, t *testing.T, s *site) {
	t.Helper()
	if ok, err := s.store.HasVendorUser(context.Background(), vendorUser); err != nil {
		t.Fatal(err)
	} else if !ok {
		if err := s.store.SetVendorUser(context.Background(), vendorUser, vendorPassword, false); err != nil {
			t.Fatal(err)
		}
	}
	load(ctx, t, 200, chromedp.Navigate(s.url+"/vendor/login"))
	load(ctx, t, 200, chromedp.SendKeys(chromedp.ID("login"), vendorUser), chromedp.SendKeys(chromedp.ID("password"), vendorPassword),
		chromedp.Click(chromedp.ID("sign-in")))
	do(ctx, t, chromedp.WaitVisible(chromedp.ID("h-queue")))
}

// TestBrowserVendorConsole: failed logins say nothing about which part was wrong; a vendor
// creates an installation (the secret is shown once and works), marks a redirect URL
// registered, disables the installation, and finds all of it in the audit trail.
func TestBrowserVendorConsole(t *testing.T) {
	ctx := browser(t)
	s := newSite(t)
	bg := context.Background()
	if err := s.store.SetVendorUser(bg, vendorUser, vendorPassword, false); err != nil {
		t.Fatal(err)
	}
	load(ctx, t, 200, chromedp.Navigate(s.url+"/vendor")) // no session: redirected to the login form
	do(ctx, t, chromedp.WaitVisible(chromedp.ID("sign-in")))
	do(ctx, t, shot("vendor-login"))
	var failures []string
	for _, tc := range []struct{ name, login, password string }{
		{"wrong password", vendorUser, "not the password at all"},
		{"unknown login", "nobody", vendorPassword},
	} {
		load(ctx, t, 401, chromedp.SendKeys(chromedp.ID("login"), tc.login), chromedp.SendKeys(chromedp.ID("password"), tc.password),
			chromedp.Click(chromedp.ID("sign-in")))
		failures = append(failures, text(ctx, t, "login-error"))
		do(ctx, t, chromedp.Clear(chromedp.ID("login")))
	}
	if failures[0] != failures[1] || failures[0] == "" {
		t.Errorf("login failures read %q and %q, want one generic message", failures[0], failures[1])
	}
	do(ctx, t, shot("vendor-login-failed"))

	load(ctx, t, 200, chromedp.SendKeys(chromedp.ID("login"), vendorUser), chromedp.SendKeys(chromedp.ID("password"), vendorPassword),
		chromedp.Click(chromedp.ID("sign-in")))
	do(ctx, t, chromedp.WaitVisible(chromedp.ID("h-queue")), shot("vendor-console"))

	load(ctx, t, 400, chromedp.SendKeys(chromedp.ID("new-system-url"), "ftp://crm.kunde.de"), chromedp.Click(chromedp.ID("create")))
	if got := text(ctx, t, "system-url-error"); got == "" {
		t.Error("no error next to the system URL")
	}
	load(ctx, t, 200, chromedp.SetValue(chromedp.ID("new-system-url"), "https://crm.kunde.de"), chromedp.Click(chromedp.ID("create")))
	do(ctx, t, shot("vendor-installation-created"))
	id, secret := value(ctx, t, "installation-id"), value(ctx, t, "hook-secret")
	secrets, err := s.store.HookSecrets(bg, id)
	if err != nil || len(secrets) != 1 || secrets[0] != secret {
		t.Fatalf("shown hook_secret does not match the stored one (%v)", err)
	}

	rd, err := s.store.NewRedirect(bg, id, "tok", s.url+"/oauth/callback/tok")
	if err != nil {
		t.Fatal(err)
	}
	load(ctx, t, 200, chromedp.Click(chromedp.ID("back")))
	do(ctx, t, shot("vendor-queue"))
	load(ctx, t, 200, chromedp.Click(chromedp.ID(registerID(rd.ID))))
	if got := text(ctx, t, "queue-empty"); got == "" {
		t.Error("the queue still lists the URL")
	}
	cur, err := s.store.CurrentRedirect(bg, id)
	if err != nil || cur.Status != store.RedirectRegistered || cur.RegisteredBy != vendorUser {
		t.Errorf("redirect = %+v (%v), want registered by %s", cur, err, vendorUser)
	}

	load(ctx, t, 200, chromedp.Click(chromedp.ID("toggle-"+id)))
	if inst, err := s.store.Installation(bg, id); err != nil || !inst.Disabled {
		t.Errorf("installation %s not disabled (%v)", id, err)
	}
	load(ctx, t, 200, chromedp.Click(chromedp.ID("rotate-"+id)))
	newSecret := value(ctx, t, "hook-secret")
	if newSecret == secret || newSecret == "" {
		t.Error("rotation showed no new secret")
	}
	load(ctx, t, 200, chromedp.Click(chromedp.ID("back")))
	audit := text(ctx, t, "audit")
	for _, want := range []string{"vendor.login", "installation.create", "redirect.register", "installation.disable", "installation.rotate_secret"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit trail lacks %s:\n%s", want, audit)
		}
	}
	if strings.Contains(audit, secret) || strings.Contains(audit, newSecret) || strings.Contains(audit, "/oauth/callback/") {
		t.Error("the audit trail shows a secret")
	}
	do(ctx, t, shot("vendor-audit"))
}
