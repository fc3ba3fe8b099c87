package main

import (
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// pinnedOf is what the fake meeting id has for every setting the add-on pins.
func (e *env) pinnedOf(t *testing.T, id string) map[string]any {
	t.Helper()
	n, _ := strconv.ParseInt(id, 10, 64)
	m, ok := e.zoom.Meeting(n)
	if !ok {
		t.Fatalf("meeting %s not at Zoom", id)
	}
	return map[string]any{"waiting_room": m.Setting("waiting_room"), "join_before_host": m.Setting("join_before_host"),
		"mute_upon_entry": m.Setting("mute_upon_entry"), "auto_recording": m.Setting("auto_recording"),
		"auto_start_meeting_summary": m.Setting("auto_start_meeting_summary"), "who_will_receive_summary": m.Setting("who_will_receive_summary"),
		"auto_start_ai_companion_questions": m.Setting("auto_start_ai_companion_questions"), "who_can_ask_questions": m.Setting("who_can_ask_questions")}
}

// wantPinned is pinnedOf for the account settings m, in JSON's types.
func wantPinned(m store.ZoomMeetingSettings) map[string]any {
	return map[string]any{"waiting_room": m.WaitingRoom, "join_before_host": m.JoinBeforeHost, "mute_upon_entry": m.MuteUponEntry,
		"auto_recording": m.AutoRecording, "auto_start_meeting_summary": m.MeetingSummary, "who_will_receive_summary": float64(m.SummaryRecipients),
		"auto_start_ai_companion_questions": m.AIQuestions, "who_can_ask_questions": float64(m.QuestionAskers)}
}

func meetingIDOf(t *testing.T, r crm.Reply) (fields.MeetingData, string) {
	t.Helper()
	if r.Status != 200 || r.Answer.Appointment == nil {
		t.Fatalf("save: %d %s", r.Status, r.Raw)
	}
	data, ok, err := fields.DecodeDataField("zoom_meeting_data", r.Answer.Appointment.Fields["zoom_meeting_data"])
	if err != nil || !ok {
		t.Fatalf("zoom_meeting_data: %v (%q)", err, r.Answer.Appointment.Fields["zoom_meeting_data"])
	}
	return data, data.MeetingID
}

// patchesWithSettings counts the PATCHes since call from that carried a settings object with
// more than alternative hosts.
func (e *env) patchesWithSettings(from int) (all, withSettings int) {
	for _, c := range e.zoom.Calls()[from:] {
		if c.Method != "PATCH" {
			continue
		}
		all++
		var b struct {
			Settings map[string]any `json:"settings"`
		}
		_ = json.Unmarshal(c.Body, &b)
		delete(b.Settings, "alternative_hosts")
		if len(b.Settings) > 0 {
			withSettings++
		}
	}
	return all, withSettings
}

// TestZoomMeetingSettingsPinned: every create carries the account's meeting settings, so that
// none is the host's own default (the fake's are the opposite of the add-on's defaults, and
// newEnv makes it report a create without them); a change of the settings reaches a single
// meeting with its next update and a course with its next save, and only once.
func TestZoomMeetingSettingsPinned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.zoomSetup(time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC))
		ctx := t.Context()
		accts, err := e.app.store.ZoomAccounts(ctx, e.inst)
		if err != nil || len(accts) != 1 {
			t.Fatalf("accounts %v (%v)", accts, err)
		}
		acct := accts[0]

		// The privacy-first defaults of a new account.
		start := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
		single := appt("s-1", "", start, zoomRoom("z-1", host1))
		_, id := meetingIDOf(t, e.save(single))
		if diff := cmp.Diff(wantPinned(store.DefaultZoomMeetingSettings()), e.pinnedOf(t, id)); diff != "" {
			t.Errorf("single meeting's settings (-want +got):\n%s", diff)
		}
		days := []day{{"2026-05-05", "17:00", "18:30"}, {"2026-05-12", "17:00", "18:30"}, {"2026-05-19", "17:00", "18:30"}}
		_, courseID := meetingIDOf(t, e.save(course(t, "k-1", days, zoomRoom("z-2", host2))))
		if diff := cmp.Diff(wantPinned(store.DefaultZoomMeetingSettings()), e.pinnedOf(t, courseID)); diff != "" {
			t.Errorf("course's settings (-want +got):\n%s", diff)
		}

		// The admin chooses otherwise, one setting each.
		chosen := store.ZoomMeetingSettings{WaitingRoom: false, JoinBeforeHost: true, MuteUponEntry: false, AutoRecording: store.RecordingCloud,
			MeetingSummary: true, SummaryRecipients: 2, AIQuestions: true, QuestionAskers: 4}
		acct.MeetingSettings = &chosen
		if _, err := e.app.zoom.Update(ctx, acct); err != nil {
			t.Fatal(err)
		}

		// An unchanged single meeting is not touched; its next update carries the settings.
		from := len(e.zoom.Calls())
		e.save(single)
		if n := e.meetingCalls(from); len(n) != 0 {
			t.Errorf("unchanged save made meeting calls %v", n)
		}
		moved := appt("s-1", "", start.Add(time.Hour), zoomRoom("z-1", host1))
		e.save(moved)
		if all, with := e.patchesWithSettings(from); all != 1 || with != 1 {
			t.Errorf("move: %d PATCHes, %d with settings; want 1 carrying them", all, with)
		}
		if diff := cmp.Diff(wantPinned(chosen), e.pinnedOf(t, id)); diff != "" {
			t.Errorf("single meeting after its update (-want +got):\n%s", diff)
		}
		from = len(e.zoom.Calls())
		e.save(appt("s-1", "", start.Add(2*time.Hour), zoomRoom("z-1", host1)))
		if all, with := e.patchesWithSettings(from); all != 1 || with != 0 {
			t.Errorf("second move: %d PATCHes, %d with settings; want 1 without (they are there already)", all, with)
		}

		// A course gets them with its next save, even an unchanged one, and then no more.
		from = len(e.zoom.Calls())
		e.save(course(t, "k-1", days, zoomRoom("z-2", host2)))
		if all, with := e.patchesWithSettings(from); all != 1 || with != 1 {
			t.Errorf("course after the change: %d PATCHes, %d with settings; want 1 carrying them", all, with)
		}
		if diff := cmp.Diff(wantPinned(chosen), e.pinnedOf(t, courseID)); diff != "" {
			t.Errorf("course after its save (-want +got):\n%s", diff)
		}
		from = len(e.zoom.Calls())
		e.save(course(t, "k-1", days, zoomRoom("z-2", host2)))
		if n := e.meetingCalls(from); len(n) != 0 {
			t.Errorf("unchanged course made meeting calls %v", n)
		}

		// New meetings are made with the new choice.
		_, id2 := meetingIDOf(t, e.save(appt("s-2", "", start.AddDate(0, 0, 1), zoomRoom("z-2", host2))))
		if diff := cmp.Diff(wantPinned(chosen), e.pinnedOf(t, id2)); diff != "" {
			t.Errorf("new meeting (-want +got):\n%s", diff)
		}
	})
}

// TestZoomRegionalAPIURL: the api_url of the token answer is where the account's API calls
// go (the fake answers with a second address of itself, standing for the account's region);
// one that is not Zoom's is refused and the configured base used.
func TestZoomRegionalAPIURL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		regional := httptest.NewServer(e.zoomFaults)
		t.Cleanup(regional.Close)
		e.zoom.SetAPIURL(regional.URL)
		e.zoomSetup(time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC))
		from := len(e.zoom.Calls())
		_, id := meetingIDOf(t, e.save(appt("r-1", "", time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC), zoomRoom("z-1", host1))))
		if id == "" {
			t.Fatal("no meeting")
		}
		regionalHost := strings.TrimPrefix(regional.URL, "http://")
		for _, c := range e.zoom.Calls() {
			if strings.HasPrefix(c.Path, "/v2/") && c.Host != regionalHost {
				t.Errorf("%s %s went to %s, want the regional %s", c.Method, c.Path, c.Host, regionalHost)
			}
		}
		if n := len(e.zoom.Calls()) - from; n == 0 {
			t.Error("no API calls after the setup")
		}
	})
	t.Run("refused", func(t *testing.T) {
		e := newEnv(t, "sqlite")
		e.zoom.SetAPIURL("https://api.zoom.us.evil.example/") // not a Zoom host: the configured base is used
		e.zoomSetup(time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC))
		meetingIDOf(t, e.save(appt("r-2", "", time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC), zoomRoom("z-1", host1))))
		configured := strings.TrimSuffix(strings.TrimPrefix(e.cfg.ZoomAPIURL, "http://"), "/v2/")
		for _, c := range e.zoom.Calls() {
			if strings.HasPrefix(c.Path, "/v2/") && c.Host != configured {
				t.Errorf("%s %s went to %s, want the configured %s", c.Method, c.Path, c.Host, configured)
			}
		}
	})
}

// TestZoomMeetingSettingsBlocks: a course of 60 sessions in blocks and one without fixed time
// are created with the settings, and a change of them reaches every block with the next save.
func TestZoomMeetingSettingsBlocks(t *testing.T) {
	for _, choice := range []string{addon.Over50NoFixedTime, addon.Over50Blocks} {
		t.Run(choice, func(t *testing.T) {
			e := newEnv(t, "sqlite")
			e.zoomSetup(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC))
			ctx := t.Context()
			if err := e.app.store.UpdateSettings(ctx, e.inst, addon.Settings{PermittedGroups: []string{addon.GroupsAll}, Policy: addon.PolicyWarn, Over50: choice}); err != nil {
				t.Fatal(err)
			}
			var days []day
			for i := range 60 {
				days = append(days, day{time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*(i/2)+2*(i%2)).Format("2006-01-02"), "17:00", "19:00"})
			}
			data, _ := meetingIDOf(t, e.save(course(t, "big", days, zoomRoom("z-1", host1))))
			ids := distinct(blocksOf(data))
			if want := map[string]int{addon.Over50NoFixedTime: 1, addon.Over50Blocks: 2}[choice]; len(ids) != want {
				t.Fatalf("%d meetings, want %d", len(ids), want)
			}
			for _, id := range ids {
				if diff := cmp.Diff(wantPinned(store.DefaultZoomMeetingSettings()), e.pinnedOf(t, id)); diff != "" {
					t.Errorf("meeting %s (-want +got):\n%s", id, diff)
				}
			}
			accts, _ := e.app.store.ZoomAccounts(ctx, e.inst)
			chosen := store.DefaultZoomMeetingSettings()
			chosen.AutoRecording, chosen.MeetingSummary = store.RecordingLocal, true
			accts[0].MeetingSettings = &chosen
			if _, err := e.app.zoom.Update(ctx, accts[0]); err != nil {
				t.Fatal(err)
			}
			from := len(e.zoom.Calls())
			e.save(course(t, "big", days, zoomRoom("z-1", host1)))
			if all, with := e.patchesWithSettings(from); all != len(ids) || with != len(ids) {
				t.Errorf("save after the change: %d PATCHes, %d with settings; want one per meeting (%d)", all, with, len(ids))
			}
			for _, id := range ids {
				if diff := cmp.Diff(wantPinned(chosen), e.pinnedOf(t, id)); diff != "" {
					t.Errorf("meeting %s after the save (-want +got):\n%s", id, diff)
				}
			}
		})
	}
}
