package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

// Sandbox demo installation: fixed, public credentials so that `meeting-addon demo` and a
// newcomer's own curl calls work without copying anything.
const (
	demoInstallation = "demo"
	demoSystemURL    = "https://crm.example.org"
	demoSecret       = "sandbox-demo-hook-secret-0123456789abcdefghij"
	demoAccessToken  = "sandbox-external-access-token"
)

type sandboxEnv struct {
	goto_   *gototest.Server
	zoom    *zoomtest.Server
	srv     *http.Server
	zoomSrv *http.Server
	url     string
	zoomURL string
}

// Sandbox Zoom account and its licence users.
const (
	sandboxZoomAccount = "sandbox-zoom-account"
	sandboxZoomClient  = "sandbox-zoom-client"
	sandboxZoomSecret  = "sandbox-zoom-secret"
)

var sandboxZoomUsers = []string{"admin@example.org", "dozent1@example.org", "dozent2@example.org"}

func (s *sandboxEnv) Close() {
	s.srv.Close()
	s.zoomSrv.Close()
}

// startSandbox serves a fake GoTo on a loopback port and points the configuration at it.
func startSandbox(cfg *Config) (*sandboxEnv, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	fake := gototest.New(gototest.Options{})
	env := &sandboxEnv{goto_: fake, srv: &http.Server{Handler: fake}, url: "http://" + ln.Addr().String()}
	go env.srv.Serve(ln)
	zln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	env.zoom = zoomtest.New(zoomtest.Options{})
	env.zoom.AddAccount(sandboxZoomAccount, sandboxZoomClient, sandboxZoomSecret)
	for _, u := range sandboxZoomUsers {
		env.zoom.AddUser(sandboxZoomAccount, zoomtest.User{Email: u, Type: 2, Timezone: "Europe/Berlin"})
	}
	env.zoomSrv, env.zoomURL = &http.Server{Handler: env.zoom}, "http://"+zln.Addr().String()
	go env.zoomSrv.Serve(zln)
	cfg.ZoomAPIURL, cfg.ZoomTokenURL = env.zoomURL+"/v2/", env.zoomURL+"/oauth/token"
	ep := gototest.Endpoint(env.url)
	cfg.GoToAuthURL, cfg.GoToTokenURL, cfg.GoToAPIURL = ep.AuthURL, ep.TokenURL, gototest.APIBase(env.url)
	cfg.GoToClientID, cfg.GoToSecret = gototest.DefaultClientID, gototest.DefaultClientSecret
	return env, nil
}

// seed creates the demo installation with a registered redirect URL.
func (s *sandboxEnv) seed(ctx context.Context, a *app, cfg Config, out io.Writer) error {
	if _, err := a.store.Installation(ctx, demoInstallation); addon.ErrorCode(err) == addon.ENOTFOUND {
		if _, err := a.store.CreateInstallationWithSecret(ctx, demoInstallation, demoSystemURL, demoSecret); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	redirect := cfg.BaseURL + "/oauth/callback/" + demoAccessToken
	rd, err := a.store.CurrentRedirect(ctx, demoInstallation)
	if err != nil || rd.URL != redirect {
		if rd, err = a.store.NewRedirect(ctx, demoInstallation, demoAccessToken, redirect); err != nil {
			return err
		}
	}
	if rd.Status == store.RedirectPending {
		if _, err := a.store.MarkRedirectRegistered(ctx, rd.ID, "sandbox"); err != nil {
			return err
		}
	}
	s.goto_.RegisterRedirectURI(redirect)
	accounts, err := a.store.ZoomAccounts(ctx, demoInstallation)
	if err != nil {
		return err
	}
	if len(accounts) == 0 {
		acc, err := a.store.CreateZoomAccount(ctx, store.ZoomAccount{InstallationID: demoInstallation, Name: "admin@example.org",
			AccountID: sandboxZoomAccount, ClientID: sandboxZoomClient, ClientSecret: sandboxZoomSecret})
		if err != nil {
			return err
		}
		accounts = append(accounts, acc)
	}
	if _, err := a.zoom.SyncUsers(ctx, demoInstallation, accounts[0].ID); err != nil {
		return fmt.Errorf("sandbox Zoom users: %w", err)
	}
	fmt.Fprintf(out, `Sandbox running at %s (fake GoTo at %s, fake Zoom at %s with licences %v)
  installation_id: %s
  hook_secret:     %s
Send a first signed hook:  go run ./cmd/meeting-addon demo --url %s
`, cfg.BaseURL, s.url, s.zoomURL, sandboxZoomUsers, demoInstallation, demoSecret, cfg.BaseURL)
	return nil
}
