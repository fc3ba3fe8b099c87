package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// A meeting's record that rides in the answer's commit survives a first run of that
// transaction that is rolled back: the rerun still writes it, so the record does not stay an
// intent while the user already has the meeting's link.
func TestPendingRecordSurvivesARerun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		st := storetest.Open(t, kind, nil)
		bg := context.Background()
		inst, err := st.CreateInstallationWithSecret(bg, "inst_p", "https://crm.example.org", "secret-secret-secret-secret-1234")
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
		rec := addon.MeetingRecord{Ref: "ref-1", InstallationID: inst.ID, AppointmentID: "a-1", ResourceID: "r-1",
			Meeting: addon.Meeting{Provider: addon.ProviderGoTo}, Subject: "Kurs", Start: start, End: start.Add(time.Hour), RemoteState: addon.Creating}
		if err := st.CreateMeeting(bg, rec); err != nil {
			t.Fatal(err)
		}
		ctx := store.WithPending(bg, inst)
		rec.Meeting, rec.RemoteState = addon.Meeting{Provider: addon.ProviderGoTo, ID: "123", JoinURL: "https://meet.example/123"}, ""
		if err := st.FinishMeeting(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if err := st.RolledBackPending(ctx); err == nil {
			t.Fatal("the first run was not rolled back")
		}
		lease, err := st.Hold(ctx, addon.AppointmentLock(inst.ID, "a-1"), time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		d := store.Delivery{Event: "appointment.saved", Status: 200, Body: []byte("{}"), Subject: "a:a-1"}
		if _, err := st.ApplyEvent(ctx, lease, inst.ID, "a:a-1", store.EventMark{}, start.UnixMilli(), false, "d-1", d); err != nil {
			t.Fatal(err)
		}
		got, err := st.MeetingFor(bg, inst.ID, "a-1")
		if err != nil || got.RemoteState != "" || got.ID != "123" {
			t.Errorf("record after the answer's commit: %+v, %v; want the meeting 123, no longer an intent", got, err)
		}
	})
}
