package zoomaccount

import (
	"context"
	"slices"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoom"
)

// TestResult is the outcome of a connection test ("Verbindung testen").
type TestResult struct {
	OK      bool
	Message Text
	Users   int // active users (licences) of the account
}

// Test checks an account's credentials and permissions the way the add-on will use them: an
// access token, the list of users, and (unless the passcode rule is custom) the account's
// settings. Zoom's failures are explained in the result, which is also stored as the account's
// LastTest; the error is for failures of the add-on itself.
func (s *Service) Test(ctx context.Context, inst, accountID string) (TestResult, error) {
	acct, err := s.Store.ZoomAccount(ctx, inst, accountID)
	if err != nil {
		return TestResult{}, err
	}
	creds, err := s.Store.ZoomCredentials(ctx, inst, accountID)
	if err != nil {
		return TestResult{}, err
	}
	res := s.test(ctx, inst, acct, creds)
	if ctx.Err() != nil {
		return TestResult{}, ctx.Err()
	}
	err = s.Store.SetZoomTest(ctx, inst, accountID, store.ZoomTest{At: s.now(), OK: res.OK,
		Message: res.Message.EN, MessageDE: res.Message.DE, Users: res.Users})
	return res, err
}

func (s *Service) test(ctx context.Context, inst string, acct store.ZoomAccount, creds store.ZoomCredentials) TestResult {
	fail := func(err error) TestResult {
		p := explain(err, acct.Name, creds)
		if p.code == addon.EINTERNAL {
			// The settings page is for administrators; the detail helps them more than a log
			// they may not be able to read. Error texts of the zoom package carry no secrets.
			p.text.EN += " (" + err.Error() + ")"
			p.text.DE += " (" + err.Error() + ")"
		}
		return TestResult{Message: p.text}
	}
	var (
		users int
		tok   store.ZoomAccessToken
	)
	for attempt := 0; ; attempt++ {
		var err error
		if tok, err = s.token(ctx, inst, acct.ID, creds, TokenRef(tok.Token)); err != nil {
			return fail(err)
		}
		c := s.client(creds, tok)
		page, _, err := c.Users.List(ctx, &zoom.UserListOptions{Status: "active", PageSize: 1})
		if err == nil && acct.PasscodeRule.Source != store.PasscodeCustom {
			_, _, err = c.Accounts.Settings(ctx, "me")
		}
		if attempt == 0 && zoom.IsCode(err, zoom.CodeInvalidToken) {
			continue // the next round renews the refused token, unless another save did
		}
		if err != nil {
			return fail(err)
		}
		users = page.TotalRecords
		break
	}
	// Listing users and reading settings cannot show that creating meetings will be refused:
	// the token answer lists the app's scopes, kept with the token, so compare them with what
	// the add-on needs. (A token stored before scopes were kept has none; it is renewed within
	// the hour.)
	if tok.Scope != "" {
		if missing := missingScopes(tok.Scope); len(missing) > 0 {
			return TestResult{Message: scopesText(acct.Name, missing)}
		}
	}
	return TestResult{OK: true, Users: users, Message: say("zoomaccount.test_ok", acct.Name, users)}
}

// classicScopes are the scopes of older apps and the granular ones each covers.
var classicScopes = map[string][]string{
	"meeting:write:admin": {"meeting:write:meeting:admin", "meeting:update:meeting:admin", "meeting:delete:meeting:admin"},
	"meeting:read:admin":  {"meeting:read:meeting:admin"},
	"user:read:admin":     {"user:read:list_users:admin", "user:read:settings:admin"},
	"account:read:admin":  {"account:read:settings:admin"},
}

// missingScopes returns the scopes the add-on needs that granted (space-separated, as in
// Zoom's token answer) lacks, counting what classic scopes cover.
func missingScopes(granted string) []string {
	have := map[string]bool{}
	for _, g := range strings.Fields(granted) {
		have[g] = true
		for _, covered := range classicScopes[g] {
			have[covered] = true
		}
	}
	return slices.DeleteFunc(slices.Clone(Scopes), func(s string) bool { return have[s] })
}
