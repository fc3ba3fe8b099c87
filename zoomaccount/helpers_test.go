package zoomaccount_test

import (
	"context"
	"errors"
	"net"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

// Credentials shaped like a Server-to-Server OAuth app's: a 22-character client id and a
// 32-character secret.
const (
	clientID = "Xq3vR8tLm2NpQ7sKd9WzYa"
	secret   = "K7fPq2LmX9vR4tNs8WcY3hJd6GbZ1QaE"
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
	fake  *zoomtest.Server
	srv   *httptest.Server
	clock *clock
	st    *store.Store
	svc   *zoomaccount.Service
	inst  string
}

func setup(t *testing.T, kind string) *env {
	t.Helper()
	clk := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	// The fake's per-second limit counts on its clock, which tests do not move between calls.
	fake := zoomtest.New(zoomtest.Options{Now: clk.Now, QPSLimit: -1})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	st := storetest.Open(t, kind, clk.Now)
	inst, _, err := st.CreateInstallation(context.Background(), "https://crm.example.org")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{fake: fake, srv: srv, clock: clk, st: st, inst: inst.ID}
	e.svc = e.service()
	return e
}

// service is one more add-on instance on the same database and fake Zoom.
func (e *env) service() *zoomaccount.Service {
	base, _ := url.Parse(e.srv.URL + "/v2/")
	return &zoomaccount.Service{Store: e.st, TokenURL: e.srv.URL + "/oauth/token", APIBase: base,
		HTTP: e.srv.Client(), Now: e.clock.Now}
}

// account adds a Zoom account to the fake with an owner and stores it as ours.
func (e *env) account(t *testing.T, name, accountID string) store.ZoomAccount {
	t.Helper()
	cid := clientID + strings.ToUpper(accountID[len(accountID)-1:])
	e.fake.AddAccount(accountID, cid, secret)
	e.fake.AddUser(accountID, zoomtest.User{Email: "admin@" + accountID + ".example.org"})
	a, err := e.svc.Create(context.Background(), store.ZoomAccount{InstallationID: e.inst, Name: name,
		AccountID: accountID, ClientID: cid, ClientSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// closedAddr is a host:port nobody listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func asAddon(err error, target **addon.Error) bool { return errors.As(err, target) }
