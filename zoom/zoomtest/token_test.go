package zoomtest_test

import (
	"errors"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

func TestTokenExpiry(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	ctx := t.Context()
	e.clock.Advance(59 * time.Minute)
	if _, _, err := e.client.Users.Get(ctx, "me"); err != nil {
		t.Fatalf("token after 59 minutes: %v", err)
	}
	e.clock.Advance(time.Minute)
	_, _, err := e.client.Users.Get(ctx, "me")
	wantCode(t, err, 401, zoom.CodeInvalidToken)
	var er *zoom.ErrorResponse
	if errors.As(err, &er) && er.Message != "Invalid access token." {
		t.Errorf("message: got %q, want %q", er.Message, "Invalid access token.")
	}
	if calls := e.fake.Calls(); calls[len(calls)-1].AccountID != "" {
		t.Errorf("call with expired token: got account %q, want none", calls[len(calls)-1].AccountID)
	}
}

func TestTokenRequest(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	tests := []struct {
		name, account, id, secret string
		wantCode                  string
	}{
		{name: "wrong secret", account: accountID, id: clientID, secret: "nope", wantCode: "invalid_client"},
		{name: "unknown client", account: accountID, id: "nope", secret: clientSecret, wantCode: "invalid_client"},
		{name: "wrong account", account: "acc-9", id: clientID, secret: clientSecret, wantCode: "invalid_request"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := zoom.RequestAccountToken(t.Context(), e.srv.Client(), e.srv.URL+"/oauth/token", tc.account, tc.id, tc.secret)
			var te *zoom.TokenError
			if !errors.As(err, &te) {
				t.Fatalf("got %v, want *zoom.TokenError", err)
			}
			if te.Code != tc.wantCode || !te.InvalidCredentials() {
				t.Errorf("got code %q, invalid credentials %v; want %q and true", te.Code, te.InvalidCredentials(), tc.wantCode)
			}
		})
	}
	t.Run("valid", func(t *testing.T) {
		tok, err := zoom.RequestAccountToken(t.Context(), e.srv.Client(), e.srv.URL+"/oauth/token", accountID, clientID, clientSecret)
		if err != nil {
			t.Fatal(err)
		}
		if tok.AccessToken == "" || tok.ExpiresIn != 3600 {
			t.Errorf("got token %q expiring in %d s, want one for 3600 s", tok.AccessToken, tok.ExpiresIn)
		}
	})
}
