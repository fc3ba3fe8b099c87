package gotomeeting

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
)

// Tokens gives an account's current access token; force renews one that GoTo called invalid
// (unless another instance already replaced stale).
type Tokens interface {
	Token(ctx context.Context, inst, res string, force bool, stale string) (*oauth2.Token, error)
}

// Provider adapts the client to addon.MeetingProvider, so that no hook handler sees a GoTo
// wire struct, and turns GoTo's errors into messages a CRM user can act on.
type Provider struct {
	Tokens  Tokens
	BaseURL *url.URL     // nil: GoTo's
	HTTP    *http.Client // transport and timeout for API calls
}

var _ addon.MeetingProvider = (*Provider)(nil)

// call runs f with a client for the account, renewing the token and retrying once when GoTo
// answers 403 InvalidToken, and once after a 429 when the deadline allows.
func (p *Provider) call(ctx context.Context, acct addon.Account, f func(*Client) error) error {
	tok, err := p.Tokens.Token(ctx, acct.InstallationID, acct.ResourceID, false, "")
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		base := p.HTTP
		if base == nil {
			base = &http.Client{Timeout: 10 * time.Second}
		}
		hc := &http.Client{Timeout: base.Timeout, Transport: bearer{&oauth2.Transport{Source: oauth2.StaticTokenSource(tok), Base: base.Transport}}}
		c := NewClient(hc)
		if p.BaseURL != nil {
			c.BaseURL = p.BaseURL
		}
		err = f(c)
		if err == nil || attempt > 0 {
			break
		}
		if IsInvalidToken(err) {
			if tok, err = p.Tokens.Token(ctx, acct.InstallationID, acct.ResourceID, true, tok.AccessToken); err != nil {
				return err
			}
			continue
		}
		var rl *RateLimitError
		if errors.As(err, &rl) {
			wait := max(rl.RetryAfter, time.Second)
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait+2*time.Second {
				break
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
			continue
		}
		break
	}
	return translate(err, acct)
}

func translate(err error, acct addon.Account) error {
	if err == nil {
		return nil
	}
	var ae *addon.Error
	if errors.As(err, &ae) {
		return ae
	}
	switch {
	case IsNotFound(err):
		return catalog.Error(addon.ENOTFOUND, "gotomeeting.meeting_unknown")
	case IsFreeAccount(err):
		return catalog.Error(addon.EFORBIDDEN, "gotomeeting.goto_account_free_account", acct.Login)
	case IsInvalidToken(err):
		return catalog.Error(addon.EFORBIDDEN, "gotomeeting.goto_refuses_access_account", acct.Login)
	case IsRateLimited(err):
		return addon.Throttled("GoTo")
	}
	var er *ErrorResponse
	if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode < http.StatusInternalServerError {
		// A refusal is definite: GoTo did nothing, and sending the same again would not help.
		return catalog.Error(addon.EINVALID, "gotomeeting.refused", er.Msg)
	}
	return addon.Unreachable("GoTo", shortErr(err))
}

func shortErr(err error) string {
	var er *ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return "HTTP " + strconv.Itoa(er.Response.StatusCode)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	return "network error"
}

func request(spec addon.MeetingSpec) *MeetingRequest {
	return &MeetingRequest{Subject: spec.Subject, Start: spec.Start, End: spec.End, ConferenceCallInfo: CallInfoHybrid, MeetingType: TypeScheduled}
}

var accessCode = regexp.MustCompile(`(?i)(?:access code|zugangscode)\s*:\s*([0-9][0-9 -]*[0-9])`)

// Create schedules a meeting for the account's organizer.
func (p *Provider) Create(ctx context.Context, acct addon.Account, spec addon.MeetingSpec) (addon.Meeting, error) {
	var m *CreatedMeeting
	err := p.call(ctx, acct, func(c *Client) (err error) {
		m, _, err = c.Meetings.Create(ctx, request(spec))
		return err
	})
	if err != nil {
		return addon.Meeting{}, err
	}
	return addon.Meeting{Provider: addon.ProviderGoTo, ID: strconv.FormatInt(m.MeetingID, 10), JoinURL: m.JoinURL,
		DialIn: dialIn(m.ConferenceCallInfo), AccessCode: firstMatch(accessCode, m.ConferenceCallInfo)}, nil
}

// Update replaces the meeting's subject and times (GoTo's PUT takes every field again).
func (p *Provider) Update(ctx context.Context, acct addon.Account, id string, spec addon.MeetingSpec) error {
	return p.call(ctx, acct, func(c *Client) error {
		_, err := c.Meetings.Update(ctx, id, request(spec))
		return err
	})
}

// Delete deletes the meeting.
func (p *Provider) Delete(ctx context.Context, acct addon.Account, id string) error {
	return p.call(ctx, acct, func(c *Client) error {
		_, err := c.Meetings.Delete(ctx, id)
		return err
	})
}

// HostURL fetches a fresh start link for the organizer.
func (p *Provider) HostURL(ctx context.Context, acct addon.Account, id string) (string, error) {
	var u string
	err := p.call(ctx, acct, func(c *Client) (err error) {
		u, _, err = c.Meetings.HostURL(ctx, id)
		return err
	})
	return u, err
}

// dialIn keeps the phone lines of GoTo's conference-call text; the access code is shown on a
// line of its own by the invitation template.
func dialIn(info string) string {
	var lines []string
	for _, l := range strings.Split(info, "\n") {
		if l = strings.TrimSpace(l); l != "" && !accessCode.MatchString(l) {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "; ")
}

func firstMatch(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// Orphans lists the organizer's upcoming meetings with the subject and times of spec: what an
// interrupted save may have created without recording it.
func (p *Provider) Orphans(ctx context.Context, acct addon.Account, spec addon.MeetingSpec, _ time.Time) ([]string, error) {
	var list []UpcomingMeeting
	err := p.call(ctx, acct, func(c *Client) (err error) { list, _, err = c.Meetings.Upcoming(ctx); return err })
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, m := range list {
		if m.Subject == Subject(spec.Subject) && m.StartTime.Equal(spec.Start) && m.EndTime.Equal(spec.End) {
			ids = append(ids, m.MeetingID.String())
		}
	}
	return ids, nil
}

// bearer is oauth2's Transport without its CancelRequest: an http.Client with a Timeout calls
// that on a transport that has it, and oauth2's only logs a deprecation line on every call
// that runs out of time (the request's context cancels it). See oauth.Transport.
type bearer struct{ t *oauth2.Transport }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) { return b.t.RoundTrip(r) }
