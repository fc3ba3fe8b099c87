package gototest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/apispec"
	"github.com/onlinemeetings/meeting-addon/gotomeeting"
	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
)

// clock is an injectable clock, so expiry and the rate limit are tested without sleeping.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }

type fixture struct {
	fake  *gototest.Server
	srv   *httptest.Server
	clock *clock
	conf  *oauth2.Config
	ctx   context.Context // carries the test server's HTTP client for oauth2
}

// newFixture serves a fake on 127.0.0.1 whose API requests are checked against GoTo's
// description (when present). Tests that send invalid requests on purpose pass a nil
// report and check the fake's answer instead.
func newFixture(t *testing.T, opts gototest.Options, checkSpec bool) *fixture {
	t.Helper()
	clk := &clock{now: time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)}
	opts.Now = clk.Now
	if checkSpec && opts.Validate == nil {
		if p, err := apispec.FindSpec("gotomeeting-openapi.yaml"); err != nil {
			t.Logf("GoTo spec not found: request validation against the vendor spec skipped (%v)", err)
		} else {
			v, err := apispec.Load(p)
			if err != nil {
				t.Fatalf("load GoTo spec: %v", err)
			}
			opts.Validate = v.RequestFunc(gototest.APIPath)
			opts.Report = func(err error) { t.Errorf("request does not match the vendor spec: %v", err) }
		}
	}
	fake := gototest.New(opts)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	conf := &oauth2.Config{
		ClientID: gototest.DefaultClientID, ClientSecret: gototest.DefaultClientSecret,
		Endpoint: gototest.Endpoint(srv.URL), RedirectURL: "http://127.0.0.1:9/oauth/goto/callback",
	}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, srv.Client())
	return &fixture{fake: fake, srv: srv, clock: clk, conf: conf, ctx: ctx}
}

// client returns a GoTo client acting with tok; it never refreshes by itself.
func (f *fixture) client(t *testing.T, tok *oauth2.Token) *gotomeeting.Client {
	t.Helper()
	c := gotomeeting.NewClient(oauth2.NewClient(f.ctx, oauth2.StaticTokenSource(tok)))
	u, err := url.Parse(gototest.APIBase(f.srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	c.BaseURL = u
	return c
}

// noRedirect is a browser that stops at redirects, so the test sees where it would go.
func (f *fixture) noRedirect() *http.Client {
	c := *f.srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

func meetingReq(subject string, start time.Time) *gotomeeting.MeetingRequest {
	return &gotomeeting.MeetingRequest{Subject: subject, Start: start, End: start.Add(time.Hour)}
}
