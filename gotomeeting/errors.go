package gotomeeting

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ErrorResponse is an answer outside 2xx. GoTo's error body is
// {"int_err_code": "...", "msg": "..."}; other bodies leave both empty.
type ErrorResponse struct {
	Response   *http.Response `json:"-"`
	IntErrCode string         `json:"int_err_code"`
	Msg        string         `json:"msg"`
}

// Error never includes headers or the query, so a token cannot leak into a log line.
func (e *ErrorResponse) Error() string {
	var b strings.Builder
	b.WriteString("gotomeeting: ")
	if e.Response != nil && e.Response.Request != nil {
		fmt.Fprintf(&b, "%s %s: ", e.Response.Request.Method, sanitizeURL(e.Response.Request.URL))
	}
	if e.Response != nil {
		fmt.Fprintf(&b, "%d", e.Response.StatusCode)
	}
	if e.IntErrCode != "" {
		b.WriteString(" " + e.IntErrCode)
	}
	if e.Msg != "" {
		b.WriteString(": " + e.Msg)
	}
	return b.String()
}

// RateLimitError is a 429 answer: GoTo allows about 10 requests per second.
type RateLimitError struct {
	Response *http.Response
	// RetryAfter is how long to wait, when the answer had a Retry-After header (GoTo does not
	// document one; zero means unknown).
	RetryAfter time.Duration
	Msg        string
}

func (e *RateLimitError) Error() string {
	msg := "gotomeeting: rate limit exceeded"
	if e.Response != nil && e.Response.Request != nil {
		msg = fmt.Sprintf("gotomeeting: %s %s: rate limit exceeded", e.Response.Request.Method, sanitizeURL(e.Response.Request.URL))
	}
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(", retry after %s", e.RetryAfter)
	}
	return msg
}

func checkResponse(resp *http.Response, data []byte) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	er := &ErrorResponse{Response: resp}
	// A body that is not GoTo's error JSON (a proxy page) still yields a useful status error.
	_ = json.Unmarshal(data, er)
	if resp.StatusCode == http.StatusTooManyRequests {
		return &RateLimitError{Response: resp, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), time.Now()), Msg: er.Msg}
	}
	return er
}

// retryAfter reads a Retry-After header in either of its forms (seconds or HTTP date).
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func statusOf(err error) (int, *ErrorResponse) {
	var er *ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode, er
	}
	return 0, nil
}

// IsInvalidToken reports whether GoTo refused the access token (HTTP 403 InvalidToken, not
// 401): the caller should refresh the token once and retry once.
func IsInvalidToken(err error) bool {
	status, er := statusOf(err)
	return status == http.StatusForbidden && strings.EqualFold(er.IntErrCode, "InvalidToken")
}

// IsNotFound reports whether the meeting (or path) does not exist at GoTo.
func IsNotFound(err error) bool {
	status, _ := statusOf(err)
	return status == http.StatusNotFound
}

// IsFreeAccount reports whether GoTo refused the call because the organizer has a free
// account (HTTP 412), which cannot schedule meetings through the API.
func IsFreeAccount(err error) bool {
	status, _ := statusOf(err)
	return status == http.StatusPreconditionFailed
}

// IsRateLimited reports whether err is a *RateLimitError.
func IsRateLimited(err error) bool {
	var rl *RateLimitError
	return errors.As(err, &rl)
}
