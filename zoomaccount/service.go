// Package zoomaccount manages the Zoom accounts of an installation: credentials, shared access
// tokens, connection test, users and passcode rules.
//
// An account ("Zugang" in the KuferSQL manual) is a Zoom account with a Server-to-Server OAuth
// app. Its access token lives an hour and is shared through the store by every instance of the
// add-on: Zoom has been known to invalidate older tokens when a new one is issued, so instances
// that each fetched their own would knock each other out.
package zoomaccount

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/egress"
	"github.com/onlinemeetings/meeting-addon/oauth"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoom"
)

// renewBefore renews a token this long before it expires, so that no request starts with a
// token that dies on the way.
const renewBefore = 5 * time.Minute

// tokenTimeout bounds the token request; it stays below the lease's lifetime so that the lease
// still protects the renewal when it ends.
const (
	tokenTimeout = 20 * time.Second
	leaseTTL     = 30 * time.Second
)

// Service works with the Zoom accounts of installations.
type Service struct {
	Store *store.Store
	// TokenURL is Zoom's token endpoint; "" means zoom.TokenURL.
	TokenURL string
	// APIBase is the API root with a trailing slash; nil means Zoom's.
	APIBase *url.URL
	// HTTP carries the timeout and the transport. Accounts without a proxy of their own use its
	// transport as it is (nil: http.DefaultTransport, which honours HTTPS_PROXY); accounts with
	// one use a copy of it that goes through their proxy.
	HTTP *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Egress is the vendor's rule for the proxies administrators enter: by default none in a
	// private or local network, checked on every connection to the proxy.
	Egress egress.Policy
	// Observe wraps the transport of every request to Zoom, proxied or not, token requests
	// included (metrics, logs); nil leaves it as it is.
	Observe func(http.RoundTripper) http.RoundTripper

	mu         sync.Mutex
	transports map[string]http.RoundTripper // by proxy URL with credentials
	rules      map[string]cachedRule        // passcode rules read from Zoom, by installation, account, host
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Client returns a Zoom API client authenticated with the account's shared access token. After
// Zoom answers code 124 (invalid token), call Renew with the client's token reference and ask
// for a new client once.
func (s *Service) Client(ctx context.Context, inst, accountID string) (*zoom.Client, error) {
	c, _, err := s.ClientRef(ctx, inst, accountID)
	return c, err
}

// ClientRef is Client that also returns a reference to the token the client uses (a
// fingerprint, not the token), for Renew.
func (s *Service) ClientRef(ctx context.Context, inst, accountID string) (*zoom.Client, string, error) {
	c, ref, _, err := s.HostClient(ctx, inst, accountID)
	return c, ref, err
}

// HostClient is ClientRef that also returns the account's meeting settings as a create sends
// them (read with the credentials, no further query).
func (s *Service) HostClient(ctx context.Context, inst, accountID string) (*zoom.Client, string, *zoom.MeetingSettings, error) {
	creds, err := s.Store.ZoomCredentials(ctx, inst, accountID)
	if err != nil {
		return nil, "", nil, err
	}
	tok, err := s.token(ctx, inst, accountID, creds, "")
	if err != nil {
		return nil, "", nil, s.accountError(ctx, inst, accountID, err)
	}
	return s.client(creds, tok), TokenRef(tok.Token), WireSettings(creds.MeetingSettings), nil
}

// TokenRef identifies an access token without revealing it: the first 16 hex digits of its
// SHA-256.
func TokenRef(token string) string {
	if token == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:8])
}

// client is a client of the account with its token, sent to the account's regional API URL
// when Zoom named one with the token.
func (s *Service) client(creds store.ZoomCredentials, tok store.ZoomAccessToken) *zoom.Client {
	base := s.baseHTTP()
	src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok.Token, TokenType: "Bearer"})
	hc := &http.Client{Timeout: base.Timeout, Transport: oauth.Transport(src, s.observed(creds))}
	c := zoom.NewClient(hc)
	if u := s.apiBase(tok); u != nil {
		c.BaseURL = u
	}
	return c
}

// Renew replaces the account's access token after Zoom refused the one stale refers to (code
// 124), unless another save already replaced it: then the next Client gets that one. Saves that
// ran with the refused token and learn of it late therefore cost no further token requests,
// and never drop the token another save has just fetched.
func (s *Service) Renew(ctx context.Context, inst, accountID, stale string) error {
	creds, err := s.Store.ZoomCredentials(ctx, inst, accountID)
	if err != nil {
		return err
	}
	if _, err := s.token(ctx, inst, accountID, creds, stale); err != nil {
		return s.accountError(ctx, inst, accountID, err)
	}
	return nil
}

// usable reports whether the stored token may be used: it lives more than renewBefore and is
// not the one Zoom refused (stale).
func (s *Service) usable(t store.ZoomAccessToken, stale string) bool {
	return t.Token != "" && t.Expiry.Sub(s.now()) > renewBefore && (stale == "" || TokenRef(t.Token) != stale)
}

// token returns a cached token that lives more than renewBefore and is not the refused one
// (stale, a TokenRef; "" for none), or renews it under a lease so that all instances together
// make one token request.
func (s *Service) token(ctx context.Context, inst, id string, creds store.ZoomCredentials, stale string) (store.ZoomAccessToken, error) {
	if t, err := s.Store.ZoomAccessToken(ctx, inst, id); err != nil || s.usable(t, stale) {
		return t, err
	}
	release, err := s.Store.Lease(ctx, "zoomtoken:"+inst+"/"+id, leaseTTL)
	if err != nil {
		return store.ZoomAccessToken{}, err
	}
	defer release()
	// Another instance may have renewed while we waited for the lease.
	if t, err := s.Store.ZoomAccessToken(ctx, inst, id); err != nil || s.usable(t, stale) {
		return t, err
	}
	tctx, cancel := context.WithTimeout(ctx, tokenTimeout)
	defer cancel()
	start := s.now()
	hc := &http.Client{Timeout: tokenTimeout, Transport: s.observed(creds)}
	t, err := zoom.RequestAccountToken(tctx, hc, s.TokenURL, creds.AccountID, creds.ClientID, creds.ClientSecret)
	if err != nil {
		return store.ZoomAccessToken{}, err
	}
	// Counted on our clock from before the request, so the token never seems to live longer
	// than it does; Zoom always sends expires_in, its documented hour is the fallback.
	exp := start.Add(time.Hour)
	if t.ExpiresIn > 0 {
		exp = start.Add(time.Duration(t.ExpiresIn) * time.Second)
	}
	scope, _ := t.Extra("scope").(string)
	apiURL, _ := t.Extra("api_url").(string)
	at := store.ZoomAccessToken{Token: t.AccessToken, Expiry: exp, Scope: scope, APIURL: s.checkedAPIURL(apiURL)}
	if err := s.Store.SaveZoomAccessToken(ctx, inst, id, at); err != nil {
		return store.ZoomAccessToken{}, err
	}
	return at, nil
}

func (s *Service) baseHTTP() *http.Client {
	if s.HTTP == nil {
		return &http.Client{Timeout: 30 * time.Second}
	}
	return s.HTTP
}

// observed is the account's transport as Observe wraps it.
func (s *Service) observed(c store.ZoomCredentials) http.RoundTripper {
	if s.Observe == nil {
		return s.transport(c)
	}
	return s.Observe(s.transport(c))
}

// transport is the base transport, or for an account with a proxy a copy of it that uses the
// proxy. Copies are kept per proxy so their connections are reused.
func (s *Service) transport(c store.ZoomCredentials) http.RoundTripper {
	base := s.baseHTTP().Transport
	if base == nil {
		base = http.DefaultTransport
	}
	if c.ProxyURL == "" {
		return base
	}
	u := &url.URL{Scheme: "http", Host: c.ProxyURL}
	if c.ProxyUser != "" {
		u.User = url.UserPassword(c.ProxyUser, c.ProxyPassword)
	}
	key := u.String()
	s.mu.Lock()
	defer s.mu.Unlock()
	if rt, ok := s.transports[key]; ok {
		return rt
	}
	var t *http.Transport
	if bt, ok := base.(*http.Transport); ok {
		t = bt.Clone()
	} else {
		t = http.DefaultTransport.(*http.Transport).Clone()
	}
	t.Proxy = http.ProxyURL(u)
	// The proxy is the administrator's address: it must not lead into the vendor's network
	// (checked on the resolved address of every connection), and a silent one fails fast.
	t.DialContext = s.Egress.DialContext
	if s.transports == nil {
		s.transports = map[string]http.RoundTripper{}
	}
	s.transports[key] = t
	return t
}
