package store_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// Requests no longer sweep expired single-use records; housekeeping does, and only the expired.
func TestSweeps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		var mu sync.Mutex
		now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		st := storetest.Open(t, kind, clock)
		ctx := context.Background()
		ms := now.UnixMilli()
		for i, exp := range []int64{ms - 3600_001, ms - 1} { // launch tokens are kept an hour past expiry
			if err := st.UseLaunchToken(ctx, storetest.Name("jti", i), exp); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.NewStartToken(ctx, store.StartGrant{InstallationID: "i", Ref: "m", UserID: "u"}); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		now = now.Add(store.StartTokenTTL + time.Second)
		mu.Unlock()
		fresh, err := st.NewStartToken(ctx, store.StartGrant{InstallationID: "i", Ref: "m", UserID: "u"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			sweep func(context.Context) (int64, error)
			want  int64
		}{{"launch tokens", st.SweepLaunchTokens, 1}, {"start tokens", st.SweepStartTokens, 1}} {
			n, err := tc.sweep(ctx)
			if err != nil || n != tc.want {
				t.Errorf("sweep %s: %d, %v; want %d", tc.name, n, err, tc.want)
			}
		}
		if err := st.UseLaunchToken(ctx, storetest.Name("jti", 1), ms-1); addon.ErrorCode(err) != addon.ECONFLICT {
			t.Errorf("a launch token within the hour after expiry: %v, want it still refused as used", err)
		}
		if _, err := st.UseStartToken(ctx, fresh, "m"); err != nil {
			t.Errorf("the unexpired start token: %v", err)
		}
	})
}

// A lease whose release fails is tried again, then logged; it never blocks the caller for long.
func TestLeaseReleaseFailureLogged(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, nil))
	st, err := store.Open(context.Background(), storetest.DSN(t, "sqlite"), storetest.Box(t), store.Options{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	release, err := st.Lease(context.Background(), "appointment:i/a-1", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	st.Close() // every release attempt now fails
	release()
	mu.Lock()
	defer mu.Unlock()
	if got := buf.String(); !strings.Contains(got, "lease not released") || !strings.Contains(got, "appointment:i/a-1") {
		t.Errorf("log = %q, want the failed release of appointment:i/a-1", got)
	}
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
