package zoomtest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

func TestUserPaging(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	want := []string{"owner@example.com"}
	for i := range 250 {
		status := "active"
		if i%50 == 7 {
			status = "inactive"
		}
		email := fmt.Sprintf("user%03d@example.com", i)
		e.fake.AddUser(accountID, zoomtest.User{Email: email, Status: status})
		if status == "active" {
			want = append(want, email)
		}
	}
	ctx := t.Context()

	t.Run("ListAll follows next_page_token", func(t *testing.T) {
		before := e.fake.CountCalls("GET", "/v2/users")
		users, err := e.client.Users.ListAll(ctx, "active")
		if err != nil {
			t.Fatalf("ListAll: %v", err)
		}
		var got []string
		for _, u := range users {
			got = append(got, u.Email)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("active users (-want +got):\n%s", diff)
		}
		if n := e.fake.CountCalls("GET", "/v2/users") - before; n != 1 {
			t.Errorf("requests for %d users at page size 300: got %d, want 1", len(want), n)
		}
	})
	t.Run("pages of 100", func(t *testing.T) {
		opts := &zoom.UserListOptions{PageSize: 100}
		var sizes []int
		for {
			page, _, err := e.client.Users.List(ctx, opts)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			sizes = append(sizes, len(page.Users))
			if page.TotalRecords != len(want) {
				t.Errorf("total_records: got %d, want %d", page.TotalRecords, len(want))
			}
			if page.NextPageToken == "" {
				break
			}
			opts.NextPageToken = page.NextPageToken
		}
		if diff := cmp.Diff([]int{100, 100, 46}, sizes); diff != "" {
			t.Errorf("page sizes (-want +got):\n%s", diff)
		}
	})
	t.Run("default page size is 30", func(t *testing.T) {
		page, _, err := e.client.Users.List(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Users) != 30 || page.NextPageToken == "" {
			t.Errorf("got %d users, next token %q; want 30 and a token", len(page.Users), page.NextPageToken)
		}
	})
	t.Run("inactive only", func(t *testing.T) {
		users, err := e.client.Users.ListAll(ctx, "inactive")
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 5 {
			t.Errorf("inactive users: got %d, want 5", len(users))
		}
	})
	t.Run("page token expires after 15 minutes", func(t *testing.T) {
		page, _, err := e.client.Users.List(ctx, &zoom.UserListOptions{PageSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(16 * time.Minute)
		_, _, err = e.client.Users.List(ctx, &zoom.UserListOptions{PageSize: 100, NextPageToken: page.NextPageToken})
		wantCode(t, err, 400, zoom.CodeInvalidParameter)
	})
}

func TestUserLookup(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	ctx := t.Context()
	anna := e.fake.AddUser(accountID, zoomtest.User{Email: "anna@example.com", FirstName: "Anna", LastName: "Berg"})
	tests := []struct {
		name, id, wantEmail string
	}{
		{"me is the owner", "me", "owner@example.com"},
		{"by email", "ANNA@example.com", "anna@example.com"},
		{"by id", anna.ID, "anna@example.com"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, _, err := e.client.Users.Get(ctx, tc.id)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if u.Email != tc.wantEmail || u.Status != "active" || u.Type != 2 {
				t.Errorf("got %+v, want active licensed %s", u, tc.wantEmail)
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		_, _, err := e.client.Users.Get(ctx, "nobody@example.com")
		wantCode(t, err, 404, zoom.CodeUserNotFound)
	})
}

func TestPasswordRequirements(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	ctx := t.Context()
	anna := e.fake.AddUser(accountID, zoomtest.User{Email: "anna@example.com"})
	strict := zoomtest.PasswordRequirement{Length: 8, HaveLetter: true, HaveNumber: true, HaveUpperAndLowerCharacters: true, ConsecutiveCharactersLength: 4}

	check := func(t *testing.T, userID string, want zoom.PasswordRequirement) {
		t.Helper()
		got, _, err := e.client.Users.MeetingSecurity(ctx, userID)
		if err != nil {
			t.Fatalf("MeetingSecurity: %v", err)
		}
		if diff := cmp.Diff(want, *got); diff != "" {
			t.Errorf("requirement of %s (-want +got):\n%s", userID, diff)
		}
	}
	t.Run("Zoom's default", func(t *testing.T) {
		check(t, "me", zoom.PasswordRequirement{Length: 6, OnlyAllowNumeric: true})
		st, _, err := e.client.Accounts.Settings(ctx, "me")
		if err != nil {
			t.Fatalf("Accounts.Settings: %v", err)
		}
		if diff := cmp.Diff(&zoom.PasswordRequirement{Length: 6, OnlyAllowNumeric: true}, st.PasswordRequirement()); diff != "" {
			t.Errorf("account requirement (-want +got):\n%s", diff)
		}
	})
	t.Run("account rule applies to users", func(t *testing.T) {
		e.fake.SetPasswordRequirement(accountID, "", strict)
		want := zoom.PasswordRequirement{Length: 8, HaveLetter: true, HaveNumber: true, HaveUpperAndLowerCharacters: true, ConsecutiveCharactersLength: 4}
		check(t, anna.Email, want)
		st, _, err := e.client.Accounts.Settings(ctx, accountID)
		if err != nil {
			t.Fatalf("Accounts.Settings: %v", err)
		}
		if diff := cmp.Diff(&want, st.PasswordRequirement()); diff != "" {
			t.Errorf("account requirement (-want +got):\n%s", diff)
		}
	})
	t.Run("user rule wins", func(t *testing.T) {
		e.fake.SetPasswordRequirement(accountID, anna.ID, zoomtest.PasswordRequirement{Length: 10, HaveSpecialCharacter: true})
		check(t, anna.ID, zoom.PasswordRequirement{Length: 10, HaveSpecialCharacter: true})
	})
	t.Run("other account's settings", func(t *testing.T) {
		_, _, err := e.client.Accounts.Settings(ctx, "someone-else")
		if err == nil {
			t.Errorf("got no error reading another account's settings")
		}
	})
}
