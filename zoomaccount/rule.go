package zoomaccount

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/onlinemeetings/meeting-addon/passcode"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoom"
)

// ruleTTL is how long a rule read from Zoom is used for further meetings of the host: every
// create would otherwise read it first. A passcode Zoom refuses for its rules reads it again.
const ruleTTL = 10 * time.Minute

type cachedRule struct {
	rule passcode.Rule
	at   time.Time
}

// PasscodeRule returns the rule passcodes of meetings hosted by hostUserID (id or e-mail, ""
// for none) must follow: the account's custom rule when it has one, else Zoom's, from this
// process's cache when it was read less than ruleTTL ago unless fresh is set.
func (s *Service) PasscodeRule(ctx context.Context, inst, accountID, hostUserID string, fresh bool) (passcode.Rule, error) {
	a, err := s.Store.ZoomAccount(ctx, inst, accountID)
	if err != nil {
		return passcode.Rule{}, err
	}
	if a.PasscodeRule.Source == store.PasscodeCustom {
		return a.PasscodeRule.Rule, nil
	}
	key := inst + "\x00" + accountID + "\x00" + hostUserID
	if !fresh {
		s.mu.Lock()
		c, ok := s.rules[key]
		s.mu.Unlock()
		if ok && s.now().Sub(c.at) < ruleTTL && s.now().Sub(c.at) >= 0 {
			return c.rule, nil
		}
	}
	return s.ZoomPasscodeRule(ctx, inst, accountID, hostUserID)
}

func (s *Service) cacheRule(inst, accountID, hostUserID string, r passcode.Rule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rules == nil {
		s.rules = map[string]cachedRule{}
	}
	now := s.now()
	for k, c := range s.rules { // keep the map small: drop what has expired
		if now.Sub(c.at) >= ruleTTL {
			delete(s.rules, k)
		}
	}
	s.rules[inst+"\x00"+accountID+"\x00"+hostUserID] = cachedRule{rule: r, at: now}
}

// ZoomPasscodeRule reads the rule from Zoom ("Auslesen"): the host's meeting security settings,
// else the account's settings, else Zoom's default of six digits. It refreshes the cache
// PasscodeRule uses.
func (s *Service) ZoomPasscodeRule(ctx context.Context, inst, accountID, hostUserID string) (passcode.Rule, error) {
	var req *zoom.PasswordRequirement
	err := s.withClient(ctx, inst, accountID, func(c *zoom.Client) error {
		req = nil
		if hostUserID != "" {
			r, _, err := c.Users.MeetingSecurity(ctx, hostUserID)
			if err == nil {
				req = r
				return nil
			}
			if !fallBack(err) {
				return err
			}
		}
		st, _, err := c.Accounts.Settings(ctx, "me")
		if err != nil {
			return err
		}
		req = st.PasswordRequirement()
		return nil
	})
	if err != nil {
		return passcode.Rule{}, err
	}
	rule := passcode.Default()
	if req != nil && *req != (zoom.PasswordRequirement{}) {
		rule = passcode.Rule(*req)
	}
	s.cacheRule(inst, accountID, hostUserID, rule)
	return rule, nil
}

// fallBack reports whether a failure to read the host's settings leaves the account's settings
// worth asking (the host is unknown, the settings lack the rule, a scope is missing) rather
// than failing the same way (token, rate limit, network).
func fallBack(err error) bool {
	var (
		rl *zoom.RateLimitError
		ue *url.Error
	)
	switch {
	case zoom.IsCode(err, zoom.CodeInvalidToken), errors.As(err, &rl), errors.As(err, &ue),
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	}
	return true
}
