package zoomtest_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

func wantRateLimit(t *testing.T, err error, typ string, retryAfter time.Duration) {
	t.Helper()
	var rl *zoom.RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("got %v, want *zoom.RateLimitError", err)
	}
	if rl.Type != typ || rl.RetryAfter != retryAfter || rl.Code != 429 || rl.Category == "" {
		t.Errorf("got type %q retry after %s code %d category %q, want %q, %s, 429 and a category",
			rl.Type, rl.RetryAfter, rl.Code, rl.Category, typ, retryAfter)
	}
}

func TestQPSLimit(t *testing.T) {
	e := setup(t, zoomtest.Options{QPSLimit: 3})
	ctx := t.Context()
	for i := range 3 {
		if _, _, err := e.client.Users.Get(ctx, "me"); err != nil {
			t.Fatalf("request %d within the limit: %v", i+1, err)
		}
	}
	_, _, err := e.client.Users.Get(ctx, "me")
	wantRateLimit(t, err, zoom.RateLimitQPS, time.Second)

	e.clock.Advance(time.Second)
	if _, _, err := e.client.Users.Get(ctx, "me"); err != nil {
		t.Errorf("first request of the next second: %v", err)
	}
}

func TestDailyLimit(t *testing.T) {
	e := setup(t, zoomtest.Options{DailyLimit: 5})
	ctx := t.Context()
	anna := e.fake.AddUser(accountID, zoomtest.User{Email: "anna@example.com"})
	req := func() *zoom.MeetingRequest {
		return &zoom.MeetingRequest{Topic: "K", Type: 2, StartTime: "2026-09-10T09:00:00Z", Duration: 30}
	}
	m := e.create(t, "me", req())
	for range 3 {
		e.create(t, "me", req())
	}
	if _, err := e.client.Meetings.Update(ctx, m.ID, "", &zoom.MeetingRequest{Topic: "K2"}); err != nil {
		t.Fatalf("fifth create/update: %v", err)
	}
	e.clock.Advance(90 * time.Minute) // 09:30 UTC; the token still lives
	e.client = newClient(t, e.srv, accountID, clientID, clientSecret)

	_, _, err := e.client.Meetings.Create(ctx, "me", req())
	wantRateLimit(t, err, zoom.RateLimitDaily, 14*time.Hour+30*time.Minute)
	var rl *zoom.RateLimitError
	if errors.As(err, &rl) && rl.Message != "You have exceeded the daily rate limit (5) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00." {
		t.Errorf("message: got %q", rl.Message)
	}
	_, err = e.client.Meetings.Update(ctx, m.ID, "", &zoom.MeetingRequest{Topic: "K3"})
	wantRateLimit(t, err, zoom.RateLimitDaily, 14*time.Hour+30*time.Minute)

	if _, _, err := e.client.Meetings.Create(ctx, anna.ID, req()); err != nil {
		t.Errorf("another host's create: %v, want it counted separately", err)
	}
	if _, _, err := e.client.Meetings.Get(ctx, m.ID, ""); err != nil {
		t.Errorf("reading is not limited: %v", err)
	}

	e.clock.Advance(15 * time.Hour) // past 00:00 UTC
	e.client = newClient(t, e.srv, accountID, clientID, clientSecret)
	if _, _, err := e.client.Meetings.Create(ctx, "me", req()); err != nil {
		t.Errorf("create on the next UTC day: %v", err)
	}
}

func TestForceError(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	ctx := t.Context()
	e.fake.ForceError(http.MethodPost, "/v2/users/", http.StatusTooManyRequests, 429, "slow down")
	_, _, err := e.client.Meetings.Create(ctx, "me", &zoom.MeetingRequest{Topic: "K", Type: 2, StartTime: "2026-09-10T09:00:00Z", Duration: 30})
	wantRateLimit(t, err, zoom.RateLimitQPS, time.Second)
	if _, _, err := e.client.Meetings.Create(ctx, "me", &zoom.MeetingRequest{Topic: "K", Type: 2, StartTime: "2026-09-10T09:00:00Z", Duration: 30}); err != nil {
		t.Errorf("second create after a one-shot error: %v", err)
	}

	e.fake.ForceError(http.MethodGet, "/v2/users/me", http.StatusInternalServerError, 500, "boom")
	_, _, err = e.client.Users.Get(ctx, "me")
	wantCode(t, err, 500, 500)

	calls := e.fake.Calls()
	last := calls[len(calls)-1]
	if last.Method != http.MethodGet || last.Path != "/v2/users/me" || last.AccountID != accountID {
		t.Errorf("last call: got %+v, want GET /v2/users/me of %s", last, accountID)
	}
}
