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
		return "", addon.Localized(addon.EUNAVAILABLE, fmt.Sprintf("the add-on has no %s OAuth client configured; ask the vendor", c.Provider),
			fmt.Sprintf("im Add-on ist kein %s-OAuth-Client eingerichtet; wenden Sie sich an den Anbieter des Add-ons", c.Provider))
	}
	res, err := c.Store.Resource(ctx, inst, resourceID)
	if err != nil {
		return "", err
	}
	if res.Provider != c.Provider {
		return "", addon.Localized(addon.EINVALID, fmt.Sprintf("resource %s is not a %s account", res.Name, c.Provider),
			fmt.Sprintf("die Ressource %s ist kein %s-Account", res.Name, c.Provider))
	}
	rd, err := c.Store.CurrentRedirect(ctx, inst)
	if addon.ErrorCode(err) == addon.ENOTFOUND {
		return "", addon.Localized(addon.EFORBIDDEN, "no redirect URL has been generated yet: an administrator must generate the external-access token in the add-on settings and send the URL to the vendor",
			"es wurde noch keine Redirect-URL erzeugt: ein Administrator muss in den Add-on-Einstellungen den Token für den externen Zugriff erzeugen und die URL an den Anbieter senden")
	} else if err != nil {
		return "", err
	}
	if rd.Status != store.RedirectRegistered {
		return "", addon.Localized(addon.EFORBIDDEN, fmt.Sprintf("the redirect URL %s is waiting to be registered by the vendor; connecting is possible once the vendor confirms the registration", rd.URL),
			fmt.Sprintf("die Redirect-URL %s ist beim Anbieter noch nicht freigeschaltet; die Freigabe ist möglich, sobald der Anbieter die Freischaltung bestätigt", rd.URL))
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
		return addon.MeetingResource{}, addon.Localized(addon.EFORBIDDEN, "this redirect URL is not (or no longer) valid; the external-access token may have been regenerated",
			"diese Redirect-URL ist nicht (mehr) gültig; vermutlich wurde der Token für den externen Zugriff neu erzeugt")
	}
	st, err := c.Store.UseOAuthState(ctx, state)
	if err != nil {
		return addon.MeetingResource{}, err
	}
	if st.InstallationID != rd.InstallationID || st.RedirectID != rd.ID {
		return addon.MeetingResource{}, addon.Localized(addon.EFORBIDDEN, "this authorization does not belong to this redirect URL; start the connection again from the resource",
			"diese Freigabe gehört nicht zu dieser Redirect-URL; starten Sie die Freigabe erneut an der Ressource")
	}
	if code == "" || len(code) > 2048 {
		return addon.MeetingResource{}, addon.Invalid("code", "the provider sent no valid authorization code")
	}
	tok, err := c.config(rd.URL).Exchange(c.httpCtx(ctx), code)
	if err != nil {
		return addon.MeetingResource{}, addon.Localized(addon.EFORBIDDEN, fmt.Sprintf("the provider refused the authorization (%s); please try connecting again", oauthReason(err)),
			fmt.Sprintf("der Anbieter hat die Freigabe abgelehnt (%s); bitte versuchen Sie es erneut", oauthReason(err)))
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
