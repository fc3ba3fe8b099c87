package zoomtest

import (
	"cmp"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// tokenLifetime is how long Zoom's Server-to-Server access tokens live.
const tokenLifetime = time.Hour

// Account is a Zoom account with one Server-to-Server OAuth app.
type Account struct {
	ID           string
	ClientID     string
	ClientSecret string
	// Scopes are the app's scopes, space-separated, as the token answer lists them; "" means
	// all the add-on needs (AllScopes).
	Scopes string

	users    []*User
	accReq   *PasswordRequirement
	userReq  map[string]*PasswordRequirement // by user id
	deniedTo map[string]bool                 // host user ids that gave the admin no scheduling privilege
}

// User is a user (licence) of an account. Type 1 is basic, 2 licensed.
type User struct {
	ID        string
	Email     string
	FirstName string
	LastName  string
	Type      int
	Status    string // active (default), inactive, pending
	Timezone  string // IANA; used for local start times without timezone
}

// PasswordRequirement is Zoom's meeting passcode rule set.
type PasswordRequirement struct {
	Length                      int  `json:"length"`
	HaveLetter                  bool `json:"have_letter"`
	HaveNumber                  bool `json:"have_number"`
	HaveSpecialCharacter        bool `json:"have_special_character"`
	HaveUpperAndLowerCharacters bool `json:"have_upper_and_lower_characters"`
	OnlyAllowNumeric            bool `json:"only_allow_numeric"`
	ConsecutiveCharactersLength int  `json:"consecutive_characters_length"`
	WeakEnhanceDetection        bool `json:"weak_enhance_detection"`
}

// DefaultPasswordRequirement is Zoom's default: at least 6 characters, digits only.
var DefaultPasswordRequirement = PasswordRequirement{Length: 6, OnlyAllowNumeric: true}

// AddAccount adds an account whose app authenticates with clientID and clientSecret.
func (s *Server) AddAccount(accountID, clientID, clientSecret string) *Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := &Account{
		ID: accountID, ClientID: clientID, ClientSecret: clientSecret,
		userReq: map[string]*PasswordRequirement{}, deniedTo: map[string]bool{},
	}
	s.accounts[accountID] = a
	s.byClient[clientID] = a
	return a
}

// SetScopes sets the scopes an account's app was granted (space-separated; "" means AllScopes).
func (s *Server) SetScopes(accountID, scopes string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[accountID].Scopes = scopes
}

// AddUser adds a user to an account and returns it with its id filled in. The first user added
// is the account's owner, the one "me" stands for. It panics when the account is unknown, as
// that is a mistake in the test's setup.
func (s *Server) AddUser(accountID string, u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustAccount(accountID)
	if u.ID == "" {
		u.ID = s.randomString(22)
	}
	if u.Status == "" {
		u.Status = "active"
	}
	if u.Type == 0 {
		u.Type = 2
	}
	a.users = append(a.users, &u)
	return u
}

// SetPasswordRequirement sets the passcode rules of one user, or of the account when userID is
// "". A user's own rules win over the account's.
func (s *Server) SetPasswordRequirement(accountID, userID string, req PasswordRequirement) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustAccount(accountID)
	if userID == "" {
		a.accReq = &req
		return
	}
	a.userReq[userID] = &req
}

// DenyScheduling makes the user with hostEmail withdraw the scheduling privilege from the
// account's owner: meetings for that host are then refused with code 3000.
func (s *Server) DenyScheduling(hostEmail string) { s.setScheduling(hostEmail, true) }

// AllowScheduling undoes DenyScheduling; granted is the default.
func (s *Server) AllowScheduling(hostEmail string) { s.setScheduling(hostEmail, false) }

func (s *Server) setScheduling(hostEmail string, denied bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.accounts {
		for _, u := range a.users {
			if strings.EqualFold(u.Email, hostEmail) {
				a.deniedTo[u.ID] = denied
			}
		}
	}
}

func (s *Server) mustAccount(id string) *Account {
	a, ok := s.accounts[id]
	if !ok {
		panic(fmt.Sprintf("zoomtest: unknown account %q", id))
	}
	return a
}

// owner is the user "me" stands for.
func (a *Account) owner() *User {
	if len(a.users) == 0 {
		return nil
	}
	return a.users[0]
}

// user finds a user by id, email or "me".
func (a *Account) user(idOrEmail string) *User {
	if idOrEmail == "me" {
		return a.owner()
	}
	for _, u := range a.users {
		if u.ID == idOrEmail || strings.EqualFold(u.Email, idOrEmail) {
			return u
		}
	}
	return nil
}

func (a *Account) requirement(userID string) PasswordRequirement {
	if r, ok := a.userReq[userID]; ok {
		return *r
	}
	if a.accReq != nil {
		return *a.accReq
	}
	return DefaultPasswordRequirement
}

type oauthError struct {
	Reason string `json:"reason"`
	Error  string `json:"error"`
}

// handleToken is POST /oauth/token with grant_type=account_credentials.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	clientID, secret, ok := r.BasicAuth()
	a := s.byClient[clientID]
	if !ok || a == nil || subtle.ConstantTimeCompare([]byte(secret), []byte(a.ClientSecret)) != 1 {
		writeJSON(w, http.StatusUnauthorized, oauthError{Reason: "Invalid client_id or client_secret", Error: "invalid_client"})
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, oauthError{Reason: "Invalid request", Error: "invalid_request"})
		return
	}
	// Zoom reads the form body; parameters only in the query have been refused since 2024.
	switch gt := r.PostForm.Get("grant_type"); gt {
	case "account_credentials":
	case "":
		writeJSON(w, http.StatusBadRequest, oauthError{Reason: "Missing grant type", Error: "invalid_request"})
		return
	default:
		writeJSON(w, http.StatusBadRequest, oauthError{Reason: "Unsupported grant type", Error: "unsupported_grant_type"})
		return
	}
	if r.PostForm.Get("account_id") != a.ID {
		writeJSON(w, http.StatusBadRequest, oauthError{Reason: "Invalid account_id", Error: "invalid_request"})
		return
	}
	tok := s.randomString(40)
	s.tokens[tok] = accessToken{accountID: a.ID, expires: s.opts.Now().Add(tokenLifetime)}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok,
		"token_type":   "bearer",
		"expires_in":   int(tokenLifetime / time.Second),
		"scope":        cmp.Or(a.Scopes, AllScopes),
		"api_url":      s.apiURL(r),
	})
}

// ExpireTokens ends every access token issued so far for the account: Zoom then answers 401
// with code 124, as it does for a token past its hour (or a clock of ours that runs slow).
func (s *Server) ExpireTokens(accountID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	for k, t := range s.tokens {
		if t.accountID == accountID {
			t.expires = now
			s.tokens[k] = t
		}
	}
}

// AllScopes are the granular scopes provider-facts.md lists for the add-on.
const AllScopes = "meeting:write:meeting:admin meeting:update:meeting:admin meeting:delete:meeting:admin meeting:read:meeting:admin user:read:list_users:admin user:read:settings:admin account:read:settings:admin"

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (s *Server) randomString(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[s.rng.IntN(len(alphabet))]
	}
	return string(b)
}

func (s *Server) randomDigits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + s.rng.IntN(10))
	}
	return string(b)
}

// SetAPIURL changes the api_url of later token answers (Options.APIURL), e.g. to a second
// address of the fake that stands for the account's region.
func (s *Server) SetAPIURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.APIURL = u
}

// apiURL is the api_url of a token answer: Options.APIURL, else where the request reached
// the fake.
func (s *Server) apiURL(r *http.Request) string {
	if s.opts.APIURL != "" {
		return s.opts.APIURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
