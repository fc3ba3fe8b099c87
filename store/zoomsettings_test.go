package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// An account's meeting settings: privacy-first when none are given, kept by an update that
// brings none, replaced by one that does; and the per-meeting fingerprints.
func TestZoomMeetingSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		st := storetest.Open(t, kind, func() time.Time { return now })
		ctx := t.Context()
		a, err := st.CreateZoomAccount(ctx, store.ZoomAccount{InstallationID: "i1", Name: "admin@x", AccountID: "acc", ClientID: "cid", ClientSecret: "s1"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(store.DefaultZoomMeetingSettings(), *a.MeetingSettings); diff != "" {
			t.Errorf("new account (-want +got):\n%s", diff)
		}
		want := store.ZoomMeetingSettings{JoinBeforeHost: true, AutoRecording: store.RecordingLocal, MeetingSummary: true, SummaryRecipients: 3, QuestionAskers: 5}
		a.MeetingSettings = &want
		if _, err := st.UpdateZoomAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		a.MeetingSettings, a.Name = nil, "renamed"
		if _, err := st.UpdateZoomAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, err := st.ZoomAccount(ctx, "i1", a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, *got.MeetingSettings); diff != "" {
			t.Errorf("after an update without settings (-want +got):\n%s", diff)
		}

		if err := st.ReplaceZoomUsers(ctx, "i1", a.ID, []store.ZoomUser{{ZoomID: "zu1", Email: "Dozent@Example.org", Type: 2, Status: "active"}}); err != nil {
			t.Fatal(err)
		}
		for _, login := range []string{"dozent@example.org", "zu1"} {
			byLogin, err := st.ZoomMeetingSettingsOf(ctx, "i1", login)
			if diff := cmp.Diff(want, byLogin); err != nil || diff != "" {
				t.Errorf("settings of %s: %v (-want +got):\n%s", login, err, diff)
			}
		}
		if _, err := st.ZoomMeetingSettingsOf(ctx, "i1", "nobody@example.org"); addon.ErrorCode(err) != addon.ENOTFOUND {
			t.Errorf("settings of an unknown user: %v, want not found", err)
		}

		for _, step := range []struct{ id, fp string }{{"111", "a"}, {"222", "b"}, {"111", "c"}, {"222", ""}} {
			if err := st.SetZoomSettingsSent(ctx, "i1", step.id, step.fp); err != nil {
				t.Fatal(err)
			}
		}
		sent, err := st.ZoomSettingsSent(ctx, "i1", []string{"111", "222", "333"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]string{"111": "c"}, sent); diff != "" {
			t.Errorf("fingerprints (-want +got):\n%s", diff)
		}
		if other, _ := st.ZoomSettingsSent(ctx, "i2", []string{"111"}); len(other) != 0 {
			t.Errorf("another installation sees %v", other)
		}
	})
}
