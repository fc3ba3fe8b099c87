package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

// BenchmarkPoolSaved compares saves that each create a Zoom meeting on one licence booked
// directly with saves into a pool of three licences (every save takes the three licences'
// leases), at 1 and 8 concurrent saves.
func BenchmarkPoolSaved(b *testing.B) {
	for _, pooled := range []bool{false, true} {
		for _, conc := range []int{1, 8} {
			name := "direct"
			if pooled {
				name = "pool-of-3"
			}
			b.Run(fmt.Sprintf("%s/%s/conc=%d", benchKind(), name, conc), func(b *testing.B) {
				e := newEnvWith(b, benchKind(), func(_ *gototest.Options, z *zoomtest.Options) { z.DailyLimit = -1; z.Validate = nil })
				e.zoomSetup(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
				res := zoomRoom("lic-1", host1)
				if pooled {
					res = e.poolSetup(b, "warn")
				}
				base := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
				runConcurrent(b, conc, func(i int) error {
					a := appt(fmt.Sprintf("bench-%d", i), "Agenda", base.Add(time.Duration(i)*2*time.Hour), res)
					r, err := e.crm.Send(context.Background(), "appointment.saved", "", e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": a}))
					if err != nil {
						return err
					}
					if r.Status != 200 || !hasMessage(r, "meeting_created") {
						return fmt.Errorf("status %d: %s", r.Status, r.Raw)
					}
					return nil
				})
			})
		}
	}
}
