package web_test

// Browser tests drive the real add-on handler with headless Chromium (chromedp). They need
// Chromium: ADDON_TEST_CHROMIUM names the binary, default /usr/bin/chromium; without it they
// are skipped. One browser serves the whole test binary; each scenario gets its own browser
// context (own cookies) and tab. Screenshots of every page go to artifacts/screenshots.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/gotomeeting"
	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
	"github.com/onlinemeetings/meeting-addon/hooks"
	"github.com/onlinemeetings/meeting-addon/launch"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/oauth"
	"github.com/onlinemeetings/meeting-addon/resources"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/web"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserSkip   string
	browserCancel = func() {}
)

func TestMain(m *testing.M) {
	code := m.Run()
	browserCancel()
	os.Exit(code)
}

// browser returns a fresh tab in a fresh browser context of the shared Chromium.
func browser(t *testing.T) context.Context {
	t.Helper()
	browserOnce.Do(startBrowser)
	if browserSkip != "" {
		t.Skip(browserSkip)
	}
	tab, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(tab, 45*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

func startBrowser() {
	path := os.Getenv("ADDON_TEST_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		browserSkip = fmt.Sprintf("Chromium not found at %s (set ADDON_TEST_CHROMIUM): browser tests skipped", path)
		return
	}
	dir, err := os.MkdirTemp("", "addon-chromium-")
	if err != nil {
		browserSkip = err.Error()
		return
	}
	// The machine's network is closed: without these flags Chromium waits on its own
	// background services.
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.UserDataDir(dir),
		chromedp.WindowSize(1200, 1400))
	ctx, cancel := chromedp.NewContext(alloc)
	browserCancel = func() { cancel(); cancelAlloc(); os.RemoveAll(dir) }
	if err := chromedp.Do(ctx); err != nil {
		browserSkip = "Chromium does not start: " + err.Error()
		return
	}
	browserCtx = ctx
}

// shot saves a PNG of the whole page as artifacts/screenshots/<name>.png.
func shot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		png, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return err
		}
		dir := filepath.Join("..", "artifacts", "screenshots")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
}

// site is the add-on wired as cmd/meeting-addon's build() does, on the test database
// (MariaDB when ADDON_TEST_MYSQL_DSN is set, else SQLite), with a fake GoTo and a fake Zoom.
type site struct {
	url    string
	store  *store.Store
	fake   *gototest.Server
	zoom   *zoomtest.Server
	crm    *crm.Client
	inst   addon.Installation
	secret string
}

func dbKind() string {
	if os.Getenv(storetest.EnvMySQL) != "" {
		return "mariadb"
	}
	return "sqlite"
}

func newSite(t *testing.T) *site {
	t.Helper()
	st := storetest.Open(t, dbKind(), nil)
	fake := gototest.New(gototest.Options{})
	fakeSrv := httptest.NewServer(fake)
	t.Cleanup(fakeSrv.Close)
	zoomFake := zoomtest.New(zoomtest.Options{})
	zoomSrv := httptest.NewServer(zoomFake)
	t.Cleanup(zoomSrv.Close)
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	handler = newServer(st, srv.URL, fakeSrv.URL, zoomSrv.URL).Handler()
	ctx := context.Background()
	inst, secret, err := st.CreateInstallation(ctx, "https://crm.example.org")
	if err != nil {
		t.Fatal(err)
	}
	return &site{url: srv.URL, store: st, fake: fake, zoom: zoomFake, inst: inst, secret: secret,
		crm: &crm.Client{AddonURL: srv.URL, InstallationID: inst.ID, Secret: secret, SystemURL: "https://crm.example.org"}}
}

func newServer(st *store.Store, baseURL, gotoURL, zoomURL string) *web.Server {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	apiHTTP := &http.Client{Timeout: 10 * time.Second}
	ep := gototest.Endpoint(gotoURL)
	conn := &oauth.Connector{Store: st, Provider: addon.ProviderGoTo, ClientID: gototest.DefaultClientID, Secret: gototest.DefaultClientSecret,
		AuthURL: ep.AuthURL, TokenURL: ep.TokenURL, HTTPClient: apiHTTP}
	apiBase := mustURL(gototest.APIBase(gotoURL))
	providers := map[string]addon.MeetingProvider{addon.ProviderGoTo: &gotomeeting.Provider{Tokens: conn, BaseURL: apiBase, HTTP: apiHTTP}}
	zoomAccounts := &zoomaccount.Service{Store: st, TokenURL: zoomURL + "/oauth/token", APIBase: mustURL(zoomURL + "/v2/"), HTTP: apiHTTP}
	meetings := &meeting.Service{Store: st, Ledger: &resources.Ledger{Store: st}, Providers: providers, BaseURL: baseURL, Logger: logger}
	meetings.Template = meetings.StoredTemplate // the installation's own invitation texts
	return &web.Server{Store: st, Meetings: meetings, Launch: &launch.Verifier{Store: st}, GoTo: conn, Zoom: zoomAccounts, Logger: logger,
		Registry: prometheus.NewRegistry(), BaseURL: baseURL,
		Hooks: &hooks.Handler{Store: st, Meetings: meetings, Resources: &resources.Service{Store: st, BaseURL: baseURL, ZoomUsers: zoomAccounts}}}
}

// room is a GoToMeeting resource as the CRM sends it.
func room(id, account string) map[string]any {
	return map[string]any{"id": id, "name": "GoToMeeting " + id, "fields": map[string]string{"gotomeeting_account": account}}
}

// send posts a signed hook as the CRM does.
func (s *site) send(t *testing.T, event string, u addon.User, payload map[string]any) crm.Reply {
	t.Helper()
	r, err := s.crm.Send(context.Background(), event, "", s.crm.Body(event, u, payload))
	if err != nil {
		t.Fatalf("%s: %v", event, err)
	}
	return r
}

// text waits for the element and returns its text.
func text(ctx context.Context, t *testing.T, id string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
	if err != nil {
		t.Fatalf("text of #%s: %v", id, err)
	}
	return strings.TrimSpace(s)
}

// value returns the value of a form field.
func value(ctx context.Context, t *testing.T, id string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID(id)))
	if err != nil {
		t.Fatalf("value of #%s: %v", id, err)
	}
	return s
}

func do(ctx context.Context, t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// load runs the steps (a navigation or a click that submits a form), waits for the next page
// and checks its HTTP status.
func load(ctx context.Context, t *testing.T, want int, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		t.Fatal(err)
	}
	if int(resp.Status) != want {
		t.Fatalf("%s answered %d, want %d", resp.URL, resp.Status, want)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
