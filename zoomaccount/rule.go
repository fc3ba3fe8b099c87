package zoomaccount

import (
	"context"
	"errors"
	"net/url"

	"github.com/onlinemeetings/meeting-addon/passcode"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoom"
)

// PasscodeRule returns the rule passcodes of meetings hosted by hostUserID (id or e-mail, ""
// for none) must follow: the account's custom rule when it has one, else Zoom's.
func (s *Service) PasscodeRule(ctx context.Context, inst, accountID, hostUserID string) (passcode.Rule, error) {
	a, err := s.Store.ZoomAccount(ctx, inst, accountID)
	if err != nil {
		return passcode.Rule{}, err
	}
	if a.PasscodeRule.Source == store.PasscodeCustom {
		return a.PasscodeRule.Rule, nil
	}
	return s.ZoomPasscodeRule(ctx, inst, accountID, hostUserID)
}

// ZoomPasscodeRule reads the rule from Zoom ("Auslesen"): the host's meeting security settings,
// else the account's settings, else Zoom's default of six digits.
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
	if req == nil || *req == (zoom.PasswordRequirement{}) {
		return passcode.Default(), nil
	}
	return passcode.Rule(*req), nil
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
