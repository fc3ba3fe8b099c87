package store_test

import (
	"context"
	"testing"

	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// Migration 2026120650 moves the MACs seen so far to the answers they were recorded with and
// drops seen_signatures: a replay of a request answered before the upgrade is still answered
// as its first delivery.
func TestClaimMigrationKeepsSeenMACs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		st, err := store.Open(ctx, storetest.DSN(t, kind), storetest.Box(t), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := st.MigrateTo(ctx, "2026120640_account_lock"); err != nil {
			t.Fatal(err)
		}
		inst, err := st.CreateInstallationWithSecret(ctx, "inst_m", "https://crm.example.org", "secret-secret-secret-secret-1234")
		if err != nil {
			t.Fatal(err)
		}
		db := st.DB()
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"INSERT INTO deliveries (installation_id, delivery_id, event, status, body, seq, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
				[]any{inst.ID, "d-old", "appointment.saved", 200, "{}", 1, 1}},
			{"INSERT INTO deliveries (installation_id, delivery_id, event, status, body, seq, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
				[]any{inst.ID, "d-other", "appointment.saved", 200, "{}", 1, 1}},
			{"INSERT INTO seen_signatures (hash, delivery_id, expires_ms) VALUES (?, ?, ?)", []any{"mac-old", "d-old", 1}},
		} {
			if err := db.Exec(q.sql, q.args...).Error; err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if db.Migrator().HasTable("seen_signatures") {
			t.Error("seen_signatures still there after the migration")
		}
		for mac, want := range map[string]string{"mac-old": "d-old", "mac-new": ""} {
			_, _, first, err := st.MarksAndDelivery(ctx, inst.ID, "d-replay", mac, store.Ahead{}, "a:1")
			if err != nil || first != want {
				t.Errorf("MAC %s: first delivery %q, %v; want %q", mac, first, err, want)
			}
		}
	})
}
