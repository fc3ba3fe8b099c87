package zoom_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/zoom"
)

func TestErrorResponse(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		wantCode int
		wantMsg  string
		wantErrs []zoom.FieldError
	}{
		{name: "meeting missing", status: 404, body: `{"code":3001,"message":"Meeting does not exist: 1."}`, wantCode: 3001, wantMsg: "Meeting does not exist: 1."},
		{name: "expired token", status: 401, body: `{"code":124,"message":"Invalid access token."}`, wantCode: 124, wantMsg: "Invalid access token."},
		{name: "cannot schedule", status: 400, body: `{"code":3000,"message":"You cannot schedule a meeting for a@b.de"}`, wantCode: 3000, wantMsg: "You cannot schedule a meeting for a@b.de"},
		{
			name: "validation", status: 400,
			body:     `{"code":300,"message":"Validation Failed.","errors":[{"field":"duration","message":"Invalid field."}]}`,
			wantCode: 300, wantMsg: "Validation Failed.", wantErrs: []zoom.FieldError{{Field: "duration", Message: "Invalid field."}},
		},
		{name: "not JSON", status: 502, body: `<html>Bad Gateway</html>`, wantMsg: "<html>Bad Gateway</html>"},
		{name: "empty", status: 503, wantMsg: "Service Unavailable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("GET /v2/meetings/85746065432", func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			})
			_, resp, err := c.Meetings.Get(context.Background(), 85746065432, "")
			var er *zoom.ErrorResponse
			if !errors.As(err, &er) {
				t.Fatalf("got %v, want *zoom.ErrorResponse", err)
			}
			if er.Code != tc.wantCode || er.Message != tc.wantMsg || resp.StatusCode != tc.status {
				t.Errorf("got status %d code %d message %q, want %d, %d, %q", resp.StatusCode, er.Code, er.Message, tc.status, tc.wantCode, tc.wantMsg)
			}
			if diff := cmp.Diff(tc.wantErrs, er.Errors); diff != "" {
				t.Errorf("field errors (-want +got):\n%s", diff)
			}
			if tc.wantCode != 0 && !zoom.IsCode(err, tc.wantCode) {
				t.Errorf("IsCode(err, %d): got false", tc.wantCode)
			}
			if zoom.IsCode(err, 1) {
				t.Errorf("IsCode(err, 1): got true")
			}
		})
	}
}

func TestErrorTextHoldsNoSecrets(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/users", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"code":124,"message":"Invalid access token."}`)
	})
	req, err := c.NewRequest(context.Background(), http.MethodGet, "users?next_page_token=SECRETPAGE", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer SECRETTOKEN")
	_, err = c.Do(req, nil)
	if err == nil {
		t.Fatal("got no error")
	}
	for _, secret := range []string{"SECRETTOKEN", "SECRETPAGE"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q contains %s", err, secret)
		}
	}
	if !strings.Contains(err.Error(), "124") || !strings.Contains(err.Error(), "/v2/users") {
		t.Errorf("error %q: want code and path in it", err)
	}
}

func TestRateLimitError(t *testing.T) {
	date := time.Date(2026, 9, 1, 21, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		headers map[string]string
		want    zoom.RateLimitError
	}{
		{
			name: "QPS in seconds",
			headers: map[string]string{"Retry-After": "2", "X-RateLimit-Type": "QPS", "X-RateLimit-Category": "Medium",
				"X-RateLimit-Limit": "20", "X-RateLimit-Remaining": "0"},
			want: zoom.RateLimitError{Type: "QPS", Category: "Medium", Limit: 20, RetryAfter: 2 * time.Second},
		},
		{
			name:    "daily limit with HTTP date",
			headers: map[string]string{"Date": date.Format(http.TimeFormat), "Retry-After": date.Add(3 * time.Hour).Format(http.TimeFormat), "X-RateLimit-Type": "Daily-limit"},
			want:    zoom.RateLimitError{Type: "Daily-limit", RetryAfter: 3 * time.Hour},
		},
		{
			name:    "daily limit with RFC 3339 time",
			headers: map[string]string{"Date": date.Format(http.TimeFormat), "Retry-After": "2026-09-02T00:00:00Z", "X-RateLimit-Type": "Daily-limit"},
			want:    zoom.RateLimitError{Type: "Daily-limit", RetryAfter: 3 * time.Hour},
		},
		{
			name:    "daily limit without Retry-After waits for 00:00 UTC",
			headers: map[string]string{"Date": date.Format(http.TimeFormat), "X-RateLimit-Type": "Daily-limit"},
			want:    zoom.RateLimitError{Type: "Daily-limit", RetryAfter: 3 * time.Hour},
		},
		{
			name:    "nonsense Retry-After",
			headers: map[string]string{"Retry-After": "soon"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("POST /v2/users/me/meetings", func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.headers {
					w.Header().Set(k, v)
				}
				w.WriteHeader(http.StatusTooManyRequests)
				io.WriteString(w, `{"code":429,"message":"You have exceeded the daily rate limit (100) of Meeting Create/Update API requests"}`)
			})
			_, _, err := c.Meetings.Create(context.Background(), "me", &zoom.MeetingRequest{Topic: "K", Type: 2, Duration: 30})
			var rl *zoom.RateLimitError
			if !errors.As(err, &rl) {
				t.Fatalf("got %v, want *zoom.RateLimitError", err)
			}
			got := *rl
			got.Response = nil
			tc.want.Code = 429
			tc.want.Message = "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests"
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("rate limit error (-want +got):\n%s", diff)
			}
			if !zoom.IsCode(err, zoom.CodeRateLimited) {
				t.Errorf("IsCode(err, 429): got false")
			}
		})
	}
}
