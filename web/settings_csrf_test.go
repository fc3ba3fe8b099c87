package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// adminClient opens the settings with a launch token and returns a client holding the
// session cookie and the page's CSRF token.
func adminClient(t *testing.T, s *site) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Path != "/settings" {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := hc.Get(s.crm.LaunchURL(s.url+"/settings", admin, true))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(body)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("settings page: %d, csrf field found: %v", resp.StatusCode, m != nil)
	}
	return hc, string(m[1])
}

// TestSettingsPostNeedsCSRFToken fails if the CSRF check is removed: the refused posts would
// then change the settings.
func TestSettingsPostNeedsCSRFToken(t *testing.T) {
	s := newSite(t)
	hc, csrf := adminClient(t, s)
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, tc := range []struct {
		name   string
		token  string
		status int
		groups string
	}{
		{"missing", "", http.StatusForbidden, "all"},
		{"wrong", "A" + csrf[1:] + "A", http.StatusForbidden, "all"},
		{"another session's", otherCSRF(t, s), http.StatusForbidden, "all"},
		{"right", csrf, http.StatusSeeOther, "Vertrieb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"group": {"Vertrieb"}, "policy": {"warn"}}
			if tc.token != "" {
				form.Set("csrf", tc.token)
			}
			resp, err := hc.PostForm(s.url+"/settings", form)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
			inst, err := s.store.Installation(context.Background(), s.inst.ID)
			if got := strings.Join(inst.Settings.PermittedGroups, ","); err != nil || got != tc.groups {
				t.Errorf("permitted groups %q (%v), want %q", got, err, tc.groups)
			}
		})
	}
}

func otherCSRF(t *testing.T, s *site) string {
	t.Helper()
	_, csrf := adminClient(t, s)
	return csrf
}

func TestVendorPostsNeedCSRFToken(t *testing.T) {
	s := newSite(t)
	if err := s.store.SetVendorUser(context.Background(), vendorUser, vendorPassword, false); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values) int {
		t.Helper()
		resp, err := hc.PostForm(s.url+path, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post("/vendor/login", url.Values{"login": {vendorUser}, "password": {vendorPassword}}); got != http.StatusForbidden {
		t.Errorf("login without the form's token: %d, want 403", got)
	}
	resp, err := hc.Get(s.url + "/vendor/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := csrfField.FindSubmatch(body)[1]
	if got := post("/vendor/login", url.Values{"login": {vendorUser}, "password": {vendorPassword}, "csrf": {string(token)}}); got != http.StatusSeeOther {
		t.Fatalf("login: %d, want 303", got)
	}
	if got := post("/vendor/installations", url.Values{"system_url": {"https://crm.evil.example"}, "csrf": {"forged"}}); got != http.StatusForbidden {
		t.Errorf("create without the session's token: %d, want 403", got)
	}
	if list, err := s.store.Installations(context.Background()); err != nil || len(list) != 1 {
		t.Errorf("%d installations (%v), want only the site's own", len(list), err)
	}
}

// TestSettingsCookieAndHeaders checks the session cookie's attributes (Secure only behind
// https) and the headers of a page that shows secrets.
func TestSettingsCookieAndHeaders(t *testing.T) {
	s := newSite(t)
	for _, tc := range []struct {
		base   string
		secure bool
	}{{"http://addon.example", false}, {"https://addon.example", true}} {
		t.Run(tc.base, func(t *testing.T) {
			h := newServer(s.store, tc.base, "http://127.0.0.1:1", "http://127.0.0.1:1").Handler()
			rec := httptest.NewRecorder()
			target := s.crm.LaunchURL("/settings", admin, true)
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/settings" {
				t.Fatalf("entry: %d to %q, want 303 to /settings", rec.Code, rec.Header().Get("Location"))
			}
			cookies := rec.Result().Cookies()
			if len(cookies) != 1 {
				t.Fatalf("%d cookies, want 1", len(cookies))
			}
			c := cookies[0]
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/settings" || c.Secure != tc.secure {
				t.Errorf("cookie %s: HttpOnly=%v SameSite=%v Path=%s Secure=%v; want HttpOnly, Lax, /settings, Secure=%v",
					c.Name, c.HttpOnly, c.SameSite, c.Path, c.Secure, tc.secure)
			}
			req := httptest.NewRequest(http.MethodGet, "/settings", nil)
			req.AddCookie(c)
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("page with the cookie: %d", rec.Code)
			}
			for name, want := range map[string]string{"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
				if got := rec.Header().Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			csp := rec.Header().Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'none'", "script-src 'nonce-", "frame-ancestors 'none'", "form-action 'self' http://127.0.0.1:1"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
		})
	}
}
