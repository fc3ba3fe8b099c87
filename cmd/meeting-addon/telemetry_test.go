package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log destination for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(s.b.Bytes()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %s", sc.Text())
		}
		out = append(out, m)
	}
	return out
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// find returns the lines with msg whose fields have the given values.
func find(lines []map[string]any, msg string, want map[string]any) []map[string]any {
	var out []map[string]any
	for _, l := range lines {
		if l["msg"] != msg {
			continue
		}
		ok := true
		for k, v := range want {
			if l[k] != v {
				ok = false
			}
		}
		if ok {
			out = append(out, l)
		}
	}
	return out
}

// An operator can follow a request in the log: its line names route, installation, event,
// delivery id, status, error code and reason, duration and the provider calls it made; the
// calls log at debug level; /metrics counts provider requests and hook outcomes. No secret
// reaches the log.
func TestRequestLogAndMetrics(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Now().UTC().Truncate(time.Second))
	var logs syncBuffer
	a, err := build(context.Background(), e.cfg, newLogger(&logs, "debug"), e.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	srv := httptest.NewServer(a.handler)
	t.Cleanup(srv.Close)
	client := *e.crm
	client.AddonURL = srv.URL
	ctx := context.Background()

	// A save that creates a Zoom meeting.
	const delivery = "5b0c39a4-6f0e-4a55-9d0e-3c1f8f0a1d01"
	e.clock.Add(time.Second)
	body := client.Body("appointment.saved", organizer, map[string]any{"appointment": appt("log-1", "", e.clock.Now().Add(48*time.Hour), zoomRoom("z-1", host1))})
	if r, err := client.Send(ctx, "appointment.saved", delivery, body); err != nil || r.Status != 200 {
		t.Fatalf("save: %v %d %s", err, r.Status, r.Raw)
	}
	// A hook with a forged signature.
	const forged = "5b0c39a4-6f0e-4a55-9d0e-3c1f8f0a1d02"
	bad := client
	bad.Secret = "not-the-hook-secret-not-the-hook-secret"
	if r, err := bad.Send(ctx, "appointment.saved", forged, body); err != nil || r.Status != 401 {
		t.Fatalf("forged hook: %v %d %s", err, r.Status, r.Raw)
	}
	// The settings page, entered with a launch token and shown on the session.
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	admin := organizer
	resp, err := hc.Get(client.LaunchURL(srv.URL+"/settings", admin, true))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("settings page: %d", resp.StatusCode)
	}

	lines := logs.lines(t)
	saved := find(lines, "request", map[string]any{"delivery": delivery})
	if len(saved) != 1 {
		t.Fatalf("%d request lines for delivery %s, want 1:\n%s", len(saved), delivery, logs.String())
	}
	l := saved[0]
	for k, want := range map[string]any{"route": "/hooks/v1/:event", "installation": e.inst, "event": "appointment.saved",
		"status": float64(200), "error_code": "", "reason": "", "level": "INFO", "method": "POST"} {
		if l[k] != want {
			t.Errorf("save's request line: %s = %#v, want %#v (line %v)", k, l[k], want, l)
		}
	}
	calls := find(lines, "provider call", map[string]any{"provider": "zoom", "method": "POST", "operation": "POST /v2/users/{id}/meetings", "status": "201"})
	if n, _ := l["provider_calls"].(float64); n < 1 || int(n) < len(calls) {
		t.Errorf("save's request line: provider_calls = %v, want the %d create(s) and more", l["provider_calls"], len(calls))
	}
	if _, ok := l["provider_ms"].(float64); !ok {
		t.Errorf("save's request line has no provider_ms: %v", l)
	}
	if _, ok := l["duration_ms"].(float64); !ok {
		t.Errorf("save's request line has no duration_ms: %v", l)
	}
	if len(calls) != 1 {
		t.Errorf("%d debug lines for the Zoom create, want 1", len(calls))
	}
	for _, c := range find(lines, "provider call", nil) {
		if p, _ := c["path"].(string); strings.Contains(p, "?") || p == "" {
			t.Errorf("provider call path %q", p)
		}
	}

	refused := find(lines, "request", map[string]any{"delivery": forged})
	if len(refused) != 1 {
		t.Fatalf("%d request lines for the forged hook, want 1", len(refused))
	}
	for k, want := range map[string]any{"status": float64(401), "error_code": "unauthorized", "reason": "invalid signature",
		"event": "appointment.saved", "installation": e.inst, "level": "WARN", "provider_calls": float64(0)} {
		if refused[0][k] != want {
			t.Errorf("forged hook's line: %s = %#v, want %#v", k, refused[0][k], want)
		}
	}
	if got := find(lines, "request", map[string]any{"route": "/settings", "status": float64(200)}); len(got) != 1 || got[0]["installation"] != e.inst {
		t.Errorf("settings page lines %v, want one naming installation %s", got, e.inst)
	}

	tok, _, _ := a.store.ZoomToken(ctx, e.inst, mustZoomAccount(t, e))
	for what, secret := range map[string]string{"hook secret": client.Secret, "Zoom client secret": "zsecret", "Zoom access token": tok, "bearer": "Bearer"} {
		if secret != "" && strings.Contains(logs.String(), secret) {
			t.Errorf("the log holds the %s", what)
		}
	}

	resp, err = http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`addon_provider_requests_total{operation="POST /v2/users/{id}/meetings",provider="zoom",status="201"} 1`,
		`addon_hook_outcomes_total{code="ok",event="appointment.saved"} 1`,
		`addon_hook_outcomes_total{code="unauthorized",event="appointment.saved"} 1`,
		`addon_provider_request_duration_seconds_count{operation="POST /v2/users/{id}/meetings",provider="zoom"} 1`,
	} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func mustZoomAccount(t *testing.T, e *env) string {
	t.Helper()
	accts, err := e.app.store.ZoomAccounts(context.Background(), e.inst)
	if err != nil || len(accts) == 0 {
		t.Fatalf("Zoom accounts: %v, %v", accts, err)
	}
	return accts[0].ID
}
