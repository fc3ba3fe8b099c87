package gototest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/gotomeeting"
	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
)

func TestMeetingLifecycle(t *testing.T) {
	f := newFixture(t, gototest.Options{}, true)
	const account = "a@example.com"
	c := f.client(t, f.fake.IssueTokens(account))
	ctx := context.Background()
	start := f.clock.Now().Add(48 * time.Hour)

	created, resp, err := c.Meetings.Create(ctx, meetingReq("Kurs <A>", start))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("Create status: got %d, want 201", resp.StatusCode)
	}
	if created.MeetingID < 100_000_000 || created.MeetingID > 999_999_999 {
		t.Errorf("meeting id: got %d, want nine digits", created.MeetingID)
	}
	id := gotomeeting.ID(created.MeetingID).String()
	if want := "https://meet.goto.com/" + id; created.JoinURL != want {
		t.Errorf("joinURL: got %q, want %q", created.JoinURL, want)
	}
	if !strings.Contains(created.ConferenceCallInfo, "+49") || !strings.Contains(created.ConferenceCallInfo, "Zugangscode") {
		t.Errorf("conferenceCallInfo: got %q, want a phone number and an access code", created.ConferenceCallInfo)
	}

	got, _, err := c.Meetings.Get(ctx, id)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got.Subject != "Kurs &lt;A&gt;" || !got.StartTime.Equal(start) || got.Duration != 60 || int64(got.MeetingID) != created.MeetingID {
		t.Errorf("Get: got %+v, want the escaped subject, start %v, 60 minutes, id %s", got, start, id)
	}

	later := start.Add(2 * time.Hour)
	upd := meetingReq("Kurs B", later)
	upd.ConferenceCallInfo = "VoIP"
	if _, err := c.Meetings.Update(ctx, id, upd); err != nil {
		t.Fatalf("Update: %v", err)
	}
	ms := f.fake.Meetings(account)
	if len(ms) != 1 || ms[0].Subject != "Kurs B" || !ms[0].Start.Equal(later) || ms[0].ConferenceCallInfo != "VoIP" {
		t.Errorf("after Update: got %+v, want one meeting Kurs B at %v with VoIP", ms, later)
	}

	host, _, err := c.Meetings.HostURL(ctx, id)
	if err != nil || !strings.HasPrefix(host, "https://global.gotomeeting.com/join/"+id+"?host=") {
		t.Errorf("HostURL: got %q, %v, want a start link of meeting %s", host, err, id)
	}

	up, _, err := c.Meetings.Upcoming(ctx)
	if err != nil || len(up) != 1 || up[0].MeetingID.String() != id {
		t.Errorf("Upcoming: got %+v, %v, want meeting %s", up, err, id)
	}
	f.clock.Advance(72 * time.Hour)
	c = f.client(t, f.fake.IssueTokens(account)) // the first access token expired meanwhile
	if up, _, err := c.Meetings.Upcoming(ctx); err != nil || len(up) != 0 {
		t.Errorf("Upcoming after the meeting ended: got %+v, %v, want none", up, err)
	}

	if _, err := c.Meetings.Delete(ctx, id); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, _, err := c.Meetings.Get(ctx, id); !gotomeeting.IsNotFound(err) {
		t.Errorf("Get after Delete: got %v, want not found", err)
	}
	if _, err := c.Meetings.Delete(ctx, id); !gotomeeting.IsNotFound(err) {
		t.Errorf("second Delete: got %v, want not found", err)
	}
	if got := len(f.fake.Meetings(account)); got != 0 {
		t.Errorf("meetings after Delete: got %d, want 0", got)
	}
	for _, tc := range []struct {
		method, pattern string
		want            int
	}{
		{"POST", "/G2M/rest/meetings", 1},
		{"PUT", "/G2M/rest/meetings/*", 1},
		{"DELETE", "/G2M/rest/meetings/*", 2},
	} {
		if got := f.fake.Count(tc.method, tc.pattern); got != tc.want {
			t.Errorf("Count(%s %s): got %d, want %d", tc.method, tc.pattern, got, tc.want)
		}
	}
}

func TestMeetingsBelongToTheirAccount(t *testing.T) {
	f := newFixture(t, gototest.Options{}, true)
	a := f.client(t, f.fake.IssueTokens("a@example.com"))
	b := f.client(t, f.fake.IssueTokens("b@example.com"))
	created, _, err := a.Meetings.Create(context.Background(), meetingReq("A", f.clock.Now().Add(time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	id := gotomeeting.ID(created.MeetingID).String()
	if _, err := b.Meetings.Delete(context.Background(), id); !gotomeeting.IsNotFound(err) {
		t.Errorf("Delete by another account: got %v, want not found", err)
	}
	if got := len(f.fake.Meetings("a@example.com")); got != 1 {
		t.Errorf("meetings of a: got %d, want 1", got)
	}
}

func TestTokenExpiry(t *testing.T) {
	tests := []struct {
		name   string
		expire func(f *fixture)
	}{
		{name: "after 60 minutes", expire: func(f *fixture) { f.clock.Advance(61 * time.Minute) }},
		{name: "ExpireAccessTokens", expire: func(f *fixture) { f.fake.ExpireAccessTokens() }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, gototest.Options{}, true)
			tok := f.fake.IssueTokens("a@example.com")
			c := f.client(t, tok)
			f.clock.Advance(59 * time.Minute)
			if _, _, err := c.Meetings.Upcoming(context.Background()); err != nil {
				t.Fatalf("Upcoming before expiry: %v", err)
			}
			tc.expire(f)
			_, _, err := c.Meetings.Upcoming(context.Background())
			var er *gotomeeting.ErrorResponse
			if !gotomeeting.IsInvalidToken(err) || !errors.As(err, &er) || er.Response.StatusCode != http.StatusForbidden {
				t.Errorf("Upcoming after expiry: got %v, want 403 InvalidToken", err)
			}
			refreshed, err := f.conf.TokenSource(f.ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
			if err != nil {
				t.Fatalf("refresh: %v", err)
			}
			if _, _, err := f.client(t, refreshed).Meetings.Upcoming(context.Background()); err != nil {
				t.Errorf("Upcoming after refresh: %v", err)
			}
		})
	}
}

func TestFreeAccount(t *testing.T) {
	f := newFixture(t, gototest.Options{}, true)
	free := f.client(t, f.fake.IssueTokens("free@example.com"))
	paid := f.client(t, f.fake.IssueTokens("paid@example.com"))
	f.fake.MarkFree("free@example.com")
	req := meetingReq("Kurs", f.clock.Now().Add(time.Hour))
	if _, _, err := free.Meetings.Create(context.Background(), req); !gotomeeting.IsFreeAccount(err) {
		t.Errorf("Create by a free account: got %v, want 412", err)
	}
	if _, _, err := paid.Meetings.Create(context.Background(), req); err != nil {
		t.Errorf("Create by a paid account: %v", err)
	}
}

func TestRateLimit(t *testing.T) {
	f := newFixture(t, gototest.Options{}, true)
	c := f.client(t, f.fake.IssueTokens("a@example.com"))
	other := f.client(t, f.fake.IssueTokens("b@example.com"))
	ctx := context.Background()
	for i := range 10 {
		if _, _, err := c.Meetings.Upcoming(ctx); err != nil {
			t.Fatalf("request %d within the limit: %v", i+1, err)
		}
	}
	if _, _, err := c.Meetings.Upcoming(ctx); !gotomeeting.IsRateLimited(err) {
		t.Errorf("11th request in the same second: got %v, want 429", err)
	}
	if _, _, err := other.Meetings.Upcoming(ctx); err != nil {
		t.Errorf("another account in the same second: %v", err)
	}
	f.clock.Advance(time.Second)
	if _, _, err := c.Meetings.Upcoming(ctx); err != nil {
		t.Errorf("request one second later: %v", err)
	}
}

func TestCreateRefusesInvalidMeetings(t *testing.T) {
	// The client cannot send these, so raw bodies go through its NewRequest and Do; the spec
	// check is off because the bodies are wrong on purpose.
	f := newFixture(t, gototest.Options{}, false)
	c := f.client(t, f.fake.IssueTokens("a@example.com"))
	valid := func() map[string]any {
		return map[string]any{
			"subject": "Kurs", "starttime": "2026-06-01T08:00:00Z", "endtime": "2026-06-01T09:00:00Z",
			"passwordrequired": false, "conferencecallinfo": "Hybrid", "timezonekey": "", "meetingtype": "scheduled",
		}
	}
	tests := []struct {
		name   string
		change func(m map[string]any)
	}{
		{name: "subject of 101 characters", change: func(m map[string]any) { m["subject"] = strings.Repeat("x", 101) }},
		{name: "raw angle bracket", change: func(m map[string]any) { m["subject"] = "a<b" }},
		{name: "start after end", change: func(m map[string]any) { m["starttime"] = "2026-06-01T10:00:00Z" }},
		{name: "start equals end", change: func(m map[string]any) { m["endtime"] = m["starttime"] }},
		{name: "local time with offset", change: func(m map[string]any) { m["starttime"] = "2026-06-01T10:00:00+02:00" }},
		{name: "timezonekey missing", change: func(m map[string]any) { delete(m, "timezonekey") }},
		{name: "unknown meeting type", change: func(m map[string]any) { m["meetingtype"] = "weekly" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := valid()
			tc.change(body)
			req, err := c.NewRequest(context.Background(), http.MethodPost, "meetings", body)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Do(req, nil)
			var er *gotomeeting.ErrorResponse
			if !errors.As(err, &er) || er.Response.StatusCode != http.StatusBadRequest || er.Msg == "" {
				t.Errorf("create: got %v, want 400 with a message", err)
			}
		})
	}
	if got := len(f.fake.Meetings("a@example.com")); got != 0 {
		t.Errorf("meetings after refused creates: got %d, want 0", got)
	}
}

func TestValidateHookReportsAndAnswers(t *testing.T) {
	var reported []error
	f := newFixture(t, gototest.Options{
		Validate: func(r *http.Request, body []byte) error {
			if r.Method == http.MethodGet {
				return nil
			}
			return errors.New("mismatch: " + string(body[:1]))
		},
		Report: func(err error) { reported = append(reported, err) },
	}, true)
	c := f.client(t, f.fake.IssueTokens("a@example.com"))
	if _, _, err := c.Meetings.Create(context.Background(), meetingReq("Kurs", f.clock.Now().Add(time.Hour))); err != nil {
		t.Errorf("Create: %v, want it answered despite the report", err)
	}
	if _, _, err := c.Meetings.Upcoming(context.Background()); err != nil {
		t.Errorf("Upcoming: %v", err)
	}
	if len(reported) != 1 || !strings.Contains(reported[0].Error(), "mismatch: {") {
		t.Errorf("reports: got %v, want one for the create, with the body readable", reported)
	}
}
