package zoomtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// window counts requests in one period (a second, or a UTC day).
type window struct {
	start time.Time
	n     int
}

// hit counts one request in the period starting at start and returns the count so far.
func hit(m map[string]*window, key string, start time.Time) int {
	w, ok := m[key]
	if !ok || !w.start.Equal(start) {
		w = &window{start: start}
		m[key] = w
	}
	w.n++
	return w.n
}

// category is the rate-limit category Zoom files a request under. Listing a user's meetings
// is a Medium one although it only reads.
func category(r *http.Request) string {
	if r.Method == http.MethodGet && !strings.HasSuffix(r.URL.Path, "/meetings") {
		return "Light"
	}
	return "Medium"
}

// limitQPS answers 429 when the account has made more than QPSLimit requests in the current
// second of the clock.
func (s *Server) limitQPS(w http.ResponseWriter, r *http.Request, a *Account, now time.Time) bool {
	limit := s.opts.QPSLimit
	if limit < 0 {
		return false
	}
	if hit(s.qps, a.ID, now.Truncate(time.Second)) <= limit {
		return false
	}
	h := w.Header()
	h.Set("Retry-After", "1")
	h.Set("X-RateLimit-Type", "QPS")
	h.Set("X-RateLimit-Category", category(r))
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", "0")
	writeError(w, http.StatusTooManyRequests, 429, "You have reached the maximum per-second rate limit for this API. Try again later.")
	return true
}

// limitDaily answers 429 when hostID has had more than DailyLimit meeting creates and updates
// in the current UTC day. Refused attempts count too, as at Zoom.
func (s *Server) limitDaily(w http.ResponseWriter, r *http.Request, a *Account, hostID string, now time.Time) bool {
	limit := s.opts.DailyLimit
	if limit < 0 {
		return false
	}
	day := now.UTC().Truncate(24 * time.Hour)
	n := hit(s.daily, a.ID+"/"+hostID, day)
	if n <= limit {
		return false
	}
	reset := day.Add(24 * time.Hour)
	secs := int((reset.Sub(now) + time.Second - 1) / time.Second)
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(secs))
	h.Set("X-RateLimit-Type", "Daily-limit")
	h.Set("X-RateLimit-Category", category(r))
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", "0")
	writeError(w, http.StatusTooManyRequests, 429, fmt.Sprintf(
		"You have exceeded the daily rate limit (%d) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.", limit))
	return true
}
