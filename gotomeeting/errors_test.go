package gotomeeting_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/gotomeeting"
)

func TestErrors(t *testing.T) {
	tests := []struct {
		name           string
		status         int
		body           string
		header         map[string]string
		wantInvalid    bool
		wantNotFound   bool
		wantFree       bool
		wantRateLimit  bool
		wantRetryAfter time.Duration
		wantMsg        string
	}{
		{
			name: "invalid token", status: 403,
			body:        `{"int_err_code":"InvalidToken","msg":"Invalid token passed"}`,
			wantInvalid: true, wantMsg: "403 InvalidToken: Invalid token passed",
		},
		{name: "forbidden for another reason", status: 403, body: `{"int_err_code":"Forbidden","msg":"no"}`, wantMsg: "403 Forbidden: no"},
		{name: "not found", status: 404, body: `{"int_err_code":"NotFound","msg":"Meeting not found"}`, wantNotFound: true, wantMsg: "404"},
		{name: "free account", status: 412, body: ``, wantFree: true, wantMsg: "412"},
		{name: "rate limit without header", status: 429, body: `{"msg":"slow down"}`, wantRateLimit: true, wantMsg: "rate limit"},
		{
			name: "rate limit with Retry-After", status: 429, header: map[string]string{"Retry-After": "7"},
			wantRateLimit: true, wantRetryAfter: 7 * time.Second, wantMsg: "retry after 7s",
		},
		{name: "server error with an HTML page", status: 500, body: `<html>oops</html>`, wantMsg: "500"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("GET /G2M/rest/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			})
			_, resp, err := c.Meetings.Get(context.Background(), "123456789")
			if err == nil {
				t.Fatalf("Get: got no error, want one for HTTP %d", tc.status)
			}
			if resp == nil || resp.StatusCode != tc.status {
				t.Errorf("response: got %v, want status %d", resp, tc.status)
			}
			if got := gotomeeting.IsInvalidToken(err); got != tc.wantInvalid {
				t.Errorf("IsInvalidToken: got %v, want %v", got, tc.wantInvalid)
			}
			if got := gotomeeting.IsNotFound(err); got != tc.wantNotFound {
				t.Errorf("IsNotFound: got %v, want %v", got, tc.wantNotFound)
			}
			if got := gotomeeting.IsFreeAccount(err); got != tc.wantFree {
				t.Errorf("IsFreeAccount: got %v, want %v", got, tc.wantFree)
			}
			var rl *gotomeeting.RateLimitError
			if got := errors.As(err, &rl); got != tc.wantRateLimit {
				t.Errorf("errors.As(*RateLimitError): got %v, want %v", got, tc.wantRateLimit)
			} else if got && rl.RetryAfter != tc.wantRetryAfter {
				t.Errorf("RetryAfter: got %v, want %v", rl.RetryAfter, tc.wantRetryAfter)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("Error(): got %q, want it to contain %q", err, tc.wantMsg)
			}
		})
	}
}

// bearer adds a token the way oauth2.Transport does.
type bearer struct{ token string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

func TestErrorNeverShowsToken(t *testing.T) {
	const token = "s3cret-access-token"
	c, mux := setup(t)
	mux.HandleFunc("DELETE /G2M/rest/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer "+token {
			t.Errorf("Authorization: got %q, want the injected client's token", got)
		}
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"int_err_code":"InvalidToken","msg":"Invalid token passed"}`)
	})
	base := c.BaseURL
	c = gotomeeting.NewClient(&http.Client{Transport: bearer{token}})
	c.BaseURL = base
	_, err := c.Meetings.Delete(context.Background(), "123456789")
	if err == nil {
		t.Fatal("Delete: got no error, want 403")
	}
	if strings.Contains(err.Error(), token) {
		t.Errorf("Error(): got %q, which contains the access token", err)
	}
}
