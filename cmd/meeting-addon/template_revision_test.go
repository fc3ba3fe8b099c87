package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// Saves keep an installation's invitation templates between hooks, by the installation's
// revision: a template changed through another instance (its settings page) reaches this
// instance's very next save, and so does a reset to the default.
func TestChangedTemplateReachesTheNextSaveOnEveryInstance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.connect("r-3", "raum1@example.org")
		other, err := build(context.Background(), e.cfg, newLogger(io.Discard, "error"), e.clock.Now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(other.Close)
		start := e.clock.Now().Add(24 * time.Hour)
		save := func(id string, at time.Duration) string {
			t.Helper()
			r := e.save(appt(id, "Agenda", start.Add(at), room("r-3", "raum1@example.org")))
			if r.Status != 200 || r.Answer.Appointment == nil || r.Answer.Appointment.Note == nil {
				t.Fatalf("save %s: %d %s", id, r.Status, r.Raw)
			}
			return *r.Answer.Appointment.Note
		}
		if note := save("a-1", 0); strings.Contains(note, "Einwahl bei uns") {
			t.Fatalf("before any template: %q", note)
		}
		for i, text := range []string{"Einwahl bei uns: {link}\n", "Neu: Einwahl bei uns unter {link}\n"} {
			if err := other.store.SetTemplate(t.Context(), e.inst, addon.ProviderGoTo, "participant", "de", text); err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSuffix(strings.Split(text, "{link}")[0], " ")
			if note := save("a-"+string(rune('2'+i)), time.Duration(i+1)*3*time.Hour); !strings.Contains(note, want) {
				t.Errorf("after the template was set to %q on another instance, the next save wrote %q", text, note)
			}
		}
		if err := other.store.SetTemplate(t.Context(), e.inst, addon.ProviderGoTo, "participant", "de", ""); err != nil {
			t.Fatal(err)
		}
		if note := save("a-9", 12*time.Hour); strings.Contains(note, "Einwahl bei uns") {
			t.Errorf("after a reset to the default the next save still wrote the old template: %q", note)
		}
	})
}
