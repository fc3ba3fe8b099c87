// Package gotomeeting is a client for the GoTo Meeting REST API (G2M v1), shaped like
// go-github: a Client with a settable BaseURL, NewRequest and Do, and the meeting calls on
// c.Meetings. Authentication is left to the injected *http.Client (oauth2.NewClient with the
// organizer's token source): every GoTo account needs its own token, so one Client stands for
// one organizer.
package gotomeeting

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
	defaultBaseURL = "https://api.getgo.com/G2M/rest/"
	userAgent      = "meeting-addon-gotomeeting"

	// maxAnswer bounds how much of an answer is read. GoTo's answers are a few kilobytes; a
	// larger one is a proxy error page or a fault, and must not exhaust memory.
	maxAnswer = 1 << 20
)

// Client talks to the GoTo Meeting API on behalf of the organizer whose token the injected
// HTTP client carries.
type Client struct {
	client *http.Client

	// BaseURL of the API; it must end in a slash. Tests point it at a fake server.
	BaseURL *url.URL
	// UserAgent sent with every request.
	UserAgent string

	common service

	Meetings *MeetingsService
}

type service struct{ client *Client }

// NewClient returns a client using httpClient, or a plain http.Client when nil (only useful
// against a fake that needs no token).
func NewClient(httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = &http.Client{}
	}
	base, _ := url.Parse(defaultBaseURL)
	c := &Client{client: httpClient, BaseURL: base, UserAgent: userAgent}
	c.common.client = c
	c.Meetings = (*MeetingsService)(&c.common)
	return c
}

// NewRequest builds a request for path, relative to BaseURL, with body encoded as JSON.
func (c *Client) NewRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	if !strings.HasSuffix(c.BaseURL.Path, "/") {
		return nil, fmt.Errorf("gotomeeting: BaseURL must have a trailing slash, but %q does not", c.BaseURL)
	}
	u, err := c.BaseURL.Parse(strings.TrimPrefix(path, "/"))
	if err != nil {
		return nil, fmt.Errorf("gotomeeting: %w", err)
	}
	var buf io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("gotomeeting: encode request: %w", err)
		}
		buf = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), buf)
	if err != nil {
		return nil, fmt.Errorf("gotomeeting: %w", err)
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

// Do sends req and decodes a successful JSON answer into v (when v is not nil). Answers
// outside 2xx become *ErrorResponse or *RateLimitError. The returned response's body is
// already read and closed.
func (c *Client) Do(req *http.Request, v any) (*http.Response, error) {
	resp, err := c.client.Do(req)
	if err != nil {
		// The context's error says more than the transport's wrapping of it.
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, fmt.Errorf("gotomeeting: %s %s: %w", req.Method, sanitizeURL(req.URL), ctxErr)
		}
		return nil, fmt.Errorf("gotomeeting: %w", err)
	}
	defer resp.Body.Close()

	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return resp, fmt.Errorf("gotomeeting: read answer of %s %s: %w", req.Method, sanitizeURL(req.URL), err)
	}
	if len(data) > maxAnswer {
		return resp, fmt.Errorf("gotomeeting: answer of %s %s is larger than %d bytes", req.Method, sanitizeURL(req.URL), maxAnswer)
	}
	if err := checkResponse(resp, data); err != nil {
		return resp, err
	}
	if v == nil || len(bytes.TrimSpace(data)) == 0 {
		return resp, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return resp, fmt.Errorf("gotomeeting: decode answer of %s %s: %w", req.Method, sanitizeURL(req.URL), err)
	}
	return resp, nil
}

// sanitizeURL drops user info and the query: neither is needed to understand an error and
// either could carry a secret.
func sanitizeURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.RawQuery = ""
	c.Fragment = ""
	return c.String()
}

// errEmptyAnswer is returned when GoTo answers an array call with an empty array.
var errEmptyAnswer = errors.New("gotomeeting: empty answer")
