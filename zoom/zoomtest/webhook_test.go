package zoomtest_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

const hookSecret = "whsec"

// receiver checks signatures the way the add-on must, independently of zoomtest.Sign.
func receiver(t *testing.T, got *[]map[string]any, answer func(plain string) string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mac := hmac.New(sha256.New, []byte(hookSecret))
		mac.Write([]byte("v0:" + r.Header.Get("x-zm-request-timestamp") + ":" + string(body)))
		if want := "v0=" + hex.EncodeToString(mac.Sum(nil)); r.Header.Get("x-zm-signature") != want {
			t.Errorf("x-zm-signature: got %q, want %q", r.Header.Get("x-zm-signature"), want)
		}
		var ev map[string]any
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Errorf("event is not JSON: %v", err)
		}
		*got = append(*got, ev)
		if ev["event"] == "endpoint.url_validation" {
			plain := ev["payload"].(map[string]any)["plainToken"].(string)
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]string{"plainToken": plain, "encryptedToken": answer(plain)})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSendMeetingEvent(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	m := e.create(t, "me", &zoom.MeetingRequest{Topic: "K", Type: 2, StartTime: "2026-09-10T09:00:00Z", Duration: 30})
	var got []map[string]any
	hook := receiver(t, &got, nil)
	if _, err := e.client.Meetings.Delete(t.Context(), m.ID, ""); err != nil {
		t.Fatal(err)
	}
	resp, err := e.fake.SendMeetingEvent(t.Context(), hook.URL, hookSecret, "meeting.deleted", m.ID)
	if err != nil {
		t.Fatalf("SendMeetingEvent: %v", err)
	}
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("status: got %d, want 204", resp.StatusCode)
	}
	if len(got) != 1 || got[0]["event"] != "meeting.deleted" {
		t.Fatalf("events: got %v, want one meeting.deleted", got)
	}
	obj := got[0]["payload"].(map[string]any)["object"].(map[string]any)
	if id, _ := obj["id"].(float64); int64(id) != m.ID {
		t.Errorf("payload.object.id: got %v, want %d", obj["id"], m.ID)
	}
	if _, err := e.fake.SendMeetingEvent(t.Context(), hook.URL, hookSecret, "meeting.updated", 1); err == nil {
		t.Errorf("event about an unknown meeting: got no error")
	}
}

func TestSendURLValidation(t *testing.T) {
	e := setup(t, zoomtest.Options{})
	tests := []struct {
		name    string
		answer  func(plain string) string
		wantErr bool
	}{
		{name: "correct", answer: func(p string) string {
			mac := hmac.New(sha256.New, []byte(hookSecret))
			mac.Write([]byte(p))
			return hex.EncodeToString(mac.Sum(nil))
		}},
		{name: "wrong secret", answer: func(p string) string {
			mac := hmac.New(sha256.New, []byte("other"))
			mac.Write([]byte(p))
			return hex.EncodeToString(mac.Sum(nil))
		}, wantErr: true},
		{name: "echo", answer: strings.ToUpper, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []map[string]any
			hook := receiver(t, &got, tc.answer)
			err := e.fake.SendURLValidation(t.Context(), hook.URL, hookSecret)
			if (err != nil) != tc.wantErr {
				t.Errorf("SendURLValidation: got %v, want error %v", err, tc.wantErr)
			}
		})
	}
}
