package resources

import (
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

func TestSameBookings(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	b := func(rid string, h int, title string) addon.Booking {
		return addon.Booking{ResourceID: "r-1", Key: addon.BookingKey{AppointmentID: "a-1", RecurrenceID: rid},
			Start: t0.Add(time.Duration(h) * time.Hour), End: t0.Add(time.Duration(h+1) * time.Hour), Title: title}
	}
	long := strings.Repeat("x", 300)
	for _, tc := range []struct {
		name      string
		own, want []addon.Booking
		occOnly   bool
		same      bool
	}{
		{"unchanged", []addon.Booking{b("", 0, "T")}, []addon.Booking{b("", 0, "T")}, false, true},
		{"moved", []addon.Booking{b("", 0, "T")}, []addon.Booking{b("", 1, "T")}, false, false},
		{"renamed", []addon.Booking{b("", 0, "T")}, []addon.Booking{b("", 0, "U")}, false, false},
		{"new", nil, []addon.Booking{b("", 0, "T")}, false, false},
		{"occurrence dropped", []addon.Booking{b("x", 0, "T"), b("y", 24, "T")}, []addon.Booking{b("x", 0, "T")}, false, false},
		{"other occurrences ignored for an element", []addon.Booking{b("x", 0, "T"), b("y", 24, "T")}, []addon.Booking{b("x", 0, "T")}, true, true},
		{"title kept as stored", []addon.Booking{b("", 0, long[:255])}, []addon.Booking{b("", 0, long)}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := addon.BookingKey{AppointmentID: "a-1", RecurrenceID: "x"}
			if got := sameBookings(tc.own, tc.want, key, tc.occOnly); got != tc.same {
				t.Errorf("sameBookings = %v, want %v", got, tc.same)
			}
		})
	}
}
