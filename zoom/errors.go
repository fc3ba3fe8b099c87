package zoom

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Zoom error codes the add-on reacts to (the "code" field of an error body, not the HTTP status).
const (
	CodeInvalidParameter = 300  // a field is invalid, e.g. schedule_for or a passcode
	CodeInvalidToken     = 124  // access token invalid or expired
	CodeRateLimited      = 429  // per-second or daily limit reached
	CodeUserNotFound     = 1001 // user does not exist
	CodeAlternativeHost  = 1115 // an alternative host is not an active user of the account
	CodeCannotSchedule   = 3000 // the host has not granted scheduling privilege
	CodeMeetingNotFound  = 3001 // meeting does not exist
	CodeUserCannotHost   = 3161 // the user is not allowed to host meetings
)

// Rate limit types as Zoom names them in X-RateLimit-Type.
const (
	RateLimitQPS   = "QPS"
	RateLimitDaily = "Daily-limit"
)

// FieldError is one entry of a validation error's "errors" list.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ErrorResponse is a non-2xx answer from Zoom with its error code.
type ErrorResponse struct {
	Response *http.Response `json:"-"`
	Code     int            `json:"code"`
	Message  string         `json:"message"`
	Errors   []FieldError   `json:"errors,omitempty"`
}

func (e *ErrorResponse) Error() string {
	var b strings.Builder
	b.WriteString("zoom: ")
	if e.Response != nil && e.Response.Request != nil {
		fmt.Fprintf(&b, "%s %s: ", e.Response.Request.Method, sanitizeURL(e.Response.Request.URL))
	}
	if e.Response != nil {
		fmt.Fprintf(&b, "%d ", e.Response.StatusCode)
	}
	fmt.Fprintf(&b, "code %d: %s", e.Code, e.Message)
	for _, f := range e.Errors {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	return b.String()
}

// RateLimitError is a 429 answer. RetryAfter is how long to wait (zero when Zoom said nothing).
type RateLimitError struct {
	Response   *http.Response
	Type       string // RateLimitQPS or RateLimitDaily
	Category   string // X-RateLimit-Category, e.g. "Light", "Medium"
	Limit      int    // X-RateLimit-Limit, 0 when absent
	Remaining  int    // X-RateLimit-Remaining, 0 when absent
	RetryAfter time.Duration
	Code       int
	Message    string
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("zoom: rate limited (%s, retry after %s): %s", e.Type, e.RetryAfter, e.Message)
}

// IsCode reports whether err carries Zoom error code code.
func IsCode(err error, code int) bool {
	var er *ErrorResponse
	if errors.As(err, &er) {
		return er.Code == code
	}
	var rl *RateLimitError
	if errors.As(err, &rl) {
		return rl.Code == code
	}
	return false
}

// checkResponse turns a non-2xx answer into a typed error. Bodies that are not Zoom's error
// JSON (a proxy's HTML page) keep the status and a short excerpt as message.
func checkResponse(resp *http.Response, body []byte) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	er := &ErrorResponse{Response: resp}
	if err := json.Unmarshal(body, er); err != nil || (er.Code == 0 && er.Message == "") {
		er.Code, er.Message, er.Errors = 0, excerpt(body), nil
		if er.Message == "" {
			er.Message = http.StatusText(resp.StatusCode)
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return newRateLimitError(resp, er)
	}
	return er
}

func newRateLimitError(resp *http.Response, er *ErrorResponse) *RateLimitError {
	h := resp.Header
	e := &RateLimitError{
		Response: resp,
		Type:     h.Get("X-RateLimit-Type"),
		Category: h.Get("X-RateLimit-Category"),
		Code:     er.Code,
		Message:  er.Message,
	}
	if e.Code == 0 {
		e.Code = CodeRateLimited
	}
	e.Limit, _ = strconv.Atoi(h.Get("X-RateLimit-Limit"))
	e.Remaining, _ = strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	now := time.Now()
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		// Dates in Retry-After are the server's; measuring against its clock avoids skew.
		now = d
	}
	e.RetryAfter = parseRetryAfter(h.Get("Retry-After"), now)
	if e.RetryAfter == 0 && e.Type == RateLimitDaily {
		// The daily limit resets at 00:00 UTC even when Zoom leaves Retry-After out.
		e.RetryAfter = nextUTCMidnight(now).Sub(now)
	}
	return e
}

// parseRetryAfter reads delta-seconds, an HTTP date, or the RFC 3339 timestamp Zoom sometimes
// sends, relative to now. Anything unreadable or in the past gives zero.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s < 0 || s > int64(maxRetryAfter/time.Second) {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		if t, err = time.Parse(time.RFC3339, v); err != nil {
			return 0
		}
	}
	if d := t.Sub(now); d > 0 && d <= maxRetryAfter {
		return d
	}
	return 0
}

// maxRetryAfter is beyond any wait Zoom asks for (the daily limit resets within 24 hours);
// longer values are taken for garbage rather than parking work for days.
const maxRetryAfter = 48 * time.Hour

func nextUTCMidnight(t time.Time) time.Time {
	return t.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
}

func excerpt(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// IsPasscodeRefused reports whether Zoom refused a meeting's passcode (code 300 naming the
// passcode), for instance because the host's passcode rules changed.
func IsPasscodeRefused(err error) bool {
	var er *ErrorResponse
	if !errors.As(err, &er) || er.Code != CodeInvalidParameter {
		return false
	}
	m := strings.ToLower(er.Message)
	return strings.Contains(m, "passcode") || strings.Contains(m, "password")
}
