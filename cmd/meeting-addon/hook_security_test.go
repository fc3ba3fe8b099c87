package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/onlinemeetings/meeting-addon/hooks"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

// post sends raw with explicit headers, so that each can be broken on purpose.
func (e *env) post(t *testing.T, event string, raw []byte, hdr map[string]string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, e.url+"/hooks/v1/"+event, bytes.NewReader(raw))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func (e *env) headers(raw []byte, ts time.Time, secret string) map[string]string {
	return map[string]string{"Content-Type": "application/json; charset=utf-8", "X-CRM-Installation": e.inst,
		"X-CRM-Delivery": uuid.NewString(), "X-CRM-Timestamp": strconv.FormatInt(ts.Unix(), 10),
		"X-CRM-Signature": hooks.Sign(secret, ts.Unix(), raw)}
}

func errorOf(body map[string]any) (code, message string, details []any) {
	e, _ := body["error"].(map[string]any)
	code, _ = e["code"].(string)
	message, _ = e["message"].(string)
	details, _ = e["details"].([]any)
	return
}

func TestHookAuthentication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		raw := e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": appt("a-1", "", e.clock.Now().Add(time.Hour))})
		now := e.clock.Now()
		if status, body := e.post(t, "appointment.saved", raw, e.headers(raw, now, e.crm.Secret)); status != 200 {
			t.Fatalf("a correctly signed hook: %d %v", status, body)
		}
		for _, tc := range []struct {
			name string
			hdr  map[string]string
		}{
			{"forged", e.headers(raw, now, "not-the-secret")},
			{"stale", e.headers(raw, now.Add(-10*time.Minute), e.crm.Secret)},
			{"from the future", e.headers(raw, now.Add(10*time.Minute), e.crm.Secret)},
			{"unknown installation", func() map[string]string {
				h := e.headers(raw, now, e.crm.Secret)
				h["X-CRM-Installation"] = "inst_nobody"
				return h
			}()},
			{"no signature", func() map[string]string {
				h := e.headers(raw, now, e.crm.Secret)
				delete(h, "X-CRM-Signature")
				return h
			}()},
			{"body changed after signing", e.headers(append([]byte(nil), raw[:len(raw)-1]...), now, e.crm.Secret)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, body := e.post(t, "appointment.saved", raw, tc.hdr)
				if code, msg, _ := errorOf(body); status != 401 || code != "unauthorized" || msg == "" {
					t.Errorf("got %d %v, want 401 with an unauthorized error", status, body)
				}
			})
		}
	})
}

func TestHookValidation(t *testing.T) {
	e := newEnv(t, "sqlite")
	start := e.clock.Now().Add(time.Hour)
	bad := appt("a-1", "", start)
	bad["start"] = "1.12.2026 10:00"
	wrongType := appt("a-1", "", start)
	wrongType["resources"] = "r-3"
	backwards := appt("a-1", "", start)
	backwards["end"] = start.Add(-time.Hour).Format(time.RFC3339)
	badZone := appt("a-1", "", start)
	badZone["time_zone"] = "Europe/Atlantis"
	twice := appt("a-1", "", start)
	occ := map[string]any{"recurrence_id": start.Format(time.RFC3339), "start": start.Format(time.RFC3339),
		"end": start.Add(time.Hour).Format(time.RFC3339), "cancelled": false}
	twice["series"] = map[string]any{"rule": nil, "occurrences": []any{occ, occ}}
	for _, tc := range []struct {
		name, field string
		raw         []byte
	}{
		{"unparsable start", "appointment.start", e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": bad})},
		{"wrong type", "appointment.resources", e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": wrongType})},
		{"end before start", "appointment.end", e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": backwards})},
		{"unknown time zone", "appointment.time_zone", e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": badZone})},
		{"occurrence twice", "appointment.series.occurrences[1].recurrence_id", e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": twice})},
		{"no appointment", "appointment", e.crm.Body("appointment.saved", organizer, nil)},
		{"not JSON", "body", []byte(`{"event": "appointment.saved",`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.post(t, "appointment.saved", tc.raw, e.headers(tc.raw, e.clock.Now(), e.crm.Secret))
			code, msg, details := errorOf(body)
			if status != 400 || code != "invalid" {
				t.Fatalf("got %d %v, want 400 invalid", status, body)
			}
			named := strings.Contains(msg, tc.field)
			for _, d := range details {
				if f, _ := d.(map[string]any)["field"].(string); f == tc.field {
					named = true
				}
			}
			if !named {
				t.Errorf("error %q %v does not name %s", msg, details, tc.field)
			}
		})
	}
	// The CRM shows message to the user who saved: field refusals are in their language only.
	t.Run("in the user's language", func(t *testing.T) {
		for _, tc := range []struct{ locale, want, not string }{
			{"de", "appointment.time_zone ist kein Name einer IANA-Zeitzone", "is not"},
			{"en", "appointment.time_zone is not an IANA time zone name", "ist kein"},
		} {
			u := organizer
			u.Locale = tc.locale
			raw := e.crm.Body("appointment.saved", u, map[string]any{"appointment": badZone})
			_, body := e.post(t, "appointment.saved", raw, e.headers(raw, e.clock.Now(), e.crm.Secret))
			_, msg, details := errorOf(body)
			if !strings.Contains(msg, tc.want) || strings.Contains(msg, tc.not) {
				t.Errorf("%s: message %q, want %q in one language", tc.locale, msg, tc.want)
			}
			if len(details) != 1 || strings.Contains(fmt.Sprint(details), tc.not) {
				t.Errorf("%s: details %v, want one in the user's language", tc.locale, details)
			}
		}
	})
	t.Run("over the limit", func(t *testing.T) {
		big := appt("a-1", strings.Repeat("x", hooks.MaxBody), start)
		raw := e.crm.Body("appointment.saved", organizer, map[string]any{"appointment": big})
		status, body := e.post(t, "appointment.saved", raw, e.headers(raw, e.clock.Now(), e.crm.Secret))
		if code, _, _ := errorOf(body); status != 413 || code != "too_large" {
			t.Errorf("got %d %v, want 413", status, body)
		}
	})
	t.Run("unknown event", func(t *testing.T) {
		raw := e.crm.Body("appointment.moved", organizer, nil)
		if status, _ := e.post(t, "appointment.moved", raw, e.headers(raw, e.clock.Now(), e.crm.Secret)); status != 404 {
			t.Errorf("got %d, want 404", status)
		}
	})
}
