package zoom_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/zoom"
)

func TestRequestAccountToken(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		answer   string
		wantTok  string
		wantCode string // TokenError.Code; "" with wantTok empty means another error
		wantBad  bool   // InvalidCredentials
	}{
		{name: "granted", status: 200, answer: `{"access_token":"at1","token_type":"bearer","expires_in":3600,"scope":"meeting:write:meeting:admin"}`, wantTok: "at1"},
		{name: "bad client", status: 401, answer: `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`, wantCode: "invalid_client", wantBad: true},
		{name: "bad account", status: 400, answer: `{"reason":"Invalid account_id","error":"invalid_request"}`, wantCode: "invalid_request", wantBad: true},
		{name: "outage", status: 503, answer: `<html>down</html>`},
		{name: "granted without token", status: 200, answer: `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				if got, want := r.Header.Get("Authorization"), "Basic "+base64.StdEncoding.EncodeToString([]byte("cid:csecret")); got != want {
					t.Errorf("Authorization: got %q, want %q", got, want)
				}
				if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
					t.Errorf("Content-Type: got %q", ct)
				}
				body, _ := io.ReadAll(r.Body)
				if got, want := string(body), "account_id=acc1&grant_type=account_credentials"; got != want {
					t.Errorf("form: got %q, want %q", got, want)
				}
				if r.URL.RawQuery != "" {
					t.Errorf("query: got %q, want the parameters in the body only", r.URL.RawQuery)
				}
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.answer)
			}))
			defer srv.Close()
			before := time.Now()
			tok, err := zoom.RequestAccountToken(context.Background(), srv.Client(), srv.URL, "acc1", "cid", "csecret")
			if tc.wantTok != "" {
				if err != nil {
					t.Fatalf("got %v", err)
				}
				if tok.AccessToken != tc.wantTok || tok.Expiry.Before(before.Add(59*time.Minute)) || tok.Expiry.After(time.Now().Add(time.Hour)) {
					t.Errorf("got token %q expiring %v, want %q in about an hour", tok.AccessToken, tok.Expiry, tc.wantTok)
				}
				return
			}
			if err == nil {
				t.Fatal("got no error")
			}
			var te *zoom.TokenError
			isTE := errors.As(err, &te)
			if tc.wantCode != "" && (!isTE || te.Code != tc.wantCode || te.InvalidCredentials() != tc.wantBad) {
				t.Errorf("got %v, want TokenError %q with InvalidCredentials %v", err, tc.wantCode, tc.wantBad)
			}
			if isTE && te.StatusCode != tc.status {
				t.Errorf("status: got %d, want %d", te.StatusCode, tc.status)
			}
		})
	}
}

func TestAccountTokenSourceReusesToken(t *testing.T) {
	var tokens atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		tokens.Add(1)
		io.WriteString(w, `{"access_token":"at1","token_type":"bearer","expires_in":3600}`)
	})
	mux.HandleFunc("GET /v2/users/me", func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer at1" {
			t.Errorf("Authorization: got %q, want Bearer at1", got)
		}
		io.WriteString(w, `{"id":"u1"}`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()
	src := zoom.AccountTokenSource(ctx, srv.Client(), srv.URL+"/oauth/token", "acc1", "cid", "csecret")
	c := zoom.NewClient(oauth2.NewClient(ctx, src))
	c.BaseURL.Scheme, c.BaseURL.Host = "http", srv.Listener.Addr().String()
	for range 3 {
		if _, _, err := c.Users.Get(ctx, "me"); err != nil {
			t.Fatal(err)
		}
	}
	if n := tokens.Load(); n != 1 {
		t.Errorf("token requests for 3 calls: got %d, want 1", n)
	}
}
