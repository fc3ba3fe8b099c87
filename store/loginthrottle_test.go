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

const (
	throttleUser     = "sabine"
	throttlePassword = "a long enough password"
	throttleWrong    = "a long enough passwort"
	throttleAddr     = "192.0.2.10"
)

// throttleStore is a store on a frozen clock with one vendor user.
type throttleStore struct {
	st  *store.Store
	now time.Time
}

func newThrottleStore(t *testing.T, kind string) *throttleStore {
	t.Helper()
	ts := &throttleStore{now: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)}
	ts.st = storetest.Open(t, kind, func() time.Time { return ts.now })
	if err := ts.st.SetVendorUser(context.Background(), throttleUser, throttlePassword, false); err != nil {
		t.Fatal(err)
	}
	return ts
}

// outcome is what an attempt came to, in a form tests compare.
type outcome struct {
	OK      bool
	Scope   string
	Wait    time.Duration
	Started bool
}

func (ts *throttleStore) try(t *testing.T, login, password, addr string) outcome {
	t.Helper()
	lock, err := ts.st.VendorLogin(context.Background(), login, password, addr)
	if err != nil && err.Error() != "unauthorized: login failed" {
		t.Fatalf("login %q from %s: %v; every refusal must read the same", login, addr, err)
	}
	if err == nil && lock.Locked() {
		t.Fatalf("login %q from %s succeeded under a lock %+v", login, addr, lock)
	}
	return outcome{OK: err == nil, Scope: lock.Scope, Wait: lock.Wait, Started: lock.Started}
}

// fail makes n failed attempts for login from addr and returns the last outcome.
func (ts *throttleStore) fail(t *testing.T, n int, login, addr string) outcome {
	t.Helper()
	var last outcome
	for range n {
		last = ts.try(t, login, throttleWrong, addr)
	}
	return last
}

var (
	failed      = outcome{}
	signedIn    = outcome{OK: true}
	loginStarts = outcome{Scope: store.LockLogin, Wait: store.LoginWindow, Started: true}
	addrStarts  = outcome{Scope: store.LockAddress, Wait: store.LoginWindow, Started: true}
)

func locked(scope string, wait time.Duration) outcome { return outcome{Scope: scope, Wait: wait} }

func TestLoginThrottle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		for _, tc := range []struct {
			name string
			run  func(t *testing.T, ts *throttleStore)
		}{
			{"five failures lock the login, even for the right password", func(t *testing.T, ts *throttleStore) {
				want(t, "4th failure", ts.fail(t, 4, throttleUser, throttleAddr), failed)
				want(t, "5th failure", ts.fail(t, 1, throttleUser, throttleAddr), loginStarts)
				ts.now = ts.now.Add(time.Minute)
				want(t, "right password", ts.try(t, throttleUser, throttlePassword, throttleAddr), locked(store.LockLogin, 14*time.Minute))
				want(t, "right password from elsewhere", ts.try(t, throttleUser, throttlePassword, "198.51.100.7"), locked(store.LockLogin, 14*time.Minute))
				want(t, "another login from the address", ts.try(t, "kurt", throttleWrong, throttleAddr), failed)
			}},
			{"the lock lifts 15 minutes after the last failure", func(t *testing.T, ts *throttleStore) {
				ts.fail(t, 4, throttleUser, throttleAddr)
				ts.now = ts.now.Add(10 * time.Minute)
				want(t, "5th failure", ts.fail(t, 1, throttleUser, throttleAddr), loginStarts)
				ts.now = ts.now.Add(store.LoginWindow - time.Second)
				want(t, "a second before", ts.try(t, throttleUser, throttlePassword, throttleAddr), locked(store.LockLogin, time.Second))
				ts.now = ts.now.Add(time.Second)
				want(t, "15 minutes after", ts.try(t, throttleUser, throttlePassword, throttleAddr), signedIn)
			}},
			{"failures more than 15 minutes apart do not lock", func(t *testing.T, ts *throttleStore) {
				for range 4 {
					want(t, "failure", ts.fail(t, 1, throttleUser, throttleAddr), failed)
					ts.now = ts.now.Add(4 * time.Minute)
				}
				want(t, "5th failure 16 minutes after the 1st", ts.fail(t, 1, throttleUser, throttleAddr), failed)
				want(t, "right password", ts.try(t, throttleUser, throttlePassword, throttleAddr), signedIn)
			}},
			{"a success clears the login's failures", func(t *testing.T, ts *throttleStore) {
				ts.fail(t, 4, throttleUser, throttleAddr)
				want(t, "right password", ts.try(t, throttleUser, throttlePassword, throttleAddr), signedIn)
				want(t, "4 more failures", ts.fail(t, 4, throttleUser, throttleAddr), failed)
				want(t, "5th since the success", ts.fail(t, 1, throttleUser, throttleAddr), loginStarts)
			}},
			{"an unknown login locks the same", func(t *testing.T, ts *throttleStore) {
				want(t, "4th failure", ts.fail(t, 4, "nobody", throttleAddr), failed)
				want(t, "5th failure", ts.fail(t, 1, "nobody", throttleAddr), loginStarts)
				want(t, "6th", ts.try(t, "nobody", throttlePassword, throttleAddr), locked(store.LockLogin, store.LoginWindow))
			}},
			{"spelling variants of a login count together", func(t *testing.T, ts *throttleStore) {
				for _, login := range []string{"Sabine", " sabine", "SABINE ", "sabine"} {
					ts.fail(t, 1, login, throttleAddr)
				}
				want(t, "5th failure", ts.fail(t, 1, "SaBiNe", throttleAddr), loginStarts)
				want(t, "right password", ts.try(t, throttleUser, throttlePassword, throttleAddr), locked(store.LockLogin, store.LoginWindow))
			}},
			{"twenty failures lock the address", func(t *testing.T, ts *throttleStore) {
				for i := range store.LoginAddressLimit - 1 {
					want(t, fmt.Sprintf("failure %d", i+1), ts.fail(t, 1, storetest.Name("guess", i/4), throttleAddr), failed)
				}
				want(t, "20th failure", ts.fail(t, 1, "guess-last", throttleAddr), addrStarts)
				ts.now = ts.now.Add(5 * time.Minute)
				want(t, "right credentials from the address", ts.try(t, throttleUser, throttlePassword, throttleAddr), locked(store.LockAddress, 10*time.Minute))
				want(t, "right credentials from elsewhere", ts.try(t, throttleUser, throttlePassword, "198.51.100.7"), signedIn)
				ts.now = ts.now.Add(10 * time.Minute)
				want(t, "after the lock", ts.try(t, throttleUser, throttlePassword, throttleAddr), signedIn)
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel() // every attempt costs a bcrypt comparison, slow under -race
				tc.run(t, newThrottleStore(t, kind))
			})
		}
	})
}

func want(t *testing.T, what string, got, want outcome) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %+v, want %+v", what, got, want)
	}
}

// TestLoginThrottleStoresNoNames fails if the table lists tried login names or addresses, or
// keeps failures for longer than a day.
func TestLoginThrottleStoresNoNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		ts := newThrottleStore(t, kind)
		ts.fail(t, 2, "Geheim.Name", throttleAddr)
		var rows []map[string]any
		if err := ts.st.DB().Table("vendor_login_failures").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 {
			t.Fatalf("%d rows, want 2", len(rows))
		}
		for _, r := range rows {
			for col, v := range r {
				if s := strings.ToLower(fmt.Sprint(v)); strings.Contains(s, "geheim") || strings.Contains(s, throttleAddr) {
					t.Errorf("column %s holds %q in clear", col, v)
				}
			}
		}
		ts.now = ts.now.Add(25 * time.Hour)
		ts.fail(t, 1, "another", throttleAddr)
		var n int64
		if err := ts.st.DB().Table("vendor_login_failures").Count(&n).Error; err != nil || n != 1 {
			t.Errorf("%d rows after a day (%v), want only the new failure", n, err)
		}
	})
}

// TestLoginThrottleConcurrent fails if attempts arriving at once get more password checks
// than the limit allows, or report the lock more than once.
func TestLoginThrottleConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		ts := newThrottleStore(t, kind)
		const n = 30
		var wg sync.WaitGroup
		results := make(chan outcome, n)
		for i := range n {
			wg.Go(func() {
				lock, err := ts.st.VendorLogin(context.Background(), throttleUser, throttleWrong, storetest.Name("10.0.0", i))
				if addon.ErrorCode(err) != addon.EUNAUTHORIZED {
					t.Errorf("attempt %d: %v, want unauthorized", i, err)
				}
				results <- outcome{Scope: lock.Scope, Started: lock.Started}
			})
		}
		wg.Wait()
		close(results)
		checked, started := 0, 0
		for r := range results {
			if r.Scope == "" || r.Started {
				checked++
			}
			if r.Started {
				started++
			}
		}
		t.Logf("%d of %d concurrent attempts checked", checked, n)
		if checked > store.LoginNameLimit || checked == 0 || started > 1 || (checked == store.LoginNameLimit) != (started == 1) {
			t.Errorf("%d of %d concurrent attempts checked, %d reported the lock; want 1 to %d checked, 1 report when %[4]d were",
				checked, n, started, store.LoginNameLimit)
		}
		if started == 1 {
			want(t, "right password after the rush", ts.try(t, throttleUser, throttlePassword, throttleAddr), locked(store.LockLogin, store.LoginWindow))
		}
	})
}
