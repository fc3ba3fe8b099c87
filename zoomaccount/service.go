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
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/onlinemeetings/meeting-addon/egress"
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

	mu         sync.Mutex
	transports map[string]http.RoundTripper // by proxy URL with credentials
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Client returns a Zoom API client authenticated with the account's shared access token. After
// Zoom answers code 124 (invalid token), call Invalidate and ask for a new client once.
func (s *Service) Client(ctx context.Context, inst, accountID string) (*zoom.Client, error) {
	creds, err := s.Store.ZoomCredentials(ctx, inst, accountID)
	if err != nil {
		return nil, err
	}
	tok, err := s.token(ctx, inst, accountID, creds)
	if err != nil {
		return nil, s.accountError(ctx, inst, accountID, err)
	}
	return s.client(creds, tok), nil
}

func (s *Service) client(creds store.ZoomCredentials, tok string) *zoom.Client {
	base := s.baseHTTP()
	src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"})
	hc := &http.Client{Timeout: base.Timeout, Transport: &oauth2.Transport{Source: src, Base: s.transport(creds)}}
	c := zoom.NewClient(hc)
	if s.APIBase != nil {
		u := *s.APIBase
		c.BaseURL = &u
	}
	return c
}

// Invalidate drops the account's cached access token, so that the next Client asks Zoom for a
// new one.
func (s *Service) Invalidate(ctx context.Context, inst, accountID string) error {
	return s.Store.DropZoomToken(ctx, inst, accountID)
}

// token returns a cached token that lives more than renewBefore, or renews it under a lease so
// that all instances together make one token request.
func (s *Service) token(ctx context.Context, inst, id string, creds store.ZoomCredentials) (string, error) {
	if tok, exp, err := s.Store.ZoomToken(ctx, inst, id); err != nil || (tok != "" && exp.Sub(s.now()) > renewBefore) {
		return tok, err
	}
	release, err := s.Store.Lease(ctx, "zoomtoken:"+inst+"/"+id, leaseTTL)
	if err != nil {
		return "", err
	}
	defer release()
	// Another instance may have renewed while we waited for the lease.
	if tok, exp, err := s.Store.ZoomToken(ctx, inst, id); err != nil || (tok != "" && exp.Sub(s.now()) > renewBefore) {
		return tok, err
	}
	tctx, cancel := context.WithTimeout(ctx, tokenTimeout)
	defer cancel()
	start := s.now()
	hc := &http.Client{Timeout: tokenTimeout, Transport: s.transport(creds)}
	t, err := zoom.RequestAccountToken(tctx, hc, s.TokenURL, creds.AccountID, creds.ClientID, creds.ClientSecret)
	if err != nil {
		return "", err
	}
	// Counted on our clock from before the request, so the token never seems to live longer
	// than it does; Zoom always sends expires_in, its documented hour is the fallback.
	exp := start.Add(time.Hour)
	if t.ExpiresIn > 0 {
		exp = start.Add(time.Duration(t.ExpiresIn) * time.Second)
	}
	if err := s.Store.SaveZoomToken(ctx, inst, id, t.AccessToken, exp); err != nil {
		return "", err
	}
	return t.AccessToken, nil
}

func (s *Service) baseHTTP() *http.Client {
	if s.HTTP == nil {
		return &http.Client{Timeout: 30 * time.Second}
	}
	return s.HTTP
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
