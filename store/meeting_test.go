package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// A webhook about any block of a Zoom course finds the course's record, though the record's
// own meeting id is the first block's; a similar id does not.
func TestMeetingsByProviderIDFindsEveryBlock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		st := storetest.Open(t, kind, func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) })
		ctx := context.Background()
		course := addon.MeetingRecord{Ref: "r1", InstallationID: "i1", AppointmentID: "a1", ResourceID: "z-1",
			Meeting: addon.Meeting{Provider: addon.ProviderZoom, ID: "81111111111"},
			Data:    `{"mode":"blocks","blocks":[{"provider":"zoom","meeting_id":"81111111111","join_url":"j1"},{"provider":"zoom","meeting_id":"82222222222","join_url":"j2"}]}`}
		if err := st.CreateMeeting(ctx, course); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]int{"81111111111": 1, "82222222222": 1, "8222222222": 0, "": 0, `8%`: 0} {
			recs, err := st.MeetingsByProviderID(ctx, addon.ProviderZoom, id)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != want || (want == 1 && recs[0].Ref != "r1") {
				t.Errorf("meeting %q: %d records %+v, want %d", id, len(recs), recs, want)
			}
		}
		if recs, _ := st.MeetingsByProviderID(ctx, addon.ProviderGoTo, "82222222222"); len(recs) != 0 {
			t.Errorf("another provider's meeting id matched: %+v", recs)
		}
	})
}
