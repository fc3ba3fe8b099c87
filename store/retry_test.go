package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/onlinemeetings/meeting-addon/seal"
)

// Every transaction of the store goes through Store.transaction, which runs it again after a
// deadlock; a transaction begun on the handle directly would reach the CRM as a 500.
func TestTransactionsRetry(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// Files whose transactions run in a retry loop of their own, whole.
	ownLoop := map[string]string{
		"loginthrottle.go": "recordAttempt re-creates its guard rows outside the transaction before each run",
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "retry.go" || ownLoop[f] != "" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if strings.Contains(line, ".Transaction(") || strings.Contains(line, ".Begin(") {
				t.Errorf("%s:%d begins a transaction directly; use s.transaction(ctx, …), which retries deadlocks: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// openMariaDB opens a store on a fresh MariaDB database (storetest cannot be imported here).
func openMariaDB(t *testing.T) (*Store, *sql.DB) {
	t.Helper()
	server := os.Getenv("ADDON_TEST_MYSQL_DSN")
	if server == "" {
		t.Skip("ADDON_TEST_MYSQL_DSN is not set: MariaDB tests skipped (CI sets it; see README)")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "addon_test_" + hex.EncodeToString(b)
	admin, err := sql.Open("mysql", server)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.Exec("DROP DATABASE " + name) })
	base, query, _ := strings.Cut(server, "?")
	dsn := strings.TrimSuffix(base, "/") + "/" + name
	if query != "" {
		dsn += "?" + query
	}
	box, err := seal.New([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := Open(context.Background(), "mysql:"+dsn, box, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return st, raw
}

// A transaction InnoDB picks as a deadlock's victim runs again, whole, and succeeds.
func TestTransactionRetriedAfterDeadlock(t *testing.T) {
	st, raw := openMariaDB(t)
	ctx := context.Background()
	for _, q := range []string{
		"INSERT INTO leases (name, owner, expires_ms) VALUES ('r1', '', 0), ('r2', '', 0)",
		"CREATE TABLE ballast (id INT PRIMARY KEY)",
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	// The other session: it has written more rows, so InnoDB rolls back the store's
	// transaction, the smaller one, when the two lock each other.
	other, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	if _, err := other.Exec("INSERT INTO ballast SELECT seq FROM seq_1_to_200"); err != nil {
		t.Fatal(err)
	}
	// Each side holds one row and then asks for the other's: whichever asks last closes the
	// cycle, and InnoDB rolls back the store's transaction, the lighter one.
	var runs atomic.Int32
	held, proceed := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- st.transaction(ctx, func(tx *gormDB) error {
			first := runs.Add(1) == 1
			if err := tx.Exec("UPDATE leases SET owner = 'store' WHERE name = 'r2'").Error; err != nil {
				return err
			}
			if first {
				close(held)
				<-proceed
			}
			return tx.Exec("UPDATE leases SET owner = 'store' WHERE name = 'r1'").Error
		})
	}()
	select {
	case <-held:
	case err := <-done:
		t.Fatalf("the store's transaction ended before holding r2: %v", err)
	}
	if _, err := other.Exec("UPDATE leases SET owner = 'other' WHERE name = 'r1'"); err != nil {
		t.Fatal(err)
	}
	close(proceed)
	if _, err := other.Exec("UPDATE leases SET owner = 'other' WHERE name = 'r2'"); err != nil {
		t.Fatalf("the other session was the deadlock's victim, not the store's transaction: %v", err)
	}
	if err := other.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("transaction after a deadlock: %v", err)
	}
	if got := runs.Load(); got != 2 {
		t.Errorf("transaction ran %d times, want 2 (once rolled back by the deadlock, once through)", got)
	}
	if got := st.Reruns(); got != 1 {
		t.Errorf("Reruns() = %d, want 1", got)
	}
	var owner string
	if err := raw.QueryRow("SELECT owner FROM leases WHERE name = 'r1'").Scan(&owner); err != nil || owner != "store" {
		t.Errorf("r1 owner = %q (%v), want store: the retried transaction's writes are kept", owner, err)
	}
}
