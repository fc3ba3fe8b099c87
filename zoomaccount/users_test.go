package zoomaccount_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/passcode"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

func TestSyncUsersPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := setup(t, kind)
		ctx := context.Background()
		a := e.account(t, "admin@acc1", "acc1") // brings the owner
		for i := range 649 {                    // with the owner 650 active: three pages of at most 300
			e.fake.AddUser("acc1", zoomtest.User{Email: fmt.Sprintf("user%03d@acc1.example.org", i), FirstName: "U", LastName: fmt.Sprint(i)})
		}
		e.fake.AddUser("acc1", zoomtest.User{Email: "off@acc1.example.org", Status: "inactive"})
		e.fake.AddUser("acc1", zoomtest.User{Email: "new@acc1.example.org", Status: "pending"})
		n, err := e.svc.SyncUsers(ctx, e.inst, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n != 652 {
			t.Errorf("SyncUsers = %d, want 652", n)
		}
		if got := e.fake.CountCalls("GET", "/v2/users"); got != 5 {
			t.Errorf("user list requests = %d, want 5 (3 pages active, 1 inactive, 1 pending)", got)
		}
		users, err := e.st.ZoomUsers(ctx, e.inst, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		byStatus := map[string]int{}
		for _, u := range users {
			byStatus[u.Status]++
		}
		if diff := cmp.Diff(map[string]int{"active": 650, "inactive": 1, "pending": 1}, byStatus); diff != "" {
			t.Errorf("stored users by status (-want +got):\n%s", diff)
		}
		got, _ := e.st.ZoomAccount(ctx, e.inst, a.ID)
		if got.UsersSyncedAt.IsZero() {
			t.Error("UsersSyncedAt not set")
		}
	})
}

func TestCheckUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := setup(t, kind)
		ctx := context.Background()
		e.account(t, "admin@acc1", "acc1")
		b := e.account(t, "admin@acc2", "acc2")
		host := e.fake.AddUser("acc2", zoomtest.User{Email: "Host@Example.org", FirstName: "Hanna"})
		e.fake.AddUser("acc2", zoomtest.User{Email: "off@example.org", Status: "inactive"})
		e.fake.AddUser("acc1", zoomtest.User{Email: "new@example.org", Status: "pending"})
		e.fake.AddUser("acc1", zoomtest.User{Email: "free@example.org", Type: 1})

		// Nothing synced yet: the first check reads the accounts on demand.
		u, name, err := e.svc.CheckUser(ctx, e.inst, "host@example.ORG")
		if err != nil {
			t.Fatal(err)
		}
		if u.ZoomID != host.ID || u.AccountRef != b.ID || name != "admin@acc2" {
			t.Errorf("CheckUser = %+v in %q, want %s in admin@acc2", u, name, host.ID)
		}
		lists := e.fake.CountCalls("GET", "/v2/users")
		if _, _, err := e.svc.CheckUser(ctx, e.inst, host.ID); err != nil {
			t.Errorf("by Zoom id: %v", err)
		}
		if got := e.fake.CountCalls("GET", "/v2/users"); got != lists {
			t.Errorf("a known active user made %d more list requests, want 0", got-lists)
		}

		tests := []struct {
			login string
			want  string
		}{
			{"off@example.org", "is deactivated"},
			{"new@example.org", "has not yet accepted the invitation"},
			{"free@example.org", "after 40 minutes"},
			{"nobody@example.org", `is not a user of the Zoom account "admin@acc1", "admin@acc2"`},
			{"", "no Zoom user given"},
		}
		for _, tc := range tests {
			t.Run(tc.login, func(t *testing.T) {
				_, _, err := e.svc.CheckUser(ctx, e.inst, tc.login)
				if addon.ErrorCode(err) != addon.EINVALID || !strings.Contains(addon.ErrorMessage(err), tc.want) {
					t.Errorf("CheckUser(%q) = %v, want invalid saying %q", tc.login, err, tc.want)
				}
			})
		}

		// A user added in Zoom after the last sync is found by the next check.
		e.fake.AddUser("acc1", zoomtest.User{Email: "late@example.org"})
		if _, name, err := e.svc.CheckUser(ctx, e.inst, "late@example.org"); err != nil || name != "admin@acc1" {
			t.Errorf("user added later: %q, %v; want found in admin@acc1", name, err)
		}
	})
}

func TestCheckUserWithoutAccounts(t *testing.T) {
	e := setup(t, "sqlite")
	_, _, err := e.svc.CheckUser(context.Background(), e.inst, "host@example.org")
	if addon.ErrorCode(err) != addon.EINVALID || !strings.Contains(addon.ErrorMessage(err), "no Zoom account") {
		t.Errorf("CheckUser = %v, want invalid: no Zoom account", err)
	}
}

func TestPasscodeRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := setup(t, kind)
		ctx := context.Background()
		a := e.account(t, "admin@acc1", "acc1")
		strict := e.fake.AddUser("acc1", zoomtest.User{Email: "strict@example.org"})
		plain := e.fake.AddUser("acc1", zoomtest.User{Email: "plain@example.org"})

		// Nothing set anywhere: Zoom's default, six digits.
		if got, err := e.svc.PasscodeRule(ctx, e.inst, a.ID, plain.ID, true); err != nil || got != passcode.Default() {
			t.Errorf("default: %+v, %v; want %+v", got, err, passcode.Default())
		}

		e.fake.SetPasswordRequirement("acc1", "", zoomtest.PasswordRequirement{Length: 7, HaveLetter: true, HaveNumber: true})
		e.fake.SetPasswordRequirement("acc1", strict.ID, zoomtest.PasswordRequirement{Length: 9, HaveUpperAndLowerCharacters: true,
			HaveNumber: true, HaveSpecialCharacter: true, ConsecutiveCharactersLength: 4})
		accountRule := passcode.Rule{Length: 7, HaveLetter: true, HaveNumber: true}
		tests := []struct {
			name, host string
			want       passcode.Rule
		}{
			{"host's own settings", strict.Email, passcode.Rule{Length: 9, HaveUpperAndLowerCharacters: true, HaveNumber: true,
				HaveSpecialCharacter: true, ConsecutiveCharactersLength: 4}},
			{"host inherits the account's", plain.ID, accountRule},
			{"no host", "", accountRule},
			{"host unknown in Zoom", "ghost@example.org", accountRule},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, err := e.svc.PasscodeRule(ctx, e.inst, a.ID, tc.host, true)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("rule (-want +got):\n%s", diff)
				}
			})
		}

		custom := passcode.Rule{Length: 8, OnlyAllowNumeric: true, ConsecutiveCharactersLength: 5}
		a.PasscodeRule = store.ZoomPasscodeRule{Source: store.PasscodeCustom, Rule: custom}
		if _, err := e.svc.Update(ctx, a); err != nil {
			t.Fatal(err)
		}
		before := len(e.fake.Calls())
		got, err := e.svc.PasscodeRule(ctx, e.inst, a.ID, strict.ID, true)
		if err != nil || got != custom {
			t.Errorf("custom: %+v, %v; want %+v", got, err, custom)
		}
		if n := len(e.fake.Calls()) - before; n != 0 {
			t.Errorf("custom rule made %d requests to Zoom, want 0", n)
		}
		// "Auslesen" still reads Zoom's rule for the form.
		if got, err := e.svc.ZoomPasscodeRule(ctx, e.inst, a.ID, ""); err != nil || got != accountRule {
			t.Errorf("ZoomPasscodeRule = %+v, %v; want the account's", got, err)
		}
	})
}

// The host's passcode rule is read from Zoom once per ten minutes, not before every meeting.
func TestPasscodeRuleCached(t *testing.T) {
	e := setup(t, "sqlite")
	ctx := context.Background()
	a := e.account(t, "admin@acc1", "acc1")
	host := e.fake.AddUser("acc1", zoomtest.User{Email: "host@example.org"})
	reads := func() int { return e.fake.CountCalls("GET", "/v2/users/"+host.ID+"/settings") }
	rule := func(fresh bool) passcode.Rule {
		t.Helper()
		r, err := e.svc.PasscodeRule(ctx, e.inst, a.ID, host.ID, fresh)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	tests := []struct {
		name    string
		advance time.Duration
		fresh   bool
		change  *zoomtest.PasswordRequirement
		want    passcode.Rule
		reads   int
	}{
		{name: "first use reads", want: passcode.Default(), reads: 1},
		{name: "again at once: cached", want: passcode.Default(), reads: 1},
		{name: "changed in Zoom, 9 minutes later: still cached", advance: 9 * time.Minute,
			change: &zoomtest.PasswordRequirement{Length: 8, HaveLetter: true, HaveNumber: true}, want: passcode.Default(), reads: 1},
		{name: "10 minutes after reading: read again", advance: time.Minute, want: passcode.Rule{Length: 8, HaveLetter: true, HaveNumber: true}, reads: 2},
		{name: "fresh reads at once", fresh: true, want: passcode.Rule{Length: 8, HaveLetter: true, HaveNumber: true}, reads: 3},
	}
	for _, tc := range tests {
		e.clock.Advance(tc.advance)
		if tc.change != nil {
			e.fake.SetPasswordRequirement("acc1", host.ID, *tc.change)
		}
		if got := rule(tc.fresh); got != tc.want {
			t.Errorf("%s: rule %+v, want %+v", tc.name, got, tc.want)
		}
		if got := reads(); got != tc.reads {
			t.Errorf("%s: %d reads of the host's settings, want %d", tc.name, got, tc.reads)
		}
	}
}
