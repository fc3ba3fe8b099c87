// Package oauth connects provider accounts: the authorization-code consent for a GoToMeeting
// resource, the encrypted storage of its tokens, and their renewal before expiry with one
// renewal at a time across instances.
package oauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/store"
)

// stateTTL bounds how long a consent may take; the provider's login page needs a few minutes.
const stateTTL = 15 * time.Minute

// Connector runs the consent flow for one provider.
type Connector struct {
	Store      *store.Store
	Provider   string
	ClientID   string
	Secret     string
	AuthURL    string
	TokenURL   string
	HTTPClient *http.Client // for token calls; nil: a client with a 10 s timeout
	Now        func() time.Time
}

func (c *Connector) config(redirectURL string) *oauth2.Config {
	return &oauth2.Config{ClientID: c.ClientID, ClientSecret: c.Secret, RedirectURL: redirectURL,
		Endpoint: oauth2.Endpoint{AuthURL: c.AuthURL, TokenURL: c.TokenURL, AuthStyle: oauth2.AuthStyleInHeader}}
}

func (c *Connector) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Connector) httpCtx(ctx context.Context) context.Context {
	hc := c.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}

// Begin starts the consent for a resource on behalf of the CRM user by and returns the
// provider's authorization URL. The caller has checked that by may connect the resource (see
// Authorize). It refuses while the installation's redirect URL is not registered by vendor
// staff, because the provider would refuse it with a message nobody in the CRM understands.
func (c *Connector) Begin(ctx context.Context, inst, resourceID, by string) (string, error) {
	if c.ClientID == "" {
		return "", catalog.Error(addon.EUNAVAILABLE, "oauth.add_on_has_no", c.Provider)
	}
	res, err := c.Store.Resource(ctx, inst, resourceID)
	if err != nil {
		return "", err
	}
	if res.Provider != c.Provider {
		return "", catalog.Error(addon.EINVALID, "oauth.resource_not_account", res.Name, c.Provider)
	}
	rd, err := c.Store.CurrentRedirect(ctx, inst)
	if addon.ErrorCode(err) == addon.ENOTFOUND {
		return "", catalog.Error(addon.EFORBIDDEN, "oauth.no_redirect_url_has")
	} else if err != nil {
		return "", err
	}
	if rd.Status != store.RedirectRegistered {
		return "", catalog.Error(addon.EFORBIDDEN, "oauth.redirect_url_waiting_be", rd.URL)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	state := base64.RawURLEncoding.EncodeToString(b)
	st := store.OAuthState{InstallationID: inst, ResourceID: resourceID, RedirectID: rd.ID, Account: res.Account, UserID: by}
	if err := c.Store.SaveOAuthState(ctx, state, st, c.now().Add(stateTTL).UnixMilli()); err != nil {
		return "", err
	}
	// login_hint fills in the account on the provider's sign-in page; the callback checks that
	// it is the account that consented.
	return c.config(rd.URL).AuthCodeURL(state, oauth2.SetAuthURLParam("login_hint", res.Account)), nil
}

// Complete finishes a consent: the state must be fresh, unused and belong to the installation
// whose redirect URL received the callback. The tokens are stored encrypted.
func (c *Connector) Complete(ctx context.Context, redirectToken, state, code string) (addon.MeetingResource, error) {
	rd, err := c.Store.RedirectByToken(ctx, redirectToken)
	if err != nil {
		return addon.MeetingResource{}, catalog.Error(addon.EFORBIDDEN, "oauth.redirect_url_not_or")
	}
	st, err := c.Store.UseOAuthState(ctx, state)
	if err != nil {
		return addon.MeetingResource{}, err
	}
	if st.InstallationID != rd.InstallationID || st.RedirectID != rd.ID {
		return addon.MeetingResource{}, catalog.Error(addon.EFORBIDDEN, "oauth.authorization_does_not_belong")
	}
	if code == "" || len(code) > 2048 {
		return addon.MeetingResource{}, catalog.Invalid("code", "oauth.no_code")
	}
	tok, err := c.config(rd.URL).Exchange(c.httpCtx(ctx), code)
	if err != nil {
		return addon.MeetingResource{}, catalog.Error(addon.EFORBIDDEN, "oauth.provider_refused_authorization_please", oauthReason(err))
	}
	res, err := c.Store.Resource(ctx, st.InstallationID, st.ResourceID)
	if err != nil {
		return addon.MeetingResource{}, err
	}
	if err := c.checkPrincipal(ctx, st, res, tok); err != nil {
		return addon.MeetingResource{}, err
	}
	if err := saveToken(ctx, c.Store, st.InstallationID, st.ResourceID, tok, nil); err != nil {
		return addon.MeetingResource{}, err
	}
	c.audit(ctx, st, "connected", fmt.Sprintf("%s resource %s connected as %s", c.Provider, st.ResourceID, res.Account))
	return c.Store.Resource(ctx, st.InstallationID, st.ResourceID)
}

// oauthReason returns the provider's error code without echoing tokens or bodies.
func oauthReason(err error) string {
	if re, ok := err.(*oauth2.RetrieveError); ok && re.ErrorCode != "" {
		return re.ErrorCode
	}
	return fmt.Sprintf("%T", err)
}
