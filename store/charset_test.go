package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// invitation is text a latin1 column cannot hold.
const invitation = "Agenda: Begrüßung, Übungen, Abschluß\n\n――― Online-Meeting ―――\nTeilnehmen: https://meet.example/1 😀\n――― /Online-Meeting ―――"

// notUTF8MB4Bin lists the tables (and tables with text columns) in another collation.
func notUTF8MB4Bin(t *testing.T, st *store.Store) []string {
	t.Helper()
	var tables []string
	err := st.DB().Raw(`SELECT DISTINCT t.table_name FROM information_schema.tables t
LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
  AND c.collation_name IS NOT NULL AND c.collation_name <> 'utf8mb4_bin'
WHERE t.table_schema = DATABASE() AND (t.table_collation <> 'utf8mb4_bin' OR c.column_name IS NOT NULL)`).Scan(&tables).Error
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

func saveInvitation(t *testing.T, st *store.Store, id string) {
	t.Helper()
	ctx := context.Background()
	if err := st.SaveDelivery(ctx, "inst", id, store.Delivery{Event: "appointment.saved", Status: 200, Body: []byte(invitation)}); err != nil {
		t.Fatalf("save an answer with the invitation: %v", err)
	}
	d, err := st.Delivery(ctx, "inst", id)
	if err != nil {
		t.Fatal(err)
	}
	if string(d.Body) != invitation {
		t.Errorf("stored answer = %q, want %q", d.Body, invitation)
	}
}

// A database created with CHARACTER SET latin1 (the server's default on many servers) gets
// utf8mb4 tables, and the invitation's '―' saves.
func TestLatin1Database(t *testing.T) {
	st := storetest.Open(t, "mariadb-latin1", nil)
	if bad := notUTF8MB4Bin(t, st); len(bad) > 0 {
		t.Errorf("tables not utf8mb4_bin: %v", bad)
	}
	saveInvitation(t, st, "d-1")
}

// Tables an earlier version created in latin1 are converted by migration 2026120601.
func TestMigrateConvertsLatin1Tables(t *testing.T) {
	st := storetest.Open(t, "mariadb-latin1", nil)
	db := st.DB()
	for _, q := range []string{
		"ALTER TABLE deliveries CONVERT TO CHARACTER SET latin1",
		"ALTER TABLE meetings CONVERT TO CHARACTER SET latin1",
		"ALTER TABLE leases CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
		"DELETE FROM schema_migrations WHERE id = '2026120601_utf8mb4'",
	} {
		if err := db.Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if len(notUTF8MB4Bin(t, st)) != 3 {
		t.Fatalf("setup: tables in other collations: %v", notUTF8MB4Bin(t, st))
	}
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if bad := notUTF8MB4Bin(t, st); len(bad) > 0 {
		t.Errorf("tables not converted: %v", bad)
	}
	saveInvitation(t, st, "d-2")
}

// A table in another character set after the migrations (a restored dump) makes migrate fail
// with the table's name and the statement that converts it, not the CRM's saves.
func TestMigrateRefusesLatin1Tables(t *testing.T) {
	st := storetest.Open(t, "mariadb", nil)
	if err := st.DB().Exec("ALTER TABLE deliveries CONVERT TO CHARACTER SET latin1").Error; err != nil {
		t.Fatal(err)
	}
	err := st.Migrate(context.Background())
	if err == nil {
		t.Fatal("migrate accepted a latin1 table")
	}
	for _, want := range []string{"deliveries", "ALTER TABLE `deliveries` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("migrate error %q does not contain %q", err, want)
		}
	}
}

// A DSN that asks for another connection character set is refused at Open.
func TestOpenRefusesOtherCharset(t *testing.T) {
	dsn := storetest.DSN(t, "mariadb")
	for _, param := range []string{"charset=latin1", "collation=latin1_swedish_ci"} {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		st, err := store.Open(context.Background(), dsn+sep+param, storetest.Box(t), store.Options{})
		if err == nil {
			st.Close()
			t.Errorf("Open with %s succeeded, want an error", param)
		} else if !strings.Contains(err.Error(), "utf8mb4") {
			t.Errorf("Open with %s: %v, want it to say utf8mb4", param, err)
		}
	}
}

// Instances started together each run Migrate on one fresh database: all succeed.
func TestConcurrentMigrate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		dsn := storetest.DSN(t, kind)
		const n = 4
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, err := store.Open(context.Background(), dsn, storetest.Box(t), store.Options{})
				if err != nil {
					errs[i] = err
					return
				}
				defer st.Close()
				<-start
				errs[i] = st.Migrate(context.Background())
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("instance %d: migrate: %v", i, err)
			}
		}
		st := storetest.Open(t, kind, nil) // another database: only to count the migrations
		var want, got int64
		st.DB().Table("schema_migrations").Count(&want)
		check, err := store.Open(context.Background(), dsn, storetest.Box(t), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer check.Close()
		check.DB().Table("schema_migrations").Count(&got)
		if got != want {
			t.Errorf("%d migrations recorded, want %d", got, want)
		}
	})
}

// ReplaceBookings deletes an appointment's bookings through an index on installation and
// appointment: without one InnoDB locked every booking of the installation, and first saves
// of appointments on different rooms deadlocked.
func TestBookingDeleteUsesIndex(t *testing.T) {
	st := storetest.Open(t, "mariadb", nil)
	// An installation with many bookings on a few rooms, as the index statistics see it.
	for i := range 300 {
		b := addon.Booking{ResourceID: storetest.Name("r", i%3), Key: addon.BookingKey{AppointmentID: storetest.Name("a", i)},
			Start: time.Unix(int64(i)*3600, 0), End: time.Unix(int64(i)*3600+1800, 0)}
		if err := st.ReplaceBookings(context.Background(), "i", b.Key.AppointmentID, nil, []addon.Booking{b}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DB().Exec("ANALYZE TABLE bookings").Error; err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	err := st.DB().Raw("EXPLAIN DELETE FROM bookings WHERE installation_id = 'i' AND appointment_id = 'a-7'").Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || fmt.Sprint(rows[0]["key"]) != "ix_booking_appt" {
		t.Errorf("EXPLAIN = %v, want the delete to use ix_booking_appt", rows)
	}
}
