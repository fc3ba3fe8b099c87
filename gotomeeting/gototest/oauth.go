package gototest

import (
	"encoding/json"
	"hash/fnv"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

const (
	accessTTL = time.Hour
	// codeTTL is generous: real codes live minutes, and a test only needs them to expire at all.
	codeTTL = 10 * time.Minute
)

var consentPage = template.Must(template.New("consent").Parse(`<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><title>GoTo – Zugriff erlauben</title></head>
<body>
<h1>GoTo – Zugriff erlauben</h1>
<p>Die Anwendung <strong>{{.ClientID}}</strong> möchte in Ihrem Namen Meetings planen, ändern und löschen.</p>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="client_id" value="{{.ClientID}}">
<input type="hidden" name="redirect_uri" value="{{.RedirectURI}}">
<input type="hidden" name="state" value="{{.State}}">
<label for="account">GoTo-Konto</label>
<input type="email" id="account" name="account" value="{{.Account}}" required>
<button type="submit" id="allow" name="decision" value="allow">Erlauben</button>
<button type="submit" id="deny" name="decision" value="deny">Ablehnen</button>
</form>
</body>
</html>
`))

var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>GoTo – Fehler</title></head>
<body><h1>Anmeldung nicht möglich</h1><p id="error">{{.}}</p></body></html>
`))

func badRequestPage(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_ = errorPage.Execute(w, msg)
}

// checkClient is the check GoTo makes before showing or acting on a consent: it never
// redirects to a URL it does not know, so errors are shown as a page.
func (s *Server) checkClient(clientID, redirectURI string) string {
	if clientID != s.opts.ClientID {
		return "Unbekannte client_id."
	}
	u, err := url.Parse(redirectURI)
	if err != nil || !u.IsAbs() {
		return "Ungültige redirect_uri."
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.redirects) > 0 && !slices.Contains(s.redirects, redirectURI) {
		return "Die redirect_uri ist für diesen Client nicht registriert."
	}
	return ""
}

func (s *Server) authorizePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if msg := s.checkClient(q.Get("client_id"), q.Get("redirect_uri")); msg != "" {
		badRequestPage(w, msg)
		return
	}
	if q.Get("response_type") != "code" {
		badRequestPage(w, "response_type muss code sein.")
		return
	}
	account := q.Get("login_hint")
	if account == "" {
		account = DefaultAccount
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = consentPage.Execute(w, map[string]string{
		"ClientID": q.Get("client_id"), "RedirectURI": q.Get("redirect_uri"), "State": q.Get("state"), "Account": account,
	})
}

func (s *Server) authorizeDecision(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		badRequestPage(w, "Ungültiges Formular.")
		return
	}
	clientID, redirectURI := r.PostForm.Get("client_id"), r.PostForm.Get("redirect_uri")
	if msg := s.checkClient(clientID, redirectURI); msg != "" {
		badRequestPage(w, msg)
		return
	}
	target, _ := url.Parse(redirectURI)
	q := target.Query()
	if st := r.PostForm.Get("state"); st != "" {
		q.Set("state", st)
	}
	account := r.PostForm.Get("account")
	switch {
	case r.PostForm.Get("decision") == "deny":
		q.Set("error", "access_denied")
	case account == "":
		badRequestPage(w, "Bitte ein GoTo-Konto angeben.")
		return
	default:
		code := randomHex(16)
		s.mu.Lock()
		s.codes[code] = authCode{account: account, clientID: clientID, redirectURI: redirectURI, expires: s.opts.Now().Add(codeTTL)}
		s.mu.Unlock()
		q.Set("code", code)
	}
	target.RawQuery = q.Encode()
	http.Redirect(w, r, target.String(), http.StatusFound)
}

type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int    `json:"expires_in"`
	Scope        string `json:"scope"`
	Principal    string `json:"principal"`
	Email        string `json:"email"`
	AccountKey   string `json:"account_key"`
	OrganizerKey string `json:"organizer_key"`
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	// GoTo takes the client credentials only as HTTP Basic authentication.
	id, secret, ok := r.BasicAuth()
	if !ok || id != s.opts.ClientID || secret != s.opts.ClientSecret {
		w.Header().Set("WWW-Authenticate", `Basic realm="oauth"`)
		oauthError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "form expected")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var account, refresh string
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		code := r.PostForm.Get("code")
		c, ok := s.codes[code]
		delete(s.codes, code) // a code works once, even when this attempt fails
		switch {
		case !ok || s.opts.Now().After(c.expires) || c.clientID != id:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "authorization code unknown, used or expired")
			return
		case r.PostForm.Get("redirect_uri") != c.redirectURI:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization request")
			return
		}
		account = c.account
	case "refresh_token":
		old := r.PostForm.Get("refresh_token")
		a, ok := s.refresh[old]
		if !ok {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "refresh token unknown or revoked")
			return
		}
		account = a
		if s.opts.NoRefreshRotation {
			refresh = old
		} else {
			delete(s.refresh, old)
		}
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
		return
	}
	at, rt, _ := s.issueLocked(account)
	if refresh != "" {
		delete(s.refresh, rt)
		rt = refresh
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(tokenAnswer{
		AccessToken: at, TokenType: "Bearer", RefreshToken: rt, ExpiresIn: int(accessTTL / time.Second),
		Scope: "collab:", Principal: account, Email: account,
		AccountKey: accountKey(account), OrganizerKey: organizerKey(account),
	})
}

// issueLocked creates a new access and refresh token for account; s.mu must be held.
func (s *Server) issueLocked(account string) (access, refresh string, expires time.Time) {
	access, refresh = randomHex(24), randomHex(24)
	expires = s.opts.Now().Add(accessTTL)
	s.access[access] = accessToken{account: account, expires: expires}
	s.refresh[refresh] = account
	return access, refresh, expires
}

func keyOf(salt, account string) string {
	h := fnv.New64a()
	h.Write([]byte(salt + account))
	return strconv.FormatUint(h.Sum64()%9e15+1e15, 10)
}

func accountKey(account string) string   { return keyOf("account:", account) }
func organizerKey(account string) string { return keyOf("organizer:", account) }
