package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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

// TestGaleraCluster runs the add-on as issue 12 describes it: a three-node MariaDB Galera
// cluster on loopback, three add-on instances started at the same moment (two on a node each,
// one through HAProxy, whose connections reach every node), and concurrent saves, changes and
// redeliveries of appointments on a few shared GoTo accounts. The CRM redelivers after a 5xx
// or a broken connection as the protocol says (1 s, 5 s, 30 s; the waits are compressed, the
// timestamps are not). Nothing may show: no failed start, no answer other than 200 once
// redelivered, no duplicate meeting, no double booking, no change that missed the meeting
// another node had just recorded. The same load on one MariaDB server gives the comparison
// figures of the README.
func TestGaleraCluster(t *testing.T) {
	g := storetest.StartGalera(t, 3)
	// The database as an operator creates it: the server's default character set (latin1).
	name := dbName(storetest.CreateDatabase(t, g.Nodes[0].RootDSN(), ""))
	dsns := []string{
		"mysql:" + storetest.WithDatabase(g.Nodes[0].RootDSN(), name),
		"mysql:" + storetest.WithDatabase(g.Nodes[1].RootDSN(), name),
		"mysql:" + storetest.WithDatabase(g.ProxyDSN(), name),
	}
	res := runGaleraLoad(t, dsns)
	t.Logf("Galera, 3 nodes (instances on node1, node2, HAProxy): %s", res)
	res.check(t)
	probeReadYourWrites(t, dsns[0], dsns[1])

	if storetest.Available("mariadb") {
		one := storetest.DSN(t, "mariadb")
		single := runGaleraLoad(t, []string{one, one, one})
		t.Logf("one MariaDB server (3 instances): %s", single)
		single.check(t)
	}
}

// dbName is the database of a store DSN.
func dbName(dsn string) string {
	base, _, _ := strings.Cut(dsn, "?")
	return base[strings.LastIndex(base, "/")+1:]
}

// loadResult is what the CRM and the fake GoTo saw.
type loadResult struct {
	failedStarts []error
	hooks        int64 // requests sent, redeliveries included
	first5xx     int64 // 5xx or broken connection at a delivery's first attempt
	all5xx       int64 // 5xx or broken connection at any attempt
	internal     int64 // 500s: what the database's concurrency must never cause
	reruns       int64 // transactions and statements the stores ran again (deadlocks, certification)
	finalBad     []string
	elapsed      time.Duration
	duplicates   []string // appointments with more than one meeting at GoTo
	doubles      []string // overlapping meetings of one account
	missed       []string // a change answered with another meeting than the save before
	perAccount   map[string]int
	slots        int
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d hooks in %v (%.0f hooks/s), 5xx at first attempt %d (%.1f%%), at any attempt %d, not 200 after redeliveries %d; %d transactions or statements run again",
		r.hooks, r.elapsed.Round(time.Millisecond), float64(r.hooks)/r.elapsed.Seconds(), r.first5xx,
		100*float64(r.first5xx)/float64(max(r.hooks, 1)), r.all5xx, len(r.finalBad), r.reruns)
}

func (r loadResult) check(t *testing.T) {
	t.Helper()
	for _, err := range r.failedStarts {
		t.Errorf("an instance failed to start: %v", err)
	}
	if r.internal > 0 {
		t.Errorf("%d answers were 500 (internal error); deadlocks and lost certifications must be retried inside", r.internal)
	}
	for _, s := range r.finalBad {
		t.Errorf("answer other than 200 after the CRM's redeliveries: %s", s)
	}
	for _, s := range r.duplicates {
		t.Errorf("duplicate meetings: %s", s)
	}
	for _, s := range r.doubles {
		t.Errorf("double booking: %s", s)
	}
	for _, s := range r.missed {
		t.Errorf("change did not find the meeting: %s", s)
	}
	for acc, n := range r.perAccount {
		if n != r.slots {
			t.Errorf("%s has %d meetings, want %d (one per time slot)", acc, n, r.slots)
		}
	}
}

// runGaleraLoad starts one add-on instance per DSN, all at once, and runs the load.
func runGaleraLoad(t *testing.T, dsns []string) loadResult {
	ctx := t.Context()
	fake := gototest.New(gototest.Options{RateLimit: 1 << 30})
	fakeSrv := httptest.NewServer(fake)
	t.Cleanup(fakeSrv.Close)
	zfake := zoomtest.New(zoomtest.Options{QPSLimit: -1})
	zoomSrv := httptest.NewServer(zfake)
	t.Cleanup(zoomSrv.Close)
	ep := gototest.Endpoint(fakeSrv.URL)

	// Three instances started together: each opens the database and migrates.
	apps := make([]*app, len(dsns))
	urls := make([]string, len(dsns))
	handlers := make([]atomic.Value, len(dsns))
	var res loadResult
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, dsn := range dsns {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			handlers[i].Load().(http.Handler).ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		urls[i] = srv.URL
		cfg := Config{Listen: "127.0.0.1:0", BaseURL: srv.URL, Database: dsn,
			EncryptionKey: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", GoToClientID: gototest.DefaultClientID, GoToSecret: gototest.DefaultClientSecret,
			GoToAPIURL: gototest.APIBase(fakeSrv.URL), GoToAuthURL: ep.AuthURL, GoToTokenURL: ep.TokenURL, LogLevel: "error",
			ZoomAPIURL: zoomSrv.URL + "/v2/", ZoomTokenURL: zoomSrv.URL + "/oauth/token"}
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := build(ctx, cfg, newLogger(&testLog{t: t}, "error"), nil)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.failedStarts = append(res.failedStarts, fmt.Errorf("instance %d: %w", i, err))
				return
			}
			t.Cleanup(a.Close)
			apps[i] = a
			handlers[i].Store(a.handler)
		}()
	}
	wg.Wait()
	if len(res.failedStarts) > 0 {
		return res
	}

	st := apps[0].store
	inst, secret, err := st.CreateInstallation(ctx, "https://crm.example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateSettings(ctx, inst.ID, addon.Settings{PermittedGroups: []string{addon.GroupsAll}, Policy: addon.PolicyStrict}); err != nil {
		t.Fatal(err)
	}
	token := "galera-access-token"
	rd, err := st.NewRedirect(ctx, inst.ID, token, urls[0]+"/oauth/callback/"+token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.MarkRedirectRegistered(ctx, rd.ID, "test"); err != nil {
		t.Fatal(err)
	}
	fake.RegisterRedirectURI(rd.URL)
	clients := make([]*crm.Client, len(urls))
	for i, u := range urls {
		clients[i] = &crm.Client{AddonURL: u, InstallationID: inst.ID, Secret: secret, SystemURL: "https://crm.example.org",
			HTTP: &http.Client{Timeout: 15 * time.Second}}
	}
	accounts := []string{"raum1@example.org", "raum2@example.org", "raum3@example.org"}
	for i, acc := range accounts {
		// Each account is connected through another instance.
		e := &env{t: t, crm: clients[i%len(clients)], fake: fake}
		e.connect(fmt.Sprintf("r-%d", i+1), acc)
	}

	// Per account, slots of 90 minutes; two appointments race for each slot (strict policy:
	// one gets the meeting). Every appointment is saved, redelivered concurrently to another
	// instance (as after a timeout), then changed through a third instance.
	const slotsPerAccount = 20
	type job struct{ id, acc, res string }
	var jobs []job
	base := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	starts := map[string]time.Time{}
	for s := range slotsPerAccount {
		for ai, acc := range accounts {
			for k := range 2 {
				id := fmt.Sprintf("g-%d-%d-%d", ai, s, k)
				jobs = append(jobs, job{id: id, acc: acc, res: fmt.Sprintf("r-%d", ai+1)})
				starts[id] = base.Add(time.Duration(s) * 2 * time.Hour).Add(time.Duration(k) * 30 * time.Minute)
			}
		}
	}
	var hooks, first5xx, all5xx, internal atomic.Int64
	// deliver sends one event as the CRM does: again after a 5xx or a broken connection,
	// with the protocol's delays as timestamps (compressed as waits), to the same instance.
	deliver := func(c *crm.Client, event, delivery string, body []byte, late time.Duration) (crm.Reply, error) {
		waits := []time.Duration{0, time.Second, 5 * time.Second, 30 * time.Second}
		var r crm.Reply
		var err error
		for n, wait := range waits {
			if n > 0 {
				time.Sleep(wait / 100)
			}
			cc := *c
			offset := late + wait
			cc.Now = func() time.Time { return time.Now().Add(offset) }
			hooks.Add(1)
			r, err = cc.Send(ctx, event, delivery, body)
			if err == nil && r.Status < 500 {
				return r, nil
			}
			all5xx.Add(1)
			if r.Status == http.StatusInternalServerError {
				internal.Add(1)
			}
			if n == 0 {
				first5xx.Add(1)
			}
		}
		if err != nil {
			return r, err
		}
		return r, fmt.Errorf("status %d after the last redelivery: %s", r.Status, r.Raw)
	}
	var badMu sync.Mutex
	bad := func(format string, args ...any) {
		badMu.Lock()
		defer badMu.Unlock()
		res.finalBad = append(res.finalBad, fmt.Sprintf(format, args...))
	}
	missed := func(format string, args ...any) {
		badMu.Lock()
		defer badMu.Unlock()
		res.missed = append(res.missed, fmt.Sprintf(format, args...))
	}
	work := make(chan int)
	t0 := time.Now()
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				j := jobs[i]
				a := appt(j.id, "Agenda: Begrüßung\n", starts[j.id], room(j.res, j.acc))
				a["title"] = "Kurs " + j.id
				delivery := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
				body := clients[0].Body("appointment.saved", organizer, map[string]any{"appointment": a})
				// The save on one instance and, at the same time, its redelivery on the next,
				// as when the CRM gave up waiting for the first.
				replies := make([]crm.Reply, 2)
				var dwg sync.WaitGroup
				for k := range 2 {
					dwg.Add(1)
					go func() {
						defer dwg.Done()
						r, err := deliver(clients[(i+k)%len(clients)], "appointment.saved", delivery, body, time.Duration(k)*16*time.Second)
						if err != nil || r.Status != 200 {
							bad("%s save (attempt %d): %d %v %s", j.id, k, r.Status, err, r.Raw)
						}
						replies[k] = r
					}()
				}
				dwg.Wait()
				if replies[0].Status != 200 || replies[1].Status != 200 {
					continue
				}
				if !bytes.Equal(replies[0].Raw, replies[1].Raw) {
					bad("%s: the save and its redelivery answered differently:\n%s\n%s", j.id, replies[0].Raw, replies[1].Raw)
				}
				created := replies[0].Answer.Appointment != nil && replies[0].Answer.Appointment.Fields["goto_meeting_data"] != ""
				if !created {
					continue
				}
				before, _, _ := fields.DecodeData(replies[0].Answer.Appointment.Fields["goto_meeting_data"])
				// A change through the third instance must find the meeting just recorded,
				// whichever node that instance's connections reach.
				a["title"] = "Kurs " + j.id + " (neu)"
				a["note"] = *replies[0].Answer.Appointment.Note
				a["fields"] = replies[0].Answer.Appointment.Fields
				body = clients[0].Body("appointment.saved", organizer, map[string]any{"appointment": a})
				r, err := deliver(clients[(i+2)%len(clients)], "appointment.saved", "", body, 0)
				if err != nil || r.Status != 200 {
					bad("%s change: %d %v %s", j.id, r.Status, err, r.Raw)
					continue
				}
				after := fields.MeetingData{}
				if r.Answer.Appointment != nil {
					after, _, _ = fields.DecodeData(r.Answer.Appointment.Fields["goto_meeting_data"])
				}
				if after.MeetingID != before.MeetingID {
					missed("%s: meeting %q after the change, %q before", j.id, after.MeetingID, before.MeetingID)
				}
			}
		}()
	}
	for i := range jobs {
		work <- i
	}
	close(work)
	wg.Wait()
	res.elapsed = time.Since(t0)
	res.hooks, res.first5xx, res.all5xx, res.internal = hooks.Load(), first5xx.Load(), all5xx.Load(), internal.Load()
	for _, a := range apps {
		res.reruns += a.store.Reruns()
	}

	res.perAccount, res.slots = map[string]int{}, slotsPerAccount
	for _, acc := range accounts {
		ms := fake.Meetings(acc)
		res.perAccount[acc] = len(ms)
		subjects := map[string]int{}
		for _, m := range ms {
			subjects[strings.TrimSuffix(m.Subject, " (neu)")]++
		}
		for s, n := range subjects {
			if n > 1 {
				res.duplicates = append(res.duplicates, fmt.Sprintf("%s: %d meetings", s, n))
			}
		}
		slices.SortFunc(ms, func(a, b gototest.Meeting) int { return a.Start.Compare(b.Start) })
		for k := 1; k < len(ms); k++ {
			if ms[k].Start.Before(ms[k-1].End) {
				res.doubles = append(res.doubles, fmt.Sprintf("%s: %q and %q overlap", acc, ms[k-1].Subject, ms[k].Subject))
			}
		}
	}
	if got, want := fake.Count("POST", "/G2M/rest/meetings"), slotsPerAccount*len(accounts); got != want {
		res.duplicates = append(res.duplicates, fmt.Sprintf("%d creates at GoTo, want %d", got, want))
	}
	return res
}

// probeReadYourWrites writes on one node and reads at once on another, many times: through
// the store (which sets wsrep_sync_wait on a Galera node) every write is seen; with the wait
// switched off in the DSN, the misses the README mentions show (logged, not asserted: they
// depend on the applier's timing).
func probeReadYourWrites(t *testing.T, writerDSN, readerDSN string) {
	ctx := t.Context()
	open := func(dsn string) *store.Store {
		st, err := store.Open(ctx, dsn, storetest.Box(t), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	w, r := open(writerDSN), open(readerDSN)
	if !w.Galera() || !r.Galera() {
		t.Fatalf("Galera not detected: writer %v, reader %v", w.Galera(), r.Galera())
	}
	sep := "?"
	if strings.Contains(readerDSN, "?") {
		sep = "&"
	}
	stale := open(readerDSN + sep + "wsrep_sync_wait=0")
	const n = 1000
	var missed, missedStale int
	for i := range n {
		id := fmt.Sprintf("probe-%d", i)
		if err := w.SaveDelivery(ctx, "probe", id, store.Delivery{Event: "probe", Status: 200, Body: []byte("{}")}); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 { // alternate who reads first, so that neither always reads after the other
			if _, err := stale.Delivery(ctx, "probe", id); err != nil {
				missedStale++
			}
		}
		if _, err := r.Delivery(ctx, "probe", id); err != nil {
			missed++
		}
		if i%2 == 1 {
			if _, err := stale.Delivery(ctx, "probe", id); err != nil {
				missedStale++
			}
		}
	}
	t.Logf("read on another node right after a commit: %d of %d missed with the store's wsrep_sync_wait=%s, %d of %d with wsrep_sync_wait=0",
		missed, n, "3", missedStale, n)
	if missed > 0 {
		t.Errorf("%d of %d writes not seen by a read on another node right after the commit", missed, n)
	}
}

// testLog passes the add-on's error log to the test's log, so that a failure shows why.
type testLog struct{ t *testing.T }

func (l *testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
