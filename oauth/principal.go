package oauth

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/store"
)

// principal is the account that consented, as the provider's token answer names it: GoTo
// answers with "principal" (the user's e-mail address) and, in older answers, "email".
func principal(tok *oauth2.Token) string {
	for _, k := range []string{"principal", "email"} {
		if v, ok := tok.Extra(k).(string); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// checkPrincipal refuses a consent that came from another account than the one the resource
// names (and named when the consent started): otherwise whoever holds the button could bind
// the room to an account of their own, and the room's next meetings would be made there. The
// stored token stays as it was; the attempt goes to the audit trail.
func (c *Connector) checkPrincipal(ctx context.Context, st store.OAuthState, res addon.MeetingResource, tok *oauth2.Token) error {
	want := strings.TrimSpace(res.Account)
	name := c.Provider
	if name == addon.ProviderGoTo {
		name = "GoTo"
	}
	got := principal(tok)
	switch {
	case got == "":
		c.audit(ctx, st, "connect_refused", fmt.Sprintf("%s resource %s: the token answer names no account", c.Provider, st.ResourceID))
		return catalog.Error(addon.EFORBIDDEN, "oauth.did_not_say_which", name, want)
	case !strings.EqualFold(st.Account, want):
		c.audit(ctx, st, "connect_refused", fmt.Sprintf("%s resource %s: account changed from %s to %s during the consent", c.Provider, st.ResourceID, st.Account, want))
		return catalog.Error(addon.EFORBIDDEN, "oauth.resource_was_saved_with", res.Name, want)
	case !strings.EqualFold(got, want):
		c.audit(ctx, st, "connect_refused", fmt.Sprintf("%s resource %s is for %s; %s consented", c.Provider, st.ResourceID, want, clipRunes(got, 200)))
		return catalog.Error(addon.EFORBIDDEN, "oauth.you_signed_in_as", name, clipRunes(got, 200), res.Name, want)
	}
	return nil
}

// audit records a consent's outcome; a failure to write the trail must not turn a refusal into
// a success or the other way round, so it is only returned nowhere.
func (c *Connector) audit(ctx context.Context, st store.OAuthState, action, detail string) {
	actor := "crm-user:" + st.UserID
	if st.UserID == "" {
		actor = "crm-user"
	}
	_ = c.Store.Audit(ctx, store.AuditEntry{Actor: actor, Action: strings.ToLower(c.Provider) + "." + action,
		InstallationID: st.InstallationID, Detail: detail})
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Authorize decides whether the CRM user u may start the consent for a resource: an
// installation's administrator always may; anyone else only with the grant of the connect
// button that resource.saved answered to them, for the account the resource still names.
// The grant is used up here. The refusal says who can connect the account.
func (c *Connector) Authorize(ctx context.Context, inst, resourceID string, u addon.User, admin bool, grant string) error {
	if admin {
		return nil
	}
	res, err := c.Store.Resource(ctx, inst, resourceID)
	if err != nil {
		return err
	}
	refuse := func(why, saver string) error {
		c.audit(ctx, store.OAuthState{InstallationID: inst, UserID: u.ID}, "connect_denied",
			fmt.Sprintf("%s resource %s: %s", c.Provider, resourceID, why))
		return whoMayConnect(res, saver)
	}
	g, err := c.Store.ConnectGrant(ctx, grant, inst, resourceID)
	if addon.ErrorCode(err) == addon.ENOTFOUND {
		return refuse("no valid grant", "")
	} else if err != nil {
		return err
	}
	switch {
	case g.UserID != u.ID:
		return refuse("the grant is for user "+g.UserID, g.UserName)
	case !strings.EqualFold(g.Account, strings.TrimSpace(res.Account)):
		return refuse("the grant is for the account "+g.Account+", the resource now names "+res.Account, g.UserName)
	}
	if err := c.Store.UseConnectGrant(ctx, grant); addon.ErrorCode(err) == addon.ENOTFOUND {
		return refuse("grant already used", "")
	} else if err != nil {
		return err
	}
	return nil
}

func whoMayConnect(res addon.MeetingResource, saver string) error {
	if saver != "" {
		return catalog.Error(addon.EFORBIDDEN, "oauth.who_may_connect_saver", res.Name, res.Account, saver)
	}
	return catalog.Error(addon.EFORBIDDEN, "oauth.who_may_connect", res.Name, res.Account)
}
