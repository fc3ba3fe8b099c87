package zoomaccount_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom"
)

func tokenCalls(e *env) int { return e.fake.CountCalls("POST", "/oauth/token") }

func TestTokenSharedUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := setup(t, kind)
		a := e.account(t, "admin@acc1", "acc1")
		ctx := context.Background()
		var wg sync.WaitGroup
		for i := range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				svc := e.svc
				if i%2 == 1 {
					svc = e.service() // another instance on the same database
				}
				c, err := svc.Client(ctx, e.inst, a.ID)
				if err != nil {
					t.Error(err)
					return
				}
				if _, _, err := c.Users.Get(ctx, "me"); err != nil {
					t.Errorf("client %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		if got := tokenCalls(e); got != 1 {
			t.Errorf("token requests = %d, want 1", got)
		}
	})
}

func TestTokenRenewal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := setup(t, kind)
		a := e.account(t, "admin@acc1", "acc1")
		ctx := context.Background()
		use := func(step string) {
			t.Helper()
			c, err := e.svc.Client(ctx, e.inst, a.ID)
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			if _, _, err := c.Users.Get(ctx, "me"); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
		}
		use("first")
		e.clock.Advance(54 * time.Minute) // 6 minutes left: still good
		use("after 54 min")
		if got := tokenCalls(e); got != 1 {
			t.Errorf("after 54 min: token requests = %d, want 1", got)
		}
		e.clock.Advance(2 * time.Minute) // 4 minutes left: renew
		use("after 56 min")
		if got := tokenCalls(e); got != 2 {
			t.Errorf("after 56 min: token requests = %d, want 2", got)
		}
		e.clock.Advance(2 * time.Hour) // long expired
		use("after 2 h")
		if got := tokenCalls(e); got != 3 {
			t.Errorf("after expiry: token requests = %d, want 3", got)
		}
	})
}

func TestInvalidTokenRetriedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := setup(t, kind)
		a := e.account(t, "admin@acc1", "acc1")
		ctx := context.Background()
		if _, err := e.svc.Client(ctx, e.inst, a.ID); err != nil {
			t.Fatal(err)
		}
		e.fake.ForceError("GET", "/v2/users", 401, zoom.CodeInvalidToken, "Invalid access token.")
		n, err := e.svc.SyncUsers(ctx, e.inst, a.ID)
		if err != nil || n != 1 {
			t.Fatalf("SyncUsers = %d, %v; want 1 user after one retry", n, err)
		}
		if got := tokenCalls(e); got != 2 {
			t.Errorf("token requests = %d, want 2 (the first, and one after code 124)", got)
		}

		// A second 124 in a row is reported, not retried forever.
		e.fake.ForceError("GET", "/v2/users", 401, zoom.CodeInvalidToken, "Invalid access token.")
		e.fake.ForceError("GET", "/v2/users", 401, zoom.CodeInvalidToken, "Invalid access token.")
		if _, err := e.svc.SyncUsers(ctx, e.inst, a.ID); err == nil {
			t.Error("SyncUsers after two 124 answers: no error")
		}
	})
}

func TestCredentialsSealed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := setup(t, kind)
		a := e.account(t, "admin@acc1", "acc1")
		ctx := context.Background()
		a.Proxy.URL, a.Proxy.User, a.Proxy.Password = "proxy.example.org:3128", "pu", "proxy-pass-very-secret"
		if _, err := e.svc.Update(ctx, a); err != nil {
			t.Fatal(err)
		}
		// Token via a second account without proxy, so that the fake issues one.
		b := e.account(t, "admin@acc2", "acc2")
		if _, err := e.svc.Client(ctx, e.inst, b.ID); err != nil {
			t.Fatal(err)
		}
		tok, _, err := e.st.ZoomToken(ctx, e.inst, b.ID)
		if err != nil || tok == "" {
			t.Fatalf("cached token = %q, %v", tok, err)
		}
		dump := dumpTable(t, e, "zoom_accounts")
		for what, v := range map[string]string{"client secret": secret, "proxy password": "proxy-pass-very-secret", "access token": tok} {
			if strings.Contains(dump, v) {
				t.Errorf("zoom_accounts holds the %s in plaintext", what)
			}
		}
		list, err := e.st.ZoomAccounts(ctx, e.inst)
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range list {
			if got.ClientSecret != "" || got.Proxy.Password != "" || !got.HasSecret {
				t.Errorf("listed account %s: secret %q, proxy password %q, HasSecret %v; want both empty and HasSecret",
					got.Name, got.ClientSecret, got.Proxy.Password, got.HasSecret)
			}
		}
		creds, err := e.st.ZoomCredentials(ctx, e.inst, a.ID)
		if err != nil || creds.ClientSecret != secret || creds.ProxyPassword != "proxy-pass-very-secret" {
			t.Errorf("ZoomCredentials = %+v, %v; want the stored secrets", creds, err)
		}
	})
}

func dumpTable(t *testing.T, e *env, table string) string {
	t.Helper()
	rows, err := e.st.DB().Raw("SELECT * FROM " + table).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			switch x := v.(type) {
			case []byte:
				b.Write(x)
			case string:
				b.WriteString(x)
			}
		}
		b.WriteByte('\n')
	}
	if b.Len() == 0 {
		t.Fatalf("table %s is empty", table)
	}
	return b.String()
}

// A save that learns late that Zoom refused its token (124) takes the token another save has
// fetched meanwhile: one token request per expiry, however many saves held the old one.
func TestRenewKeepsANewerToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := setup(t, kind)
		a := e.account(t, "admin@acc1", "acc1")
		ctx := context.Background()
		_, stale, err := e.svc.ClientRef(ctx, e.inst, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Renew(ctx, e.inst, a.ID, stale); err != nil { // the first save to hear of the 124
			t.Fatal(err)
		}
		_, fresh, err := e.svc.ClientRef(ctx, e.inst, a.ID)
		if err != nil || fresh == stale {
			t.Fatalf("after Renew: token ref %q (was %q), %v; want a new token", fresh, stale, err)
		}
		for range 3 { // later saves that held the same refused token
			if err := e.svc.Renew(ctx, e.inst, a.ID, stale); err != nil {
				t.Fatal(err)
			}
		}
		if _, ref, _ := e.svc.ClientRef(ctx, e.inst, a.ID); ref != fresh {
			t.Errorf("a late Renew replaced the newer token")
		}
		if got := tokenCalls(e); got != 2 {
			t.Errorf("token requests = %d, want 2 (the first, one renewal)", got)
		}
	})
}

// "Verbindung testen" reads the app's scopes from the token the account already has.
func TestConnectionTestUsesTheSharedToken(t *testing.T) {
	e := setup(t, "sqlite")
	a := e.account(t, "admin@acc1", "acc1")
	ctx := context.Background()
	if _, err := e.svc.Client(ctx, e.inst, a.ID); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Test(ctx, e.inst, a.ID)
	if err != nil || !res.OK {
		t.Fatalf("Test = %+v, %v; want OK", res, err)
	}
	if got := tokenCalls(e); got != 1 {
		t.Errorf("token requests = %d, want 1 (the test uses the account's token)", got)
	}
	if tok, err := e.st.ZoomAccessToken(ctx, e.inst, a.ID); err != nil || !strings.Contains(tok.Scope, "meeting:write:meeting:admin") {
		t.Errorf("stored scope = %q, %v; want Zoom's scopes kept with the token", tok.Scope, err)
	}
}
