package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// TestLoginThrottleHashesAreKeyed fails if a failure row holds the plain SHA-256 of the login
// name or address tried: a dictionary of names (or the 2^32 IPv4 addresses) reverses those.
func TestLoginThrottleHashesAreKeyed(t *testing.T) {
	ts := newThrottleStore(t, "sqlite")
	ts.fail(t, 1, "Geheim.Name", throttleAddr)
	plain := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	guessable := map[string]bool{plain("geheim.name"): true, plain("Geheim.Name"): true, plain(throttleAddr): true}
	var rows []map[string]any
	if err := ts.st.DB().Table("vendor_login_failures").Find(&rows).Error; err != nil || len(rows) != 1 {
		t.Fatalf("%d rows, %v; want 1", len(rows), err)
	}
	for col, v := range rows[0] {
		if guessable[fmt.Sprint(v)] {
			t.Errorf("column %s holds the unkeyed SHA-256 of what was tried; a dictionary reverses it", col)
		}
	}
}

// TestLoginThrottleAtomicOnMariaDB makes two attempts on one login name meet at the worst
// moment: the limit is one failure away, and the first attempt has recorded itself but not yet
// committed when the second counts. Exactly one of them may be checked; before the count and
// the record were one locked step, both were (the second did not see the first's row), which
// is one guess more than the lock allows.
func TestLoginThrottleAtomicOnMariaDB(t *testing.T) {
	if !storetest.Available("mariadb") {
		t.Skipf("%s is not set: the MariaDB race is not tested (SQLite has one writer, no race)", storetest.EnvMySQL)
	}
	ts := newThrottleStore(t, "mariadb")
	want(t, "4th failure", ts.fail(t, store.LoginNameLimit-1, throttleUser, throttleAddr), failed)

	// The first attempt to record itself stops just after its INSERT, inside its transaction,
	// until the test lets it go.
	paused, resume := make(chan struct{}), make(chan struct{})
	first := true
	err := ts.st.DB().Callback().Create().After("gorm:create").Before("gorm:commit_or_rollback_transaction").Register("test:pause_login", func(db *gorm.DB) {
		if db.Statement.Table != "vendor_login_failures" || !first {
			return
		}
		first = false
		close(paused)
		<-resume
	})
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		lock store.LoginLock
		err  error
	}
	try := func(addr string) chan result {
		c := make(chan result, 1)
		go func() {
			lock, err := ts.st.VendorLogin(context.Background(), throttleUser, throttleWrong, addr)
			c <- result{lock, err}
		}()
		return c
	}
	a := try("10.1.0.1")
	<-paused
	b := try("10.1.0.2")
	// Let the first go once the second has finished, or waits for a lock the first holds.
	var rb *result
	deadline := time.Now().Add(20 * time.Second)
	for rb == nil && !lockWaiting(t, ts.st) {
		select {
		case r := <-b:
			rb = &r
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			close(resume)
			t.Fatal("the second attempt neither finished nor waited for a lock")
		}
	}
	close(resume)
	ra := <-a
	if rb == nil {
		r := <-b
		rb = &r
	}
	checked := 0
	for i, r := range []result{ra, *rb} {
		if addon.ErrorCode(r.err) != addon.EUNAUTHORIZED {
			t.Errorf("attempt %d: %v, want unauthorized", i+1, r.err)
		}
		if !r.lock.Locked() || r.lock.Started {
			checked++
		}
	}
	if checked != 1 {
		t.Errorf("%d of 2 simultaneous attempts had their password checked with %d failures before them; want 1 (limit %d)",
			checked, store.LoginNameLimit-1, store.LoginNameLimit)
	}
}

// lockWaiting reports whether another connection to the store's database runs a statement on
// the login guards: while the first attempt holds them, such a statement waits for it.
func lockWaiting(t *testing.T, st *store.Store) bool {
	t.Helper()
	var n int64
	err := st.DB().Raw(`SELECT COUNT(*) FROM information_schema.PROCESSLIST
		WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND INFO LIKE '%vendor_login_guards%'`).Scan(&n).Error
	if err != nil {
		t.Fatal(err)
	}
	return n > 0
}
