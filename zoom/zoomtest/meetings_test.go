package zoomtest_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

func TestCreateAnswersLikeZoom(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	m := e.create(t, "me", &zoom.MeetingRequest{
		Topic: "Kurs A", Type: zoom.MeetingScheduled, StartTime: "2026-09-10T09:00:00Z", Timezone: "Europe/Berlin", Duration: 45,
	})
	if n := len(strconv.FormatInt(m.ID, 10)); n != 11 {
		t.Errorf("id %d: got %d digits, want 11", m.ID, n)
	}
	if m.ID <= 1<<32 {
		t.Errorf("id %d: want an id beyond 32 bits", m.ID)
	}
	checks := []struct {
		what, got string
		want      *regexp.Regexp
	}{
		{"join_url", m.JoinURL, regexp.MustCompile(`^https://us02web\.zoom\.us/j/` + strconv.FormatInt(m.ID, 10) + `\?pwd=\S+$`)},
		{"start_url", m.StartURL, regexp.MustCompile(`^https://us02web\.zoom\.us/s/\d{11}\?zak=\S+$`)},
		{"password (default rule: 6 digits)", m.Password, regexp.MustCompile(`^\d{6}$`)},
		{"pstn_password", m.PstnPassword, regexp.MustCompile(`^\d+$`)},
		{"h323_password", m.H323Password, regexp.MustCompile(`^\d+$`)},
		{"encrypted_password", m.EncryptedPassword, regexp.MustCompile(`^\S{10,}$`)},
		{"uuid", m.UUID, regexp.MustCompile(`^\S+$`)},
	}
	for _, c := range checks {
		if !c.want.MatchString(c.got) {
			t.Errorf("%s: got %q, want match of %s", c.what, c.got, c.want)
		}
	}
	if !m.StartTime.Equal(utc("2026-09-10T09:00:00Z")) || m.Duration != 45 || m.Timezone != "Europe/Berlin" || m.Topic != "Kurs A" {
		t.Errorf("got start %v duration %d tz %q topic %q, want what was asked", m.StartTime, m.Duration, m.Timezone, m.Topic)
	}
	if m.Settings == nil || len(m.Settings.GlobalDialInNumbers) != 1 || !strings.HasPrefix(m.Settings.GlobalDialInNumbers[0].Number, "+49") {
		t.Errorf("settings.global_dial_in_numbers: got %+v, want one German number", m.Settings)
	}
	if len(m.Occurrences) != 0 {
		t.Errorf("occurrences of a single meeting: got %d, want none", len(m.Occurrences))
	}
	got, _, err := e.client.Meetings.Get(t.Context(), m.ID, "")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got.JoinURL != m.JoinURL || got.Password != m.Password {
		t.Errorf("Get: got join_url %q password %q, want those of Create", got.JoinURL, got.Password)
	}
	inv, _, err := e.client.Meetings.Invitation(t.Context(), m.ID)
	if err != nil {
		t.Fatalf("Invitation: %v", err)
	}
	for _, want := range []string{"Topic: Kurs A", m.JoinURL, "Passcode: " + m.Password, "Sep 10, 2026 11:00 AM Europe/Berlin"} {
		if !strings.Contains(inv, want) {
			t.Errorf("invitation %q: want it to contain %q", inv, want)
		}
	}
}

func TestCreateRefusals(t *testing.T) {
	e := setupUnchecked(t, zoomtest.Options{})
	ctx := t.Context()
	e.fake.AddUser(accountID, zoomtest.User{Email: "anna@example.com"})
	e.fake.AddUser(accountID, zoomtest.User{Email: "gone@example.com", Status: "inactive"})
	e.fake.AddUser(accountID, zoomtest.User{Email: "basic@example.com", Type: 1})
	e.fake.AddUser(accountID, zoomtest.User{Email: "paul@example.com"})
	e.fake.DenyScheduling("paul@example.com")
	e.fake.SetPasswordRequirement(accountID, "", zoomtest.PasswordRequirement{Length: 8, HaveLetter: true, HaveNumber: true, ConsecutiveCharactersLength: 4})

	ok := func() *zoom.MeetingRequest {
		return &zoom.MeetingRequest{Topic: "Kurs", Type: 2, StartTime: "2026-09-10T09:00:00Z", Duration: 60, Password: "ab12cd34"}
	}
	tests := []struct {
		name         string
		user         string
		edit         func(*zoom.MeetingRequest)
		status, code int
		msg          string
	}{
		{name: "unknown host", user: "nobody@example.com", status: 404, code: zoom.CodeUserNotFound},
		{name: "host withheld scheduling privilege", user: "paul@example.com", status: 400, code: zoom.CodeCannotSchedule, msg: "You cannot schedule a meeting for paul@example.com"},
		{name: "schedule_for a host who withheld it", user: "me", edit: func(r *zoom.MeetingRequest) { r.ScheduleFor = "paul@example.com" }, status: 400, code: zoom.CodeCannotSchedule},
		{name: "schedule_for an unknown user", user: "me", edit: func(r *zoom.MeetingRequest) { r.ScheduleFor = "x@example.com" }, status: 400, code: zoom.CodeInvalidParameter},
		{name: "inactive host", user: "gone@example.com", status: 400, code: zoom.CodeUserCannotHost},
		{name: "topic too long", user: "me", edit: func(r *zoom.MeetingRequest) { r.Topic = strings.Repeat("x", 201) }, status: 400, code: 300, msg: "topic"},
		{name: "duration 0 is omitted, 1441 refused", user: "me", edit: func(r *zoom.MeetingRequest) { r.Duration = 1441 }, status: 400, code: 300, msg: "duration"},
		{name: "passcode longer than 10", user: "me", edit: func(r *zoom.MeetingRequest) { r.Password = "ab12cd34ef5" }, status: 400, code: 300, msg: "10 characters"},
		{name: "passcode shorter than the rule", user: "me", edit: func(r *zoom.MeetingRequest) { r.Password = "ab12cd3" }, status: 400, code: 300, msg: "minimum passcode length is 8"},
		{name: "passcode without number", user: "me", edit: func(r *zoom.MeetingRequest) { r.Password = "abxdefgz" }, status: 400, code: 300, msg: "have_number"},
		{name: "passcode with 4 consecutive", user: "me", edit: func(r *zoom.MeetingRequest) { r.Password = "x1234zzz" }, status: 400, code: 300, msg: "consecutive"},
		{name: "passcode with a character Zoom refuses", user: "me", edit: func(r *zoom.MeetingRequest) { r.Password = "ab12cd3!" }, status: 400, code: 300, msg: "can only contain"},
		{name: "unknown alternative host", user: "me", edit: func(r *zoom.MeetingRequest) {
			r.Settings = &zoom.MeetingSettings{AlternativeHosts: zoom.Ptr("anna@example.com;ghost@example.com")}
		}, status: 400, code: zoom.CodeAlternativeHost, msg: "ghost@example.com"},
		{name: "inactive alternative host", user: "me", edit: func(r *zoom.MeetingRequest) {
			r.Settings = &zoom.MeetingSettings{AlternativeHosts: zoom.Ptr("gone@example.com")}
		}, status: 400, code: zoom.CodeAlternativeHost, msg: "gone@example.com"},
		{name: "unlicensed alternative host", user: "me", edit: func(r *zoom.MeetingRequest) {
			r.Settings = &zoom.MeetingSettings{AlternativeHosts: zoom.Ptr("basic@example.com")}
		}, status: 400, code: zoom.CodeAlternativeHost},
		{name: "unknown time zone", user: "me", edit: func(r *zoom.MeetingRequest) { r.Timezone = "Europe/Atlantis" }, status: 400, code: 300, msg: "timezone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := ok()
			if tc.edit != nil {
				tc.edit(req)
			}
			_, _, err := e.client.Meetings.Create(ctx, tc.user, req)
			wantCode(t, err, tc.status, tc.code)
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q: want it to mention %q", err, tc.msg)
			}
		})
	}
	if n := e.fake.CountCalls(http.MethodPost, "/v2/users/"); n != len(tests) {
		t.Errorf("CountCalls: got %d creates, want %d", n, len(tests))
	}

	t.Run("accepted after the host grants the privilege", func(t *testing.T) {
		e.fake.AllowScheduling("paul@example.com")
		m := e.create(t, "paul@example.com", ok())
		if m.HostEmail != "paul@example.com" {
			t.Errorf("host_email: got %q, want paul@example.com", m.HostEmail)
		}
	})
	t.Run("generated passcode follows the account's rule", func(t *testing.T) {
		req := ok()
		req.Password = ""
		m := e.create(t, "anna@example.com", req)
		if !regexp.MustCompile(`^[A-Za-z0-9@_*-]{8,10}$`).MatchString(m.Password) || !regexp.MustCompile(`\d`).MatchString(m.Password) {
			t.Errorf("password: got %q, want 8–10 characters with letters and a number", m.Password)
		}
	})
}

func TestUpdateAndDelete(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	ctx := t.Context()
	m := e.create(t, "me", &zoom.MeetingRequest{
		Topic: "Serie", Type: zoom.MeetingRecurringFixed, StartTime: "2026-09-07T18:00:00", Timezone: "Europe/Berlin", Duration: 60,
		Recurrence: &zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "2", EndTimes: 4},
	})
	second := m.Occurrences[1].OccurrenceID

	t.Run("occurrence moved", func(t *testing.T) {
		if _, err := e.client.Meetings.Update(ctx, m.ID, second, &zoom.MeetingRequest{StartTime: "2026-09-15T17:00:00Z", Duration: 30}); err != nil {
			t.Fatalf("Update occurrence: %v", err)
		}
		got, _ := e.fake.Meeting(m.ID)
		o := got.Occurrences[1]
		if !o.StartTime.Equal(utc("2026-09-15T17:00:00Z")) || o.Duration != 30 {
			t.Errorf("moved occurrence: got %v for %d min, want 2026-09-15T17:00Z for 30", o.StartTime, o.Duration)
		}
		if first := got.Occurrences[0]; !first.StartTime.Equal(utc("2026-09-07T16:00:00Z")) || first.Duration != 60 {
			t.Errorf("other occurrence changed: got %+v", first)
		}
	})
	t.Run("start in the past refused", func(t *testing.T) {
		_, err := e.client.Meetings.Update(ctx, m.ID, "", &zoom.MeetingRequest{StartTime: "2026-08-31T18:00:00Z"})
		wantCode(t, err, 400, zoom.CodeInvalidParameter)
	})
	t.Run("occurrence deleted", func(t *testing.T) {
		if _, err := e.client.Meetings.Delete(ctx, m.ID, second); err != nil {
			t.Fatalf("Delete occurrence: %v", err)
		}
		got, _, err := e.client.Meetings.Get(ctx, m.ID, "")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		for _, o := range got.Occurrences {
			if o.OccurrenceID == second {
				t.Errorf("deleted occurrence %s still listed as %s", second, o.Status)
			}
		}
		if len(got.Occurrences) != 3 {
			t.Errorf("occurrences: got %d, want 3", len(got.Occurrences))
		}
		rec, _ := e.fake.Meeting(m.ID)
		if st := rec.Occurrences[1].Status; st != "deleted" {
			t.Errorf("status of deleted occurrence: got %q, want deleted", st)
		}
	})
	t.Run("past occurrences shown on request only", func(t *testing.T) {
		e.clock.Advance(8 * 24 * time.Hour)                               // past the first occurrence on 7 September
		e.client = newClient(t, e.srv, accountID, clientID, clientSecret) // the old token expired
		got, _, err := e.client.Meetings.Get(ctx, m.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Occurrences) != 2 {
			t.Errorf("upcoming occurrences: got %d, want 2", len(got.Occurrences))
		}
		req, err := e.client.NewRequest(ctx, http.MethodGet, "meetings/"+strconv.FormatInt(m.ID, 10)+"?show_previous_occurrences=true", nil)
		if err != nil {
			t.Fatal(err)
		}
		all := &zoom.Meeting{}
		if _, err := e.client.Do(req, all); err != nil {
			t.Fatal(err)
		}
		if len(all.Occurrences) != 3 {
			t.Errorf("occurrences with show_previous_occurrences: got %d, want 3 (4 less the deleted one)", len(all.Occurrences))
		}
	})
	t.Run("series re-expanded on update", func(t *testing.T) {
		_, err := e.client.Meetings.Update(ctx, m.ID, "", &zoom.MeetingRequest{
			Type: zoom.MeetingRecurringFixed, StartTime: "2026-10-01T10:00:00", Timezone: "Europe/Berlin",
			Recurrence: &zoom.Recurrence{Type: zoom.RecurDaily, EndTimes: 2},
		})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		got, _ := e.fake.Meeting(m.ID)
		if len(got.Occurrences) != 2 || !got.Occurrences[1].StartTime.Equal(utc("2026-10-02T08:00:00Z")) {
			t.Errorf("occurrences after update: got %+v, want 2 daily from 2026-10-01 10:00 Berlin", got.Occurrences)
		}
	})
	t.Run("whole meeting deleted", func(t *testing.T) {
		if _, err := e.client.Meetings.Delete(ctx, m.ID, ""); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		_, _, err := e.client.Meetings.Get(ctx, m.ID, "")
		wantCode(t, err, 404, zoom.CodeMeetingNotFound)
		_, err = e.client.Meetings.Delete(ctx, m.ID, "")
		wantCode(t, err, 404, zoom.CodeMeetingNotFound)
	})
}

func TestMeetingsOfOtherAccountsAreInvisible(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	m := e.create(t, "me", &zoom.MeetingRequest{Topic: "A", Type: 2, StartTime: "2026-09-10T09:00:00Z", Duration: 30})
	e.fake.AddAccount("acc-2", "client-2", "secret-2")
	e.fake.AddUser("acc-2", zoomtest.User{Email: "other@example.org"})
	other := newClient(t, e.srv, "acc-2", "client-2", "secret-2")
	_, _, err := other.Meetings.Get(t.Context(), m.ID, "")
	wantCode(t, err, 404, zoom.CodeMeetingNotFound)
}
