// Package web is the add-on's HTTP side: every route in one place (this file), the error
// handler that maps domain errors to statuses, and the browser flows (start links, account
// consent).
package web

import (
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	meetingaddon "github.com/onlinemeetings/meeting-addon"
	"github.com/onlinemeetings/meeting-addon/hooks"
	"github.com/onlinemeetings/meeting-addon/launch"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/oauth"
	"github.com/onlinemeetings/meeting-addon/store"
)

// Server holds what the handlers need.
type Server struct {
	Store    *store.Store
	Hooks    *hooks.Handler
	Meetings *meeting.Service
	Launch   *launch.Verifier
	GoTo     *oauth.Connector
	Logger   *slog.Logger
	Registry *prometheus.Registry
	// Extra lets later packages (settings page, vendor console) add their routes; they are
	// registered here too so that this file still shows them.
	Extra []func(e *echo.Echo)
}

// Handler builds the echo instance with every route.
func (s *Server) Handler() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.Use(s.observe(newMetrics(s.Registry)))

	e.GET("/manifest.json", func(c echo.Context) error { return c.JSONBlob(http.StatusOK, meetingaddon.Manifest) })
	e.POST("/hooks/v1/:event", s.Hooks.Serve)
	e.GET("/start/:ref", s.start)
	e.GET("/connect/:resource", s.connect)
	e.GET("/oauth/callback/:token", s.callback)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") })
	e.GET("/readyz", s.ready)
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{})))
	for _, f := range s.Extra {
		f(e)
	}
	return e
}

func (s *Server) ready(c echo.Context) error {
	if err := s.Store.Ping(c.Request().Context()); err != nil {
		return c.String(http.StatusServiceUnavailable, "database not reachable\n")
	}
	return c.String(http.StatusOK, "ready\n")
}
