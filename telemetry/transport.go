package telemetry

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/prometheus/client_golang/prometheus"
)

// ProviderMetrics count and time the calls to the providers' APIs.
type ProviderMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewProviderMetrics registers addon_provider_requests_total (by provider, operation and
// status) and addon_provider_request_duration_seconds (by provider and operation) with reg.
func NewProviderMetrics(reg prometheus.Registerer) *ProviderMetrics {
	m := &ProviderMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "addon_provider_requests_total",
			Help: "Requests to the providers' APIs and token endpoints by provider, operation (method and path pattern) and status (\"error\" without answer)."},
			[]string{"provider", "operation", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "addon_provider_request_duration_seconds",
			Help:    "Duration of requests to the providers by provider and operation.",
			Buckets: []float64{.025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"provider", "operation"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// Transport observes the requests of one provider's clients: each is counted in the metrics,
// added to the request record of its context and logged at debug level with method, path
// (without query), status and duration.
type Transport struct {
	Base     http.RoundTripper // nil: http.DefaultTransport
	Provider string            // "zoom", "gotomeeting"
	Metrics  *ProviderMetrics  // nil: not counted
	Logger   *slog.Logger      // nil: not logged
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	start := time.Now()
	resp, err := base.RoundTrip(req)
	d := time.Since(start)
	status := "error"
	if err == nil {
		status = strconv.Itoa(resp.StatusCode)
	}
	op := req.Method + " " + Operation(req.URL.Path)
	if t.Metrics != nil {
		t.Metrics.requests.WithLabelValues(t.Provider, op, status).Inc()
		t.Metrics.duration.WithLabelValues(t.Provider, op).Observe(d.Seconds())
	}
	From(req.Context()).AddCall(d)
	if t.Logger != nil {
		// The path only: queries may carry occurrence ids today and anything tomorrow.
		t.Logger.LogAttrs(req.Context(), slog.LevelDebug, "provider call", slog.String("provider", t.Provider),
			slog.String("method", req.Method), slog.String("path", req.URL.Path), slog.String("operation", op),
			slog.String("status", status), slog.Int64("duration_ms", d.Milliseconds()))
	}
	return resp, err
}

// Operation is a path with its ids replaced by {id}, a metric label of bounded variety:
// "/v2/users/{id}/meetings" for "/v2/users/dozent1@example.org/meetings".
func Operation(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if i > 0 && isID(parts[i-1], p) {
			parts[i] = "{id}"
		}
	}
	return strings.Join(parts, "/")
}

// collections are the path segments of both APIs that an id follows ("me" is no id).
var collections = map[string]bool{"users": true, "meetings": true, "accounts": true, "webinars": true, "organizers": true}

// isID reports whether a path segment names one thing rather than a kind of thing: what follows
// a collection, a number, an e-mail address.
func isID(prev, p string) bool {
	switch {
	case p == "" || p == "me":
		return false
	case collections[prev] || strings.Contains(p, "@"):
		return true
	}
	for _, r := range p {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
