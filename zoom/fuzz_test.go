package zoom

import (
	"bytes"
	"io"
	"net/http"
	"testing"
	"time"
)

// FuzzCheckResponse feeds arbitrary error answers and headers to the parser of Zoom's errors.
func FuzzCheckResponse(f *testing.F) {
	f.Add(429, `{"code":429,"message":"x"}`, "2", "QPS", "10")
	f.Add(400, `{"code":300,"message":"Validation Failed.","errors":[{"field":"a","message":"b"}]}`, "", "", "")
	f.Add(429, `<html>`, "Wed, 21 Oct 2015 07:28:00 GMT", "Daily-limit", "x")
	f.Add(404, `{"code":"3001"}`, "2026-09-02T00:00:00Z", "", "-1")
	f.Fuzz(func(t *testing.T, status int, body, retryAfter, typ, limit string) {
		if status < 100 || status > 999 {
			return
		}
		resp := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(nil))}
		resp.Header.Set("Retry-After", retryAfter)
		resp.Header.Set("X-RateLimit-Type", typ)
		resp.Header.Set("X-RateLimit-Limit", limit)
		err := checkResponse(resp, []byte(body))
		if (status >= 200 && status < 300) != (err == nil) {
			t.Fatalf("status %d: got error %v", status, err)
		}
		if rl, ok := err.(*RateLimitError); ok && (rl.RetryAfter < 0 || rl.RetryAfter > 48*time.Hour) {
			t.Errorf("RetryAfter %s out of range", rl.RetryAfter)
		}
		if err != nil {
			_ = err.Error()
		}
	})
}
