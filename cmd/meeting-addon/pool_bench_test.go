package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

// BenchmarkPoolSaved compares saves that each create a Zoom meeting on one licence booked
// directly with saves into a pool of three licences (every save takes the three licences'
// leases), at 1 and 8 concurrent saves.
func BenchmarkPoolSaved(b *testing.B) {
	kind := "sqlite"
	if storetest.Available("mariadb") {
		kind = "mariadb"
	}
	for _, pooled := range []bool{false, true} {
		for _, conc := range []int{1, 8} {
			name := "direct"
			if pooled {
				name = "pool-of-3"
			}
			b.Run(fmt.Sprintf("%s/%s/conc=%d", kind, name, conc), func(b *testing.B) {
				e := newEnvWith(b, kind, func(_ *gototest.Options, z *zoomtest.Options) { z.DailyLimit = -1; z.Validate = nil })
				e.zoomSetup(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
				res := zoomRoom("lic-1", host1)
				if pooled {
					res = e.poolSetup(b, "warn")
				}
				base := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
				poolRun(b, conc, func(i int) error {
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

// poolRun spreads b.N saves over conc goroutines and reports throughput and latency
// percentiles.
func poolRun(b *testing.B, conc int, op func(i int) error) {
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range conc {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < b.N; i = int(next.Add(1)) - 1 {
				t0 := time.Now()
				if err := op(i); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "saves/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
}
