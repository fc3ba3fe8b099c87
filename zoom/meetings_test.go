package zoom_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/zoom"
)

const meetingAnswer = `{"uuid":"aDYlohsHRtCd4ii1uC2+hA==","id":85746065432,"host_id":"h1","host_email":"o@example.com",
"topic":"Kurs","type":8,"start_time":"2026-10-06T16:00:00Z","duration":60,"timezone":"Europe/Berlin",
"join_url":"https://us02web.zoom.us/j/85746065432?pwd=enc","start_url":"https://us02web.zoom.us/s/85746065432?zak=z",
"password":"123456","h323_password":"123456","pstn_password":"123456","encrypted_password":"enc",
"occurrences":[{"occurrence_id":"1791302400000","start_time":"2026-10-06T16:00:00Z","duration":60,"status":"available"}],
"settings":{"alternative_hosts":"a@example.com","global_dial_in_numbers":[{"country":"DE","number":"+49 69 3807 9883","type":"toll"}]}}`

func wantMeeting() *zoom.Meeting {
	start := time.Date(2026, 10, 6, 16, 0, 0, 0, time.UTC)
	return &zoom.Meeting{
		ID: 85746065432, UUID: "aDYlohsHRtCd4ii1uC2+hA==", HostID: "h1", HostEmail: "o@example.com",
		Topic: "Kurs", Type: 8, StartTime: start, Duration: 60, Timezone: "Europe/Berlin",
		JoinURL: "https://us02web.zoom.us/j/85746065432?pwd=enc", StartURL: "https://us02web.zoom.us/s/85746065432?zak=z",
		Password: "123456", H323Password: "123456", PstnPassword: "123456", EncryptedPassword: "enc",
		Occurrences: []zoom.Occurrence{{OccurrenceID: "1791302400000", StartTime: start, Duration: 60, Status: "available"}},
		Settings: &zoom.MeetingSettings{
			AlternativeHosts:    zoom.Ptr("a@example.com"),
			GlobalDialInNumbers: []zoom.DialInNumber{{Country: "DE", Number: "+49 69 3807 9883", Type: "toll"}},
		},
	}
}

func TestMeetingsCreate(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/v2/users/o@example.com/meetings", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testBody(t, r, `{"topic":"Kurs","type":8,"start_time":"2026-10-06T18:00:00","timezone":"Europe/Berlin","duration":60,"password":"123456",`+
			`"recurrence":{"type":2,"weekly_days":"3","end_times":6},"settings":{"alternative_hosts":"a@example.com"}}`)
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type: got %q, want application/json", ct)
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, meetingAnswer)
	})
	start, err := zoom.FormatLocal(time.Date(2026, 10, 6, 16, 0, 0, 0, time.UTC), "Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := c.Meetings.Create(context.Background(), "o@example.com", &zoom.MeetingRequest{
		Topic: "Kurs", Type: zoom.MeetingRecurringFixed, StartTime: start, Timezone: "Europe/Berlin", Duration: 60, Password: "123456",
		Recurrence: &zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "3", EndTimes: 6},
		Settings:   &zoom.MeetingSettings{AlternativeHosts: zoom.Ptr("a@example.com")},
	})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if diff := cmp.Diff(wantMeeting(), got); diff != "" {
		t.Errorf("meeting (-want +got):\n%s", diff)
	}
}

func TestMeetingsGet(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/meetings/85746065432", func(w http.ResponseWriter, r *http.Request) {
		if got := r.URL.Query().Get("occurrence_id"); got != "1791302400000" {
			t.Errorf("occurrence_id: got %q, want 1791302400000", got)
		}
		io.WriteString(w, meetingAnswer)
	})
	got, _, err := c.Meetings.Get(context.Background(), 85746065432, "1791302400000")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if diff := cmp.Diff(wantMeeting(), got); diff != "" {
		t.Errorf("meeting (-want +got):\n%s", diff)
	}
}

func TestMeetingsUpdateSendsOnlyWhatIsSet(t *testing.T) {
	tests := []struct {
		name, occurrence string
		req              *zoom.MeetingRequest
		wantBody         string
		wantQuery        string
	}{
		{name: "topic only", req: &zoom.MeetingRequest{Topic: "Neu"}, wantBody: `{"topic":"Neu"}`},
		{
			name: "one occurrence", occurrence: "1791302400000",
			req:      &zoom.MeetingRequest{StartTime: zoom.FormatUTC(time.Date(2026, 10, 7, 16, 0, 0, 0, time.UTC)), Duration: 30},
			wantBody: `{"start_time":"2026-10-07T16:00:00Z","duration":30}`, wantQuery: "occurrence_id=1791302400000",
		},
		{
			name: "whole series", req: &zoom.MeetingRequest{Recurrence: &zoom.Recurrence{Type: zoom.RecurMonthly, MonthlyWeek: -1, MonthlyWeekDay: 6, EndDateTime: "2027-01-01T00:00:00Z"}},
			wantBody: `{"recurrence":{"type":3,"monthly_week":-1,"monthly_week_day":6,"end_date_time":"2027-01-01T00:00:00Z"}}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("PATCH /v2/meetings/85746065432", func(w http.ResponseWriter, r *http.Request) {
				testBody(t, r, tc.wantBody)
				if r.URL.RawQuery != tc.wantQuery {
					t.Errorf("query: got %q, want %q", r.URL.RawQuery, tc.wantQuery)
				}
				w.WriteHeader(http.StatusNoContent)
			})
			resp, err := c.Meetings.Update(context.Background(), 85746065432, tc.occurrence, tc.req)
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
			if resp.StatusCode != http.StatusNoContent {
				t.Errorf("status: got %d, want 204", resp.StatusCode)
			}
		})
	}
}

func TestMeetingsDelete(t *testing.T) {
	c, mux := setup(t)
	var gotQueries []string
	mux.HandleFunc("DELETE /v2/meetings/85746065432", func(w http.ResponseWriter, r *http.Request) {
		gotQueries = append(gotQueries, r.URL.RawQuery)
		w.WriteHeader(http.StatusNoContent)
	})
	ctx := context.Background()
	if _, err := c.Meetings.Delete(ctx, 85746065432, "1791302400000"); err != nil {
		t.Fatalf("Delete occurrence: %v", err)
	}
	if _, err := c.Meetings.Delete(ctx, 85746065432, ""); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if diff := cmp.Diff([]string{"occurrence_id=1791302400000", ""}, gotQueries); diff != "" {
		t.Errorf("queries (-want +got):\n%s", diff)
	}
	if _, err := c.Meetings.Delete(ctx, 0, ""); err == nil {
		t.Errorf("Delete of meeting 0: got no error, want one before any request")
	}
}

func TestMeetingsInvitation(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/meetings/85746065432/invitation", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"invitation":"Olga is inviting you\r\nTopic: Kurs"}`)
	})
	got, _, err := c.Meetings.Invitation(context.Background(), 85746065432)
	if err != nil {
		t.Fatalf("Invitation: %v", err)
	}
	if want := "Olga is inviting you\r\nTopic: Kurs"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMeetingsList(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/users/o@example.com/meetings", func(w http.ResponseWriter, r *http.Request) {
		if got, want := r.URL.RawQuery, "next_page_token=tok1&page_size=50&type=upcoming"; got != want {
			t.Errorf("query: got %q, want %q", got, want)
		}
		io.WriteString(w, `{"page_count":2,"page_number":1,"page_size":50,"total_records":51,"next_page_token":"tok2","meetings":[
{"uuid":"aDYlohsHRtCd4ii1uC2+hA==","id":85746065432,"host_id":"h1","topic":"Kurs","type":8,"start_time":"2026-10-06T16:00:00Z",
"duration":60,"timezone":"Europe/Berlin","created_at":"2026-09-01T08:00:05Z","join_url":"https://us02web.zoom.us/j/85746065432?pwd=enc"},
{"uuid":"x","id":85746065433,"host_id":"h1","topic":"Offen","type":3,"duration":60,"timezone":"Europe/Berlin","created_at":"2026-09-01T08:01:00Z","join_url":"j"}]}`)
	})
	got, _, err := c.Meetings.List(context.Background(), "o@example.com", &zoom.MeetingListOptions{Type: zoom.ListUpcoming, PageSize: 50, NextPageToken: "tok1"})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	want := &zoom.MeetingList{PageSize: 50, TotalRecords: 51, NextPageToken: "tok2", Meetings: []zoom.Meeting{
		{
			ID: 85746065432, UUID: "aDYlohsHRtCd4ii1uC2+hA==", HostID: "h1", Topic: "Kurs", Type: zoom.MeetingRecurringFixed,
			StartTime: time.Date(2026, 10, 6, 16, 0, 0, 0, time.UTC), Duration: 60, Timezone: "Europe/Berlin",
			CreatedAt: time.Date(2026, 9, 1, 8, 0, 5, 0, time.UTC), JoinURL: "https://us02web.zoom.us/j/85746065432?pwd=enc",
		},
		{
			ID: 85746065433, UUID: "x", HostID: "h1", Topic: "Offen", Type: zoom.MeetingRecurringNoFixed, Duration: 60,
			Timezone: "Europe/Berlin", CreatedAt: time.Date(2026, 9, 1, 8, 1, 0, 0, time.UTC), JoinURL: "j",
		},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("page (-want +got):\n%s", diff)
	}
	if _, _, err := c.Meetings.List(context.Background(), "", nil); err == nil {
		t.Errorf("List with empty user id: got no error, want one before any request")
	}
}

func TestMeetingsListAll(t *testing.T) {
	c, mux := setup(t)
	pages := map[string]string{
		"":   `{"next_page_token":"p2","meetings":[{"id":81000000001,"topic":"a"},{"id":81000000002,"topic":"b"}]}`,
		"p2": `{"next_page_token":"p3","meetings":[{"id":81000000003,"topic":"c"}]}`,
		"p3": `{"next_page_token":"","meetings":[{"id":81000000004,"topic":"d"}]}`,
	}
	var tokens []string
	mux.HandleFunc("GET /v2/users/h1/meetings", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("type") != "scheduled" || q.Get("page_size") != "300" {
			t.Errorf("query: got %q, want type=scheduled and page_size=300", r.URL.RawQuery)
		}
		tokens = append(tokens, q.Get("next_page_token"))
		io.WriteString(w, pages[q.Get("next_page_token")])
	})
	list, err := c.Meetings.ListAll(context.Background(), "h1", zoom.ListScheduled)
	if err != nil {
		t.Fatalf("ListAll: %v", err)
	}
	var ids []int64
	for _, m := range list {
		ids = append(ids, m.ID)
	}
	if diff := cmp.Diff([]int64{81000000001, 81000000002, 81000000003, 81000000004}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", "p2", "p3"}, tokens); diff != "" {
		t.Errorf("page tokens sent (-want +got):\n%s", diff)
	}
}

func TestMeetingsListAllStopsOnError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/users/h1/meetings", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("next_page_token") == "" {
			io.WriteString(w, `{"next_page_token":"old","meetings":[{"id":81000000001}]}`)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"code":300,"message":"The next page token is invalid or expired."}`)
	})
	list, err := c.Meetings.ListAll(context.Background(), "h1", "")
	if !zoom.IsCode(err, zoom.CodeInvalidParameter) || list != nil {
		t.Errorf("got %v meetings and error %v, want none and code 300", list, err)
	}
}

func TestFormatTimes(t *testing.T) {
	at := time.Date(2026, 3, 29, 8, 30, 0, 0, time.UTC) // the day Berlin moves to summer time
	tests := []struct {
		name, got, want string
	}{
		{"UTC", zoom.FormatUTC(at.In(time.FixedZone("x", 3600))), "2026-03-29T08:30:00Z"},
		{"Berlin summer time", must(zoom.FormatLocal(at, "Europe/Berlin")), "2026-03-29T10:30:00"},
		{"Berlin winter time", must(zoom.FormatLocal(at.AddDate(0, 0, -1), "Europe/Berlin")), "2026-03-28T09:30:00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %s, want %s", tc.got, tc.want)
			}
		})
	}
	if _, err := zoom.FormatLocal(at, "Mars/Olympus"); err == nil {
		t.Errorf("FormatLocal with unknown zone: got no error")
	}
}

func must(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}
