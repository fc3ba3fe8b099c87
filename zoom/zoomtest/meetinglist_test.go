package zoomtest_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

func TestListMeetings(t *testing.T) {
	e := setup(t, zoomtest.Options{DailyLimit: -1})
	ctx := t.Context()
	other := e.fake.AddUser(accountID, zoomtest.User{Email: "other@example.com"})
	e.create(t, other.ID, &zoom.MeetingRequest{Topic: "not the owner's", Type: zoom.MeetingScheduled, StartTime: "2026-09-10T09:00:00Z", Duration: 30})
	var want []int64
	created := map[int64]time.Time{}
	for i := range 250 {
		// Created in reverse order of start, so the list's order is not the order of creation.
		start := t0.Add(time.Duration(300-i) * time.Hour)
		m := e.create(t, "me", &zoom.MeetingRequest{Topic: fmt.Sprintf("Termin %d", i), Type: zoom.MeetingScheduled, StartTime: zoom.FormatUTC(start), Duration: 30})
		want = append([]int64{m.ID}, want...)
		created[m.ID] = e.clock.Now()
		e.clock.Advance(time.Second)
	}
	series := e.create(t, "me", &zoom.MeetingRequest{Topic: "Kurs", Type: zoom.MeetingRecurringNoFixed, Duration: 60})
	created[series.ID] = e.clock.Now()
	want = append([]int64{series.ID}, want...) // without fixed time it comes first
	ids := func(ms []zoom.Meeting) []int64 {
		var out []int64
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}

	t.Run("ListAll follows next_page_token", func(t *testing.T) {
		before := e.fake.CountCalls("GET", "/v2/users/me/meetings")
		list, err := e.client.Meetings.ListAll(ctx, "me", zoom.ListScheduled)
		if err != nil {
			t.Fatalf("ListAll: %v", err)
		}
		if diff := cmp.Diff(want, ids(list)); diff != "" {
			t.Errorf("ids (-want +got):\n%s", diff)
		}
		if n := e.fake.CountCalls("GET", "/v2/users/me/meetings") - before; n != 1 {
			t.Errorf("requests for %d meetings at page size 300: got %d, want 1", len(want), n)
		}
		for _, m := range list {
			if !m.CreatedAt.Equal(created[m.ID].Truncate(time.Second)) {
				t.Errorf("meeting %d: created_at %v, want the fake's clock at creation, %v", m.ID, m.CreatedAt, created[m.ID])
			}
		}
	})
	t.Run("pages of 100", func(t *testing.T) {
		opts := &zoom.MeetingListOptions{PageSize: 100}
		var sizes []int
		var got []int64
		for {
			page, _, err := e.client.Meetings.List(ctx, "owner@example.com", opts)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			sizes = append(sizes, len(page.Meetings))
			got = append(got, ids(page.Meetings)...)
			if page.TotalRecords != len(want) {
				t.Errorf("total_records: got %d, want %d", page.TotalRecords, len(want))
			}
			if page.NextPageToken == "" {
				break
			}
			opts.NextPageToken = page.NextPageToken
		}
		if diff := cmp.Diff([]int{100, 100, 51}, sizes); diff != "" {
			t.Errorf("page sizes (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ids over all pages (-want +got):\n%s", diff)
		}
	})
	t.Run("default page size is 30", func(t *testing.T) {
		page, _, err := e.client.Meetings.List(ctx, "me", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Meetings) != 30 || page.NextPageToken == "" {
			t.Errorf("got %d meetings, next token %q; want 30 and a token", len(page.Meetings), page.NextPageToken)
		}
	})
	t.Run("a token of another list is refused", func(t *testing.T) {
		page, _, err := e.client.Users.List(ctx, &zoom.UserListOptions{PageSize: 1})
		if err != nil || page.NextPageToken == "" {
			t.Fatalf("users page: got %+v, %v; want a next page", page, err)
		}
		_, _, err = e.client.Meetings.List(ctx, "me", &zoom.MeetingListOptions{NextPageToken: page.NextPageToken})
		wantCode(t, err, http.StatusBadRequest, zoom.CodeInvalidParameter)
	})
	t.Run("deleted meetings are not listed", func(t *testing.T) {
		if _, err := e.client.Meetings.Delete(ctx, series.ID, ""); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		list, err := e.client.Meetings.ListAll(ctx, "me", "")
		if err != nil {
			t.Fatalf("ListAll: %v", err)
		}
		if diff := cmp.Diff(want[1:], ids(list)); diff != "" {
			t.Errorf("ids after deleting %d (-want +got):\n%s", series.ID, diff)
		}
	})
	t.Run("upcoming leaves out what is over", func(t *testing.T) {
		e.clock.Advance(100 * time.Hour) // past the starts of the first 50 meetings and then some
		e.client = newClient(t, e.srv, accountID, clientID, clientSecret)
		list, err := e.client.Meetings.ListAll(ctx, "me", zoom.ListUpcoming)
		if err != nil {
			t.Fatalf("ListAll: %v", err)
		}
		now := e.clock.Now()
		for _, m := range list {
			if !m.StartTime.Add(time.Duration(m.Duration) * time.Minute).After(now) {
				t.Errorf("meeting %d ended at %v, before %v, yet is listed as upcoming", m.ID, m.StartTime, now)
			}
		}
		if len(list) == 0 || len(list) >= len(want)-1 {
			t.Errorf("upcoming: got %d of %d meetings, want some but not all", len(list), len(want)-1)
		}
	})
}

func TestListMeetingsRefusals(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	e.fake.AddUser(accountID, zoomtest.User{Email: "gone@example.com", Status: "inactive"})
	ctx := t.Context()
	tests := []struct {
		name, user           string
		opts                 *zoom.MeetingListOptions
		wantStatus, wantCode int
	}{
		{"unknown user", "nobody@example.com", nil, http.StatusNotFound, zoom.CodeUserNotFound},
		{"unknown user id", "AbCdEfGhIjKlMnOpQrStUv", nil, http.StatusNotFound, zoom.CodeUserNotFound},
		{"inactive user", "gone@example.com", nil, http.StatusBadRequest, zoom.CodeUserCannotHost},
		{"unknown page token", "me", &zoom.MeetingListOptions{NextPageToken: "forged"}, http.StatusBadRequest, zoom.CodeInvalidParameter},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := e.client.Meetings.List(ctx, tc.user, tc.opts)
			wantCode(t, err, tc.wantStatus, tc.wantCode)
		})
	}
}
