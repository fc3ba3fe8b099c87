// Package chaos is the fault-injection suite: two add-on processes on one MariaDB, a fake GoTo
// that fails a share of its calls in every way a provider and the network do, a CRM that
// redelivers as the protocol says, and a crash of one process in the middle. It counts what
// users would see go wrong: meetings nobody can find again (orphans), two meetings for one
// appointment (duplicates), notes that lost the user's text or the invitation (lost notes) and
// failed answers without a message.
//
// `go test ./chaos` runs a bounded version (CI); `make chaos` the long one
// (ADDON_CHAOS_APPOINTMENTS=300).
package chaos

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/fault"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/gotomeeting"
	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

const encryptionKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

var admin = addon.User{ID: "u-1", Login: "admin", Name: "Admin", Email: "admin@example.org", Groups: []string{"IT"}, Locale: "de"}

// record is the CRM's copy of an appointment: what it last wrote back from an answer.
type record struct {
	id, title, note, userNote string
	room                      int
	zoom, course              bool // a Zoom licence instead of a GoTo room; a course of 4 dates
	start                     time.Time
	fields                    map[string]string
	deleted                   bool
	failed                    bool      // the CRM showed an error for the last event
	clock                     time.Time // occurred_at of the appointment's next event
}

type figures struct {
	events, attempts, non200Final, stale                        atomic.Int64
	answersWithoutMessage, serverErrors, lateRedeliveries       atomic.Int64
	orphans, duplicates, lostNotes, wrongTimes, missingMeetings int
}

func count(def int) int {
	if v, err := strconv.Atoi(os.Getenv("ADDON_CHAOS_APPOINTMENTS")); err == nil && v > 0 {
		return v
	}
	return def
}

func TestChaos(t *testing.T) {
	dsn := storetest.DSN(t, "mariadb") // skips without ADDON_TEST_MYSQL_DSN
	ctx := context.Background()
	n, rooms, workers := count(40), 6, 8
	scale := 0.1 // the CRM's 1 s, 5 s, 30 s become 0.1 s, 0.5 s, 3 s

	fake := gototest.New(gototest.Options{RateLimit: 100000})
	inj := fault.New(fake, 20261206)
	inj.Match = func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, gototest.APIPath) }
	fakeSrv := httptest.NewServer(inj)
	defer fakeSrv.Close()
	zfake := zoomtest.New(zoomtest.Options{QPSLimit: -1, DailyLimit: -1})
	zinj := fault.New(zfake, 20261207)
	zinj.Match = func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/v2/") }
	zinj.Header = http.Header{"X-Ratelimit-Type": {"QPS"}} // a per-second limit: retried after Retry-After
	zoomSrv := httptest.NewServer(zinj)
	defer zoomSrv.Close()

	st, err := store.Open(ctx, dsn, storetest.Box(t), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	inst, secret, err := st.CreateInstallation(ctx, "https://crm.example.org")
	if err != nil {
		t.Fatal(err)
	}
	addrA, addrB := freeAddr(t), freeAddr(t)
	token := store.NewSecret(32)
	rd, err := st.NewRedirect(ctx, inst.ID, token, "http://"+addrA+"/oauth/callback/"+token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.MarkRedirectRegistered(ctx, rd.ID, "chaos"); err != nil {
		t.Fatal(err)
	}
	ep := gototest.Endpoint(fakeSrv.URL)
	env := []string{"ADDON_DATABASE=" + dsn, "ADDON_ENCRYPTION_KEY=" + encryptionKey, "ADDON_LOG_LEVEL=warn",
		"ADDON_GOTO_CLIENT_ID=" + gototest.DefaultClientID, "ADDON_GOTO_CLIENT_SECRET=" + gototest.DefaultClientSecret,
		"ADDON_GOTO_API_URL=" + gototest.APIBase(fakeSrv.URL), "ADDON_GOTO_AUTH_URL=" + ep.AuthURL, "ADDON_GOTO_TOKEN_URL=" + ep.TokenURL,
		"ADDON_ZOOM_API_URL=" + zoomSrv.URL + "/v2/", "ADDON_ZOOM_TOKEN_URL=" + zoomSrv.URL + "/oauth/token",
		"ADDON_PROVIDER_TIMEOUT=1s", "ADDON_HOUSEKEEPING_INTERVAL=1s"}
	a := start(t, "A", addrA, append(env, "ADDON_BASE_URL=http://"+addrA))
	b := start(t, "B", addrB, append(env, "ADDON_BASE_URL=http://"+addrA)) // one public URL behind the balancer
	instances := []*instance{a, b}

	client := &crm.Client{AddonURL: a.url, InstallationID: inst.ID, Secret: secret, SystemURL: "https://crm.example.org",
		HTTP: &http.Client{Timeout: 15 * time.Second}}
	accounts := make([]string, rooms)
	for i := range rooms {
		accounts[i] = fmt.Sprintf("raum%d@example.org", i)
		r, err := client.Send(ctx, "resource.saved", "", client.Body("resource.saved", admin, map[string]any{"resource": room(i, accounts[i])}))
		if err != nil || r.Status != 200 || len(r.Answer.Buttons) != 1 {
			t.Fatalf("resource.saved: %v %d %s", err, r.Status, r.Raw)
		}
		if status, _, err := client.ConnectGoTo(ctx, r.Answer.Buttons[0].URL, admin, accounts[i]); err != nil || status != 200 {
			t.Fatalf("connect %s: %d %v", accounts[i], status, err)
		}
	}

	hosts := setupZoom(t, st, inst.ID, zfake, zoomSrv.URL, rooms)
	for i, h := range hosts {
		r, err := client.Send(ctx, "resource.saved", "", client.Body("resource.saved", admin, map[string]any{"resource": zoomRoom(i, h)}))
		if err != nil || r.Status != 200 {
			t.Fatalf("zoom resource.saved: %v %d %s", err, r.Status, r.Raw)
		}
	}

	// The load balancer: round robin over the instances it has not seen fail.
	var lbMu sync.Mutex
	var next int
	target := func(int) string {
		lbMu.Lock()
		defer lbMu.Unlock()
		for range instances {
			in := instances[next%len(instances)]
			next++
			if !in.dead.Load() {
				return in.url
			}
		}
		return a.url
	}
	waits := make([]time.Duration, len(crm.Redeliveries))
	for i, w := range crm.Redeliveries {
		waits[i] = time.Duration(float64(w) * scale)
	}

	var fig figures
	base := time.Now().UTC().Truncate(time.Hour).Add(72 * time.Hour)
	recs := make([]*record, n)
	for i := range recs {
		recs[i] = &record{id: fmt.Sprintf("chaos-%03d", i), title: fmt.Sprintf("Chaos %03d", i), room: i % rooms,
			start: base.Add(time.Duration(i) * 2 * time.Hour), fields: map[string]string{"goto_meeting_data": "", "zoom_meeting_data": ""},
			clock: time.Now().UTC().Add(-4 * time.Minute).Truncate(time.Second)}
		recs[i].zoom, recs[i].course = i%3 == 1, i%6 == 4
		recs[i].userNote = fmt.Sprintf("Agenda %d:\n1. Begrüßung – ‚Grüße‘", i)
		recs[i].note = recs[i].userNote
	}
	// deliver sends one event of rec with the CRM's redeliveries and applies the final answer
	// to the CRM's copy, as the CRM does. It returns the delivery id and body for a late
	// redelivery.
	deliver := func(rec *record, event string, payload map[string]any, delivery string, raw []byte) (string, []byte) {
		if raw == nil {
			rec.clock = rec.clock.Add(time.Second) // each event of an appointment a second after the last
			body := map[string]any{"event": event, "system_url": client.SystemURL, "occurred_at": rec.clock.Format(time.RFC3339), "user": admin}
			for k, v := range payload {
				body[k] = v
			}
			raw, _ = json.Marshal(body)
			delivery = fmt.Sprintf("%08x-0000-4000-8000-%012x", rand.Uint32(), rand.Uint64()&0xffffffffffff)
			fig.events.Add(1)
		}
		attempts := client.Deliver(ctx, event, delivery, raw, waits, target)
		fig.attempts.Add(int64(len(attempts)))
		for _, at := range attempts {
			if at.Err == nil && at.Reply.Status != 200 && at.Reply.Error.Message == "" {
				fig.answersWithoutMessage.Add(1)
				t.Errorf("%s %s: answer %d without a message: %s", rec.id, event, at.Reply.Status, at.Reply.Raw)
			}
			if at.Err == nil && at.Reply.Status >= 500 && at.Reply.Status != 503 {
				fig.serverErrors.Add(1)
				t.Errorf("%s %s: %d: %s", rec.id, event, at.Reply.Status, at.Reply.Raw)
			}
		}
		last := attempts[len(attempts)-1]
		if rec.failed = last.Err != nil || last.Reply.Status != 200; rec.failed {
			fig.non200Final.Add(1)
			return delivery, raw
		}
		for _, m := range last.Reply.Answer.Messages {
			if m.Code == "superseded" {
				fig.stale.Add(1)
			}
		}
		if ch := last.Reply.Answer.Appointment; ch != nil {
			if ch.Note != nil {
				rec.note = *ch.Note
			}
			for k, v := range ch.Fields {
				rec.fields[k] = v
			}
		}
		return delivery, raw
	}
	save := func(rec *record) (string, []byte) {
		return deliver(rec, "appointment.saved", map[string]any{"appointment": appt(rec, accounts[rec.room], hosts[rec.room])}, "", nil)
	}
	remove := func(rec *record) {
		rec.deleted = true
		deliver(rec, "appointment.deleted", map[string]any{"appointment": map[string]any{"id": rec.id, "fields": rec.fields, "series": nil, "occurrence": nil}}, "", nil)
	}

	inj.Set(0.2)
	var started atomic.Int64
	work := make(chan *record)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(w), 7))
			for rec := range work {
				if started.Add(1) == int64(n/2) {
					b.kill() // a crash in the middle: no drain, leases and intents left behind
				}
				d, raw := save(rec)
				if rnd.IntN(2) == 0 {
					rec.start = rec.start.Add(30 * time.Minute)
					save(rec)
					if rnd.IntN(3) == 0 {
						// The CRM's redelivery of the first save arrives after the second.
						fig.lateRedeliveries.Add(1)
						deliver(rec, "appointment.saved", nil, d, raw)
					}
				}
				if rnd.IntN(4) == 0 {
					remove(rec)
				}
			}
		}()
	}
	for _, rec := range recs {
		work <- rec
	}
	close(work)
	wg.Wait()

	// What users do when the CRM shows an error: save (or delete) again until it works.
	for _, rec := range recs {
		for try := 0; rec.failed && try < 30; try++ {
			if try > 0 {
				time.Sleep(2 * time.Second) // e.g. a crashed instance's lease runs out (30 s)
			}
			if rec.deleted {
				remove(rec)
			} else {
				save(rec)
			}
		}
		if rec.failed {
			t.Errorf("%s: still failing after the user saved again for a minute", rec.id)
		}
	}

	// Faults off; housekeeping settles what the crash and unknown outcomes left.
	inj.Set(0)
	err = waitFor(ctx, 90*time.Second, func() (bool, error) {
		open, err := st.StaleIntents(ctx, 0, 10)
		return len(open) == 0, err
	})
	if err != nil {
		t.Errorf("intents still open: %v", err)
	}

	// Count what users would see.
	atFake := map[string][]string{} // meeting ids by subject, GoTo and Zoom
	var all []string
	starts := map[string]time.Time{}
	for _, acc := range accounts {
		for _, m := range fake.Meetings(acc) {
			id := strconv.FormatInt(m.ID, 10)
			atFake[m.Subject] = append(atFake[m.Subject], id)
			all, starts[id] = append(all, id), m.Start
		}
	}
	for _, m := range zfake.Meetings() {
		id := strconv.FormatInt(m.ID, 10)
		atFake[m.Topic] = append(atFake[m.Topic], id)
		all, starts[id] = append(all, id), m.StartTime
		for _, o := range m.Occurrences { // a course: its first date
			if o.Status != "deleted" {
				starts[id] = o.StartTime
				break
			}
		}
	}
	known := map[string]bool{}
	for _, rec := range recs {
		ms := atFake[gotomeeting.Subject(rec.title)]
		if rec.zoom {
			ms = atFake[rec.title]
		}
		if rec.deleted {
			continue // any meeting of it is an orphan, counted below
		}
		if len(ms) > 1 {
			fig.duplicates += len(ms) - 1
		}
		field := "goto_meeting_data"
		if rec.zoom {
			field = "zoom_meeting_data"
		}
		data, ok, err := fields.DecodeData(rec.fields[field])
		if err != nil || !ok || fields.WithoutBlock(rec.note) != rec.userNote || strings.Count(rec.note, fields.BlockStart) != 1 ||
			!strings.Contains(rec.note, data.JoinURL) {
			fig.lostNotes++
			t.Errorf("%s: the CRM's record lost the note or the invitation: note %q, data %q", rec.id, rec.note, rec.fields[field])
			continue
		}
		known[data.MeetingID] = true
		if !slices.Contains(ms, data.MeetingID) {
			fig.missingMeetings++
			t.Errorf("%s: its meeting %s is not at the provider (it has %v)", rec.id, data.MeetingID, ms)
		} else if got := starts[data.MeetingID]; !got.Equal(rec.start) {
			fig.wrongTimes++
			t.Errorf("%s: meeting at %s, appointment at %s", rec.id, got, rec.start)
		}
	}
	for _, id := range all {
		if !known[id] {
			fig.orphans++
			t.Errorf("orphan at the provider: meeting %s", id)
		}
	}
	for _, in := range instances {
		if lines := in.errorLines(); len(lines) > 0 && !in.dead.Load() {
			t.Errorf("%s logged %d errors, first: %s", in.name, len(lines), lines[0])
		}
	}
	counts := inj.Counts()
	for m, c := range zinj.Counts() {
		counts[m] += c
	}
	injected := 0
	for _, c := range counts {
		injected += c
	}
	summary := fmt.Sprintf("chaos: %d appointments, %d events, %d deliveries, %d faults injected (%v), 1 instance killed; "+
		"orphans (meetings no record knows, duplicates included) %d, duplicates %d, lost notes %d, answers without message %d; wrong times %d, missing meetings %d, "+
		"5xx other than 503 %d, final answers not 200 before the users saved again %d, late redeliveries %d, answered as superseded %d",
		n, fig.events.Load(), fig.attempts.Load(), injected, counts, fig.orphans, fig.duplicates, fig.lostNotes,
		fig.answersWithoutMessage.Load(), fig.wrongTimes, fig.missingMeetings, fig.serverErrors.Load(), fig.non200Final.Load(),
		fig.lateRedeliveries.Load(), fig.stale.Load())
	t.Log(summary)
	fmt.Println(summary)
	if fig.orphans+fig.duplicates+fig.lostNotes > 0 || fig.answersWithoutMessage.Load() > 0 {
		t.Errorf("want 0 orphans, 0 duplicates, 0 lost notes, 0 answers without message")
	}
	if injected == 0 {
		t.Error("no fault was injected: the suite proved nothing")
	}
}

func room(i int, account string) map[string]any {
	return map[string]any{"id": fmt.Sprintf("r-%d", i), "name": fmt.Sprintf("GoToMeeting Raum %d", i), "fields": map[string]string{"gotomeeting_account": account}}
}

func zoomRoom(i int, user string) map[string]any {
	return map[string]any{"id": fmt.Sprintf("zr-%d", i), "name": fmt.Sprintf("Zoom Lizenz %d", i), "fields": map[string]string{"zoom_user": user}}
}

// appt is the CRM's appointment for rec: a GoTo room or a Zoom licence, single or a course of
// four weekly dates.
func appt(rec *record, account, host string) map[string]any {
	res := room(rec.room, account)
	if rec.zoom {
		res = zoomRoom(rec.room, host)
	}
	a := map[string]any{"id": rec.id, "title": rec.title, "number": "", "start": rec.start.Format(time.RFC3339),
		"end": rec.start.Add(90 * time.Minute).Format(time.RFC3339), "time_zone": "Europe/Berlin", "all_day": false,
		"location": "Online", "note": rec.note, "organizer": map[string]string{"id": admin.ID, "name": admin.Name, "email": admin.Email},
		"attendees": []any{}, "resources": []any{res}, "fields": rec.fields, "series": nil, "occurrence": nil}
	if rec.course {
		var occ []map[string]any
		for w := range 4 {
			s := rec.start.AddDate(0, 0, 7*w)
			occ = append(occ, map[string]any{"recurrence_id": s.Format(time.RFC3339), "start": s.Format(time.RFC3339),
				"end": s.Add(90 * time.Minute).Format(time.RFC3339), "cancelled": false})
		}
		a["series"] = map[string]any{"rule": "FREQ=WEEKLY;COUNT=4", "occurrences": occ}
	}
	return a
}

// setupZoom creates a Zoom account with one licence user per room at the fake and in the
// add-on's database, and reads its users as the settings page does.
func setupZoom(t *testing.T, st *store.Store, inst string, zfake *zoomtest.Server, zoomURL string, n int) []string {
	t.Helper()
	zfake.AddAccount("chaos-account", "zcid", "zsecret")
	hosts := make([]string, n)
	for i := range hosts {
		hosts[i] = fmt.Sprintf("host%d@example.org", i)
		zfake.AddUser("chaos-account", zoomtest.User{Email: hosts[i], Type: 2, Timezone: "Europe/Berlin"})
	}
	acc, err := st.CreateZoomAccount(t.Context(), store.ZoomAccount{InstallationID: inst, Name: "chaos", AccountID: "chaos-account", ClientID: "zcid", ClientSecret: "zsecret"})
	if err != nil {
		t.Fatal(err)
	}
	api, _ := url.Parse(zoomURL + "/v2/")
	svc := &zoomaccount.Service{Store: st, TokenURL: zoomURL + "/oauth/token", APIBase: api, HTTP: &http.Client{Timeout: 10 * time.Second}}
	if _, err := svc.SyncUsers(t.Context(), inst, acc.ID); err != nil {
		t.Fatal(err)
	}
	return hosts
}
