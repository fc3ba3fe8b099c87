package main

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

const (
	zoomAccountID = "zacc-1"
	host1         = "dozent1@example.org"
	host2         = "dozent2@example.org"
)

// zoomSetup creates a Zoom account with two licensed users at the fake and in the add-on.
func (e *env) zoomSetup(at time.Time) {
	e.t.Helper()
	e.clock.mu.Lock()
	e.clock.t = at
	e.clock.mu.Unlock()
	e.zoom.AddAccount(zoomAccountID, "zcid", "zsecret")
	e.zoom.AddUser(zoomAccountID, zoomtest.User{Email: "admin@example.org", Type: 2, Timezone: "Europe/Berlin"})
	e.zoom.AddUser(zoomAccountID, zoomtest.User{Email: host1, Type: 2, Timezone: "Europe/Berlin"})
	e.zoom.AddUser(zoomAccountID, zoomtest.User{Email: host2, Type: 2, Timezone: "Europe/Berlin"})
	ctx := e.t.Context()
	acc, err := e.app.store.CreateZoomAccount(ctx, store.ZoomAccount{InstallationID: e.inst, Name: "admin@example.org",
		AccountID: zoomAccountID, ClientID: "zcid", ClientSecret: "zsecret"})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.app.zoom.SyncUsers(ctx, e.inst, acc.ID); err != nil {
		e.t.Fatal(err)
	}
}

func zoomRoom(id, user string) map[string]any {
	return map[string]any{"id": id, "name": "Zoom " + id, "fields": map[string]string{"zoom_user": user}}
}

func berlinAt(t *testing.T, date, clock string) time.Time {
	t.Helper()
	ts, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, mustLoc(t))
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

type day struct{ date, from, to string }

// course is a series master given by explicit course days (rule null), as KuferSQL sends them.
func course(t *testing.T, id string, days []day, res ...map[string]any) map[string]any {
	first := berlinAt(t, days[0].date, days[0].from)
	a := appt(id, "Kursnotiz", first, res...)
	a["end"] = berlinAt(t, days[0].date, days[0].to).Format(time.RFC3339)
	var occ []map[string]any
	for _, d := range days {
		s, e := berlinAt(t, d.date, d.from), berlinAt(t, d.date, d.to)
		occ = append(occ, map[string]any{"recurrence_id": s.Format(time.RFC3339), "start": s.Format(time.RFC3339), "end": e.Format(time.RFC3339), "cancelled": false})
	}
	a["series"] = map[string]any{"rule": nil, "occurrences": occ}
	return a
}

// available returns the local "date time–time" of the meeting's available occurrences.
func (e *env) available(t *testing.T, r map[string]string) (int, []string) {
	t.Helper()
	data, ok, err := fields.DecodeDataField("zoom_meeting_data", r["zoom_meeting_data"])
	if err != nil || !ok {
		t.Fatalf("zoom_meeting_data: %v (%q)", err, r["zoom_meeting_data"])
	}
	id, _ := strconv.ParseInt(data.MeetingID, 10, 64)
	m, found := e.zoom.Meeting(id)
	if !found {
		t.Fatalf("meeting %d not at Zoom", id)
	}
	var out []string
	for _, o := range m.Occurrences {
		if o.Status == "available" {
			l := o.StartTime.In(mustLoc(t))
			out = append(out, l.Format("Mon 02.01.2006 15:04")+"–"+l.Add(time.Duration(o.Duration)*time.Minute).Format("15:04"))
		}
	}
	return m.Type, out
}

func wantSlots(t *testing.T, days []day) []string {
	var out []string
	for _, d := range days {
		out = append(out, berlinAt(t, d.date, d.from).Format("Mon 02.01.2006 15:04")+"–"+d.to)
	}
	return out
}

func TestZoomManualCourse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.zoomSetup(time.Date(2021, 7, 1, 8, 0, 0, 0, time.UTC))
		days := []day{{"2021-08-03", "16:30", "18:00"}, {"2021-08-06", "16:30", "18:00"}, {"2021-08-09", "16:30", "18:00"},
			{"2021-08-13", "16:30", "18:00"}, {"2021-08-16", "16:30", "18:00"}}
		before := len(e.zoom.Calls())
		r := e.save(course(t, "k-1", days, zoomRoom("z-1", host1)))
		if r.Status != 200 || r.Answer.Appointment == nil {
			t.Fatalf("save: %d %s", r.Status, r.Raw)
		}
		typ, got := e.available(t, r.Answer.Appointment.Fields)
		if want := wantSlots(t, days); typ != 8 || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("Zoom meeting type %d with occurrences\n%v\nwant type 8 with\n%v", typ, got, want)
		}
		count := e.meetingCalls(before)
		t.Logf("meeting calls for the manual's course: %v", count)
		if count["POST"] != 1 || count["GET"] != 0 || count["PATCH"] != 0 || count["DELETE"] != 1 {
			t.Errorf("calls %v, want 1 create, no read, no patch and exactly the 1 delete the rule needs", count)
		}
		if n := strings.Count(noteOf(t, r), fields.BlockStart); n != 1 {
			t.Errorf("%d invitation blocks in the master's note, want 1", n)
		}
		// Opening an element answers its occurrence's link without a new meeting.
		el := appt("k-1-e3", "", berlinAt(t, "2021-08-09", "16:30"), zoomRoom("z-1", host1))
		el["end"] = berlinAt(t, "2021-08-09", "18:00").Format(time.RFC3339)
		el["occurrence"] = map[string]any{"series_id": "k-1", "recurrence_id": berlinAt(t, "2021-08-09", "16:30").Format(time.RFC3339)}
		posts := e.zoom.CountCalls("POST", "/v2/users/")
		er := e.send("appointment.series_element_opened", "", map[string]any{"appointment": el, "series_master": course(t, "k-1", days, zoomRoom("z-1", host1))}, organizer)
		if er.Status != 200 || e.zoom.CountCalls("POST", "/v2/users/") != posts || strings.Count(noteOf(t, er), fields.BlockStart) != 1 {
			t.Errorf("element opened: %d, %d new meetings, note %q", er.Status, e.zoom.CountCalls("POST", "/v2/users/")-posts, noteOf(t, er))
		}
		// Cancelling an element deletes only its occurrence.
		cancelled := course(t, "k-1", days, zoomRoom("z-1", host1))
		cancelled["series"].(map[string]any)["occurrences"].([]map[string]any)[1]["cancelled"] = true
		r2 := e.save(cancelled)
		_, got = e.available(t, r2.Answer.Appointment.Fields)
		if want := wantSlots(t, append(days[:1:1], days[2:]...)); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("after cancelling 06.08.: %v, want %v", got, want)
		}
	})
}

func TestZoomWeekendAndDST(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC))
	var weekend []day
	for w := range 4 {
		fri := time.Date(2026, 5, 8+7*w, 0, 0, 0, 0, time.UTC)
		weekend = append(weekend, day{fri.Format("2006-01-02"), "18:00", "21:00"}, day{fri.AddDate(0, 0, 1).Format("2006-01-02"), "09:00", "18:00"})
	}
	from := len(e.zoom.Calls())
	r := e.save(course(t, "wk", weekend, zoomRoom("z-1", host1)))
	t.Logf("weekend course (8 sessions): meeting calls %v", e.meetingCalls(from))
	if r.Answer.Appointment == nil {
		t.Fatalf("weekend course: %s", r.Raw)
	}
	if typ, got := e.available(t, r.Answer.Appointment.Fields); typ != 8 || strings.Join(got, "|") != strings.Join(wantSlots(t, weekend), "|") {
		t.Errorf("weekend course: type %d\n%v\nwant\n%v", typ, got, wantSlots(t, weekend))
	}
	var weekly []day
	for w := range 8 {
		weekly = append(weekly, day{time.Date(2026, 10, 6+7*w, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), "18:00", "19:30"})
	}
	from = len(e.zoom.Calls())
	r = e.save(course(t, "autumn", weekly, zoomRoom("z-2", host2)))
	t.Logf("weekly course across DST (8 sessions): meeting calls %v", e.meetingCalls(from))
	if r.Answer.Appointment == nil {
		t.Fatalf("autumn course: %s", r.Raw)
	}
	if _, got := e.available(t, r.Answer.Appointment.Fields); strings.Join(got, "|") != strings.Join(wantSlots(t, weekly), "|") {
		t.Errorf("weekly course across the DST change:\n%v\nwant every one at 18:00\n%v", got, wantSlots(t, weekly))
	}
}

func TestZoomMoreThan50Sessions(t *testing.T) {
	for _, choice := range []string{addon.Over50NoFixedTime, addon.Over50Blocks} {
		t.Run(choice, func(t *testing.T) {
			e := newEnv(t, "sqlite")
			e.zoomSetup(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC))
			if err := e.app.store.UpdateSettings(t.Context(), e.inst, addon.Settings{PermittedGroups: []string{addon.GroupsAll}, Policy: addon.PolicyWarn, Over50: choice}); err != nil {
				t.Fatal(err)
			}
			var days []day
			for i := range 60 {
				days = append(days, day{time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*(i/2)+2*(i%2)).Format("2006-01-02"), "17:00", "19:00"})
			}
			from := len(e.zoom.Calls())
			r := e.save(course(t, "big", days, zoomRoom("z-1", host1)))
			t.Logf("60 sessions, %s: meeting calls %v", choice, e.meetingCalls(from))
			data, _, err := fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])
			if err != nil || len(data.Occurrences) != 60 {
				t.Fatalf("data has %d sessions, want all 60 (%v)", len(data.Occurrences), err)
			}
			meetings := map[string]bool{}
			for _, id := range blocksOf(data) {
				meetings[id] = true
			}
			switch choice {
			case addon.Over50NoFixedTime:
				id, _ := strconv.ParseInt(data.MeetingID, 10, 64)
				m, _ := e.zoom.Meeting(id)
				if m.Type != 3 || len(meetings) != 1 || !hasMessage(r, "series_no_fixed_time") {
					t.Errorf("type %d, %d meetings, messages %+v; want one type-3 meeting and the user told", m.Type, len(meetings), r.Answer.Messages)
				}
			case addon.Over50Blocks:
				total := 0
				for id := range meetings {
					n, _ := strconv.ParseInt(id, 10, 64)
					m, _ := e.zoom.Meeting(n)
					for _, o := range m.Occurrences {
						if o.Status == "available" {
							total++
						}
					}
				}
				if len(meetings) != 2 || total != 60 || !hasMessage(r, "series_blocks") {
					t.Errorf("%d meetings with %d available occurrences, messages %+v; want 2 blocks carrying all 60", len(meetings), total, r.Answer.Messages)
				}
			}
		})
	}
}

func TestZoomErrorsAreActionable(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Now().UTC().Truncate(time.Second))
	start := e.clock.Now().Add(48 * time.Hour)
	for i, tc := range []struct {
		name    string
		arrange func()
		want    string
	}{
		{"3000 no scheduling privilege", func() { e.zoom.DenyScheduling(host1) }, "Planungsberechtigung zuweisen an"},
		{"1001 user gone at Zoom", func() {
			e.zoom.AllowScheduling(host1)
			e.zoom.ForceError("POST", "/v2/users/", http.StatusNotFound, 1001, "User does not exist: "+host1)
		}, "existiert im Zoom-Konto nicht"},
		{"124 token refused once is renewed", func() {
			e.zoom.ForceError("POST", "/v2/users/", http.StatusUnauthorized, 124, "Invalid access token.")
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.arrange()
			r := e.save(appt(fmt.Sprintf("z-%d", i), "", start.Add(time.Duration(i)*3*time.Hour), zoomRoom("z-1", host1)))
			if tc.want == "" {
				if !hasMessage(r, "meeting_created") {
					t.Errorf("after one 124 the meeting should be created with a renewed token: %s", r.Raw)
				}
				return
			}
			if r.Status != 200 || !hasMessage(r, "meeting_failed") || !strings.Contains(string(r.Raw), tc.want) {
				t.Errorf("got %d %s; want a message containing %q", r.Status, r.Raw, tc.want)
			}
		})
	}
}

func TestZoomDailyLimit(t *testing.T) {
	e := newEnvWith(t, "sqlite", func(_ *gototest.Options, z *zoomtest.Options) { z.DailyLimit = 2 })
	e.zoomSetup(time.Now().UTC().Truncate(time.Second))
	start := e.clock.Now().Add(48 * time.Hour)
	var r crm.Reply
	for i := range 3 {
		r = e.save(appt(fmt.Sprintf("d-%d", i), "", start.Add(time.Duration(i)*3*time.Hour), zoomRoom("z-1", host1)))
	}
	if r.Status != 200 || !hasMessage(r, "meeting_failed") || !strings.Contains(string(r.Raw), "zurückgesetzt") {
		t.Errorf("third create over a limit of 2: %d %s; want a message saying when the limit resets", r.Status, r.Raw)
	}
}

// meetingCalls counts the fake Zoom's meeting requests by method since index from.
func (e *env) meetingCalls(from int) map[string]int {
	count := map[string]int{}
	for _, c := range e.zoom.Calls()[from:] {
		if strings.Contains(c.Path, "/meetings") {
			count[c.Method]++
		}
	}
	return count
}

func TestZoomSeriesLaterSavesChangeOnlyWhatChanged(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	days := []day{{"2026-02-03", "18:00", "19:30"}, {"2026-02-10", "18:00", "19:30"}, {"2026-02-17", "18:00", "19:30"}, {"2026-02-24", "18:00", "19:30"}}
	r := e.save(course(t, "c", days, zoomRoom("z-1", host1)))
	first, _, _ := fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])

	// One session moves to 19:00: one occurrence patch, nothing else.
	moved := append([]day(nil), days...)
	moved[2] = day{"2026-02-17", "19:00", "20:30"}
	from := len(e.zoom.Calls())
	r = e.save(course(t, "c", moved, zoomRoom("z-1", host1)))
	if got := e.meetingCalls(from); got["PATCH"] != 1 || got["POST"]+got["DELETE"]+got["GET"] != 0 {
		t.Errorf("moving one session: calls %v, want exactly 1 PATCH", got)
	}
	if _, got := e.available(t, r.Answer.Appointment.Fields); strings.Join(got, "|") != strings.Join(wantSlots(t, moved), "|") {
		t.Errorf("after the move: %v, want %v", got, wantSlots(t, moved))
	}
	// Saving again unchanged calls Zoom for nothing.
	from = len(e.zoom.Calls())
	e.save(course(t, "c", moved, zoomRoom("z-1", host1)))
	if got := e.meetingCalls(from); len(got) != 0 {
		t.Errorf("unchanged save: calls %v, want none", got)
	}
	// A new date cannot be added as an occurrence: the same meeting gets a new recurrence and
	// keeps its link.
	added := append(append([]day(nil), moved...), day{"2026-03-03", "18:00", "19:30"})
	from = len(e.zoom.Calls())
	r = e.save(course(t, "c", added, zoomRoom("z-1", host1)))
	now, _, _ := fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])
	t.Logf("adding a date: calls %v", e.meetingCalls(from))
	if now.MeetingID != first.MeetingID || now.JoinURL != first.JoinURL {
		t.Errorf("adding a date changed the meeting %s → %s; the link must stay", first.MeetingID, now.MeetingID)
	}
	if _, got := e.available(t, r.Answer.Appointment.Fields); strings.Join(got, "|") != strings.Join(wantSlots(t, added), "|") {
		t.Errorf("after adding a date: %v, want %v", got, wantSlots(t, added))
	}
	// Deleting the master deletes the meeting.
	e.send("appointment.deleted", "", map[string]any{"appointment": map[string]any{"id": "c", "fields": map[string]string{}}}, organizer)
	id, _ := strconv.ParseInt(now.MeetingID, 10, 64)
	if _, ok := e.zoom.Meeting(id); ok {
		t.Error("the series' meeting still exists at Zoom after deleting the master")
	}
}

func TestZoomResourceAndAlternativeHosts(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Now().UTC().Truncate(time.Second))
	for _, tc := range []struct{ login, code, want string }{
		{host1, "zoom_user_ok", "admin@example.org"},
		{"nobody@example.org", "zoom_user_invalid", "nobody@example.org"},
	} {
		r := e.send("resource.saved", "", map[string]any{"resource": zoomRoom("z-"+tc.login, tc.login)}, organizer)
		if r.Status != 200 || !hasMessage(r, tc.code) || !strings.Contains(string(r.Raw), tc.want) || len(r.Answer.Buttons) != 0 {
			t.Errorf("resource.saved for %s: %s; want %s naming %s and no connect button", tc.login, r.Raw, tc.code, tc.want)
		}
	}
	start := e.clock.Now().Add(48 * time.Hour)
	// A second booked Zoom licence and the field's e-mail become alternative hosts.
	a := appt("alt-1", "", start, zoomRoom("z-1", host1), zoomRoom("z-2", host2))
	a["fields"] = map[string]string{"zoom_alternative_hosts": "admin@example.org"}
	r := e.save(a)
	data, _, err := fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])
	if err != nil {
		t.Fatalf("%v: %s", err, r.Raw)
	}
	id, _ := strconv.ParseInt(data.MeetingID, 10, 64)
	m, _ := e.zoom.Meeting(id)
	if m.HostEmail != host1 || m.AlternativeHosts != host2+";admin@example.org" {
		t.Errorf("host %q, alternative hosts %q; want %s with %s;admin@example.org", m.HostEmail, m.AlternativeHosts, host1, host2)
	}
	if strings.Contains(string(r.Raw), "start_url") || strings.Contains(string(r.Raw), "zak=") {
		t.Error("the answer carries the host start link")
	}
	// An unknown alternative host stops the meeting before anything is created at Zoom.
	posts := e.zoom.CountCalls("POST", "/v2/users/")
	b := appt("alt-2", "", start.Add(5*time.Hour), zoomRoom("z-1", host1))
	b["fields"] = map[string]string{"zoom_alternative_hosts": "gone@example.org"}
	r = e.save(b)
	if !hasMessage(r, "meeting_failed") || !strings.Contains(string(r.Raw), "gone@example.org") || e.zoom.CountCalls("POST", "/v2/users/") != posts {
		t.Errorf("unknown alternative host: %s; want a message naming it and no create call", r.Raw)
	}
}

func TestZoomHostCapacity(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Now().UTC().Truncate(time.Second))
	if err := e.app.store.UpdateSettings(t.Context(), e.inst, addon.Settings{PermittedGroups: []string{addon.GroupsAll}, Policy: addon.PolicyWarn, HostCapacity: 2}); err != nil {
		t.Fatal(err)
	}
	start := e.clock.Now().Add(48 * time.Hour)
	var warned []bool
	for i, offset := range []time.Duration{0, 30 * time.Minute, time.Hour} {
		r := e.save(appt(fmt.Sprintf("cap-%d", i), "", start.Add(offset), zoomRoom("z-1", host1)))
		warned = append(warned, hasMessage(r, "resource_overbooked"))
	}
	// 10:00–11:30, 10:30–12:00 and 11:00–12:30: at 11:00 all three would run at once.
	if want := []bool{false, false, true}; fmt.Sprint(warned) != fmt.Sprint(want) {
		t.Errorf("overbooking warnings %v, want %v with a capacity of 2", warned, want)
	}
}

func TestZoomInfoButton(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC))
	days := []day{{"2026-05-05", "18:00", "19:30"}, {"2026-05-12", "18:00", "19:30"}}
	r := e.save(course(t, "inf", days, zoomRoom("z-1", host1)))
	var info string
	for _, b := range r.Answer.Buttons {
		if b.ID == "meeting_info" {
			info = b.URL
		}
	}
	if info == "" {
		t.Fatalf("no Zoom-Info button: %+v", r.Answer.Buttons)
	}
	resp, err := http.Get(e.crm.LaunchURL(info, addon.User{ID: "u-2", Name: "Teilnehmer", Locale: "de"}, false))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	if resp.StatusCode != 200 || !strings.Contains(page, "Di 05.05.2026 18:00") && !strings.Contains(page, "Tue 05.05.2026 18:00") || !strings.Contains(page, "12.05.2026 18:00") {
		t.Errorf("info page %d does not list the dates read from Zoom:\n%s", resp.StatusCode, page)
	}
	if strings.Contains(page, "start_url") || strings.Contains(page, "/s/") {
		t.Error("the info page shows the host start link")
	}
}

// Passcodes the add-on generates from the rules Zoom reports are never refused by Zoom (the
// fake checks every rule field on create).
func TestZoomPasscodesFollowTheAccountRules(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Now().UTC().Truncate(time.Second))
	start := e.clock.Now().Add(48 * time.Hour)
	rules := []zoomtest.PasswordRequirement{
		{Length: 6, OnlyAllowNumeric: true},
		{Length: 8, HaveLetter: true, HaveNumber: true},
		{Length: 10, HaveSpecialCharacter: true, HaveUpperAndLowerCharacters: true, HaveNumber: true},
		{Length: 7, HaveLetter: true, ConsecutiveCharactersLength: 4, WeakEnhanceDetection: true},
		{Length: 9, OnlyAllowNumeric: true, ConsecutiveCharactersLength: 4, WeakEnhanceDetection: true},
	}
	for i, rule := range rules {
		// host2 inherits the account's rule; host1 has its own in its meeting-security settings.
		for _, userLevel := range []bool{false, true} {
			user, host, res := "", host2, "z-2"
			if userLevel {
				user, host, res = e.zoomUserID(t, host1), host1, "z-1"
			}
			e.zoom.SetPasswordRequirement(zoomAccountID, user, rule)
			for k := range 5 {
				id := fmt.Sprintf("pw-%d-%v-%d", i, userLevel, k)
				r := e.save(appt(id, "", start.Add(time.Duration(i*10+k)*3*time.Hour), zoomRoom(res, host)))
				if !hasMessage(r, "meeting_created") {
					t.Fatalf("rule %+v (user level %v): %s", rule, userLevel, r.Raw)
				}
			}
		}
	}
}

func (e *env) zoomUserID(t *testing.T, email string) string {
	t.Helper()
	u, err := e.app.store.ZoomUserByLogin(t.Context(), e.inst, email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ZoomID
}

// Dates no recurrence can carry (two sessions on one day) become one meeting without fixed
// time, and later changes keep it and its link.
func TestZoomIrregularCourse(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC))
	days := []day{{"2026-05-09", "09:00", "12:00"}, {"2026-05-09", "13:00", "16:00"}, {"2026-05-16", "09:00", "12:00"}}
	c := course(t, "irr", days, zoomRoom("z-1", host1))
	occ := c["series"].(map[string]any)["occurrences"].([]map[string]any)
	r := e.save(c)
	data, _, err := fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])
	if err != nil || !hasMessage(r, "series_irregular") || len(data.Occurrences) != 3 {
		t.Fatalf("irregular course: %v %s", err, r.Raw)
	}
	id, _ := strconv.ParseInt(data.MeetingID, 10, 64)
	if m, _ := e.zoom.Meeting(id); m.Type != 3 {
		t.Errorf("meeting type %d, want 3 (no fixed time)", m.Type)
	}
	occ[2]["start"] = berlinAt(t, "2026-05-16", "10:00").Format(time.RFC3339)
	occ[2]["end"] = berlinAt(t, "2026-05-16", "13:00").Format(time.RFC3339)
	from := len(e.zoom.Calls())
	r = e.save(c)
	again, _, _ := fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])
	if got := e.meetingCalls(from); len(got) != 0 || again.MeetingID != data.MeetingID {
		t.Errorf("moving a session of a meeting without fixed time: calls %v, meeting %s → %s; want no call and the same meeting", got, data.MeetingID, again.MeetingID)
	}
}
