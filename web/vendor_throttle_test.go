package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// syncBuffer collects log output written by the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// TestVendorLoginThrottle: five wrong passwords lock the login; the right password is then
// refused with 429 and a message saying when to come back, no session is opened, and an
// unknown login fares exactly the same. The lock is audited once and logged without the name.
func TestVendorLoginThrottle(t *testing.T) {
	for _, tc := range []struct{ name, login string }{
		{"vendor user", vendorUser},
		{"unknown login", "nobody.at.all"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := storetest.Open(t, dbKind(), nil)
			if err := st.SetVendorUser(context.Background(), vendorUser, vendorPassword, false); err != nil {
				t.Fatal(err)
			}
			logs := &syncBuffer{}
			var handler http.Handler
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
			t.Cleanup(ts.Close)
			srv := newServer(st, ts.URL, "http://127.0.0.1:1", "http://127.0.0.1:1")
			srv.Logger = slog.New(slog.NewTextHandler(logs, nil))
			handler = srv.Handler()

			jar, _ := cookiejar.New(nil)
			hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			wrong := "not the password at all"
			for i, step := range []struct {
				password, lang string
				status         int
				message        string
			}{
				{wrong, "de", http.StatusUnauthorized, "Anmeldung fehlgeschlagen."},
				{wrong, "de", http.StatusUnauthorized, "Anmeldung fehlgeschlagen."},
				{wrong, "de", http.StatusUnauthorized, "Anmeldung fehlgeschlagen."},
				{wrong, "de", http.StatusUnauthorized, "Anmeldung fehlgeschlagen."},
				{wrong, "de", http.StatusTooManyRequests, "Zu viele fehlgeschlagene Anmeldeversuche. Versuchen Sie es in 15 Minuten erneut."},
				{vendorPassword, "de", http.StatusTooManyRequests, "Zu viele fehlgeschlagene Anmeldeversuche. Versuchen Sie es in 15 Minuten erneut."},
				{vendorPassword, "en", http.StatusTooManyRequests, "Too many failed sign-in attempts. Try again in 15 minutes."},
			} {
				resp, body := postLogin(t, hc, ts.URL, tc.login, step.password, step.lang)
				if resp.StatusCode != step.status || !strings.Contains(body, step.message) {
					t.Errorf("attempt %d: %d, message found: %v; want %d with %q", i+1, resp.StatusCode, strings.Contains(body, step.message), step.status, step.message)
				}
				if step.status == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "" {
					t.Errorf("attempt %d: no Retry-After header", i+1)
				}
				for _, c := range resp.Cookies() {
					if c.Name == "addon_vendor" && c.Value != "" {
						t.Errorf("attempt %d set a session cookie", i+1)
					}
				}
			}
			resp, err := hc.Get(ts.URL + "/vendor")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/vendor/login" {
				t.Errorf("console after the refused logins: %d to %q, want 303 to the login form", resp.StatusCode, resp.Header.Get("Location"))
			}

			trail, err := st.AuditTrail(context.Background(), "", 100)
			if err != nil {
				t.Fatal(err)
			}
			var locks []string
			for _, e := range trail {
				if e.Action == "vendor.login_locked" {
					locks = append(locks, e.Actor+" "+e.Detail)
				}
			}
			if len(locks) != 1 || strings.Contains(locks[0], tc.login) {
				t.Errorf("audit entries of the lock: %q, want one that does not name the login", locks)
			}
			out := logs.String()
			if n := strings.Count(out, `level=WARN msg="vendor login locked out"`); n != 3 {
				t.Errorf("%d lock-out warnings logged, want 3:\n%s", n, out)
			}
			for _, secret := range []string{tc.login, wrong, vendorPassword} {
				if strings.Contains(out, secret) {
					t.Errorf("the log shows %q:\n%s", secret, out)
				}
			}
		})
	}
}

// postLogin fetches the login form for its CSRF token and posts the credentials.
func postLogin(t *testing.T, hc *http.Client, base, login, password, lang string) (*http.Response, string) {
	t.Helper()
	resp, err := hc.Get(base + "/vendor/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(page)
	if m == nil {
		t.Fatalf("login form: %d without a csrf field", resp.StatusCode)
	}
	form := url.Values{"login": {login}, "password": {password}, "csrf": {string(m[1])}}
	req, err := http.NewRequest(http.MethodPost, base+"/vendor/login", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", lang)
	resp, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}
