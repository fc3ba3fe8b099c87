package hooks

import (
	"errors"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// FuzzHookBody: whatever the body, decoding and validation answer a result or an *addon.Error
// that names a field, and never panic.
func FuzzHookBody(f *testing.F) {
	inst := addon.Installation{ID: "i", SystemURL: "https://crm.example.org"}
	for _, seed := range []string{
		`{"event":"appointment.saved","system_url":"https://crm.example.org","user":{"id":"u"},"appointment":{"id":"a","start":"2026-12-01T10:00:00+01:00","end":"2026-12-01T11:00:00+01:00","time_zone":"Europe/Berlin","resources":[{"id":"r","fields":{"gotomeeting_account":"x"}}],"series":{"rule":null,"occurrences":[{"recurrence_id":"1","start":"2026-12-01T10:00:00+01:00","end":"2026-12-01T11:00:00+01:00"}]}}}`,
		`{"event":"resource.saved","system_url":"https://crm.example.org","user":{"id":"u","locale":"fr"},"resource":{"id":""}}`,
		`{"appointment":{"start":5}}`, `[]`, `null`, `{"user":{"groups":"x"}}`, "\xff",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		b, err := decode([]byte(raw))
		if err != nil {
			var ae *addon.Error
			if !errors.As(err, &ae) || ae.Code != addon.EINVALID || len(ae.Details) == 0 {
				t.Fatalf("decode error %v is not an invalid error naming a field", err)
			}
			return
		}
		for _, ev := range Events {
			if _, err := validate(ev, b, inst, time.Now()); err != nil {
				var ae *addon.Error
				if !errors.As(err, &ae) || ae.Code != addon.EINVALID || len(ae.Details) == 0 || ae.Details[0].Field == "" {
					t.Fatalf("validate(%s) error %v does not name a field", ev, err)
				}
			}
		}
	})
}
