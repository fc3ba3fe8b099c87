package meeting

import (
	"testing"

	"github.com/onlinemeetings/meeting-addon/addon"
)

func TestRulesCapacity(t *testing.T) {
	tests := []struct {
		provider string
		set      addon.Settings
		want     int
	}{
		{addon.ProviderGoTo, addon.Settings{HostCapacity: 3}, 1}, // a GoTo account runs one meeting
		{addon.ProviderZoom, addon.Settings{HostCapacity: 3}, 3},
		{addon.ProviderZoom, addon.Settings{}, 1},
		{addon.ProviderPool, addon.Settings{HostCapacity: 3}, 1}, // a pool's licences have their own
	}
	for _, tc := range tests {
		if got := rulesOf(tc.provider).capacity(tc.set); got != tc.want {
			t.Errorf("%s with host capacity %d: capacity %d, want %d", tc.provider, tc.set.HostCapacity, got, tc.want)
		}
	}
}

func TestRulesSubject(t *testing.T) {
	set := addon.Settings{TopicTemplate: "{number}: {title}"}
	a := &addon.Appointment{Title: "Excel", Number: "K-1"}
	if got, want := rulesOf(addon.ProviderZoom).subject(set, a), "K-1: Excel"; got != want {
		t.Errorf("Zoom subject %q, want %q", got, want)
	}
	if got, want := rulesOf(addon.ProviderGoTo).subject(set, a), "Excel"; got != want {
		t.Errorf("GoTo subject %q, want %q", got, want)
	}
}
