// Package web is the add-on's HTTP side: every route in one place (this file), the error
// handler that maps domain errors to statuses, and the browser flows (start links, account
// consent).
package web

import (
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	meetingaddon "github.com/onlinemeetings/meeting-addon"
	"github.com/onlinemeetings/meeting-addon/hooks"
	"github.com/onlinemeetings/meeting-addon/launch"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/oauth"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

// Server holds what the handlers need.
type Server struct {
	Store    *store.Store
	Hooks    *hooks.Handler
	Meetings *meeting.Service
	Launch   *launch.Verifier
	GoTo     *oauth.Connector
	Zoom     *zoomaccount.Service // nil: the settings page shows no Zoom accounts
	Logger   *slog.Logger
	Registry *prometheus.Registry
	// ZoomWebhookSecret is the secret token of the vendor's Zoom app's event subscription;
	// without it POST /webhooks/zoom is refused. Installations' own apps use the Secret Token
	// stored with their Zoom account (POST /webhooks/zoom/:account).
	ZoomWebhookSecret string
	Now               func() time.Time
	// BaseURL is the add-on's public URL: redirect URLs are built on it, and an https one
	// makes the session cookies Secure.
	BaseURL string
	// TrustedProxies are the load balancers whose X-Forwarded-For names the client (for the
	// vendor login's address lock and the logs); without any, the connection's peer is the client.
	TrustedProxies []*net.IPNet
	// Extra lets later packages (settings page, vendor console) add their routes; they are
	// registered here too so that this file still shows them.
	Extra []func(e *echo.Echo)
}

// Handler builds the echo instance with every route.
func (s *Server) Handler() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.IPExtractor = s.clientIP()
	e.Use(s.observe(newMetrics(s.Registry)))

	e.GET("/manifest.json", func(c echo.Context) error { return c.JSONBlob(http.StatusOK, meetingaddon.Manifest) })
	e.POST("/hooks/v1/:event", s.Hooks.Serve)
	e.GET("/start/:ref", s.start)
	e.POST("/start/:ref/host", s.hostStart)
	e.GET("/info/:ref", s.info)
	e.GET("/connect/:resource", s.connect)
	e.GET("/oauth/callback/:token", s.callback)
	e.POST("/webhooks/zoom", s.zoomWebhook)
	e.POST("/webhooks/zoom/:account", s.zoomAccountWebhook)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") })
	e.GET("/readyz", s.ready)
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{})))

	// Settings page for an installation's CRM administrator: entered with a launch token
	// (GET /settings?crm_launch=…), then a session; every POST carries the CSRF token.
	e.GET("/settings", s.settingsPage)
	e.POST("/settings", s.settingsSave, s.settingsAuth)
	e.POST("/settings/lang", s.settingsLang, s.settingsAuth)
	e.POST("/settings/token", s.settingsToken, s.settingsAuth)
	e.POST("/settings/connect/:resource", s.settingsConnect, s.settingsAuth)
	e.GET("/settings/topic", s.settingsTopicExample, s.settingsAuth)
	e.POST("/settings/templates", s.templatesSave, s.settingsAuth)
	e.POST("/settings/templates/preview", s.templatesPreview, s.settingsAuth)
	e.POST("/settings/pools/:id", s.poolSave, s.settingsAuth)
	e.POST("/settings/zoom", s.zoomSave, s.settingsAuth)
	e.POST("/settings/zoom/:id", s.zoomSave, s.settingsAuth)
	e.POST("/settings/zoom/:id/delete", s.zoomDelete, s.settingsAuth)
	e.POST("/settings/zoom/:id/test", s.zoomTest, s.settingsAuth)
	e.POST("/settings/zoom/:id/users", s.zoomUsers, s.settingsAuth)
	e.POST("/settings/zoom/:id/rule", s.zoomRule, s.settingsAuth)

	// Vendor console: own login, session and CSRF token.
	e.GET("/vendor/login", s.vendorLoginPage)
	e.POST("/vendor/login", s.vendorLogin)
	e.POST("/vendor/logout", s.vendorLogout, s.vendorAuth)
	e.POST("/vendor/lang", s.vendorLang, s.vendorAuth)
	e.GET("/vendor", s.vendorHome, s.vendorAuth)
	e.POST("/vendor/installations", s.vendorCreate, s.vendorAuth)
	e.POST("/vendor/installations/:id/disable", s.vendorSetDisabled(true), s.vendorAuth)
	e.POST("/vendor/installations/:id/enable", s.vendorSetDisabled(false), s.vendorAuth)
	e.POST("/vendor/installations/:id/rotate", s.vendorRotate, s.vendorAuth)
	e.POST("/vendor/redirects/:id/register", s.vendorRegister, s.vendorAuth)
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

// clientIP names the client of a request: the connection's peer, or, behind a trusted load
// balancer, the address it forwarded. A client cannot choose its address by sending the header.
func (s *Server) clientIP() echo.IPExtractor {
	if len(s.TrustedProxies) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range s.TrustedProxies {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
