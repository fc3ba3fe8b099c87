package zoomaccount_test

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

// forwardProxy is a plain HTTP proxy that wants user "pu" with password "ppw" and counts what
// it passed on.
func forwardProxy(t *testing.T) (addr string, passed *atomic.Int32) {
	t.Helper()
	passed = &atomic.Int32{}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("pu:ppw"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Proxy-Authorization") != want {
			w.WriteHeader(http.StatusProxyAuthRequired)
			return
		}
		out := r.Clone(r.Context())
		out.RequestURI = ""
		out.Header.Del("Proxy-Authorization")
		resp, err := http.DefaultTransport.RoundTrip(out)
		if err != nil {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		passed.Add(1)
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://"), passed
}

func TestConnectionTest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := setup(t, kind)
		ctx := context.Background()
		a := e.account(t, "admin@acc1", "acc1")
		for _, email := range []string{"a@acc1.example.org", "b@acc1.example.org"} {
			e.fake.AddUser("acc1", zoomtest.User{Email: email})
		}
		e.fake.AddUser("acc1", zoomtest.User{Email: "gone@acc1.example.org", Status: "inactive"})
		proxyAddr, passed := forwardProxy(t)
		// The proxies here listen on the loopback interface, which only a vendor's allowance
		// (ADDON_ALLOW_PRIVATE_PROXIES) opens to administrators.
		e.svc.Egress.AllowPrivate = true

		tests := []struct {
			name   string
			change func(a *store.ZoomAccount)
			before func()
			ok     bool
			want   []string // in the English message
			wantDE string
		}{
			{name: "works", ok: true, want: []string{"works", "3 active users"}, wantDE: "funktioniert"},
			{name: "wrong secret", change: func(a *store.ZoomAccount) { a.ClientSecret = strings.Repeat("x", 32) },
				want: []string{"refused the Client ID or the Client Secret", "App Credentials"}, wantDE: "Client Secret"},
			{name: "wrong account id", change: func(a *store.ZoomAccount) { a.AccountID = "someoneElse" },
				want: []string{"not its Account ID"}, wantDE: "Account ID"},
			{name: "missing scope", before: func() {
				e.fake.ForceError("GET", "/v2/users", 400, 4711, "Invalid access token, does not contain scopes:[user:read:list_users:admin].")
			}, want: []string{"lacks permissions", "user:read:list_users:admin", "Scopes"}, wantDE: "Berechtigungen"},
			{name: "missing settings scope", before: func() {
				e.fake.ForceError("GET", "/v2/accounts/", 400, 4711, "Invalid access token, does not contain scopes:[account:read:settings:admin].")
			}, want: []string{"lacks permissions", "account:read:settings:admin"}},
			{name: "proxy unreachable", change: func(a *store.ZoomAccount) { a.Proxy.URL = closedAddr(t) },
				want: []string{"proxy server", "cannot be reached"}, wantDE: "Proxy-Server"},
			{name: "proxy refuses password", change: func(a *store.ZoomAccount) {
				a.Proxy = store.ZoomProxy{URL: proxyAddr, User: "pu", Password: "wrong"}
			}, want: []string{"refused the user name or password"}},
			{name: "through proxy", change: func(a *store.ZoomAccount) {
				a.Proxy = store.ZoomProxy{URL: proxyAddr, User: "pu", Password: "ppw"}
			}, ok: true, want: []string{"3 active users"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				acct := a
				acct.ClientSecret = secret
				if tc.change != nil {
					tc.change(&acct)
				}
				if _, err := e.svc.Update(ctx, acct); err != nil {
					t.Fatal(err)
				}
				if tc.before != nil {
					tc.before()
				}
				res, err := e.svc.Test(ctx, e.inst, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				if res.OK != tc.ok {
					t.Errorf("OK = %v, want %v (%s)", res.OK, tc.ok, res.Message.EN)
				}
				for _, w := range tc.want {
					if !strings.Contains(res.Message.EN, w) {
						t.Errorf("message %q\ndoes not say %q", res.Message.EN, w)
					}
				}
				if !strings.Contains(res.Message.DE, tc.wantDE) || res.Message.DE == res.Message.EN {
					t.Errorf("German message %q does not say %q", res.Message.DE, tc.wantDE)
				}
				got, err := e.st.ZoomAccount(ctx, e.inst, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.LastTest.OK != tc.ok || got.LastTest.Message != res.Message.EN || got.LastTest.MessageDE != res.Message.DE || got.LastTest.At.IsZero() {
					t.Errorf("LastTest = %+v, want the result just returned", got.LastTest)
				}
			})
		}
		if passed.Load() == 0 {
			t.Error("the proxy passed no request on")
		}
	})
}

func TestConnectionTestZoomUnreachable(t *testing.T) {
	e := setup(t, "sqlite")
	a := e.account(t, "admin@acc1", "acc1")
	e.svc.TokenURL = "http://" + closedAddr(t) + "/oauth/token"
	res, err := e.svc.Test(context.Background(), e.inst, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || !strings.Contains(res.Message.EN, "Zoom cannot be reached") {
		t.Errorf("result = %+v, want Zoom cannot be reached", res)
	}
}

// Zoom answers in English; a German administrator reads a German sentence without Zoom's
// words in it (issue 10), and an English one an English sentence.
func TestConnectionTestOneLanguage(t *testing.T) {
	e := setup(t, "sqlite")
	a := e.account(t, "admin@acc1", "acc1")
	e.fake.ForceError("GET", "/v2/users", 404, 1001, "not found")
	res, err := e.svc.Test(context.Background(), e.inst, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || strings.Contains(res.Message.DE, "not found") || !strings.Contains(res.Message.DE, "abgelehnt (Code 1001)") {
		t.Errorf("German message %q, want Zoom's refusal and code without Zoom's English words", res.Message.DE)
	}
	if !strings.Contains(res.Message.EN, "Zoom refused a request") || strings.Contains(res.Message.EN, "abgelehnt") {
		t.Errorf("English message %q", res.Message.EN)
	}
}

// An app that may list users but not create meetings fails the test with the scopes to add,
// instead of passing and failing on the first save; an older app's classic scopes count.
func TestConnectionTestScopes(t *testing.T) {
	for _, tc := range []struct {
		name, scopes string
		ok           bool
		missing      []string
	}{
		{"all granular scopes", "", true, nil},
		{"classic scopes", "meeting:write:admin meeting:read:admin user:read:admin account:read:admin", true, nil},
		{"no meeting scopes", "user:read:list_users:admin user:read:settings:admin account:read:settings:admin", false,
			[]string{"meeting:write:meeting:admin", "meeting:update:meeting:admin", "meeting:delete:meeting:admin", "meeting:read:meeting:admin"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := setup(t, "sqlite")
			a := e.account(t, "admin@acc1", "acc1")
			e.fake.SetScopes("acc1", tc.scopes)
			res, err := e.svc.Test(context.Background(), e.inst, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if res.OK != tc.ok {
				t.Fatalf("OK = %v, want %v: %s", res.OK, tc.ok, res.Message.EN)
			}
			for _, s := range tc.missing {
				if !strings.Contains(res.Message.EN, s) || !strings.Contains(res.Message.DE, s) {
					t.Errorf("message does not name the missing scope %s: %s", s, res.Message.EN)
				}
			}
			if !tc.ok && strings.Contains(res.Message.EN, "user:read:list_users:admin") {
				t.Errorf("message names a scope the app has: %s", res.Message.EN)
			}
		})
	}
}
