package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/store"
)

// renewBefore renews an access token this long before it expires, so that a request never
// starts with a token that dies on the way.
const renewBefore = 5 * time.Minute

type storedToken struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	TokenType    string    `json:"token_type,omitempty"`
	Expiry       time.Time `json:"expiry"`
}

func saveToken(ctx context.Context, st *store.Store, inst, res string, tok *oauth2.Token, prev *storedToken) error {
	s := storedToken{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenType: tok.TokenType, Expiry: tok.Expiry.UTC()}
	if s.RefreshToken == "" && prev != nil {
		// GoTo sends a new refresh token only sometimes; keep the newest one we have.
		s.RefreshToken = prev.RefreshToken
	}
	b, _ := json.Marshal(s)
	return st.SaveResourceToken(ctx, inst, res, string(b), s.Expiry.UnixMilli())
}

// Token returns a valid access token for the resource, renewing it under a lease when it is
// about to expire. force renews even a fresh token unless another instance already replaced
// the one given in stale (after the provider called it invalid).
func (c *Connector) Token(ctx context.Context, inst, res string, force bool, stale string) (*oauth2.Token, error) {
	cur, err := c.load(ctx, inst, res)
	if err != nil {
		return nil, err
	}
	if !force && cur.Expiry.Sub(c.now()) > renewBefore {
		return c.oauthToken(cur), nil
	}
	release, err := c.Store.Lease(ctx, "token:"+inst+"/"+res, 30*time.Second)
	if err != nil {
		return nil, err
	}
	defer release()
	// Another instance may have renewed while we waited for the lease.
	if cur, err = c.load(ctx, inst, res); err != nil {
		return nil, err
	}
	if (!force && cur.Expiry.Sub(c.now()) > renewBefore) || (force && cur.AccessToken != stale) {
		return c.oauthToken(cur), nil
	}
	rd, err := c.Store.CurrentRedirect(ctx, inst)
	if err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
		return nil, err
	}
	src := c.config(rd.URL).TokenSource(c.httpCtx(ctx), &oauth2.Token{RefreshToken: cur.RefreshToken, Expiry: time.Unix(1, 0)})
	tok, err := src.Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && (re.ErrorCode == "invalid_grant" || re.Response.StatusCode == http.StatusUnauthorized) {
			if serr := c.Store.SetResourceStatus(ctx, inst, res, addon.StatusReconnectNeeded); serr != nil {
				return nil, serr
			}
			return nil, reconnectError(c.Provider)
		}
		return nil, catalog.Error(addon.EUNAVAILABLE, "oauth.did_not_renew_access", c.Provider, oauthReason(err))
	}
	if err := saveToken(ctx, c.Store, inst, res, tok, &cur); err != nil {
		return nil, err
	}
	return tok, nil
}

func reconnectError(provider string) error {
	return catalog.Error(addon.EFORBIDDEN, "oauth.account_consent_was_revoked", provider)
}

func (c *Connector) load(ctx context.Context, inst, res string) (storedToken, error) {
	// A deleted resource keeps its consent while meetings created with it remain.
	r, raw, err := c.Store.ResourceWithToken(ctx, inst, res)
	if addon.ErrorCode(err) == addon.ENOTFOUND {
		// Never ENOTFOUND: callers read that as "the meeting is gone at the provider".
		return storedToken{}, catalog.Error(addon.EFORBIDDEN, "oauth.resource_not_known_add", c.Provider, res)
	}
	if err != nil {
		return storedToken{}, err
	}
	if r.Status == addon.StatusReconnectNeeded {
		return storedToken{}, reconnectError(c.Provider)
	}
	if raw == "" && r.Deleted {
		return storedToken{}, catalog.Error(addon.EFORBIDDEN, "oauth.resource_was_deleted_in", r.Name, c.Provider, c.Provider)
	}
	if raw == "" {
		return storedToken{}, catalog.Error(addon.EFORBIDDEN, "oauth.account_resource_not_connected", c.Provider, r.Name)
	}
	var t storedToken
	if err := json.Unmarshal([]byte(raw), &t); err != nil {
		return storedToken{}, err
	}
	return t, nil
}

func (c *Connector) oauthToken(t storedToken) *oauth2.Token {
	return &oauth2.Token{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, TokenType: "Bearer", Expiry: t.Expiry}
}

// Client returns an HTTP client that authenticates as the resource's account. The base client
// carries timeouts and transport; tokens come from the database on every request.
func (c *Connector) Client(ctx context.Context, base *http.Client, inst, res string) *http.Client {
	src := tokenSource{ctx: ctx, c: c, inst: inst, res: res}
	return &http.Client{Timeout: base.Timeout, Transport: Transport(src, base.Transport)}
}

type tokenSource struct {
	ctx       context.Context
	c         *Connector
	inst, res string
}

func (s tokenSource) Token() (*oauth2.Token, error) {
	return s.c.Token(s.ctx, s.inst, s.res, false, "")
}
