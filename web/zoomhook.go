package web

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/telemetry"
)

// zoomEvent is the part of Zoom's webhook body the add-on reads.
type zoomEvent struct {
	Event   string `json:"event"`
	Payload struct {
		PlainToken string `json:"plainToken"`
		AccountID  string `json:"account_id"`
		Object     struct {
			ID        json.Number `json:"id"`
			Topic     string      `json:"topic"`
			StartTime string      `json:"start_time"`
			Duration  int         `json:"duration"`
		} `json:"object"`
	} `json:"payload"`
}

const maxZoomEvent = 64 << 10

// zoomWebhook receives the events of the vendor's own Zoom app (POST /webhooks/zoom), signed
// with ADDON_ZOOM_WEBHOOK_SECRET; they may concern any installation's meetings. Without that
// secret nothing can be verified, so every event is refused.
func (s *Server) zoomWebhook(c echo.Context) error {
	if s.ZoomWebhookSecret == "" {
		return addon.Errorf(addon.EFORBIDDEN, "Zoom webhooks are not configured (ADDON_ZOOM_WEBHOOK_SECRET)")
	}
	return s.zoomEvent(c, s.ZoomWebhookSecret, store.ZoomAccount{})
}

// zoomAccountWebhook receives the events of one installation's Zoom app (POST
// /webhooks/zoom/:account, the URL the settings page shows with the account), signed with the
// Secret Token the admin stored with the account; they may only concern that installation's
// meetings.
func (s *Server) zoomAccountWebhook(c echo.Context) error {
	ctx := c.Request().Context()
	acct, secret, err := s.Store.ZoomWebhookSecret(ctx, c.Param("account"))
	if addon.ErrorCode(err) == addon.ENOTFOUND {
		return addon.Errorf(addon.ENOTFOUND, "no Zoom account %q: copy the event notification endpoint URL from the add-on's settings page again", c.Param("account"))
	} else if err != nil {
		return err
	}
	telemetry.From(ctx).SetInstallation(acct.InstallationID)
	if secret == "" {
		return addon.Errorf(addon.EFORBIDDEN, "Zoom account %s has no Secret Token: enter the event subscription's Secret Token with the account on the add-on's settings page", acct.ID)
	}
	inst, err := s.Store.Installation(ctx, acct.InstallationID)
	if err != nil {
		return err
	}
	if inst.Disabled {
		return addon.Errorf(addon.EFORBIDDEN, "installation disabled")
	}
	return s.zoomEvent(c, secret, acct)
}

// zoomEvent verifies a Zoom webhook with secret and handles it: it answers
// endpoint.url_validation, and records meeting.updated and meeting.deleted (someone changed a
// meeting in Zoom itself). An account (acct.ID set: the URL named it) limits the events to
// that Zoom account's meetings of installations that share its app (see zoomMeetingOf).
func (s *Server) zoomEvent(c echo.Context, secret string, acct store.ZoomAccount) error {
	raw, err := s.verifiedZoomBody(c, secret)
	if err != nil {
		return err
	}
	var ev zoomEvent
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&ev); err != nil {
		return addon.Invalid("body", "malformed Zoom event")
	}
	ctx := c.Request().Context()
	id := ev.Payload.Object.ID.String()
	if (ev.Event == "meeting.updated" || ev.Event == "meeting.deleted") && id == "" {
		// Records still being created have no meeting id yet: an event without one is about none.
		return addon.Invalid("payload.object.id", "missing")
	}
	if acct.ID != "" && (ev.Event == "meeting.updated" || ev.Event == "meeting.deleted") {
		// The URL names one of our accounts; the event must be about the same Zoom account.
		if ev.Payload.AccountID == "" || len(ev.Payload.AccountID) > 64 {
			return addon.Invalid("payload.account_id", "missing")
		}
		if ev.Payload.AccountID != acct.AccountID {
			return addon.Errorf(addon.EFORBIDDEN, "the event is about Zoom account %s, but %s is the add-on's account for Zoom account %s: enter this URL only in that Zoom account's app",
				ev.Payload.AccountID, acct.ID, acct.AccountID)
		}
	}
	switch ev.Event {
	case "endpoint.url_validation":
		if ev.Payload.PlainToken == "" || len(ev.Payload.PlainToken) > 256 {
			return addon.Invalid("payload.plainToken", "missing")
		}
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(ev.Payload.PlainToken))
		return c.JSON(http.StatusOK, map[string]string{"plainToken": ev.Payload.PlainToken, "encryptedToken": hex.EncodeToString(m.Sum(nil))})
	case "meeting.updated":
		if err := s.zoomMeetingOf(ctx, acct, secret, id); err != nil {
			return err
		}
		rm := meeting.RemoteMeeting{ID: id, Topic: ev.Payload.Object.Topic, Duration: ev.Payload.Object.Duration}
		if t, err := time.Parse(time.RFC3339, ev.Payload.Object.StartTime); err == nil {
			rm.StartTime = t
		}
		if err := s.Meetings.RemoteUpdated(ctx, addon.ProviderZoom, rm); err != nil {
			return err
		}
	case "meeting.deleted":
		if err := s.zoomMeetingOf(ctx, acct, secret, id); err != nil {
			return err
		}
		if err := s.Meetings.RemoteDeleted(ctx, addon.ProviderZoom, id); err != nil {
			return err
		}
	}
	return c.NoContent(http.StatusNoContent)
}

// verifiedZoomBody reads the body (bounded) and checks Zoom's signature over it:
// x-zm-signature = "v0=" + hex(HMAC-SHA256(secret, "v0:{x-zm-request-timestamp}:{body}")),
// compared in constant time, with the timestamp within 5 minutes of now.
func (s *Server) verifiedZoomBody(c echo.Context, secret string) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(c.Request().Body, maxZoomEvent+1))
	if err != nil || len(raw) > maxZoomEvent {
		return nil, addon.Errorf(addon.ETOOLARGE, "webhook body too large")
	}
	ts := c.Request().Header.Get("x-zm-request-timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return nil, addon.Errorf(addon.EUNAUTHORIZED, "missing x-zm-request-timestamp")
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	if d := now().Sub(time.Unix(sec, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return nil, addon.Errorf(addon.EUNAUTHORIZED, "stale x-zm-request-timestamp")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(raw)
	want := "v0=" + hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(c.Request().Header.Get("x-zm-signature"))) {
		return nil, addon.Errorf(addon.EUNAUTHORIZED, "invalid x-zm-signature")
	}
	return raw, nil
}

// zoomMeetingOf refuses an event about a meeting that an installation recorded which does not
// share the app of the account acct: an installation's Secret Token must not let it mark other
// installations' meetings. Installations that share the app (their Zoom account for the same
// Zoom account id holds the same Secret Token that signed the event) are told apart by the
// meeting's record, and each has its own meeting marked. Meetings no installation knows (made
// in Zoom, not by the add-on) pass and change nothing. Without acct (the vendor's app) the
// event may concern any installation.
func (s *Server) zoomMeetingOf(ctx context.Context, acct store.ZoomAccount, secret, id string) error {
	if acct.ID == "" {
		return nil
	}
	recs, err := s.Store.MeetingsByProviderID(ctx, addon.ProviderZoom, id)
	if err != nil {
		return err
	}
	shares := map[string]bool{acct.InstallationID: true}
	for _, r := range recs {
		ok, known := shares[r.InstallationID]
		if !known {
			secrets, err := s.Store.ZoomWebhookSecretsOf(ctx, r.InstallationID, acct.AccountID)
			if err != nil {
				return err
			}
			ok = slices.ContainsFunc(secrets, func(v string) bool { return hmac.Equal([]byte(v), []byte(secret)) })
			shares[r.InstallationID] = ok
		}
		if !ok {
			return addon.Errorf(addon.EFORBIDDEN, "Zoom meeting %s is not a meeting of this Zoom account's installation", id)
		}
	}
	return nil
}
