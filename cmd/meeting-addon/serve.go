package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/egress"
	"github.com/onlinemeetings/meeting-addon/gotomeeting"
	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
	"github.com/onlinemeetings/meeting-addon/hooks"
	"github.com/onlinemeetings/meeting-addon/launch"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/oauth"
	"github.com/onlinemeetings/meeting-addon/resources"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/telemetry"
	"github.com/onlinemeetings/meeting-addon/web"
	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

// app is the wired add-on.
type app struct {
	store    *store.Store
	meetings *meeting.Service
	zoom     *zoomaccount.Service
	server   *web.Server
	handler  http.Handler
	closers  []func()
}

func (a *app) Close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// build wires every part; it is the one place where dependencies meet.
func build(ctx context.Context, cfg Config, logger *slog.Logger, now func() time.Time) (*app, error) {
	box, err := cfg.box()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.Database, box, store.Options{Now: now, Logger: logger})
	if err != nil {
		return nil, err
	}
	a := &app{store: st, closers: []func(){func() { st.Close() }}}
	if err := st.Migrate(ctx); err != nil {
		a.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if err := bootstrapVendor(ctx, st, cfg, logger); err != nil {
		a.Close()
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "addon_db_reruns_total",
			Help: "Transactions and statements run again after a deadlock, lock wait timeout or lost Galera certification."},
			func() float64 { return float64(st.Reruns()) }))
	// Every provider request is counted, timed, logged at debug level and added to its
	// incoming request's log line.
	providerMetrics := telemetry.NewProviderMetrics(reg)
	observed := func(provider string) func(http.RoundTripper) http.RoundTripper {
		return func(rt http.RoundTripper) http.RoundTripper {
			return &telemetry.Transport{Base: rt, Provider: provider, Metrics: providerMetrics, Logger: logger}
		}
	}
	apiHTTP := &http.Client{Timeout: cfg.ProviderTimeout}
	gotoHTTP := &http.Client{Timeout: apiHTTP.Timeout, Transport: observed(addon.ProviderGoTo)(nil)}
	gotoConn := &oauth.Connector{Store: st, Provider: addon.ProviderGoTo, ClientID: cfg.GoToClientID, Secret: cfg.GoToSecret,
		AuthURL: cfg.GoToAuthURL, TokenURL: cfg.GoToTokenURL, HTTPClient: gotoHTTP, Now: now}
	apiBase, _ := url.Parse(cfg.GoToAPIURL)
	zoomBase, _ := url.Parse(cfg.ZoomAPIURL)
	zoomAccounts := &zoomaccount.Service{Store: st, TokenURL: cfg.ZoomTokenURL, APIBase: zoomBase, HTTP: apiHTTP, Now: now,
		Egress: egress.Policy{AllowPrivate: cfg.AllowPrivateProxies}, Observe: observed(addon.ProviderZoom)}
	providers := map[string]addon.MeetingProvider{
		addon.ProviderGoTo: &gotomeeting.Provider{Tokens: gotoConn, BaseURL: apiBase, HTTP: gotoHTTP},
		addon.ProviderZoom: &zoom.Provider{Accounts: zoomHosts{svc: zoomAccounts}, Now: now},
	}
	meetings := &meeting.Service{Store: st, Ledger: &resources.Ledger{Store: st}, Providers: providers, BaseURL: cfg.BaseURL, Logger: logger}
	meetings.Template = meetings.StoredTemplate // the installation's own invitation texts
	a.server = &web.Server{
		Store:    st,
		Hooks:    &hooks.Handler{Store: st, Meetings: meetings, Resources: &resources.Service{Store: st, BaseURL: cfg.BaseURL, ZoomUsers: zoomAccounts}, Now: now},
		Meetings: meetings,
		Launch:   &launch.Verifier{Store: st, Now: now},
		GoTo:     gotoConn,
		Zoom:     zoomAccounts,
		Logger:   logger,
		Registry: reg,

		ZoomWebhookSecret: cfg.ZoomWebhook,
		TrustedProxies:    cfg.TrustedProxies,
		Now:               now,
		BaseURL:           cfg.BaseURL,
	}
	a.zoom, a.meetings = zoomAccounts, meetings
	a.handler = a.server.Handler()
	return a, nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := loadConfig(getenv)
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.flags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := newLogger(stderr, cfg.LogLevel)
	var sandbox *sandboxEnv
	if cfg.Sandbox {
		var err error
		if sandbox, err = startSandbox(&cfg); err != nil {
			return err
		}
		defer sandbox.Close()
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	a, err := build(ctx, cfg, logger, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	if sandbox != nil {
		if err := sandbox.seed(ctx, a, cfg, stdout); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.handler, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	logger.Info("listening", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "sandbox", cfg.Sandbox)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go a.housekeep(ctx, cfg.HousekeepEvery, logger)
	if cfg.PprofListen != "" {
		go servePprof(ctx, cfg.PprofListen, logger)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Let running hooks finish within the CRM's 15 seconds rather than cutting them off.
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	logger.Info("shutting down")
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg := loadConfig(getenv)
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.StringVar(&cfg.Database, "database", cfg.Database, "database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "schema up to date")
	return nil
}

// openStore opens and migrates the store for the operations commands.
func openStore(ctx context.Context, cfg Config) (*store.Store, error) {
	if cfg.EncryptionKey == "" && cfg.Sandbox {
		cfg.EncryptionKey = sandboxKey + "="
	}
	box, err := cfg.box()
	if err != nil {
		return nil, fmt.Errorf("ADDON_ENCRYPTION_KEY: %w", err)
	}
	st, err := store.Open(ctx, cfg.Database, box, store.Options{})
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

var _ = gototest.APIPath
