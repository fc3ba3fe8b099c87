// Package zoom is a client for the parts of Zoom's REST API v2 the add-on uses: users and their
// passcode rules, account settings, meetings, and the Server-to-Server OAuth token call.
//
// It follows go-github's shape: a Client with a settable BaseURL, NewRequest and Do, one
// service per area, and typed errors carrying Zoom's own error codes. Authentication is left to
// the injected *http.Client (for instance oauth2.NewClient with AccountTokenSource), so this
// package never sees a token outside the token call itself.
package zoom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

const (
	defaultBaseURL = "https://api.zoom.us/v2/"
	userAgent      = "meeting-addon-zoom"

	// maxResponseBytes bounds what Do reads of a response: a page of 300 users is well below
	// it, and a misbehaving proxy must not make the add-on buffer without limit.
	maxResponseBytes = 4 << 20
)

// Client talks to the Zoom API. Its zero value is not usable; use NewClient.
type Client struct {
	client *http.Client

	// BaseURL is the API root and must end in a slash. Tests point it at a fake server.
	BaseURL *url.URL
	// UserAgent is sent with every request.
	UserAgent string

	common service

	Users    *UsersService
	Accounts *AccountsService
	Meetings *MeetingsService
}

type service struct{ client *Client }

// NewClient returns a client using httpClient, which must add the Authorization header (see
// AccountTokenSource). A nil httpClient means http.DefaultClient, which only suits tests.
func NewClient(httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	base, _ := url.Parse(defaultBaseURL)
	c := &Client{client: httpClient, BaseURL: base, UserAgent: userAgent}
	c.common.client = c
	c.Users = (*UsersService)(&c.common)
	c.Accounts = (*AccountsService)(&c.common)
	c.Meetings = (*MeetingsService)(&c.common)
	return c
}

// NewRequest builds a request for path, relative to BaseURL (no leading slash). A non-nil body
// is sent as JSON.
func (c *Client) NewRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	if !strings.HasSuffix(c.BaseURL.Path, "/") {
		return nil, fmt.Errorf("zoom: BaseURL must have a trailing slash, but %q does not", c.BaseURL)
	}
	u, err := c.BaseURL.Parse(strings.TrimPrefix(path, "/"))
	if err != nil {
		return nil, fmt.Errorf("zoom: %w", err)
	}
	var r io.Reader
	if body != nil {
		buf := &bytes.Buffer{}
		enc := json.NewEncoder(buf)
		// Zoom's texts (topics, agendas) may contain & or <; escaping them would only hurt
		// readability in Zoom's UI logs, not safety.
		enc.SetEscapeHTML(false)
		if err := enc.Encode(body); err != nil {
			return nil, fmt.Errorf("zoom: encode %s %s: %w", method, u.Path, err)
		}
		r = buf
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), r)
	if err != nil {
		return nil, fmt.Errorf("zoom: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	return req, nil
}

// Do sends req and decodes a JSON answer into v (unless v is nil or the answer has no body).
// Non-2xx answers come back as *ErrorResponse or *RateLimitError, together with the response.
func (c *Client) Do(req *http.Request, v any) (*http.Response, error) {
	resp, err := c.client.Do(req)
	if err != nil {
		// The context's error says more than the transport's wrapping of it.
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("zoom: %s %s: %w", req.Method, sanitizeURL(req.URL), err)
	}
	defer resp.Body.Close()

	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return resp, fmt.Errorf("zoom: %s %s: read answer: %w", req.Method, sanitizeURL(req.URL), err)
	}
	if len(data) > maxResponseBytes {
		return resp, fmt.Errorf("zoom: %s %s: answer larger than %d bytes", req.Method, sanitizeURL(req.URL), maxResponseBytes)
	}
	if err := checkResponse(resp, data); err != nil {
		return resp, err
	}
	if v == nil || len(bytes.TrimSpace(data)) == 0 {
		return resp, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return resp, fmt.Errorf("zoom: %s %s: decode answer: %w", req.Method, sanitizeURL(req.URL), err)
	}
	return resp, nil
}

// sanitizeURL drops the query, which may carry page tokens, and any user info so error texts
// are safe to log.
func sanitizeURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.RawQuery = ""
	c.User = nil
	return c.String()
}

// errNoID guards against building paths like /meetings/0 that would address something else.
var errNoID = errors.New("zoom: empty id")

// segment escapes one path segment. url.PathEscape leaves "." and ".." as they are, which a
// server resolves as the current or the parent path: a licence user named ".." would reach
// another endpoint than the user's.
func segment(s string) string {
	if strings.Trim(s, ".") == "" {
		return strings.ReplaceAll(s, ".", "%2E")
	}
	return url.PathEscape(s)
}
