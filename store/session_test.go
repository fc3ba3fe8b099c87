package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

func TestSessionExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		for _, tc := range []struct {
			name  string
			steps []time.Duration // pauses before each use
			alive bool
		}{
			{"used again within the idle time", []time.Duration{7*time.Hour + 59*time.Minute}, true},
			{"idle longer than 8 hours", []time.Duration{8*time.Hour + time.Minute}, false},
			{"kept busy, but older than a day", []time.Duration{7 * time.Hour, 7 * time.Hour, 7 * time.Hour, 4 * time.Hour}, false},
			{"kept busy within a day", []time.Duration{7 * time.Hour, 7 * time.Hour, 7 * time.Hour}, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
				st := storetest.Open(t, kind, func() time.Time { return now })
				ctx := context.Background()
				id, sess, err := st.CreateSession(ctx, store.Session{Kind: store.SessionSettings, InstallationID: "i-1", UserID: "u-1", Groups: []string{"Vertrieb"}, Locale: "de"})
				if err != nil || sess.CSRF == "" {
					t.Fatalf("create: %v, csrf %q", err, sess.CSRF)
				}
				var last error
				for _, d := range tc.steps {
					now = now.Add(d)
					_, last = st.Session(ctx, store.SessionSettings, id)
				}
				if alive := last == nil; alive != tc.alive {
					t.Errorf("alive = %v (%v), want %v", alive, last, tc.alive)
				}
				if last != nil && addon.ErrorCode(last) != addon.EUNAUTHORIZED {
					t.Errorf("error code %q, want unauthorized", addon.ErrorCode(last))
				}
				if _, err := st.Session(ctx, store.SessionVendor, id); addon.ErrorCode(err) != addon.EUNAUTHORIZED {
					t.Errorf("a settings session opened the vendor console: %v", err)
				}
			})
		}
	})
}

func TestVendorLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		st := storetest.Open(t, kind, nil)
		ctx := context.Background()
		if err := st.SetVendorUser(ctx, "sabine", "a long enough password", false); err != nil {
			t.Fatal(err)
		}
		if err := st.SetVendorUser(ctx, "sabine", "another long password", false); addon.ErrorCode(err) != addon.ECONFLICT {
			t.Errorf("second create: %v, want conflict", err)
		}
		if err := st.SetVendorUser(ctx, "kurt", "short", false); addon.ErrorCode(err) != addon.EINVALID {
			t.Errorf("short password: %v, want invalid", err)
		}
		for _, tc := range []struct {
			login, password string
			ok              bool
		}{
			{"sabine", "a long enough password", true},
			{"sabine", "a long enough passwort", false},
			{"nobody", "a long enough password", false},
			{"", "", false},
		} {
			err := st.CheckVendorLogin(ctx, tc.login, tc.password)
			if (err == nil) != tc.ok {
				t.Errorf("login %q: %v, want ok=%v", tc.login, err, tc.ok)
			}
			if err != nil && err.Error() != "unauthorized: login failed" {
				t.Errorf("login %q failed with %q: every failure must read the same", tc.login, err)
			}
		}
	})
}
