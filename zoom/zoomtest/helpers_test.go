package zoomtest_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/apispec"
	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

// clock is an injectable clock; tests move it instead of sleeping.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type env struct {
	fake   *zoomtest.Server
	srv    *httptest.Server
	clock  *clock
	client *zoom.Client
	owner  zoomtest.User
}

const (
	accountID    = "acc-1"
	clientID     = "client-1"
	clientSecret = "secret-1"
)

// t0 is before the Berlin DST change of 2026-10-25 so the tests' series lie in the future.
var t0 = time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)

// specValidator checks requests against Zoom's published descriptions when the shared specs
// folder is present; without it the fake runs unchecked rather than skipping the test.
func specValidators(t testing.TB) []zoomtest.RequestValidator {
	t.Helper()
	var vs []zoomtest.RequestValidator
	for _, name := range []string{"zoom-meetings-openapi.json", "zoom-users-openapi.json", "zoom-accounts-openapi.json"} {
		p, err := apispec.FindSpec(name)
		if err != nil {
			t.Logf("request validation against %s skipped: %v", name, err)
			return nil
		}
		v, err := apispec.Load(p)
		if err != nil {
			t.Fatalf("load %s: %v", name, err)
		}
		vs = append(vs, v)
	}
	return vs
}

// setup starts a fake with one account whose owner lives in Berlin, and a client holding a
// token of that account. Every request is checked against Zoom's descriptions.
func setup(t *testing.T, opts zoomtest.Options) *env {
	t.Helper()
	return newEnv(t, opts, true)
}

// setupUnchecked is setup for tests that send what Zoom's description already forbids, to
// see the fake refuse it as Zoom would.
func setupUnchecked(t *testing.T, opts zoomtest.Options) *env {
	t.Helper()
	return newEnv(t, opts, false)
}

func newEnv(t *testing.T, opts zoomtest.Options, check bool) *env {
	t.Helper()
	c := &clock{t: t0}
	if opts.Now == nil {
		opts.Now = c.Now
	}
	if opts.QPSLimit == 0 {
		// The clock stands still, so every request would fall into one second; only the
		// rate-limit tests want that.
		opts.QPSLimit = -1
	}
	if vs := specValidators(t); check && vs != nil {
		opts.Validate = zoomtest.ValidateWith(vs...)
		opts.Report = func(err error) { t.Errorf("request breaks Zoom's API description: %v", err) }
	}
	fake := zoomtest.New(opts)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	fake.AddAccount(accountID, clientID, clientSecret)
	owner := fake.AddUser(accountID, zoomtest.User{Email: "owner@example.com", FirstName: "Olga", Timezone: "Europe/Berlin"})
	return &env{fake: fake, srv: srv, clock: c, client: newClient(t, srv, accountID, clientID, clientSecret), owner: owner}
}

func newClient(t *testing.T, srv *httptest.Server, account, id, secret string) *zoom.Client {
	t.Helper()
	ctx := context.Background()
	tok, err := zoom.RequestAccountToken(ctx, srv.Client(), srv.URL+"/oauth/token", account, id, secret)
	if err != nil {
		t.Fatalf("RequestAccountToken: %v", err)
	}
	c := zoom.NewClient(oauth2.NewClient(ctx, oauth2.StaticTokenSource(tok)))
	base, err := url.Parse(srv.URL + "/v2/")
	if err != nil {
		t.Fatal(err)
	}
	c.BaseURL = base
	return c
}

func (e *env) create(t *testing.T, userID string, req *zoom.MeetingRequest) *zoom.Meeting {
	t.Helper()
	m, _, err := e.client.Meetings.Create(context.Background(), userID, req)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return m
}

// wantCode fails unless err is a Zoom error with code and HTTP status.
func wantCode(t *testing.T, err error, status, code int) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want Zoom code %d", code)
	}
	if !zoom.IsCode(err, code) {
		t.Fatalf("got error %v, want Zoom code %d", err, code)
	}
	if er, ok := err.(*zoom.ErrorResponse); ok && er.Response.StatusCode != status {
		t.Errorf("HTTP status: got %d, want %d", er.Response.StatusCode, status)
	}
}
