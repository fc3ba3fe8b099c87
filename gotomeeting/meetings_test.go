package gotomeeting_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/gotomeeting"
)

var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	// 10:00 in Berlin (summer time) is 08:00 UTC: the request must carry UTC.
	start = time.Date(2026, 6, 1, 10, 0, 0, 0, berlin)
	end   = start.Add(90 * time.Minute)
)

func TestMeetingsCreate(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("POST /G2M/rest/meetings", func(w http.ResponseWriter, r *http.Request) {
		want := map[string]any{
			"subject":            "Kurs &lt;A&gt;",
			"starttime":          "2026-06-01T08:00:00Z",
			"endtime":            "2026-06-01T09:30:00Z",
			"passwordrequired":   false,
			"conferencecallinfo": "Hybrid",
			"timezonekey":        "",
			"meetingtype":        "scheduled",
		}
		if diff := cmp.Diff(want, decodeBody(t, r)); diff != "" {
			t.Errorf("request body mismatch (-want +got):\n%s", diff)
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `[{"joinURL":"https://meet.goto.com/123456789","meetingid":123456789,
			"maxParticipants":250,"uniqueMeetingId":123456789,"conferenceCallInfo":"Deutschland: +49 721 9881 4161\nZugangscode: 123-456-789"}]`)
	})

	got, resp, err := c.Meetings.Create(context.Background(), &gotomeeting.MeetingRequest{Subject: "Kurs <A>", Start: start, End: end})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("status: got %d, want 201", resp.StatusCode)
	}
	want := &gotomeeting.CreatedMeeting{
		JoinURL: "https://meet.goto.com/123456789", MeetingID: 123456789, MaxParticipants: 250,
		UniqueMeetingID: 123456789, ConferenceCallInfo: "Deutschland: +49 721 9881 4161\nZugangscode: 123-456-789",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Create mismatch (-want +got):\n%s", diff)
	}
}

func TestMeetingsCreateLargeID(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("POST /G2M/rest/meetings", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `[{"joinURL":"j","meetingid":98765432109876,"maxParticipants":250,"uniqueMeetingId":98765432109876,"conferenceCallInfo":"VoIP"}]`)
	})
	got, _, err := c.Meetings.Create(context.Background(), &gotomeeting.MeetingRequest{Subject: "x", Start: start, End: end})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if got.MeetingID != 98765432109876 {
		t.Errorf("MeetingID: got %d, want 98765432109876 (ids need 64 bits)", got.MeetingID)
	}
}

func TestMeetingsCreateEmptyArray(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("POST /G2M/rest/meetings", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `[]`)
	})
	if got, _, err := c.Meetings.Create(context.Background(), &gotomeeting.MeetingRequest{Subject: "x", Start: start, End: end}); err == nil {
		t.Errorf("Create with an empty answer: got %+v, want an error", got)
	}
}

func TestMeetingsGet(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /G2M/rest/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
		if got := r.PathValue("id"); got != "123456789" {
			t.Errorf("meeting id in path: got %q, want 123456789", got)
		}
		io.WriteString(w, `[{"createTime":"","passwordRequired":true,"status":"INACTIVE","subject":"Kurs",
			"startTime":"2026-06-01T08:00:00.+0000","endTime":"2026-06-01T09:30:00Z","conferenceCallInfo":"Hybrid",
			"duration":90,"maxParticipants":250,"meetingId":123456789,"meetingKey":123456789,
			"meetingType":"scheduled","uniqueMeetingId":123456789}]`)
	})
	got, _, err := c.Meetings.Get(context.Background(), "123456789")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	want := &gotomeeting.MeetingDetails{
		MeetingID: 123456789, MeetingKey: 123456789, UniqueMeetingID: 123456789, Subject: "Kurs",
		StartTime: gotomeeting.Time{Time: start.UTC()}, EndTime: gotomeeting.Time{Time: end.UTC()},
		Status: "INACTIVE", PasswordRequired: true, ConferenceCallInfo: "Hybrid", Duration: 90,
		MaxParticipants: 250, MeetingType: "scheduled",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Get mismatch (-want +got):\n%s", diff)
	}
}

func TestMeetingsUpdate(t *testing.T) {
	c, mux := setup(t)
	called := false
	mux.HandleFunc("PUT /G2M/rest/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
		called = true
		want := map[string]any{
			"subject": "Neu", "starttime": "2026-06-01T08:00:00Z", "endtime": "2026-06-01T09:30:00Z",
			"passwordrequired": true, "conferencecallinfo": "VoIP", "timezonekey": "", "meetingtype": "scheduled",
			"coorganizerKeys": []any{"42"},
		}
		if diff := cmp.Diff(want, decodeBody(t, r)); diff != "" {
			t.Errorf("request body mismatch (-want +got):\n%s", diff)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Meetings.Update(context.Background(), "123456789", &gotomeeting.MeetingRequest{
		Subject: "Neu", Start: start, End: end, PasswordRequired: true, ConferenceCallInfo: "VoIP", CoorganizerKeys: []string{"42"},
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if !called || resp.StatusCode != http.StatusNoContent {
		t.Errorf("Update: got called=%v status %d, want a PUT answered 204", called, resp.StatusCode)
	}
}

func TestMeetingsDelete(t *testing.T) {
	c, mux := setup(t)
	var gotID string
	mux.HandleFunc("DELETE /G2M/rest/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
		gotID = r.PathValue("id")
		w.WriteHeader(http.StatusNoContent)
	})
	if _, err := c.Meetings.Delete(context.Background(), "123456789"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if gotID != "123456789" {
		t.Errorf("deleted id: got %q, want 123456789", gotID)
	}
}

func TestMeetingsHostURL(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /G2M/rest/meetings/{id}/start", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"hostURL":"https://global.gotomeeting.com/join/123456789?host=abc"}`)
	})
	got, _, err := c.Meetings.HostURL(context.Background(), "123456789")
	if err != nil {
		t.Fatalf("HostURL: %v", err)
	}
	if want := "https://global.gotomeeting.com/join/123456789?host=abc"; got != want {
		t.Errorf("HostURL: got %q, want %q", got, want)
	}
}

func TestMeetingsUpcoming(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /G2M/rest/upcomingMeetings", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `[{"startTime":"2026-06-01T08:00:00Z","endTime":"2026-06-01T09:30:00Z","meetingId":"123456789",
			"subject":"Kurs","status":"INACTIVE","passwordRequired":false,"meetingType":"scheduled","email":"a@example.com"}]`)
	})
	got, _, err := c.Meetings.Upcoming(context.Background())
	if err != nil {
		t.Fatalf("Upcoming: %v", err)
	}
	want := []gotomeeting.UpcomingMeeting{{
		MeetingID: 123456789, Subject: "Kurs", StartTime: gotomeeting.Time{Time: start.UTC()}, EndTime: gotomeeting.Time{Time: end.UTC()},
		Status: "INACTIVE", MeetingType: "scheduled", Email: "a@example.com",
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Upcoming mismatch (-want +got):\n%s", diff)
	}
}

func TestSubject(t *testing.T) {
	long := strings.Repeat("a", 150)
	tests := []struct {
		name, in, want string
	}{
		{name: "plain", in: "Yoga für Anfänger", want: "Yoga für Anfänger"},
		{name: "angle brackets escaped", in: "a<b>c", want: "a&lt;b&gt;c"},
		{name: "ampersand kept", in: "Q&A", want: "Q&A"},
		{name: "space trimmed", in: "  Kurs  ", want: "Kurs"},
		{name: "exactly 100", in: long[:100], want: long[:100]},
		{name: "too long is cut with an ellipsis", in: long, want: long[:99] + "…"},
		{name: "entity not cut in half", in: long[:96] + "<<<<", want: long[:96] + "…"},
		{name: "umlauts counted as characters", in: strings.Repeat("ä", 100), want: strings.Repeat("ä", 100)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := gotomeeting.Subject(tc.in)
			if got != tc.want {
				t.Errorf("Subject(%q): got %q, want %q", tc.in, got, tc.want)
			}
			if n := utf8.RuneCountInString(got); n > gotomeeting.MaxSubject {
				t.Errorf("Subject(%q): %d characters, want at most %d", tc.in, n, gotomeeting.MaxSubject)
			}
		})
	}
}

func TestTimeUnmarshal(t *testing.T) {
	want := time.Date(2015, 7, 1, 22, 0, 0, 0, time.UTC)
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{in: `"2015-07-01T22:00:00Z"`, want: want},
		{in: `"2015-07-02T00:00:00+02:00"`, want: want},
		{in: `"2015-07-01T22:00:00.+0000"`, want: want},
		{in: `"2015-07-01T22:00:00.000+0000"`, want: want},
		{in: `""`},
		{in: `null`},
		{in: `"01.07.2015"`, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			var got gotomeeting.Time
			err := got.UnmarshalJSON([]byte(tc.in))
			if (err != nil) != tc.wantErr {
				t.Fatalf("UnmarshalJSON(%s): got error %v, want error=%v", tc.in, err, tc.wantErr)
			}
			if !got.Equal(tc.want) {
				t.Errorf("UnmarshalJSON(%s): got %v, want %v", tc.in, got.Time, tc.want)
			}
		})
	}
}
