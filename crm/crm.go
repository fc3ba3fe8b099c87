// Package crm plays the CRM's side of the add-on protocol: it signs and sends hooks and makes
// launch tokens. The demo command and the end-to-end tests use it; the add-on itself does not.
package crm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/hooks"
	"github.com/onlinemeetings/meeting-addon/launch"
)

// Client is one CRM system talking to an add-on.
type Client struct {
	AddonURL       string
	InstallationID string
	Secret         string
	SystemURL      string
	HTTP           *http.Client
	Now            func() time.Time
}

// Reply is the add-on's answer to a hook.
type Reply struct {
	Status int
	Raw    []byte
	Answer addon.Answer
	Error  struct {
		Code    string             `json:"code"`
		Message string             `json:"message"`
		Details []addon.FieldError `json:"details"`
	} `json:"error"`
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Body builds a hook body with the common fields.
func (c *Client) Body(event string, u addon.User, payload map[string]any) []byte {
	b := map[string]any{"event": event, "system_url": c.SystemURL, "occurred_at": c.now().UTC().Format(time.RFC3339), "user": u}
	for k, v := range payload {
		b[k] = v
	}
	raw, _ := json.Marshal(b)
	return raw
}

// Send signs and posts a raw body for event with the given delivery id ("" makes a new one).
func (c *Client) Send(ctx context.Context, event, delivery string, raw []byte) (Reply, error) {
	if delivery == "" {
		delivery = uuid.NewString()
	}
	ts := c.now().Unix()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.AddonURL+"/hooks/v1/"+event, bytes.NewReader(raw))
	if err != nil {
		return Reply{}, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("X-CRM-Installation", c.InstallationID)
	req.Header.Set("X-CRM-Delivery", delivery)
	req.Header.Set("X-CRM-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-CRM-Signature", hooks.Sign(c.Secret, ts, raw))
	return c.do(req)
}

func (c *Client) do(req *http.Request) (Reply, error) {
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 20 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Reply{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return Reply{}, err
	}
	r := Reply{Status: resp.StatusCode, Raw: raw}
	if resp.StatusCode == http.StatusOK {
		err = json.Unmarshal(raw, &r.Answer)
	} else {
		err = json.Unmarshal(raw, &r)
	}
	if err != nil {
		return r, fmt.Errorf("answer %d is not the protocol's JSON: %s", resp.StatusCode, truncate(string(raw), 200))
	}
	return r, nil
}

// LaunchURL appends a fresh launch token for the user to a button's URL.
func (c *Client) LaunchURL(buttonURL string, u addon.User, admin bool) string {
	now := c.now()
	tok, _ := launch.Sign(c.Secret, c.InstallationID, launch.Claims{
		RegisteredClaims: jwt.RegisteredClaims{Issuer: c.SystemURL, Audience: jwt.ClaimStrings{"addon"}, Subject: u.ID,
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(110 * time.Second)), ID: uuid.NewString()},
		Name: u.Name, Email: u.Email, Groups: u.Groups, External: u.External, Admin: admin, Locale: u.Locale,
	})
	sep := "?"
	if strings.Contains(buttonURL, "?") {
		sep = "&"
	}
	return buttonURL + sep + "crm_launch=" + url.QueryEscape(tok)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
