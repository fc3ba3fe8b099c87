package zoom_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/passcode"
	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

// accounts is a zoom.Accounts of function fields; nil ones answer with the host's client and
// Zoom's default passcode rule.
type accounts struct {
	host       func(login string) (zoom.Host, error)
	invalidate func() error
	rule       func(fresh bool) passcode.Rule
	pin        func() *zoom.MeetingSettings // the account's pinned settings; nil: none

	mu   sync.Mutex
	sent map[string]string // fingerprints by meeting id
}

func (a *accounts) Host(_ context.Context, _, login string) (zoom.Host, error) { return a.host(login) }

func (a *accounts) Renew(context.Context, string, string, string) error {
	if a.invalidate == nil {
		return nil
	}
	return a.invalidate()
}

func (a *accounts) PasscodeRule(_ context.Context, _, _, _ string, fresh bool) (passcode.Rule, error) {
	if a.rule != nil {
		return a.rule(fresh), nil
	}
	return passcode.Default(), nil
}

func (a *accounts) Pinned(context.Context, string, string) (*zoom.MeetingSettings, error) {
	if a.pin == nil {
		return nil, nil
	}
	return a.pin(), nil
}

func (a *accounts) SettingsSent(_ context.Context, _ string, ids []string) (map[string]string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := map[string]string{}
	for _, id := range ids {
		if f, ok := a.sent[id]; ok {
			out[id] = f
		}
	}
	return out, nil
}

func (a *accounts) SetSettingsSent(_ context.Context, _, id, fingerprint string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sent == nil {
		a.sent = map[string]string{}
	}
	if fingerprint == "" {
		delete(a.sent, id)
	} else {
		a.sent[id] = fingerprint
	}
	return nil
}

// frozenClock stands still until a test moves it, as in the add-on's end-to-end tests.
type frozenClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *frozenClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *frozenClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// fakeZoom starts the fake Zoom on clock with one account and the users emails (the first is
// the owner), checking every request against Zoom's descriptions, and returns it with a
// client holding a token of the account and the users as the fake made them.
func fakeZoom(t *testing.T, clock *frozenClock, emails ...string) (*zoomtest.Server, *zoom.Client, []zoomtest.User) {
	t.Helper()
	opts := zoomtest.Options{Now: clock.Now, QPSLimit: -1}
	if validate := specValidate(t); validate != nil {
		opts.Validate = validate
		opts.Report = func(err error) { t.Errorf("request breaks Zoom's API description: %v", err) }
	}
	fake := zoomtest.New(opts)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	fake.AddAccount("acc-1", "client-1", "secret-1")
	var users []zoomtest.User
	for _, e := range emails {
		users = append(users, fake.AddUser("acc-1", zoomtest.User{Email: e, Timezone: "Europe/Berlin"}))
	}
	ctx := context.Background()
	tok, err := zoom.RequestAccountToken(ctx, srv.Client(), srv.URL+"/oauth/token", "acc-1", "client-1", "secret-1")
	if err != nil {
		t.Fatalf("RequestAccountToken: %v", err)
	}
	c := zoom.NewClient(oauth2.NewClient(ctx, oauth2.StaticTokenSource(tok)))
	c.BaseURL, _ = url.Parse(srv.URL + "/v2/")
	return fake, c, users
}

func TestOrphans(t *testing.T) {
	// since is when the interrupted save began; the fake's token, fetched a quarter of an hour
	// before, lives an hour.
	since := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	clock := &frozenClock{t: since.Add(-15 * time.Minute)}
	fake, c, users := fakeZoom(t, clock, "owner@example.com", "anna@example.com")
	hosts := map[string]zoom.Host{}
	for _, u := range users {
		hosts[u.Email] = zoom.Host{Client: c, AccountID: "acc-1", UserID: u.ID, Email: u.Email}
	}
	p := &zoom.Provider{
		Accounts: &accounts{host: func(login string) (zoom.Host, error) { return hosts[login], nil }},
		Topic:    func(s string) string { return "CRM: " + s },
		Now:      clock.Now,
	}
	ctx := context.Background()
	anna := addon.Account{InstallationID: "inst-1", ResourceID: "res-1", Login: "anna@example.com"}
	spec := func(subject string) addon.MeetingSpec {
		start := time.Date(2026, 9, 10, 9, 0, 0, 0, time.UTC)
		return addon.MeetingSpec{Subject: subject, Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Berlin"}
	}
	create := func(acct addon.Account, subject string, at time.Time) string {
		t.Helper()
		clock.Set(at)
		m, err := p.Create(ctx, acct, spec(subject))
		if err != nil {
			t.Fatalf("Create %q: %v", subject, err)
		}
		return m.ID
	}
	before := create(anna, "Beratung", since.Add(-10*time.Minute))
	skewed := create(anna, "Beratung", since.Add(-90*time.Second)) // within the 2 minutes Zoom's clock may lag
	orphan := create(anna, "Beratung", since.Add(20*time.Second))
	create(anna, "Beratung Meier", since.Add(25*time.Second))
	create(addon.Account{InstallationID: "inst-1", Login: "owner@example.com"}, "Beratung", since.Add(30*time.Second))
	deleted := create(anna, "Beratung", since.Add(40*time.Second))
	if err := p.Delete(ctx, anna, deleted); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	clock.Set(since.Add(time.Minute))

	tests := []struct {
		name    string
		subject string
		since   time.Time
		want    []string
	}{
		{"created since the save began", "Beratung", since, []string{skewed, orphan}},
		{"earlier since takes in the older one", "Beratung", since.Add(-10 * time.Minute), []string{before, skewed, orphan}},
		{"later since finds none", "Beratung", since.Add(5 * time.Minute), nil},
		{"no meeting has the topic", "Termin", since, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := fake.CountCalls("GET", "/v2/users/")
			got, err := p.Orphans(ctx, anna, spec(tc.subject), tc.since)
			if err != nil {
				t.Fatalf("Orphans: %v", err)
			}
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if n := fake.CountCalls("GET", "/v2/users/") - calls; n != 1 {
				t.Errorf("list requests: got %d, want 1", n)
			}
		})
	}
}

// TestOrphansPages checks that Orphans reads every page and that a token renewal repeats only
// the page it interrupted.
func TestOrphansPages(t *testing.T) {
	c, mux := setup(t)
	pages := map[string]string{
		"":   `{"next_page_token":"p2","meetings":[{"id":81000000001,"topic":"Kurs","created_at":"2026-09-01T09:00:00Z"},{"id":81000000002,"topic":"Kurs","created_at":"2026-09-01T07:00:00Z"}]}`,
		"p2": `{"next_page_token":"","meetings":[{"id":81000000003,"topic":"Kurs","created_at":"2026-09-01T09:00:01Z"},{"id":81000000001,"topic":"Kurs","created_at":"2026-09-01T09:00:00Z"}]}`,
	}
	var tokens []string
	refused := false
	mux.HandleFunc("GET /v2/users/h1/meetings", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("type") != "scheduled" || q.Get("page_size") != "300" {
			t.Errorf("query: got %q, want type=scheduled and page_size=300", r.URL.RawQuery)
		}
		tok := q.Get("next_page_token")
		tokens = append(tokens, tok)
		if tok == "p2" && !refused {
			refused = true
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"code":124,"message":"Invalid access token."}`)
			return
		}
		io.WriteString(w, pages[tok])
	})
	invalidated := 0
	p := &zoom.Provider{Accounts: &accounts{
		host: func(login string) (zoom.Host, error) {
			return zoom.Host{Client: c, AccountID: "a1", UserID: "h1", Email: login}, nil
		},
		invalidate: func() error { invalidated++; return nil },
	}}
	got, err := p.Orphans(context.Background(), addon.Account{InstallationID: "i1", Login: "h@example.com"},
		addon.MeetingSpec{Subject: "Kurs"}, time.Date(2026, 9, 1, 9, 1, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("Orphans: %v", err)
	}
	if diff := cmp.Diff([]string{"81000000001", "81000000003"}, got); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", "p2", "p2"}, tokens); diff != "" {
		t.Errorf("page tokens sent (-want +got):\n%s", diff)
	}
	if invalidated != 1 {
		t.Errorf("token invalidations: got %d, want 1", invalidated)
	}
}

func TestOrphansUnknownHost(t *testing.T) {
	clock := &frozenClock{t: time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)}
	_, c, _ := fakeZoom(t, clock, "owner@example.com")
	p := &zoom.Provider{Accounts: &accounts{host: func(login string) (zoom.Host, error) {
		return zoom.Host{Client: c, AccountID: "acc-1", UserID: "AbCdEfGhIjKlMnOpQrStUv", Email: login}, nil
	}}}
	_, err := p.Orphans(context.Background(), addon.Account{Login: "left@example.com"}, addon.MeetingSpec{Subject: "Kurs"}, clock.Now())
	if code := addon.ErrorCode(err); code != addon.EINVALID {
		t.Errorf("got %v (code %q), want %q naming the missing Zoom user", err, code, addon.EINVALID)
	}
}

// A passcode Zoom refuses for rules changed since they were cached makes the provider read the
// rules again and create once more, with a passcode that meets them.
func TestPasscodeRefusedRereadsTheRules(t *testing.T) {
	clock := &frozenClock{t: time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)}
	fake, c, users := fakeZoom(t, clock, "owner@example.com", "anna@example.com")
	strict := zoomtest.PasswordRequirement{Length: 8, HaveLetter: true, HaveNumber: true, HaveUpperAndLowerCharacters: true}
	fake.SetPasswordRequirement("acc-1", users[1].ID, strict)
	var freshReads int
	p := &zoom.Provider{Now: clock.Now, Accounts: &accounts{
		host: func(login string) (zoom.Host, error) {
			return zoom.Host{Client: c, AccountID: "acc-1", UserID: users[1].ID, Email: login}, nil
		},
		rule: func(fresh bool) passcode.Rule {
			if !fresh {
				return passcode.Default() // cached before the host's rules changed
			}
			freshReads++
			return passcode.Rule(strict)
		},
	}}
	start := time.Date(2026, 9, 10, 9, 0, 0, 0, time.UTC)
	m, err := p.Create(context.Background(), addon.Account{InstallationID: "inst-1", Login: "anna@example.com"},
		addon.MeetingSpec{Subject: "Beratung", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Berlin"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if err := passcode.Check(passcode.Rule(strict), m.Passcode); err != nil {
		t.Errorf("passcode %q breaks the host's rules: %v", m.Passcode, err)
	}
	if got := fake.CountCalls("POST", "/v2/users/"); got != 2 || freshReads != 1 {
		t.Errorf("creates = %d, fresh rule reads = %d; want 2 and 1", got, freshReads)
	}
}
