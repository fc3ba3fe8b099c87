package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/apispec"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/fault"
	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

// zoomValidators checks the fake Zoom's requests against the three Zoom specs, when present.
func zoomValidators(t testing.TB) func(*http.Request, []byte) error {
	var vs []*apispec.Validator
	for _, name := range []string{"zoom-meetings-openapi.json", "zoom-users-openapi.json", "zoom-accounts-openapi.json"} {
		path, err := apispec.FindSpec(name)
		if err != nil {
			t.Logf("%s not found: request validation against the Zoom spec skipped", name)
			return nil
		}
		v, err := apispec.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return zoomtest.ValidateWith(vs[0], vs[1], vs[2])
}

// envLogs, when set, receives the logs of the add-on newEnv starts, at debug level.
var envLogs io.Writer

// env is a running add-on wired as in production, on a real database, talking real HTTP to a
// fake GoTo whose every API request is checked against GoTo's OpenAPI description.
type env struct {
	t     testing.TB
	app   *app
	url   string
	fake  *gototest.Server
	zoom  *zoomtest.Server
	crm   *crm.Client
	inst  string
	clock *clock
	cfg   Config
	// fakeURL is the fake GoTo's base URL.
	fakeURL string
	// faults and zoomFaults inject failures into the fakes' answers (off by default).
	faults, zoomFaults *fault.Injector
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var organizer = addon.User{ID: "u-17", Login: "mmuster", Name: "Maria Muster", Email: "maria@example.org", Groups: []string{"Vertrieb", "Schulung"}, Locale: "de"}

func newEnv(t testing.TB, kind string) *env { return newEnvWith(t, kind, nil) }

// newEnvWith lets a test adjust the fake's options (e.g. its rate limit).
func newEnvWith(t testing.TB, kind string, adjust func(*gototest.Options, *zoomtest.Options)) *env {
	t.Helper()
	clk := &clock{t: time.Now().UTC().Truncate(time.Second)}
	opts := gototest.Options{Now: clk.Now, Report: func(err error) { t.Errorf("request does not match GoTo's spec: %v", err) }}

	if path, err := apispec.FindSpec("gotomeeting-openapi.yaml"); err == nil {
		v, err := apispec.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		opts.Validate = v.RequestFunc(gototest.APIPath)
	} else {
		t.Log("GoTo spec not found: request validation against the vendor spec skipped")
	}

	zopts := zoomtest.Options{Now: clk.Now, Report: func(err error) { t.Errorf("request does not match Zoom's spec: %v", err) }}
	// The test clock stands still, so a per-second limit would never reset; the client tests
	// cover 429 parsing, TestZoomDailyLimit the daily limit.
	zopts.QPSLimit = -1
	// Every create must pin the account's meeting settings, or Zoom takes the host's defaults.
	zopts.RequiredSettings = zoomtest.PinnedSettings
	if v := zoomValidators(t); v != nil {
		zopts.Validate = v
	}
	if adjust != nil {
		adjust(&opts, &zopts)
	}
	fake := gototest.New(opts)
	faults := fault.New(fake, 1) // off until a test asks for a fault
	fakeSrv := httptest.NewServer(faults)
	t.Cleanup(fakeSrv.Close)
	zfake := zoomtest.New(zopts)
	zfaults := fault.New(zfake, 2)
	zfaults.Header = http.Header{"X-Ratelimit-Type": {"QPS"}}
	zoomSrv := httptest.NewServer(zfaults)
	t.Cleanup(zoomSrv.Close)

	var handler http.Handler
	addonSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(addonSrv.Close)
	ep := gototest.Endpoint(fakeSrv.URL)
	cfg := Config{Listen: "127.0.0.1:0", BaseURL: addonSrv.URL, Database: storetest.DSN(t, kind),
		EncryptionKey: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", GoToClientID: gototest.DefaultClientID, GoToSecret: gototest.DefaultClientSecret,
		GoToAPIURL: gototest.APIBase(fakeSrv.URL), GoToAuthURL: ep.AuthURL, GoToTokenURL: ep.TokenURL, LogLevel: "error",
		ZoomAPIURL: zoomSrv.URL + "/v2/", ZoomTokenURL: zoomSrv.URL + "/oauth/token", ZoomWebhook: testZoomWebhookSecret,
		ProviderTimeout: 2 * time.Second} // a hang after the work costs the tests 2 s, not 10
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	logs, level := io.Writer(io.Discard), "error"
	if envLogs != nil {
		logs, level = envLogs, "debug"
	}
	a, err := build(context.Background(), cfg, newLogger(logs, level), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	handler = a.handler
	ctx := context.Background()
	inst, secret, err := a.store.CreateInstallation(ctx, "https://crm.example.org")
	if err != nil {
		t.Fatal(err)
	}
	redirect := addonSrv.URL + "/oauth/callback/" + store.NewSecret(32)
	rd, err := a.store.NewRedirect(ctx, inst.ID, strings.TrimPrefix(redirect, addonSrv.URL+"/oauth/callback/"), redirect)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.store.MarkRedirectRegistered(ctx, rd.ID, "test"); err != nil {
		t.Fatal(err)
	}
	fake.RegisterRedirectURI(redirect)
	e := &env{t: t, app: a, url: addonSrv.URL, fake: fake, zoom: zfake, faults: faults, zoomFaults: zfaults, inst: inst.ID, clock: clk, cfg: cfg, fakeURL: fakeSrv.URL,
		crm: &crm.Client{AddonURL: addonSrv.URL, InstallationID: inst.ID, Secret: secret, SystemURL: "https://crm.example.org", Now: clk.Now}}
	return e
}

// room is a GoToMeeting resource as the CRM sends it.
func room(id, account string) map[string]any {
	return map[string]any{"id": id, "name": "GoToMeeting " + id, "fields": map[string]string{"gotomeeting_account": account}}
}

// connect saves the resource and connects its account through the fake's consent page.
func (e *env) connect(id, account string) {
	e.t.Helper()
	r := e.send("resource.saved", "", map[string]any{"resource": room(id, account)}, organizer)
	if r.Status != 200 || len(r.Answer.Buttons) != 1 {
		e.t.Fatalf("resource.saved: %d %s", r.Status, r.Raw)
	}
	status, _, err := e.crm.ConnectGoTo(context.Background(), r.Answer.Buttons[0].URL, organizer, account)
	if err != nil || status != 200 {
		e.t.Fatalf("connect %s: status %d, %v", id, status, err)
	}
}

func (e *env) send(event, delivery string, payload map[string]any, u addon.User) crm.Reply {
	e.t.Helper()
	r, err := e.crm.Send(context.Background(), event, delivery, e.crm.Body(event, u, payload))
	if err != nil {
		e.t.Fatalf("%s: %v", event, err)
	}
	return r
}

// appt is an appointment booking the given resources, starting at start for 90 minutes.
func appt(id, note string, start time.Time, res ...map[string]any) map[string]any {
	if res == nil {
		res = []map[string]any{}
	}
	return map[string]any{"id": id, "title": "Schulung Müller GmbH", "number": "T-1", "start": start.Format(time.RFC3339),
		"end": start.Add(90 * time.Minute).Format(time.RFC3339), "time_zone": "Europe/Berlin", "all_day": false,
		"location": "Online", "note": note, "organizer": map[string]string{"id": organizer.ID, "name": organizer.Name, "email": organizer.Email},
		"attendees": []any{}, "resources": res, "fields": map[string]string{"goto_meeting_data": ""}, "series": nil, "occurrence": nil}
}

// save sends appointment.saved as the organizer; each save is a second after the last, as a
// person's saves are (a byte-identical signed request would be refused as a replay).
func (e *env) save(a map[string]any) crm.Reply {
	e.t.Helper()
	e.clock.Add(time.Second)
	return e.send("appointment.saved", "", map[string]any{"appointment": a}, organizer)
}

func hasMessage(r crm.Reply, code string) bool {
	for _, m := range r.Answer.Messages {
		if m.Code == code {
			return true
		}
	}
	return false
}

func (e *env) creates() int { return e.fake.Count("POST", "/G2M/rest/meetings") }
func (e *env) updates() int { return e.fake.Count("PUT", "/G2M/rest/meetings/*") }
func (e *env) deletes() int { return e.fake.Count("DELETE", "/G2M/rest/meetings/*") }

// secondInstance starts another add-on process on the same database, as a second instance
// behind a load balancer, and returns a CRM client that talks to it.
func (e *env) secondInstance() *crm.Client {
	e.t.Helper()
	a, err := build(context.Background(), e.cfg, newLogger(io.Discard, "error"), e.clock.Now)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(a.Close)
	srv := httptest.NewServer(a.handler)
	e.t.Cleanup(srv.Close)
	c := *e.crm
	c.AddonURL = srv.URL
	return &c
}
