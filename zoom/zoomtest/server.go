// Package zoomtest is an in-memory fake of the Zoom API for tests and for the add-on's sandbox
// mode: Server-to-Server OAuth tokens, users and their passcode rules, meetings with recurrence
// expansion, Zoom's error codes and both rate limits, and signed webhooks.
//
// It behaves like Zoom where the add-on depends on Zoom's behaviour (see provider-facts.md):
// a series asking for more than 50 occurrences gets only its first, a series created in UTC
// drifts across a daylight-saving change, the 101st create/update of a host in a UTC day is
// refused. It imports no testing package so the product may run it.
//
//	fake := zoomtest.New(zoomtest.Options{Now: clock.Now})
//	srv := httptest.NewServer(fake)
//	fake.AddAccount("acc1", "cid", "secret")
//	fake.AddUser("acc1", zoomtest.User{Email: "owner@example.com"})
//	// token URL: srv.URL+"/oauth/token", API base: srv.URL+"/v2/"
package zoomtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Options configure a Server. Zero values mean Zoom's defaults.
type Options struct {
	// Now is the fake's clock (token expiry, rate-limit windows, "future" start times).
	Now func() time.Time
	// Validate, when set, checks every request under /v2 (see ValidateWith). A failure goes
	// to Report, or when Report is nil is answered with 400 and code 300 as Zoom would.
	Validate func(r *http.Request, body []byte) error
	Report   func(error)
	// QPSLimit is the requests per second per account (default 10, Zoom's "heavy" Pro
	// limit); negative disables the limit.
	QPSLimit int
	// DailyLimit is the meeting creates+updates per host user per UTC day (default 100);
	// negative disables it.
	DailyLimit int
	// WebhookClient sends webhooks; nil means http.DefaultClient.
	WebhookClient *http.Client
	// RequiredSettings are settings keys every meeting create must carry (e.g.
	// PinnedSettings): since 2026-03-15 Zoom gives a missing one the host's own default. A
	// create without one of them goes to Report, or when Report is nil is refused with 400.
	RequiredSettings []string
	// APIURL is the api_url of the token answers; "" means the fake's own address as the
	// request reached it (scheme and host), so a client that follows it stays with the fake.
	APIURL string
}

// Call is one request the fake received.
type Call struct {
	Method    string
	Path      string // as received, e.g. "/v2/meetings/81234567890"
	Host      string // the Host the request was sent to, e.g. "127.0.0.1:41234"
	Body      []byte // the request body as received (API requests only)
	Query     url.Values
	AccountID string // of the bearer token; "" for the token endpoint or without valid token
	Time      time.Time
}

// Server is the fake. It is an http.Handler; wrap it in httptest.NewServer. Safe for
// concurrent use; requests are served one at a time.
type Server struct {
	opts Options
	mux  *http.ServeMux

	mu         sync.Mutex
	rng        *rand.Rand
	accounts   map[string]*Account // by account id
	byClient   map[string]*Account // by client id
	tokens     map[string]accessToken
	meetings   map[int64]*Meeting
	gone       map[int64]*Meeting // deleted meetings, for meeting.deleted webhooks
	calls      []Call
	forced     []forcedError
	qps        map[string]*window
	daily      map[string]*window
	pageTokens map[string]pageToken
}

type accessToken struct {
	accountID string
	expires   time.Time
}

type forcedError struct {
	method, prefix string
	status, code   int
	msg            string
}

const maxBody = 1 << 20

// New returns an empty fake.
func New(opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.QPSLimit == 0 {
		opts.QPSLimit = 10
	}
	if opts.DailyLimit == 0 {
		opts.DailyLimit = 100
	}
	s := &Server{
		opts: opts,
		// A fixed seed keeps ids and passcodes the same from run to run, which makes failing
		// tests easier to compare.
		rng:        rand.New(rand.NewPCG(2026, 10)),
		accounts:   map[string]*Account{},
		byClient:   map[string]*Account{},
		tokens:     map[string]accessToken{},
		meetings:   map[int64]*Meeting{},
		gone:       map[int64]*Meeting{},
		qps:        map[string]*window{},
		daily:      map[string]*window{},
		pageTokens: map[string]pageToken{},
	}
	s.routes()
	return s
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("POST /oauth/token", s.handleToken)
	m.HandleFunc("GET /v2/users", s.handleListUsers)
	m.HandleFunc("GET /v2/users/{userId}", s.handleGetUser)
	m.HandleFunc("GET /v2/users/{userId}/settings", s.handleUserSettings)
	m.HandleFunc("GET /v2/accounts/{accountId}/settings", s.handleAccountSettings)
	m.HandleFunc("GET /v2/users/{userId}/meetings", s.handleListMeetings)
	m.HandleFunc("POST /v2/users/{userId}/meetings", s.handleCreateMeeting)
	m.HandleFunc("GET /v2/meetings/{meetingId}", s.handleGetMeeting)
	m.HandleFunc("PATCH /v2/meetings/{meetingId}", s.handleUpdateMeeting)
	m.HandleFunc("DELETE /v2/meetings/{meetingId}", s.handleDeleteMeeting)
	m.HandleFunc("GET /v2/meetings/{meetingId}/invitation", s.handleInvitation)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, 404, "The requested resource does not exist in this fake.")
	})
	s.mux = m
}

type ctxKey struct{}

// reqState is what ServeHTTP found out before routing.
type reqState struct {
	acct *Account
	body []byte
}

func state(r *http.Request) *reqState { return r.Context().Value(ctxKey{}).(*reqState) }

// ServeHTTP serves the token endpoint and the API under /v2.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		writeError(w, http.StatusBadRequest, 300, "Request Body should be a valid JSON object.")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	api := strings.HasPrefix(r.URL.Path, "/v2/")
	var acct *Account
	if api {
		acct = s.authenticate(r, now)
	}
	c := Call{Method: r.Method, Path: r.URL.Path, Host: r.Host, Query: r.URL.Query(), Time: now}
	if acct != nil {
		c.AccountID = acct.ID
	}
	if api {
		c.Body = body
	}
	s.calls = append(s.calls, c)

	if s.forceError(w, r) {
		return
	}
	if api {
		if acct == nil {
			writeError(w, http.StatusUnauthorized, 124, "Invalid access token.")
			return
		}
		if s.opts.Validate != nil {
			if err := s.opts.Validate(r, body); err != nil {
				if s.opts.Report == nil {
					writeError(w, http.StatusBadRequest, 300, err.Error())
					return
				}
				s.opts.Report(err)
			}
		}
		if s.limitQPS(w, r, acct, now) {
			return
		}
	}
	ctx := context.WithValue(r.Context(), ctxKey{}, &reqState{acct: acct, body: body})
	s.mux.ServeHTTP(w, r.WithContext(ctx))
}

// authenticate returns the account of a valid bearer token, or nil. Tokens in the query are
// ignored as Zoom has done since 2023.
func (s *Server) authenticate(r *http.Request, now time.Time) *Account {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return nil
	}
	t, ok := s.tokens[tok]
	if !ok || !now.Before(t.expires) {
		return nil
	}
	return s.accounts[t.accountID]
}

// ForceError makes the next request with method whose path starts with pathPrefix (as
// received, e.g. "/v2/users/") fail with status and Zoom code; once only. A 429 gets QPS
// rate-limit headers.
func (s *Server) ForceError(method, pathPrefix string, status, code int, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forced = append(s.forced, forcedError{method: method, prefix: pathPrefix, status: status, code: code, msg: msg})
}

func (s *Server) forceError(w http.ResponseWriter, r *http.Request) bool {
	for i, f := range s.forced {
		if f.method != r.Method || !strings.HasPrefix(r.URL.Path, f.prefix) {
			continue
		}
		s.forced = append(s.forced[:i], s.forced[i+1:]...)
		if f.status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("X-RateLimit-Type", "QPS")
			w.Header().Set("X-RateLimit-Category", category(r))
		}
		writeError(w, f.status, f.code, f.msg)
		return true
	}
	return false
}

// Calls returns the requests received so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	copy(out, s.calls)
	return out
}

// CountCalls counts received requests with method (any when "") whose path starts with
// pathPrefix, e.g. CountCalls("POST", "/v2/users/").
func (s *Server) CountCalls(method, pathPrefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if (method == "" || c.Method == method) && strings.HasPrefix(c.Path, pathPrefix) {
			n++
		}
	}
	return n
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

type errorBody struct {
	Code    int          `json:"code"`
	Message string       `json:"message"`
	Errors  []fieldError `json:"errors,omitempty"`
}

type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, errorBody{Code: code, Message: msg})
}

// writeFieldError is Zoom's validation failure shape: code 300 with the offending field.
func writeFieldError(w http.ResponseWriter, field, msg string) {
	writeJSON(w, http.StatusBadRequest, errorBody{
		Code: 300, Message: "Validation Failed.",
		Errors: []fieldError{{Field: field, Message: msg}},
	})
}
