package zoom

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/passcode"
)

// Host is a licence user resolved to the account that owns it.
type Host struct {
	Client    *Client
	AccountID string // our id of the installation's Zoom account
	UserID    string // Zoom's user id
	Email     string
	// TokenRef identifies the access token Client uses (not the token itself), so that after
	// Zoom refuses it Renew replaces that token and no newer one.
	TokenRef string
	// Pinned are the account's meeting settings when the resolver read them with the client
	// (nil: the session asks Accounts.Pinned).
	Pinned *MeetingSettings
}

// Accounts resolves licence users to authenticated clients of the installation's Zoom accounts.
type Accounts interface {
	Host(ctx context.Context, inst, login string) (Host, error)
	// Renew replaces the account's shared access token after Zoom called the one staleRef
	// refers to invalid (124), unless another save already replaced it.
	Renew(ctx context.Context, inst, accountID, staleRef string) error
	// PasscodeRule returns the rule for the host's passcodes; it may come from a cache unless
	// fresh is set (after Zoom refused a passcode made by it).
	PasscodeRule(ctx context.Context, inst, accountID, hostUserID string, fresh bool) (passcode.Rule, error)
	// Pinned returns the meeting settings of the account of the licence user login, which
	// every create carries (nil: none pinned). It reads them fresh: an administrator who
	// switches the AI Companion off expects the next meeting to be made without it.
	Pinned(ctx context.Context, inst, login string) (*MeetingSettings, error)
	// SettingsSent returns the Fingerprint of the settings last sent for each of the meetings
	// ids that has one; SetSettingsSent records it ("" forgets the meeting).
	SettingsSent(ctx context.Context, inst string, ids []string) (map[string]string, error)
	SetSettingsSent(ctx context.Context, inst, id, fingerprint string) error
}

// Provider adapts the client to addon.MeetingProvider and addon.SeriesProvider.
type Provider struct {
	Accounts Accounts
	Topic    func(subject string) string // topic template; nil: the subject
	Now      func() time.Time
}

var (
	_ addon.MeetingProvider = (*Provider)(nil)
	_ addon.SeriesProvider  = (*Provider)(nil)
	_ meeting.Adopter       = (*Provider)(nil)
)

const maxTopic = 200

func (p *Provider) topic(s string) string {
	if p.Topic != nil {
		s = p.Topic(s)
	}
	if r := []rune(s); len(r) > maxTopic {
		s = string(r[:maxTopic])
	}
	return s
}

func (p *Provider) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// session runs calls for one host and retries once after an invalid token (124) and after a
// per-second rate limit when the CRM's time budget allows.
type session struct {
	p    *Provider
	inst string
	host Host
	n    int // requests made
	// pw is the passcode of the meetings this session creates, made by passcode; a request
	// that carries it sets it inside the function it gives do, so that do can replace it once
	// when Zoom refuses it for the host's rules.
	pw string
	// The account's pinned settings, read once, and what was last sent per meeting id.
	pin     *MeetingSettings
	pinRef  string
	pinRead bool
	sent    map[string]string
}

func (p *Provider) open(ctx context.Context, acct addon.Account) (*session, error) {
	h, err := p.Accounts.Host(ctx, acct.InstallationID, acct.Login)
	if err != nil {
		return nil, err
	}
	return &session{p: p, inst: acct.InstallationID, host: h}, nil
}

func (s *session) do(ctx context.Context, f func(c *Client) error) error {
	for attempt := 0; ; attempt++ {
		s.n++
		err := f(s.host.Client)
		if err == nil || attempt > 0 {
			return s.translate(err)
		}
		var rl *RateLimitError
		switch {
		case IsCode(err, CodeInvalidToken):
			if ierr := s.p.Accounts.Renew(ctx, s.inst, s.host.AccountID, s.host.TokenRef); ierr != nil {
				return ierr
			}
			h, herr := s.p.Accounts.Host(ctx, s.inst, s.host.Email)
			if herr != nil {
				return herr
			}
			s.host = h
		case errors.As(err, &rl) && rl.Type != RateLimitDaily:
			wait := max(rl.RetryAfter, 200*time.Millisecond)
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait+2*time.Second {
				return s.translate(err)
			}
			select {
			case <-ctx.Done():
				return s.translate(ctx.Err())
			case <-time.After(wait):
			}
		case s.pw != "" && IsPasscodeRefused(err):
			// The cached rules are out of date: read them again and make a new passcode.
			if perr := s.newPasscode(ctx, true); perr != nil {
				return perr
			}
		default:
			return s.translate(err)
		}
	}
}

// translate turns Zoom's errors into messages a CRM user can act on.
func (s *session) translate(err error) error {
	if err == nil {
		return nil
	}
	var ae *addon.Error
	if errors.As(err, &ae) {
		return ae
	}
	host := s.host.Email
	var rl *RateLimitError
	var er *ErrorResponse
	switch {
	case errors.As(err, &rl) && rl.Type == RateLimitDaily:
		reset := time.Date(s.p.now().UTC().Year(), s.p.now().UTC().Month(), s.p.now().UTC().Day()+1, 0, 0, 0, 0, time.UTC)
		at := reset.In(addon.HomeZone()).Format("02.01.2006 15:04 MST")
		return catalog.Error(addon.EINVALID, "zoom.zoom_allows_100_meeting", host, at)
	case errors.As(err, &rl):
		return addon.Throttled("Zoom")
	case IsCode(err, CodeCannotSchedule):
		return catalog.Error(addon.EINVALID, "zoom.zoom_refuses_schedule_for", host, host)
	case IsCode(err, CodeUserNotFound):
		return catalog.Error(addon.EINVALID, "zoom.zoom_user_does_not", host)
	case IsCode(err, CodeUserCannotHost):
		return catalog.Error(addon.EINVALID, "zoom.zoom_user_may_not", host)
	case IsCode(err, CodeAlternativeHost):
		return catalog.Error(addon.EINVALID, "zoom.alternative_host_unlicensed", apiMessage(err))
	case IsCode(err, CodeMeetingNotFound):
		return catalog.Error(addon.ENOTFOUND, "zoom.meeting_unknown")
	case IsCode(err, CodeInvalidToken):
		return catalog.Error(addon.EFORBIDDEN, "zoom.zoom_refuses_account_credentials")
	case errors.As(err, &er) && er.Response != nil && er.Response.StatusCode < 500:
		return catalog.Error(addon.EINVALID, "zoom.refused", apiMessage(err))
	}
	return addon.Unreachable("Zoom", "")
}

func apiMessage(err error) string {
	var er *ErrorResponse
	if errors.As(err, &er) {
		return er.Message
	}
	return ""
}

// passcode returns the session's passcode, generated on first use to satisfy the host's or
// account's rules.
func (s *session) passcode(ctx context.Context) (string, error) {
	if s.pw == "" {
		if err := s.newPasscode(ctx, false); err != nil {
			return "", err
		}
	}
	return s.pw, nil
}

// create creates the meeting req describes for the host. A request with a passcode gets the
// session's current one on every attempt: do replaces it once when Zoom refuses it.
//
// Every create carries the account's pinned settings.
func (s *session) create(ctx context.Context, req *MeetingRequest) (*Meeting, error) {
	pin, ref, err := s.pinned(ctx)
	if err != nil {
		return nil, err
	}
	withPinned(req, pin)
	var m *Meeting
	err = s.do(ctx, func(c *Client) (err error) {
		if req.Password != "" && s.pw != "" {
			req.Password = s.pw
		}
		m, _, err = c.Meetings.Create(ctx, s.host.UserID, req)
		return err
	})
	if err == nil && ref != "" {
		s.recordSent(ctx, strconv.FormatInt(m.ID, 10), ref)
	}
	return m, err
}

func (s *session) newPasscode(ctx context.Context, fresh bool) error {
	rule, err := s.p.Accounts.PasscodeRule(ctx, s.inst, s.host.AccountID, s.host.UserID, fresh)
	if err != nil {
		return err
	}
	pw, err := passcode.Generate(rule)
	if err != nil {
		return catalog.Error(addon.EINVALID, "zoom.passcode_rules_unmet", err)
	}
	s.pw = pw
	return nil
}

func (s *session) altHosts(ctx context.Context, logins []string) (string, error) {
	var ids []string
	for _, l := range logins {
		h, err := s.p.Accounts.Host(ctx, s.inst, l)
		if err != nil {
			return "", catalog.Error(addon.EINVALID, "zoom.alternative_host_error", l, err)
		}
		if h.AccountID != s.host.AccountID {
			return "", catalog.Error(addon.EINVALID, "zoom.alternative_host_belongs_another", l, s.host.Email)
		}
		if h.UserID != s.host.UserID {
			ids = append(ids, h.Email)
		}
	}
	return strings.Join(ids, ";"), nil
}

func minutes(d time.Duration) (int, error) {
	m := int(d.Round(time.Minute) / time.Minute)
	if m < 1 || m > 1440 {
		return 0, catalog.Error(addon.EINVALID, "zoom.duration", m)
	}
	return m, nil
}

func toMeeting(m *Meeting) addon.Meeting {
	out := addon.Meeting{Provider: addon.ProviderZoom, ID: strconv.FormatInt(m.ID, 10), JoinURL: m.JoinURL, Passcode: m.Password}
	if m.Settings != nil && len(m.Settings.GlobalDialInNumbers) > 0 {
		n := m.Settings.GlobalDialInNumbers[0]
		out.DialIn = strings.TrimSpace(n.Number)
		out.AccessCode = strconv.FormatInt(m.ID, 10)
	}
	return out
}

func parseID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("zoom meeting id %q: %w", id, err)
	}
	return n, nil
}

// Create schedules a single meeting (type 2) for the host, in the appointment's local time.
func (p *Provider) Create(ctx context.Context, acct addon.Account, spec addon.MeetingSpec) (addon.Meeting, error) {
	s, err := p.open(ctx, acct)
	if err != nil {
		return addon.Meeting{}, err
	}
	req, err := s.request(ctx, spec.Subject, spec.Start, spec.End, spec.TimeZone, spec.AltHosts)
	if err != nil {
		return addon.Meeting{}, err
	}
	if _, err = s.passcode(ctx); err != nil {
		return addon.Meeting{}, err
	}
	req.Type = MeetingScheduled
	req.Password = s.pw
	m, err := s.create(ctx, req)
	if err != nil {
		return addon.Meeting{}, err
	}
	return toMeeting(m), nil
}

func (s *session) request(ctx context.Context, subject string, start, end time.Time, tz string, alt []string) (*MeetingRequest, error) {
	d, err := minutes(end.Sub(start))
	if err != nil {
		return nil, err
	}
	loc, err := addon.LoadLocation(tz)
	if err != nil {
		loc, tz = time.UTC, "UTC"
	}
	st, err := FormatLocal(start.In(loc), tz)
	if err != nil {
		return nil, err
	}
	req := &MeetingRequest{Topic: s.p.topic(subject), StartTime: st, Timezone: tz, Duration: d}
	if len(alt) > 0 {
		hosts, err := s.altHosts(ctx, alt)
		if err != nil {
			return nil, err
		}
		if hosts != "" {
			req.Settings = &MeetingSettings{AlternativeHosts: Ptr(hosts)}
		}
	}
	return req, nil
}

// Update changes topic, time, duration and alternative hosts.
func (p *Provider) Update(ctx context.Context, acct addon.Account, id string, spec addon.MeetingSpec) error {
	s, err := p.open(ctx, acct)
	if err != nil {
		return err
	}
	req, err := s.request(ctx, spec.Subject, spec.Start, spec.End, spec.TimeZone, spec.AltHosts)
	if err != nil {
		return err
	}
	clearAltHosts(req)
	return s.patch(ctx, id, req)
}

// clearAltHosts makes an update without alternative hosts remove those the meeting had (an
// absent field would keep them).
func clearAltHosts(req *MeetingRequest) {
	if req.Settings == nil {
		req.Settings = &MeetingSettings{AlternativeHosts: Ptr("")}
	}
}

// SetAltHosts gives every meeting of a series the alternative hosts alt (none: removes them),
// each checked as for a new meeting.
func (p *Provider) SetAltHosts(ctx context.Context, acct addon.Account, sm addon.SeriesMeeting, alt []string) error {
	s, err := p.open(ctx, acct)
	if err != nil {
		return err
	}
	hosts := ""
	if len(alt) > 0 {
		if hosts, err = s.altHosts(ctx, alt); err != nil {
			return err
		}
	}
	for _, b := range sm.Blocks {
		if err := s.patch(ctx, b.ID, &MeetingRequest{Settings: &MeetingSettings{AlternativeHosts: Ptr(hosts)}}); err != nil {
			return err
		}
	}
	return nil
}

// patch sends an update of the meeting id (a whole series when it recurs), with the account's
// pinned settings when they changed since the meeting got them.
func (s *session) patch(ctx context.Context, id string, req *MeetingRequest) error {
	mid, err := parseID(id)
	if err != nil {
		return err
	}
	return s.updateMeeting(ctx, mid, req)
}

// Delete deletes a meeting (a whole series when it recurs).
func (p *Provider) Delete(ctx context.Context, acct addon.Account, id string) error {
	mid, err := parseID(id)
	if err != nil {
		return err
	}
	s, err := p.open(ctx, acct)
	if err != nil {
		return err
	}
	err = s.do(ctx, func(c *Client) error { _, err := c.Meetings.Delete(ctx, mid, ""); return err })
	if err == nil || addon.ErrorCode(err) == addon.ENOTFOUND {
		s.recordSent(ctx, id, "")
	}
	return err
}

// HostURL reads the meeting to get a fresh start_url (it expires after two hours).
func (p *Provider) HostURL(ctx context.Context, acct addon.Account, id string) (string, error) {
	mid, err := parseID(id)
	if err != nil {
		return "", err
	}
	s, err := p.open(ctx, acct)
	if err != nil {
		return "", err
	}
	var m *Meeting
	err = s.do(ctx, func(c *Client) (err error) { m, _, err = c.Meetings.Get(ctx, mid, ""); return err })
	if err != nil {
		return "", err
	}
	return m.StartURL, nil
}

// Adopt reads a meeting whose create answer was lost, with everything the create answer
// would have carried (link, passcode, dial-in).
func (p *Provider) Adopt(ctx context.Context, acct addon.Account, id string) (addon.Meeting, error) {
	mid, err := parseID(id)
	if err != nil {
		return addon.Meeting{}, err
	}
	s, err := p.open(ctx, acct)
	if err != nil {
		return addon.Meeting{}, err
	}
	var m *Meeting
	if err := s.do(ctx, func(c *Client) (err error) { m, _, err = c.Meetings.Get(ctx, mid, ""); return err }); err != nil {
		return addon.Meeting{}, err
	}
	return toMeeting(m), nil
}

// Exists reads the meeting: false only when Zoom answers 3001; any other failure is an error,
// so that a transient problem never counts as a deletion.
func (p *Provider) Exists(ctx context.Context, acct addon.Account, id string) (bool, error) {
	mid, err := parseID(id)
	if err != nil {
		return false, err
	}
	s, err := p.open(ctx, acct)
	if err != nil {
		return false, err
	}
	var raw error
	err = s.do(ctx, func(c *Client) (err error) { _, _, err = c.Meetings.Get(ctx, mid, ""); raw = err; return err })
	if err == nil {
		return true, nil
	}
	if IsCode(raw, CodeMeetingNotFound) {
		return false, nil
	}
	return false, err
}

// Read returns the meeting as Zoom has it now, without the host's start link.
func (p *Provider) Read(ctx context.Context, acct addon.Account, id string) (meeting.Info, error) {
	mid, err := parseID(id)
	if err != nil {
		return meeting.Info{}, err
	}
	s, err := p.open(ctx, acct)
	if err != nil {
		return meeting.Info{}, err
	}
	var m *Meeting
	if err := s.do(ctx, func(c *Client) (err error) { m, _, err = c.Meetings.Get(ctx, mid, ""); return err }); err != nil {
		return meeting.Info{}, err
	}
	info := meeting.Info{Provider: addon.ProviderZoom, ID: id, Topic: m.Topic, JoinURL: m.JoinURL, Passcode: m.Password,
		Start: m.StartTime, Duration: m.Duration, TimeZone: m.Timezone}
	for _, o := range m.Occurrences {
		if o.Status != "deleted" {
			info.Occurrences = append(info.Occurrences, o.StartTime)
		}
	}
	return info, nil
}

// orphanSkew is how far Zoom's clock (created_at) may lag behind ours.
const orphanSkew = 2 * time.Minute

// Orphans lists the ids of the host's meetings that carry the topic Create sends for spec and
// that Zoom created since since (less orphanSkew): what an interrupted save may have created
// without recording it. Each page is its own call so that a rate limit or a token renewal
// repeats one page, not the whole list.
func (p *Provider) Orphans(ctx context.Context, acct addon.Account, spec addon.MeetingSpec, since time.Time) ([]string, error) {
	s, err := p.open(ctx, acct)
	if err != nil {
		return nil, err
	}
	topic, from := p.topic(spec.Subject), since.Add(-orphanSkew)
	opts := &MeetingListOptions{Type: ListScheduled, PageSize: 300}
	var ids []string
	seen := map[int64]bool{} // in case Zoom lists a series more than once
	for range maxPages {
		var page *MeetingList
		if err := s.do(ctx, func(c *Client) (err error) { page, _, err = c.Meetings.List(ctx, s.host.UserID, opts); return err }); err != nil {
			return nil, err
		}
		for _, m := range page.Meetings {
			if m.Topic == topic && !m.CreatedAt.Before(from) && !seen[m.ID] {
				seen[m.ID] = true
				ids = append(ids, strconv.FormatInt(m.ID, 10))
			}
		}
		if page.NextPageToken == "" {
			return ids, nil
		}
		opts.NextPageToken = page.NextPageToken
	}
	return nil, fmt.Errorf("zoom: list meetings: more than %d pages", maxPages)
}
