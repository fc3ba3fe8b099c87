// Package gototest is an in-process fake of GoTo Meeting: its OAuth consent page and token
// endpoint, and the meetings API under /G2M/rest, with GoTo's token expiry, refresh-token
// rotation, free-account refusals and rate limit. End-to-end tests use it through real HTTP,
// and the product's sandbox mode serves it so a CRM can be tried without a GoTo account.
//
// A *Server is an http.Handler; serve it any way you like, for instance
//
//	fake := gototest.New(gototest.Options{})
//	srv := httptest.NewServer(fake)
//	fake.RegisterRedirectURI(app.URL + "/oauth/goto/callback")
//	conf := &oauth2.Config{ClientID: gototest.DefaultClientID, ClientSecret: gototest.DefaultClientSecret,
//		Endpoint: gototest.Endpoint(srv.URL)}
//	client := gotomeeting.NewClient(conf.Client(ctx, tok))
//	client.BaseURL, _ = url.Parse(gototest.APIBase(srv.URL))
package gototest

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"path"
	"slices"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Credentials of the OAuth client the fake knows when Options leave them empty.
const (
	DefaultClientID     = "gototest-client"
	DefaultClientSecret = "gototest-secret"
	// DefaultAccount prefills the consent page when the authorize URL has no login_hint.
	DefaultAccount = "organizer@example.com"
)

// APIPath is where the meetings API is mounted, as at api.getgo.com.
const APIPath = "/G2M/rest"

// Options configure a fake. The zero value works.
type Options struct {
	ClientID, ClientSecret string // default DefaultClientID / DefaultClientSecret
	// RedirectURIs registered for the client. Empty means any redirect URI is accepted,
	// because a test's callback URL is only known once its server runs; use
	// RegisterRedirectURI to be as strict as GoTo.
	RedirectURIs []string
	// NoRefreshRotation makes refresh answers repeat the refresh token used. By default each
	// refresh answers a new refresh token and invalidates the old one, the stricter reading
	// of GoTo's "a response may carry a new refresh token".
	NoRefreshRotation bool
	// Now is the clock for token expiry and the rate limit; default time.Now.
	Now func() time.Time
	// RateLimit is the number of API requests an account may make per second; default 10.
	RateLimit int
	// Validate, when set, checks every API request (apispec.Validator.RequestFunc); a
	// mismatch is handed to Report and the request is still answered.
	Validate func(r *http.Request, body []byte) error
	Report   func(error)
}

// Call is one API request the fake answered.
type Call struct {
	Method  string
	Path    string
	Account string // "" when the token was refused
	Status  int
}

// Meeting is a meeting as the fake holds it. Subject is as sent (HTML-escaped).
type Meeting struct {
	ID                 int64
	Account            string
	Subject            string
	Start, End         time.Time
	PasswordRequired   bool
	ConferenceCallInfo string
	MeetingType        string
	CoorganizerKeys    []string
	JoinURL            string
	Created            time.Time
}

type accessToken struct {
	account string
	expires time.Time
}

type authCode struct {
	account, clientID, redirectURI string
	expires                        time.Time
}

// Server is the fake. It is safe for concurrent use.
type Server struct {
	opts Options
	mux  *http.ServeMux
	api  *http.ServeMux

	mu        sync.Mutex
	redirects []string
	codes     map[string]authCode
	access    map[string]accessToken
	refresh   map[string]string // refresh token -> account
	free      map[string]bool
	recent    map[string][]time.Time // account -> API request times within the last second
	meetings  map[int64]*Meeting
	order     []int64 // meeting ids in creation order
	calls     []Call
}

// New returns a fake configured by opts.
func New(opts Options) *Server {
	if opts.ClientID == "" {
		opts.ClientID, opts.ClientSecret = DefaultClientID, DefaultClientSecret
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RateLimit <= 0 {
		opts.RateLimit = 10
	}
	s := &Server{
		opts:      opts,
		redirects: slices.Clone(opts.RedirectURIs),
		codes:     map[string]authCode{},
		access:    map[string]accessToken{},
		refresh:   map[string]string{},
		free:      map[string]bool{},
		recent:    map[string][]time.Time{},
		meetings:  map[int64]*Meeting{},
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /oauth/authorize", s.authorizePage)
	s.mux.HandleFunc("POST /oauth/authorize", s.authorizeDecision)
	s.mux.HandleFunc("POST /oauth/token", s.token)
	s.mux.HandleFunc(APIPath+"/", s.serveAPI)
	s.api = http.NewServeMux()
	s.api.HandleFunc("POST "+APIPath+"/meetings", s.createMeeting)
	s.api.HandleFunc("GET "+APIPath+"/meetings/{id}", s.getMeeting)
	s.api.HandleFunc("PUT "+APIPath+"/meetings/{id}", s.updateMeeting)
	s.api.HandleFunc("DELETE "+APIPath+"/meetings/{id}", s.deleteMeeting)
	s.api.HandleFunc("GET "+APIPath+"/meetings/{id}/start", s.startMeeting)
	s.api.HandleFunc("GET "+APIPath+"/upcomingMeetings", s.upcoming)
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Endpoint returns the OAuth endpoint of a fake served at baseURL. GoTo wants the client
// credentials as HTTP Basic authentication, so the style is fixed rather than probed.
func Endpoint(baseURL string) oauth2.Endpoint {
	return oauth2.Endpoint{
		AuthURL:   baseURL + "/oauth/authorize",
		TokenURL:  baseURL + "/oauth/token",
		AuthStyle: oauth2.AuthStyleInHeader,
	}
}

// APIBase returns the BaseURL for gotomeeting.Client of a fake served at baseURL.
func APIBase(baseURL string) string { return baseURL + APIPath + "/" }

// RegisterRedirectURI adds u to the client's redirect URIs, as vendor staff do in the GoTo
// Developer Center.
func (s *Server) RegisterRedirectURI(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.redirects = append(s.redirects, u)
}

// IssueTokens gives account a consent without the consent page and returns its tokens, for
// tests that start from a connected account.
func (s *Server) IssueTokens(account string) *oauth2.Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, rt, exp := s.issueLocked(account)
	return &oauth2.Token{AccessToken: at, RefreshToken: rt, TokenType: "Bearer", Expiry: exp}
}

// RevokeConsent withdraws account's consent: its refresh and access tokens stop working.
func (s *Server) RevokeConsent(account string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t, a := range s.refresh {
		if a == account {
			delete(s.refresh, t)
		}
	}
	for t, a := range s.access {
		if a.account == account {
			delete(s.access, t)
		}
	}
}

// ExpireAccessTokens makes every access token issued so far expired; refresh tokens still work.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := s.opts.Now().Add(-time.Second)
	for t, a := range s.access {
		a.expires = past
		s.access[t] = a
	}
}

// MarkFree makes account a free GoTo account: all its API calls answer 412.
func (s *Server) MarkFree(account string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.free[account] = true
}

// Meetings returns account's meetings in creation order.
func (s *Server) Meetings(account string) []Meeting {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Meeting
	for _, id := range s.order {
		if m := s.meetings[id]; m != nil && m.Account == account {
			c := *m
			c.CoorganizerKeys = slices.Clone(m.CoorganizerKeys)
			out = append(out, c)
		}
	}
	return out
}

// RemoveMeeting deletes a meeting as if its organizer had deleted it in GoTo itself.
func (s *Server) RemoveMeeting(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.meetings, id)
}

// Calls returns the API requests answered so far, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// Count returns how many API requests had method and a path matching pattern (path.Match
// syntax, e.g. "/G2M/rest/meetings/*"), whatever their answer.
func (s *Server) Count(method, pattern string) int {
	n := 0
	for _, c := range s.Calls() {
		if ok, _ := path.Match(pattern, c.Path); ok && c.Method == method {
			n++
		}
	}
	return n
}

// Reset forgets meetings, the call log and the rate-limit window; tokens and consents stay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.meetings = map[int64]*Meeting{}
	s.order = nil
	s.calls = nil
	s.recent = map[string][]time.Time{}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}
