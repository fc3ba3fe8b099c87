package zoomtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Sign returns Zoom's webhook signature header value for body sent at timestamp (Unix
// seconds): "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)).
func Sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", timestamp)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// SendMeetingEvent posts a signed "meeting.updated" or "meeting.deleted" event about meetingID
// to url, as Zoom does when someone changes a meeting in Zoom itself. The meeting may already
// be deleted.
func (s *Server) SendMeetingEvent(ctx context.Context, url, secret, event string, meetingID int64) (*http.Response, error) {
	s.mu.Lock()
	m, ok := s.meetings[meetingID]
	if !ok {
		m, ok = s.gone[meetingID]
	}
	if !ok {
		s.mu.Unlock()
		return nil, fmt.Errorf("zoomtest: no meeting %d to send %s about", meetingID, event)
	}
	obj := map[string]any{
		"id": m.ID, "uuid": m.UUID, "host_id": m.HostID, "topic": m.Topic, "type": m.Type,
		"duration": m.Duration, "timezone": m.Timezone,
	}
	if !m.StartTime.IsZero() {
		obj["start_time"] = formatUTC(m.StartTime)
	}
	now := s.opts.Now()
	payload := map[string]any{
		"event":    event,
		"event_ts": now.UnixMilli(),
		"payload": map[string]any{
			"account_id": m.AccountID, "operator": m.HostEmail, "operator_id": m.HostID, "object": obj,
		},
	}
	s.mu.Unlock()
	resp, _, err := s.post(ctx, url, secret, now.Unix(), payload)
	return resp, err
}

// SendURLValidation posts Zoom's endpoint.url_validation challenge to url and checks that the
// answer carries encryptedToken = hex(HMAC-SHA256(secret, plainToken)).
func (s *Server) SendURLValidation(ctx context.Context, url, secret string) error {
	s.mu.Lock()
	plain := s.randomString(22)
	now := s.opts.Now()
	s.mu.Unlock()
	payload := map[string]any{
		"event":    "endpoint.url_validation",
		"event_ts": now.UnixMilli(),
		"payload":  map[string]string{"plainToken": plain},
	}
	resp, body, err := s.post(ctx, url, secret, now.Unix(), payload)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("zoomtest: url validation: status %d", resp.StatusCode)
	}
	var got struct {
		PlainToken     string `json:"plainToken"`
		EncryptedToken string `json:"encryptedToken"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		return fmt.Errorf("zoomtest: url validation: answer is not JSON: %w", err)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(plain))
	want := hex.EncodeToString(mac.Sum(nil))
	if got.PlainToken != plain || got.EncryptedToken != want {
		return fmt.Errorf("zoomtest: url validation: got plainToken %q encryptedToken %q, want %q and %q",
			got.PlainToken, got.EncryptedToken, plain, want)
	}
	return nil
}

// post sends payload signed; the response body is read and closed, and handed back.
func (s *Server) post(ctx context.Context, url, secret string, ts int64, payload any) (*http.Response, []byte, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("zoomtest: webhook: %w", err)
	}
	stamp := strconv.FormatInt(ts, 10)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "Zoom Marketplace/1.0a")
	req.Header.Set("x-zm-request-timestamp", stamp)
	req.Header.Set("x-zm-signature", Sign(secret, stamp, body))
	hc := s.opts.WebhookClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("zoomtest: webhook: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp, nil, fmt.Errorf("zoomtest: webhook: read answer: %w", err)
	}
	// The caller may still want to read what came back.
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return resp, data, nil
}
