package web

import (
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/hooks"
	"github.com/onlinemeetings/meeting-addon/telemetry"
)

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	hooks    *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "addon_http_requests_total", Help: "HTTP requests by route and status."}, []string{"route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "addon_http_request_duration_seconds", Help: "HTTP request duration by route.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 15}}, []string{"route"}),
		hooks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "addon_hook_outcomes_total",
			Help: "CRM hooks by event and outcome: ok, redelivery (answered from the store), the code of the answer's error message (meeting_failed), or the error code of a refusal (unauthorized, invalid, …)."},
			[]string{"event", "code"}),
	}
	reg.MustRegister(m.requests, m.duration, m.hooks)
	return m
}

// maxReason bounds the reason in a log line: it may quote what the client sent.
const maxReason = 300

// observe logs and measures each request by its route pattern: the path and query may hold
// launch tokens, OAuth codes and states, which must not reach logs or metric labels. The
// request's record (telemetry.Request) collects what the handlers learn on the way: the
// installation, the hook's event and delivery id, and the provider calls made.
func (s *Server) observe(m *metrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			rec := &telemetry.Request{}
			if id := c.Request().Header.Get("X-CRM-Installation"); id != "" && len(id) <= 64 {
				rec.SetInstallation(id) // named even when the hook is refused; checked by then if not
			}
			c.SetRequest(c.Request().WithContext(telemetry.With(c.Request().Context(), rec)))
			err := next(c)
			var code, reason string
			if err != nil {
				code, reason = errorFields(err)
				c.Error(err)
			}
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			status := c.Response().Status
			if code == "" && status >= 400 {
				code = codeOf[status] // a page that answered a refusal itself (settings forms)
				if code == "" {
					code = addon.EINTERNAL
				}
			}
			d := time.Since(start)
			m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
			m.duration.WithLabelValues(route).Observe(d.Seconds())
			snap := rec.Snapshot()
			if reason == "" && status >= 400 {
				reason = snap.Reason
			}
			if route == "/hooks/v1/:event" {
				event := c.Param("event")
				if !slices.Contains(hooks.Events, event) {
					event = "unknown" // the label's values stay bounded
				}
				outcome := code
				if outcome == "" {
					outcome = snap.Outcome
				}
				if outcome == "" {
					outcome = "ok"
				}
				m.hooks.WithLabelValues(event, outcome).Inc()
			}
			level := slog.LevelInfo
			if status >= 400 {
				level = slog.LevelWarn
			}
			s.Logger.LogAttrs(c.Request().Context(), level, "request",
				slog.String("method", c.Request().Method), slog.String("route", route), slog.Int("status", status),
				slog.Int64("duration_ms", d.Milliseconds()), slog.String("installation", snap.Installation),
				slog.String("event", snap.Event), slog.String("delivery", snap.Delivery),
				slog.String("error_code", code), slog.String("reason", reason),
				slog.Int("provider_calls", snap.Calls), slog.Int64("provider_ms", snap.CallTime.Milliseconds()))
			return nil
		}
	}
}

// errorFields returns the error code and a reason fit for the log: the domain error's message
// (what the caller is told), never the detail of an internal error (the error handler logs that
// separately, as before).
func errorFields(err error) (code, reason string) {
	var ae *addon.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &ae) && ae.Code != addon.EINTERNAL:
		code, reason = ae.Code, ae.Message
	case errors.As(err, &he):
		code = codeOf[he.Code]
		if code == "" {
			code = addon.EINTERNAL
		}
		reason, _ = he.Message.(string)
	default:
		code, reason = addon.EINTERNAL, "internal error (logged as \"request failed\")"
	}
	if r := []rune(reason); len(r) > maxReason {
		reason = string(r[:maxReason]) + "…"
	}
	return code, reason
}
