package gototest_test

import (
	"errors"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
)

var inputRE = regexp.MustCompile(`<input type="(?:hidden|email)" (?:id="\w+" )?name="(\w+)" value="([^"]*)"`)

// consent loads the authorize page for authURL and submits it with decision, returning the
// redirect the browser would follow.
func consent(t *testing.T, f *fixture, authURL, account, decision string) *url.URL {
	t.Helper()
	browser := f.noRedirect()
	resp, err := browser.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("authorize page: got status %d, want 200: %s", resp.StatusCode, page)
	}
	for _, want := range []string{"<title>GoTo – Zugriff erlauben</title>", `id="allow"`, `id="account"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("authorize page: want it to contain %q, got:\n%s", want, page)
		}
	}
	form := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(string(page), -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	if account != "" {
		form.Set("account", account)
	}
	form.Set("decision", decision)
	resp, err = browser.PostForm(f.srv.URL+"/oauth/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("submit consent: got status %d, want 302", resp.StatusCode)
	}
	loc, err := resp.Location()
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestOAuthFlow(t *testing.T) {
	f := newFixture(t, gototest.Options{}, true)
	f.fake.RegisterRedirectURI(f.conf.RedirectURL)
	const account = "kursleitung@example.com"

	loc := consent(t, f, f.conf.AuthCodeURL("st4te"), account, "allow")
	if got, want := loc.Scheme+"://"+loc.Host+loc.Path, f.conf.RedirectURL; got != want {
		t.Errorf("redirect: got %q, want %q", got, want)
	}
	if got := loc.Query().Get("state"); got != "st4te" {
		t.Errorf("state: got %q, want st4te", got)
	}
	code := loc.Query().Get("code")
	if code == "" {
		t.Fatalf("redirect %s has no code", loc)
	}

	tok, err := f.conf.Exchange(f.ctx, code)
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if tok.RefreshToken == "" || tok.AccessToken == "" {
		t.Errorf("token: got %+v, want access and refresh token", tok)
	}
	if got := tok.Extra("email"); got != account {
		t.Errorf("token email: got %v, want %q", got, account)
	}
	if got := tok.Extra("expires_in"); got != 3600.0 {
		t.Errorf("expires_in: got %v, want 3600", got)
	}
	if got := tok.Type(); got != "Bearer" {
		t.Errorf("token type: got %q, want Bearer", got)
	}

	c := f.client(t, tok)
	if _, _, err := c.Meetings.Create(f.ctx, meetingReq("Kurs", f.clock.Now().Add(24*time.Hour))); err != nil {
		t.Fatalf("Create with the new token: %v", err)
	}
	if got := len(f.fake.Meetings(account)); got != 1 {
		t.Errorf("meetings of %s: got %d, want 1", account, got)
	}

	_, err = f.conf.Exchange(f.ctx, code)
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
		t.Errorf("second Exchange of the same code: got %v, want invalid_grant", err)
	}
}

func TestAuthorizeRefusals(t *testing.T) {
	tests := []struct {
		name       string
		query      url.Values
		register   bool
		wantStatus int
	}{
		{name: "unknown client", query: url.Values{"client_id": {"other"}}, wantStatus: 400},
		{name: "unregistered redirect", query: url.Values{"redirect_uri": {"http://127.0.0.1:9/evil"}}, register: true, wantStatus: 400},
		{name: "relative redirect", query: url.Values{"redirect_uri": {"/cb"}}, wantStatus: 400},
		{name: "wrong response type", query: url.Values{"response_type": {"token"}}, wantStatus: 400},
		{name: "any redirect while none is registered", query: url.Values{"redirect_uri": {"http://127.0.0.1:9/any"}}, wantStatus: 200},
		{name: "registered redirect", register: true, wantStatus: 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, gototest.Options{}, true)
			if tc.register {
				f.fake.RegisterRedirectURI(f.conf.RedirectURL)
			}
			q := url.Values{"client_id": {f.conf.ClientID}, "response_type": {"code"}, "redirect_uri": {f.conf.RedirectURL}, "state": {"s"}}
			for k, v := range tc.query {
				q[k] = v
			}
			resp, err := f.noRedirect().Get(f.srv.URL + "/oauth/authorize?" + q.Encode())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus {
				t.Errorf("status: got %d, want %d", resp.StatusCode, tc.wantStatus)
			}
		})
	}
}

func TestConsentDenied(t *testing.T) {
	f := newFixture(t, gototest.Options{}, true)
	loc := consent(t, f, f.conf.AuthCodeURL("s"), "", "deny")
	if got := loc.Query().Get("error"); got != "access_denied" {
		t.Errorf("error: got %q, want access_denied", got)
	}
	if got := loc.Query().Get("code"); got != "" {
		t.Errorf("code: got %q, want none after a denial", got)
	}
}

func TestTokenRefusals(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(conf *oauth2.Config)
		wantCode string
	}{
		{name: "wrong secret", mutate: func(c *oauth2.Config) { c.ClientSecret = "wrong" }, wantCode: "invalid_client"},
		{name: "credentials in the form", mutate: func(c *oauth2.Config) { c.Endpoint.AuthStyle = oauth2.AuthStyleInParams }, wantCode: "invalid_client"},
		{name: "other redirect_uri than at authorize", mutate: func(c *oauth2.Config) { c.RedirectURL += "2" }, wantCode: "invalid_grant"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, gototest.Options{}, true)
			code := consent(t, f, f.conf.AuthCodeURL("s"), "", "allow").Query().Get("code")
			tc.mutate(f.conf)
			_, err := f.conf.Exchange(f.ctx, code)
			var re *oauth2.RetrieveError
			if !errors.As(err, &re) || re.ErrorCode != tc.wantCode {
				t.Errorf("Exchange: got %v, want %s", err, tc.wantCode)
			}
		})
	}
}

func TestRefresh(t *testing.T) {
	tests := []struct {
		name            string
		noRotation      bool
		wantOldAccepted bool
	}{
		{name: "rotation (default)", wantOldAccepted: false},
		{name: "no rotation", noRotation: true, wantOldAccepted: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, gototest.Options{NoRefreshRotation: tc.noRotation}, true)
			old := f.fake.IssueTokens("a@example.com").RefreshToken
			refresh := func(rt string) (*oauth2.Token, error) {
				return f.conf.TokenSource(f.ctx, &oauth2.Token{RefreshToken: rt}).Token()
			}
			tok, err := refresh(old)
			if err != nil {
				t.Fatalf("first refresh: %v", err)
			}
			if got := tok.RefreshToken != old; got == tc.noRotation {
				t.Errorf("new refresh token differs from the old: got %v, want %v", got, !tc.noRotation)
			}
			if _, _, err := f.client(t, tok).Meetings.Upcoming(f.ctx); err != nil {
				t.Errorf("API call with the refreshed token: %v", err)
			}
			_, err = refresh(old)
			if got := err == nil; got != tc.wantOldAccepted {
				t.Errorf("refresh with the old token: got error %v, want accepted=%v", err, tc.wantOldAccepted)
			}
			if _, err := refresh(tok.RefreshToken); err != nil {
				t.Errorf("refresh with the newest token: %v", err)
			}
		})
	}
}

func TestRevokeConsent(t *testing.T) {
	f := newFixture(t, gototest.Options{}, true)
	tok := f.fake.IssueTokens("a@example.com")
	other := f.fake.IssueTokens("b@example.com")
	f.fake.RevokeConsent("a@example.com")

	_, err := f.conf.TokenSource(f.ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" || re.Response.StatusCode != 400 {
		t.Errorf("refresh after revocation: got %v, want 400 invalid_grant", err)
	}
	if _, _, err := f.client(t, tok).Meetings.Upcoming(f.ctx); err == nil {
		t.Errorf("API call with a revoked account's access token: got no error")
	}
	if _, _, err := f.client(t, other).Meetings.Upcoming(f.ctx); err != nil {
		t.Errorf("API call of another account: %v", err)
	}
}
