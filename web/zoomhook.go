package web

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/meeting"
)

// zoomEvent is the part of Zoom's webhook body the add-on reads.
type zoomEvent struct {
	Event   string `json:"event"`
	Payload struct {
		PlainToken string `json:"plainToken"`
		Object     struct {
			ID        json.Number `json:"id"`
			Topic     string      `json:"topic"`
			StartTime string      `json:"start_time"`
			Duration  int         `json:"duration"`
		} `json:"object"`
	} `json:"payload"`
}

const maxZoomEvent = 64 << 10

// zoomWebhook receives Zoom's meeting.updated and meeting.deleted events (someone changed a
// meeting in Zoom itself) and answers endpoint.url_validation. Without a configured secret
// nothing can be verified, so every event is refused.
func (s *Server) zoomWebhook(c echo.Context) error {
	if s.ZoomWebhookSecret == "" {
		return addon.Errorf(addon.EFORBIDDEN, "Zoom webhooks are not configured (ADDON_ZOOM_WEBHOOK_SECRET)")
	}
	raw, err := io.ReadAll(io.LimitReader(c.Request().Body, maxZoomEvent+1))
	if err != nil || len(raw) > maxZoomEvent {
		return addon.Errorf(addon.ETOOLARGE, "webhook body too large")
	}
	ts := c.Request().Header.Get("x-zm-request-timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return addon.Errorf(addon.EUNAUTHORIZED, "missing x-zm-request-timestamp")
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	if d := now().Sub(time.Unix(sec, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return addon.Errorf(addon.EUNAUTHORIZED, "stale x-zm-request-timestamp")
	}
	mac := hmac.New(sha256.New, []byte(s.ZoomWebhookSecret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(raw)
	want := "v0=" + hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(c.Request().Header.Get("x-zm-signature"))) {
		return addon.Errorf(addon.EUNAUTHORIZED, "invalid x-zm-signature")
	}
	var ev zoomEvent
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&ev); err != nil {
		return addon.Invalid("body", "malformed Zoom event")
	}
	ctx := c.Request().Context()
	switch ev.Event {
	case "endpoint.url_validation":
		if ev.Payload.PlainToken == "" || len(ev.Payload.PlainToken) > 256 {
			return addon.Invalid("payload.plainToken", "missing")
		}
		m := hmac.New(sha256.New, []byte(s.ZoomWebhookSecret))
		m.Write([]byte(ev.Payload.PlainToken))
		return c.JSON(http.StatusOK, map[string]string{"plainToken": ev.Payload.PlainToken, "encryptedToken": hex.EncodeToString(m.Sum(nil))})
	case "meeting.updated":
		rm := meeting.RemoteMeeting{ID: ev.Payload.Object.ID.String(), Topic: ev.Payload.Object.Topic, Duration: ev.Payload.Object.Duration}
		if t, err := time.Parse(time.RFC3339, ev.Payload.Object.StartTime); err == nil {
			rm.StartTime = t
		}
		if err := s.Meetings.RemoteUpdated(ctx, addon.ProviderZoom, rm); err != nil {
			return err
		}
	case "meeting.deleted":
		if err := s.Meetings.RemoteDeleted(ctx, addon.ProviderZoom, ev.Payload.Object.ID.String()); err != nil {
			return err
		}
	}
	return c.NoContent(http.StatusNoContent)
}
