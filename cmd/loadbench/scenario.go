package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/onlinemeetings/meeting-addon/crm"
)

// appointment is the CRM's copy of one appointment: what it sends, and what it wrote back from
// the add-on's last answer (note and hidden fields), as the CRM does.
type appointment struct {
	id       string
	room     int
	start    time.Time
	length   time.Duration
	sessions int // > 1: a course (series master given by explicit dates) on a Zoom resource
	note     string
	fields   map[string]string
	occurred time.Time // occurred_at of its last event
	delivery string    // its last event's delivery id and body, for a redelivery
	raw      []byte
	signed   time.Time // when its last delivery was signed
}

func (a *appointment) payload() map[string]any {
	res := []any{gotoRoom(a.room)}
	var series any
	if a.sessions > 1 {
		res = []any{zoomRoom(a.room)}
		occ := make([]map[string]any, a.sessions)
		for i := range occ {
			s := a.start.AddDate(0, 0, i)
			occ[i] = map[string]any{"recurrence_id": s.Format(time.RFC3339), "start": s.Format(time.RFC3339),
				"end": s.Add(a.length).Format(time.RFC3339), "cancelled": false}
		}
		series = map[string]any{"rule": nil, "occurrences": occ}
	}
	return map[string]any{"id": a.id, "title": "Schulung " + a.id, "number": "", "start": a.start.Format(time.RFC3339),
		"end": a.start.Add(a.length).Format(time.RFC3339), "time_zone": "Europe/Berlin", "all_day": false,
		"location": "Online", "note": a.note, "organizer": map[string]string{"id": organizer.ID, "name": organizer.Name, "email": organizer.Email},
		"attendees": []any{}, "resources": res, "fields": a.fields, "series": series, "occurrence": nil}
}

// outcome is what a save's answer showed.
type outcome struct {
	changed  bool // the answer carried a record part
	warnings int
	err      error
}

// save sends a new appointment.saved event a second after the appointment's last one and
// writes the answer back onto the CRM's copy.
func (a *appointment) save(ctx context.Context, c *crm.Client) outcome {
	if a.occurred.IsZero() {
		a.occurred = time.Now().UTC().Add(-time.Minute).Truncate(time.Second)
	} else {
		a.occurred = a.occurred.Add(time.Second)
	}
	body := map[string]any{"event": "appointment.saved", "system_url": systemURL, "occurred_at": a.occurred.Format(time.RFC3339),
		"user": organizer, "appointment": a.payload()}
	a.raw, _ = json.Marshal(body)
	a.delivery = uuid.NewString()
	return a.send(ctx, c)
}

// redeliver sends the last event again with its delivery id and a new timestamp and signature,
// as the CRM does a second or more later. (Signed in the same second, it would be the same
// signature: a replay, which the add-on answers on another path.)
func (a *appointment) redeliver(ctx context.Context, c *crm.Client) outcome {
	cc := *c
	at := time.Now()
	if next := a.signed.Truncate(time.Second).Add(time.Second); at.Before(next) {
		at = next
	}
	cc.Now = func() time.Time { return at }
	return a.send(ctx, &cc)
}

func (a *appointment) send(ctx context.Context, c *crm.Client) outcome {
	a.signed = time.Now()
	if c.Now != nil {
		a.signed = c.Now()
	}
	r, err := c.Send(ctx, "appointment.saved", a.delivery, a.raw)
	if err != nil {
		return outcome{err: err}
	}
	if r.Status != 200 {
		return outcome{err: fmt.Errorf("%s: status %d: %s", a.id, r.Status, strings.TrimSpace(tail(string(r.Raw), 300)))}
	}
	var o outcome
	for _, m := range r.Answer.Messages {
		switch m.Level {
		case "error":
			o.err = fmt.Errorf("%s: message %s: %s", a.id, m.Code, m.Text)
		case "warning":
			o.warnings++
		}
	}
	if ch := r.Answer.Appointment; ch != nil {
		o.changed = true
		if ch.Note != nil {
			a.note = *ch.Note
		}
		for k, v := range ch.Fields {
			a.fields[k] = v
		}
	}
	return o
}

// Step is one measured scenario at one concurrency.
type Step struct {
	Rooms       int        `json:"rooms"`
	Conc        int        `json:"concurrency"`
	Scenario    string     `json:"scenario"`
	N           int        `json:"saves"`
	Errors      int        `json:"errors"`
	FirstError  string     `json:"first_error,omitempty"`
	Warnings    int        `json:"warnings"`
	Changed     int        `json:"answers_with_record_part"`
	Throughput  float64    `json:"per_second"`
	P50ms       float64    `json:"p50_ms"`
	P99ms       float64    `json:"p99_ms"`
	CPUms       float64    `json:"addon_cpu_ms_per_save"`
	Calls       float64    `json:"provider_calls_per_save"`
	DB          *DBFigures `json:"db,omitempty"`
	VsBareTput  float64    `json:"throughput_vs_bare,omitempty"`
	VsBareP99   float64    `json:"p99_vs_bare,omitempty"`
	ElapsedSecs float64    `json:"elapsed_s"`
}

// bench is one configuration's running add-on and what the steps need.
type bench struct {
	cfg   Config
	rooms int
	addon *addonProc
	crm   *crm.Client
	fakes *fakes
	bare  *bare
	srv   *server // nil on SQLite
	db    *database
	res   *Results
	base  time.Time // first appointment's start
	// per-room and per-host slot counters, so that no two appointments of one account overlap
	slots, courseSlots []int
	seq, bareSeq       int
	saves              atomic.Int64 // appointment.saved deliveries sent
}

// newAppointments makes n new single appointments spread over the rooms, 30 minutes each,
// two hours apart within a room (so that moving one by an hour overlaps nothing).
func (b *bench) newAppointments(prefix string, n int) []*appointment {
	out := make([]*appointment, n)
	for i := range out {
		room := b.seq % b.rooms
		b.seq++
		k := b.slots[room]
		b.slots[room]++
		out[i] = &appointment{id: fmt.Sprintf("%s-%d", prefix, b.seq), room: room, start: b.base.Add(time.Duration(k) * 2 * time.Hour),
			length: 30 * time.Minute, note: "Agenda:\n1. Begrüßung", fields: map[string]string{"goto_meeting_data": "", "zoom_meeting_data": ""}}
	}
	return out
}

// newCourses makes n courses of cfg.CourseLen daily sessions of 90 minutes, spread over the
// Zoom hosts; a host's courses run at different hours, then after one another.
func (b *bench) newCourses(prefix string, n int) []*appointment {
	out := make([]*appointment, n)
	for i := range out {
		host := b.seq % b.rooms
		b.seq++
		k := b.courseSlots[host]
		b.courseSlots[host]++
		start := b.base.AddDate(1, 0, (k/6)*(b.cfg.CourseLen+1)).Add(time.Duration(k%6) * 2 * time.Hour)
		out[i] = &appointment{id: fmt.Sprintf("%s-%d", prefix, b.seq), room: host, start: start, length: 90 * time.Minute,
			sessions: b.cfg.CourseLen, note: "Kursnotiz", fields: map[string]string{"goto_meeting_data": "", "zoom_meeting_data": ""}}
	}
	return out
}

// load runs op for i in [0, n) on conc workers and returns the latencies and the elapsed time.
func load(ctx context.Context, conc, n int, op func(i int) outcome) (lat []time.Duration, elapsed time.Duration, outs []outcome) {
	lat = make([]time.Duration, n)
	outs = make([]outcome, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	t0 := time.Now()
	for range min(conc, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				s := time.Now()
				outs[i] = op(i)
				lat[i] = time.Since(s)
			}
		}()
	}
	wg.Wait()
	return lat, time.Since(t0), outs
}

func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.999999) - 1
	i = max(0, min(len(sorted)-1, i))
	return float64(sorted[i].Microseconds()) / 1000
}

// sample is one measured run of a scenario with the readings around it.
type sample struct {
	n       int
	lat     []time.Duration
	elapsed time.Duration
	outs    []outcome
	cpu     time.Duration
	calls   int
	db      *DBFigures
}

// sample runs op n times on conc workers and reads the counters around it.
func (b *bench) sample(ctx context.Context, conc, n int, isBare bool, op func(i int) outcome) (sample, error) {
	sm := sample{n: n}
	var c0, c1 counters
	var err error
	if b.srv != nil {
		if c0, err = b.srv.read(ctx, b.db); err != nil {
			return sm, err
		}
	}
	cpu0, err := procCPU(b.addon.pid())
	if err != nil {
		return sm, err
	}
	calls0 := b.fakes.calls()
	sm.lat, sm.elapsed, sm.outs = load(ctx, conc, n, op)
	cpu1, err := procCPU(b.addon.pid())
	if err != nil {
		return sm, err
	}
	sm.cpu, sm.calls = cpu1-cpu0, b.fakes.calls()-calls0
	if b.srv != nil {
		if c1, err = b.srv.read(ctx, b.db); err != nil {
			return sm, err
		}
		f := figures(c0, c1, n, isBare)
		sm.db = &f
	}
	return sm, ctx.Err()
}

// step turns samples of one scenario into its line of the report.
func (b *bench) step(scenario string, conc int, isBare bool, samples ...sample) Step {
	st := Step{Rooms: b.rooms, Conc: conc, Scenario: scenario}
	var lat []time.Duration
	var elapsed, cpu time.Duration
	calls, others := 0, 0.0
	for _, sm := range samples {
		st.N += sm.n
		lat = append(lat, sm.lat...)
		elapsed += sm.elapsed
		cpu += sm.cpu
		calls += sm.calls
		for _, o := range sm.outs {
			if o.err != nil {
				st.Errors++
				if st.FirstError == "" {
					st.FirstError = o.err.Error()
				}
			}
			st.Warnings += o.warnings
			if o.changed {
				st.Changed++
			}
		}
		if sm.db != nil {
			st.DB = addFigures(st.DB, *sm.db, float64(sm.n))
			others += sm.db.Others
		}
	}
	if st.DB != nil {
		st.DB = addFigures(nil, *st.DB, 1/float64(st.N))
		st.DB.Others = others
	}
	slices.Sort(lat)
	st.Throughput = float64(st.N) / elapsed.Seconds()
	st.P50ms, st.P99ms = percentile(lat, 0.50), percentile(lat, 0.99)
	st.ElapsedSecs = elapsed.Seconds()
	if !isBare {
		st.CPUms = float64(cpu.Microseconds()) / 1000 / float64(st.N)
		st.Calls = float64(calls) / float64(st.N)
	}
	return st
}

// measure runs one step and adds it to the results.
func (b *bench) measure(ctx context.Context, scenario string, conc, n int, op func(i int) outcome) error {
	sm, err := b.sample(ctx, conc, n, false, op)
	if err != nil {
		return err
	}
	st := b.step(scenario, conc, false, sm)
	b.res.Steps = append(b.res.Steps, st)
	b.progress(st)
	return nil
}

func (b *bench) progress(st Step) {
	fmt.Fprintf(b.cfg.Log, "  %-10s rooms=%-2d conc=%-2d n=%-5d %8.1f/s p50 %7.1f ms p99 %7.1f ms errors %d\n",
		st.Scenario, b.rooms, st.Conc, st.N, st.Throughput, st.P50ms, st.P99ms, st.Errors)
}

// bareSample runs n bare transactions.
func (b *bench) bareSample(ctx context.Context, conc, n int) (sample, error) {
	base := b.bareSeq
	b.bareSeq += n
	return b.sample(ctx, conc, n, true, func(i int) outcome { return outcome{err: b.bare.book(ctx, base+i)} })
}

// Scenario names.
const (
	scBare      = "bare"
	scCreate    = "create"
	scRedeliver = "redelivery"
	scUnchanged = "unchanged"
	scMove      = "time+1h"
	scCourse    = "course60"
)

// steps runs every scenario at one concurrency. The bare transaction runs half before and
// half after the add-on's scenarios, so that a machine whose load changes meanwhile (others'
// work on a shared machine) weighs on both alike.
func (b *bench) steps(ctx context.Context, conc int) error {
	n := b.cfg.Saves
	bare1, err := b.bareSample(ctx, conc, n/2)
	if err != nil {
		return err
	}
	appts := b.newAppointments(fmt.Sprintf("c%d", conc), n)
	saved := func(check func(a *appointment, o outcome) outcome) func(i int) outcome {
		return func(i int) outcome {
			b.saves.Add(1)
			o := appts[i].save(ctx, b.crm)
			return check(appts[i], o)
		}
	}
	created := func(field string) func(a *appointment, o outcome) outcome {
		return func(a *appointment, o outcome) outcome {
			if o.err == nil && a.fields[field] == "" {
				o.err = fmt.Errorf("%s: no %s after the save", a.id, field)
			}
			return o
		}
	}
	same := func(_ *appointment, o outcome) outcome { return o }
	first := len(b.res.Steps)
	if err := b.measure(ctx, scCreate, conc, n, saved(created("goto_meeting_data"))); err != nil {
		return err
	}
	if err := b.measure(ctx, scRedeliver, conc, n, func(i int) outcome {
		b.saves.Add(1)
		return appts[i].redeliver(ctx, b.crm)
	}); err != nil {
		return err
	}
	if err := b.measure(ctx, scUnchanged, conc, n, saved(same)); err != nil {
		return err
	}
	for _, a := range appts {
		a.start = a.start.Add(b.cfg.MoveBy)
	}
	if err := b.measure(ctx, scMove, conc, n, saved(same)); err != nil {
		return err
	}
	courses := b.newCourses(fmt.Sprintf("k%d", conc), b.cfg.Courses)
	if err := b.measure(ctx, scCourse, conc, len(courses), func(i int) outcome {
		b.saves.Add(1)
		o := courses[i].save(ctx, b.crm)
		return created("zoom_meeting_data")(courses[i], o)
	}); err != nil {
		return err
	}
	bare2, err := b.bareSample(ctx, conc, n-n/2)
	if err != nil {
		return err
	}
	st := b.step(scBare, conc, true, bare1, bare2)
	b.res.Steps = slices.Insert(b.res.Steps, first, st)
	b.progress(st)
	return nil
}

// runConfig measures one number of rooms: a fresh database, a fresh add-on process.
func runConfig(ctx context.Context, cfg Config, rooms int, res *Results) error {
	fmt.Fprintf(cfg.Log, "%d room(s) on %s\n", rooms, res.Database)
	f, err := startFakes()
	if err != nil {
		return err
	}
	defer f.Close()
	b := &bench{cfg: cfg, rooms: rooms, fakes: f, res: res, slots: make([]int, rooms), courseSlots: make([]int, rooms),
		base: time.Now().UTC().Truncate(24 * time.Hour).Add(48*time.Hour + 7*time.Hour)}
	dir := filepath.Join(cfg.SQLiteDir, fmt.Sprintf("rooms%d", rooms))
	if err := mkdir(dir); err != nil {
		return err
	}
	var dsn, bareDSN string
	if cfg.DSN != "" {
		if b.srv, err = openServer(ctx, cfg.DSN); err != nil {
			return err
		}
		defer b.srv.Close()
		if b.db, err = b.srv.createDatabase(ctx); err != nil {
			return err
		}
		if !cfg.KeepDB {
			defer b.srv.dropDatabase(b.db)
		}
		dsn, bareDSN = "mysql:"+b.db.addonDSN, b.db.bareDSN
	} else {
		dsn = "sqlite:" + filepath.Join(dir, "addon.db")
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	inst, secret, err := prepareStore(ctx, dsn, addr, f, rooms)
	if err != nil {
		return fmt.Errorf("set-up: %w", err)
	}
	if b.addon, _, err = startAddon(ctx, cfg.Binary, dir, addr, f.env(dsn)); err != nil {
		return err
	}
	defer b.addon.stop()
	b.crm = newCRM(b.addon.url, inst, secret)
	if err := connectRooms(ctx, b.crm, rooms); err != nil {
		return err
	}
	if b.bare, err = openBare(ctx, bareDSN, filepath.Join(dir, "bare.db"), rooms); err != nil {
		return err
	}
	defer b.bare.Close()
	if err := b.warmUp(ctx); err != nil {
		return fmt.Errorf("warm-up: %w; add-on log: %s", err, tail(b.addon.readLog(), 1500))
	}
	if b.srv != nil && cfg.Statements && rooms == cfg.Rooms[0] && b.db.addonUser != "" {
		if err := b.listStatements(ctx); err != nil {
			res.Notes = append(res.Notes, "statements of one save not listed: "+err.Error())
		}
	}
	for _, conc := range cfg.Conc {
		if err := b.steps(ctx, conc); err != nil {
			return err
		}
	}
	if rooms == cfg.Rooms[0] {
		if err := b.readRSS(ctx); err != nil {
			return err
		}
	}
	if b.srv != nil {
		for _, n := range b.srv.notes {
			res.Notes = append(res.Notes, fmt.Sprintf("%d rooms: %s", rooms, n))
		}
	}
	if lines := b.addon.errorLines(); len(lines) > 0 {
		deadlocks := 0
		for _, l := range lines {
			if strings.Contains(l, "Deadlock found") {
				deadlocks++
			}
		}
		res.Notes = append(res.Notes, fmt.Sprintf("%d rooms: the add-on logged %d errors (%d of them deadlocks, answered 500: the CRM would deliver again), first: %s",
			rooms, len(lines), deadlocks, tail(lines[0], 400)))
	}
	return nil
}

// warmUp books every room once and each host one course, and fills the bare pool: the
// connection pools, the GoTo access tokens and the Zoom token exist before anything is measured.
// A save that fails (a 5xx) is sent again as the CRM would, one at a time.
func (b *bench) warmUp(ctx context.Context) error {
	appts := slices.Concat(b.newAppointments("warm", max(b.rooms, 8)), b.newCourses("warmk", 2))
	b.saves.Add(int64(len(appts)))
	_, _, outs := load(ctx, 8, len(appts), func(i int) outcome { return appts[i].save(ctx, b.crm) })
	for i, o := range outs {
		for try := 0; o.err != nil && try < 3; try++ {
			b.saves.Add(1)
			o = appts[i].redeliver(ctx, b.crm)
		}
		if o.err != nil {
			return o.err
		}
	}
	base := b.bareSeq
	b.bareSeq += 64
	_, _, bouts := load(ctx, 32, 64, func(i int) outcome { return outcome{err: b.bare.book(ctx, base+i)} })
	for _, o := range bouts {
		if o.err != nil {
			return o.err
		}
	}
	return nil
}
