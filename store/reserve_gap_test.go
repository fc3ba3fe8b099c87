package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// New appointments with neighbouring ids, saved at the same time on different rooms, never
// wait for each other: their reservations take no gap locks, so none deadlocks and runs again
// (under REPEATABLE READ the DELETE of their absent bookings locked the gap between them).
func TestNewAppointmentsOnOtherRoomsDoNotDeadlock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		st := storetest.Open(t, kind, nil)
		ctx := context.Background()
		inst, err := st.CreateInstallationWithSecret(ctx, "inst_gap", "https://crm.example.org", "secret-secret-secret-secret-1234")
		if err != nil {
			t.Fatal(err)
		}
		const rooms, rounds = 16, 6
		for r := range rooms {
			if _, _, err := st.SaveResource(ctx, addon.MeetingResource{InstallationID: inst.ID, ResourceID: storetest.Name("r", r),
				Provider: addon.ProviderGoTo, Name: "Raum", Account: fmt.Sprintf("raum%d@example.org", r)}); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
		before := st.Reruns()
		for round := range rounds {
			var wg sync.WaitGroup
			for r := range rooms {
				wg.Add(1)
				go func() {
					defer wg.Done()
					id := fmt.Sprintf("n-%02d-%02d", round, r) // neighbours in the bookings' index
					ctx := store.WithPending(ctx, inst)
					if _, _, _, err := st.MarksAndDelivery(ctx, inst.ID, "d-"+id, "", store.Ahead{Appointment: id, Single: true}, "a:"+id); err != nil {
						t.Error(err)
						return
					}
					span := addon.Booking{ResourceID: storetest.Name("r", r), Key: addon.BookingKey{AppointmentID: id},
						Start: start.Add(time.Duration(round) * time.Hour), End: start.Add(time.Duration(round)*time.Hour + 30*time.Minute), Title: id}
					err := st.ReserveAccounts(ctx, inst.ID, []string{span.ResourceID}, id, nil, []addon.Booking{span}, false,
						func(others map[string][]addon.Booking) []addon.Booking {
							if len(others[span.ResourceID]) > 0 {
								t.Errorf("%s: other bookings %v on its own room", id, others)
							}
							return []addon.Booking{span}
						})
					if err != nil {
						t.Errorf("reserve %s: %v", id, err)
					}
				}()
			}
			wg.Wait()
		}
		if n := st.Reruns() - before; n > 0 {
			t.Errorf("%d reservations ran again after a deadlock or lock timeout, want none", n)
		}
		for round := range rounds {
			for r := range rooms {
				id := fmt.Sprintf("n-%02d-%02d", round, r)
				if b, err := st.Bookings(ctx, inst.ID, id); err != nil || len(b) != 1 {
					t.Errorf("%s holds %v, %v; want its one booking", id, b, err)
				}
			}
		}
	})
}
