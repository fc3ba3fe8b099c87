package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
)

// callKey names a provider request by method and path, ids replaced by {id}.
var idInPath = regexp.MustCompile(`/[0-9]{5,}|/[A-Za-z0-9_-]{20,}(/|$)`)

func callKey(method, path string) string {
	return method + " " + idInPath.ReplaceAllStringFunc(path, func(m string) string {
		if strings.HasSuffix(m, "/") {
			return "/{id}/"
		}
		return "/{id}"
	})
}

// zoomCallsSince lists the fake Zoom's requests since index from, as "METHOD path" with counts.
func (e *env) zoomCallsSince(from int) (int, string) {
	calls := e.zoom.Calls()[from:]
	var keys []string
	for _, c := range calls {
		keys = append(keys, callKey(c.Method, c.Path))
	}
	return len(calls), summarize(keys)
}

func (e *env) gotoCallsSince(from int) (int, string) {
	calls := e.fake.Calls()[from:]
	var keys []string
	for _, c := range calls {
		keys = append(keys, callKey(c.Method, c.Path))
	}
	return len(calls), summarize(keys)
}

func summarize(keys []string) string {
	count := map[string]int{}
	for _, k := range keys {
		count[k]++
	}
	var out []string
	for k, n := range count {
		out = append(out, fmt.Sprintf("%d× %s", n, k))
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// The provider requests each kind of save makes. README.md keeps these numbers in a table
// ("Provider calls per save"); they may only go down: lower a want here and there together.
func TestProviderCallsPerScenario(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	e.connect("g-1", "raum1@example.org")
	single := berlinAt(t, "2026-02-02", "10:00")
	days := monWed("2026-02-02", 4)
	sixty := monWed("2026-03-02", 60)

	type scenario struct {
		name     string
		provider string
		save     func() crm.Reply
		want     int
	}
	zoomCourse := func(id string, ds []day) map[string]any { return course(t, id, ds, zoomRoom("z-1", host1)) }
	cancelled := func() map[string]any {
		c := zoomCourse("c-1", days)
		c["series"].(map[string]any)["occurrences"].([]map[string]any)[1]["cancelled"] = true
		return c
	}
	scenarios := []scenario{
		{"create", addon.ProviderZoom, func() crm.Reply { return e.save(appt("s-1", "", single, zoomRoom("z-1", host1))) }, 2},
		{"re-save unchanged", addon.ProviderZoom, func() crm.Reply { return e.save(appt("s-1", "", single, zoomRoom("z-1", host1))) }, 0},
		{"move", addon.ProviderZoom, func() crm.Reply { return e.save(appt("s-1", "", single.Add(time.Hour), zoomRoom("z-1", host1))) }, 1},
		{"create another (passcode rules cached)", addon.ProviderZoom, func() crm.Reply {
			return e.save(appt("s-2", "", single.Add(3*time.Hour), zoomRoom("z-1", host1)))
		}, 1},
		{"course of 4 dates", addon.ProviderZoom, func() crm.Reply { return e.save(zoomCourse("c-1", days)) }, 1},
		{"course: cancel one occurrence", addon.ProviderZoom, func() crm.Reply { return e.save(cancelled()) }, 1},
		{"course of 60 dates (no fixed time)", addon.ProviderZoom, func() crm.Reply { return e.save(zoomCourse("c-60", sixty)) }, 1},
		{"course of 60 dates in blocks", addon.ProviderZoom, func() crm.Reply {
			e.over50(t, addon.Over50Blocks)
			return e.save(zoomCourse("c-60b", monWed("2026-03-03", 60)))
		}, 2},
		{"create", addon.ProviderGoTo, func() crm.Reply { return e.save(appt("g-a", "", single, room("g-1", "raum1@example.org"))) }, 1},
		{"re-save unchanged", addon.ProviderGoTo, func() crm.Reply { return e.save(appt("g-a", "", single, room("g-1", "raum1@example.org"))) }, 0},
		{"move", addon.ProviderGoTo, func() crm.Reply {
			return e.save(appt("g-a", "", single.Add(time.Hour), room("g-1", "raum1@example.org")))
		}, 1},
	}
	for _, sc := range scenarios {
		zfrom, gfrom := len(e.zoom.Calls()), len(e.fake.Calls())
		r := sc.save()
		if r.Status != 200 || r.Answer.Appointment == nil {
			t.Fatalf("%s %s: %d %s", sc.provider, sc.name, r.Status, r.Raw)
		}
		for _, m := range r.Answer.Messages {
			if m.Level != "info" {
				t.Errorf("%s %s: message %s: %s", sc.provider, sc.name, m.Code, m.Text)
			}
		}
		n, what := e.zoomCallsSince(zfrom)
		if sc.provider == addon.ProviderGoTo {
			if zn, _ := e.zoomCallsSince(zfrom); zn != 0 {
				t.Errorf("%s %s: %d Zoom calls", sc.provider, sc.name, zn)
			}
			n, what = e.gotoCallsSince(gfrom)
		}
		t.Logf("| %s | %s | %d | %s |", sc.provider, sc.name, n, what)
		if n != sc.want {
			t.Errorf("%s %s: %d provider calls (%s), want %d", sc.provider, sc.name, n, what, sc.want)
		}
	}
}
