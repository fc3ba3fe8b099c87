package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

func TestInstallationSecrets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		st := storetest.Open(t, kind, func() time.Time { return now })
		ctx := context.Background()
		inst, secret, err := st.CreateInstallation(ctx, "https://crm.example.org")
		if err != nil {
			t.Fatal(err)
		}
		if len(secret) < 43 {
			t.Errorf("secret %d chars, want at least 43 (32 bytes base64url)", len(secret))
		}
		newSecret, err := st.RotateHookSecret(ctx, inst.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := st.HookSecrets(ctx, inst.ID)
		if len(got) != 2 || got[0] != newSecret || got[1] != secret {
			t.Errorf("during grace: secrets = %d entries, want new then old", len(got))
		}
		now = now.Add(2 * time.Hour)
		got, _ = st.HookSecrets(ctx, inst.ID)
		if len(got) != 1 || got[0] != newSecret {
			t.Errorf("after grace: %d secrets, want only the new one", len(got))
		}
		if _, err := st.Installation(ctx, "nope"); addon.ErrorCode(err) != addon.ENOTFOUND {
			t.Errorf("unknown installation: code %q, want not_found", addon.ErrorCode(err))
		}
	})
}

func TestSecretsNotInPlaintext(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		st := storetest.Open(t, kind, nil)
		ctx := context.Background()
		inst, secret, _ := st.CreateInstallation(ctx, "https://crm.example.org")
		if _, _, err := st.SaveResource(ctx, addon.MeetingResource{InstallationID: inst.ID, ResourceID: "r-1", Provider: addon.ProviderGoTo, Account: "a@x"}); err != nil {
			t.Fatal(err)
		}
		const tok = `{"access_token":"AT-very-secret","refresh_token":"RT-very-secret"}`
		if err := st.SaveResourceToken(ctx, inst.ID, "r-1", tok, 1); err != nil {
			t.Fatal(err)
		}
		var dump strings.Builder
		for _, table := range []string{"installations", "meeting_resources"} {
			rows, err := st.DB().Raw("SELECT * FROM " + table).Rows()
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				_ = rows.Scan(ptrs...)
				for _, v := range vals {
					switch x := v.(type) {
					case []byte:
						dump.Write(x)
					case string:
						dump.WriteString(x)
					}
				}
			}
			rows.Close()
		}
		for _, secretText := range []string{secret, "AT-very-secret", "RT-very-secret"} {
			if strings.Contains(dump.String(), secretText) {
				t.Errorf("database holds %q in plaintext", secretText[:6])
			}
		}
		got, err := st.ResourceToken(ctx, inst.ID, "r-1")
		if err != nil || got != tok {
			t.Errorf("ResourceToken = %q, %v; want the stored token", got, err)
		}
	})
}

func TestLeaseExcludes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		st := storetest.Open(t, kind, nil)
		ctx := context.Background()
		var mu sync.Mutex
		inside, maxInside := 0, 0
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				release, err := st.Lease(ctx, "appt:x", 30*time.Second)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				inside++
				maxInside = max(maxInside, inside)
				mu.Unlock()
				time.Sleep(2 * time.Millisecond) // widen the window a second holder would need
				mu.Lock()
				inside--
				mu.Unlock()
				release()
			}()
		}
		wg.Wait()
		if maxInside != 1 {
			t.Errorf("%d holders at once, want 1", maxInside)
		}
	})
}

func TestOAuthStateSingleUse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		st := storetest.Open(t, kind, func() time.Time { return now })
		ctx := context.Background()
		if err := st.SaveOAuthState(ctx, "s1", store.OAuthState{InstallationID: "i", ResourceID: "r"}, now.Add(10*time.Minute).UnixMilli()); err != nil {
			t.Fatal(err)
		}
		if _, err := st.UseOAuthState(ctx, "s1"); err != nil {
			t.Fatalf("first use: %v", err)
		}
		_, err := st.UseOAuthState(ctx, "s1")
		var e *addon.Error
		if !errors.As(err, &e) || e.Code != addon.EFORBIDDEN {
			t.Errorf("second use: %v, want forbidden", err)
		}
		_ = st.SaveOAuthState(ctx, "s2", store.OAuthState{}, now.Add(time.Minute).UnixMilli())
		now = now.Add(2 * time.Minute)
		if _, err := st.UseOAuthState(ctx, "s2"); err == nil {
			t.Error("expired state accepted")
		}
	})
}
