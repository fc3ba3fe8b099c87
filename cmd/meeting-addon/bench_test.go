package main

import (
	"context"
	"database/sql"
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

// benchKind is the database the benchmarks use: MariaDB when configured (the production
// kind), else SQLite.
func benchKind() string {
	if storetest.Available("mariadb") {
		return "mariadb"
	}
	return "sqlite"
}

// run spreads b.N operations over conc goroutines and reports throughput and latency
// percentiles.
func runConcurrent(b *testing.B, conc int, op func(i int) error) {
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t0 := time.Now()
				if err := op(i); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// BenchmarkAppointmentSaved measures appointment.saved hooks that each create a meeting, end to
// end over HTTP against the GoTo fake with no added latency.
func BenchmarkAppointmentSaved(b *testing.B) {
	for _, conc := range []int{1, 8, 32} {
		b.Run(fmt.Sprintf("%s/conc=%d", benchKind(), conc), func(b *testing.B) {
			e := newEnvWith(b, benchKind(), func(o *gototest.Options, _ *zoomtest.Options) { o.RateLimit = 1 << 30; o.Validate = nil })
			e.connect("r-3", "raum1@example.org")
			base := e.clock.Now().Add(24 * time.Hour)
			runConcurrent(b, conc, func(i int) error {
				a := appt(fmt.Sprintf("bench-%d", i), "Agenda", base.Add(time.Duration(i)*2*time.Hour), room("r-3", "raum1@example.org"))
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

// BenchmarkBareCeiling is the same machine's database ceiling: one transaction that locks a row
// and inserts one, from Go, at the same concurrencies.
func BenchmarkBareCeiling(b *testing.B) {
	kind := benchKind()
	for _, conc := range []int{1, 8, 32} {
		b.Run(fmt.Sprintf("%s/conc=%d", kind, conc), func(b *testing.B) {
			db := storetest.RawDB(b, kind)
			db.SetMaxOpenConns(32)
			for _, q := range []string{"CREATE TABLE locks (id INT PRIMARY KEY, n INT)", "CREATE TABLE rows_ (id INTEGER PRIMARY KEY AUTO_INCREMENT, v INT)", "INSERT INTO locks VALUES (1,0),(2,0),(3,0),(4,0),(5,0),(6,0),(7,0),(8,0)"} {
				if kind == "sqlite" {
					q = sqliteDDL(q)
				}
				if _, err := db.Exec(q); err != nil {
					b.Fatal(err)
				}
			}
			lock := "SELECT n FROM locks WHERE id = ? FOR UPDATE"
			if kind == "sqlite" {
				lock = "SELECT n FROM locks WHERE id = ?"
			}
			runConcurrent(b, conc, func(i int) error {
				tx, err := db.Begin()
				if err != nil {
					return err
				}
				var n int
				if err := tx.QueryRow(lock, i%8+1).Scan(&n); err != nil {
					tx.Rollback()
					return err
				}
				if _, err := tx.Exec("INSERT INTO rows_ (v) VALUES (?)", i); err != nil {
					tx.Rollback()
					return err
				}
				return tx.Commit()
			})
		})
	}
}

func sqliteDDL(q string) string {
	if q == "CREATE TABLE rows_ (id INTEGER PRIMARY KEY AUTO_INCREMENT, v INT)" {
		return "CREATE TABLE rows_ (id INTEGER PRIMARY KEY AUTOINCREMENT, v INT)"
	}
	return q
}

var _ = sql.ErrNoRows
