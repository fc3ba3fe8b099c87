package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// A pending consent kept the redirect URL, and with it the external-access token, in clear.
// The migration replaces it by the redirect row's id (and the account the consent must come
// from), so that pending consents still complete and no column holds the token.
func TestOAuthStateMigrationDropsTheToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
		st, err := store.Open(ctx, storetest.DSN(t, kind), storetest.Box(t), store.Options{Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := st.MigrateTo(ctx, "2026120601_sec_login_keyed"); err != nil {
			t.Fatal(err)
		}
		// The first migration creates tables from the live rows, so the column the older
		// version had is put back by hand.
		if err := st.DB().Exec("ALTER TABLE oauth_states ADD COLUMN redirect_url VARCHAR(1000) NOT NULL DEFAULT ''").Error; err != nil {
			t.Fatal(err)
		}
		const token = "external-access-token-in-clear"
		url := "https://addon.example.net/oauth/callback/" + token
		db := st.DB()
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"INSERT INTO redirect_urls (installation_id, token_hash, url, status) VALUES (?, ?, ?, ?)", []any{"inst_1", store.HashToken(token), "sealed", "registered"}},
			{"INSERT INTO meeting_resources (installation_id, resource_id, account) VALUES (?, ?, ?)", []any{"inst_1", "r-3", "Raum1@Example.org"}},
			{"INSERT INTO oauth_states (hash, installation_id, resource_id, redirect_url, expires_ms, used_ms) VALUES (?, ?, ?, ?, ?, 0)",
				[]any{store.HashToken("state-1"), "inst_1", "r-3", url, now.Add(10 * time.Minute).UnixMilli()}},
		} {
			if err := db.Exec(q.sql, q.args...).Error; err != nil {
				t.Fatal(err)
			}
		}
		var rdID int64
		if err := db.Raw("SELECT id FROM redirect_urls").Scan(&rdID).Error; err != nil {
			t.Fatal(err)
		}
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if db.Migrator().HasColumn("oauth_states", "redirect_url") {
			t.Error("oauth_states still has the column redirect_url")
		}
		var rows []map[string]any
		if err := db.Table("oauth_states").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			for col, v := range r {
				if s, ok := v.(string); ok && strings.Contains(s, token) {
					t.Errorf("oauth_states.%s holds the external-access token", col)
				}
			}
		}
		got, err := st.UseOAuthState(ctx, "state-1")
		if err != nil {
			t.Fatal(err)
		}
		if want := (store.OAuthState{InstallationID: "inst_1", ResourceID: "r-3", RedirectID: rdID, Account: "raum1@example.org"}); got != want {
			t.Errorf("pending consent after the migration: got %+v, want %+v", got, want)
		}
	})
}
