package zoomaccount

import (
	"context"
	"net"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
)

// What JWT credentials look like: the API Key has about 22 characters, the API Secret about
// 36. A Server-to-Server OAuth app's Client ID is as long as an API Key, but its secret has 32
// characters, and it always comes with an Account ID. Some people paste a whole JWT instead.
var (
	jwtKey    = regexp.MustCompile(`^[A-Za-z0-9_-]{18,26}$`)
	jwtSecret = regexp.MustCompile(`^[A-Za-z0-9]{34,40}$`)
	jwtToken  = regexp.MustCompile(`^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$`)
	zoomID    = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// LooksLikeJWT reports whether key and secret look like the API Key and API Secret of a Zoom
// JWT app (or one of them is a JWT itself). Only a pair without Account ID is taken for one.
func LooksLikeJWT(key, secret string) bool {
	key, secret = strings.TrimSpace(key), strings.TrimSpace(secret)
	if jwtToken.MatchString(key) || jwtToken.MatchString(secret) {
		return true
	}
	return jwtKey.MatchString(key) && jwtSecret.MatchString(secret)
}

// JWTHelp explains why JWT credentials are refused and what to create instead.
var JWTHelp = say("zoomaccount.jwt_help", strings.Join(Scopes, ", "))

// ProxyInternal is the refusal of a proxy address in a private or local network.
const ProxyInternal = "must be reachable over the internet: addresses of private and local networks (such as localhost, 10.x.x.x, 192.168.x.x) are refused"

// checkEgress refuses a proxy that names an address in a private or local network, unless the
// vendor allows them. Names are checked again at every connection, after resolution.
func (s *Service) checkEgress(a store.ZoomAccount) error {
	if a.Proxy.URL == "" {
		return nil
	}
	host, _, _ := net.SplitHostPort(a.Proxy.URL)
	if s.Egress.CheckHost(host) == nil {
		return nil
	}
	return &addon.Error{Code: addon.EINVALID, Message: "proxy.url: " + ProxyInternal,
		Details: []addon.FieldError{{Field: "proxy.url", Message: ProxyInternal}}}
}

// Create validates and stores a new account; ClientSecret is required.
func (s *Service) Create(ctx context.Context, a store.ZoomAccount) (store.ZoomAccount, error) {
	a = normalize(a)
	if err := Validate(a, true); err != nil {
		return store.ZoomAccount{}, err
	}
	if err := s.checkEgress(a); err != nil {
		return store.ZoomAccount{}, err
	}
	if _, err := s.Store.Installation(ctx, a.InstallationID); err != nil {
		return store.ZoomAccount{}, err
	}
	return s.Store.CreateZoomAccount(ctx, a)
}

// Update validates and stores changes; an empty ClientSecret or proxy password keeps the
// stored one.
func (s *Service) Update(ctx context.Context, a store.ZoomAccount) (store.ZoomAccount, error) {
	a = normalize(a)
	if err := Validate(a, false); err != nil {
		return store.ZoomAccount{}, err
	}
	if err := s.checkEgress(a); err != nil {
		return store.ZoomAccount{}, err
	}
	return s.Store.UpdateZoomAccount(ctx, a)
}

// Delete removes an account with its users.
func (s *Service) Delete(ctx context.Context, inst, accountID string) error {
	return s.Store.DeleteZoomAccount(ctx, inst, accountID)
}

// normalize trims what copying from a web page adds and accepts the proxy with "http://".
func normalize(a store.ZoomAccount) store.ZoomAccount {
	for _, f := range []*string{&a.Name, &a.AccountID, &a.ClientID, &a.ClientSecret, &a.Proxy.URL, &a.Proxy.User} {
		*f = strings.TrimSpace(*f)
	}
	a.Proxy.URL = strings.TrimSuffix(strings.TrimPrefix(a.Proxy.URL, "http://"), "/")
	if a.PasscodeRule.Source == "" {
		a.PasscodeRule.Source = store.PasscodeFromZoom
	}
	return a
}

// Validate checks an account's fields. creating requires the client secret, which an update
// may leave empty to keep the stored one.
func Validate(a store.ZoomAccount, creating bool) error {
	var details []addon.FieldError
	bad := func(field, msg string) { details = append(details, addon.FieldError{Field: field, Message: msg}) }

	if jwtToken.MatchString(a.ClientID) || jwtToken.MatchString(a.ClientSecret) ||
		(a.AccountID == "" && LooksLikeJWT(a.ClientID, a.ClientSecret)) {
		return &addon.Error{Code: addon.EINVALID, Message: JWTHelp.EN,
			Details: []addon.FieldError{{Field: "client_id", Message: JWTHelp.EN}}}
	}
	switch {
	case a.Name == "":
		bad("name", "is required (for instance the e-mail address of the Zoom account's administrator)")
	case len(a.Name) > 255:
		bad("name", "is longer than 255 characters")
	}
	idField(bad, "account_id", "Account ID", a.AccountID)
	idField(bad, "client_id", "Client ID", a.ClientID)
	switch {
	case a.ClientSecret == "" && creating:
		bad("client_secret", "is required: copy the Client Secret from the app's App Credentials page")
	case len(a.ClientSecret) > 128:
		bad("client_secret", "is longer than 128 characters")
	case strings.IndexFunc(a.ClientSecret, unicode.IsSpace) >= 0 || strings.IndexFunc(a.ClientSecret, unicode.IsControl) >= 0:
		bad("client_secret", "contains spaces: copy it again from the app's App Credentials page")
	}
	if a.Proxy.URL == "" {
		if a.Proxy.User != "" || a.Proxy.Password != "" {
			bad("proxy.url", "is required when a proxy user or password is given")
		}
	} else if msg := checkProxy(a.Proxy.URL); msg != "" {
		bad("proxy.url", msg)
	}
	if len(a.Proxy.User) > 255 {
		bad("proxy.user", "is longer than 255 characters")
	}
	if len(a.Proxy.Password) > 255 {
		bad("proxy.password", "is longer than 255 characters")
	}
	switch a.PasscodeRule.Source {
	case store.PasscodeFromZoom:
	case store.PasscodeCustom:
		if err := a.PasscodeRule.Rule.Validate(); err != nil {
			bad("passcode_rule", addon.ErrorMessage(err))
		}
	default:
		bad("passcode_rule.source", `must be "zoom" or "custom"`)
	}
	validateSettings(bad, a.MeetingSettings)
	if len(details) == 0 {
		return nil
	}
	msgs := make([]string, len(details))
	for i, d := range details {
		msgs[i] = d.Field + ": " + d.Message
	}
	return &addon.Error{Code: addon.EINVALID, Message: strings.Join(msgs, "; "), Details: details}
}

func idField(bad func(string, string), field, label, v string) {
	switch {
	case v == "":
		bad(field, "is required: copy the "+label+" from the app's App Credentials page in the Zoom App Marketplace")
	case len(v) > 64:
		bad(field, "is longer than 64 characters")
	case !zoomID.MatchString(v):
		bad(field, "may only contain letters, digits, - and _: copy it again from the app's App Credentials page")
	}
}

// checkProxy checks a proxy given as host:port.
func checkProxy(p string) string {
	if strings.Contains(p, "://") {
		return "enter host:port, for instance proxy.example.org:3128, without https://"
	}
	if strings.ContainsAny(p, "@/ ") {
		return "enter host:port only; user and password have fields of their own"
	}
	host, port, err := net.SplitHostPort(p)
	if err != nil || host == "" {
		return "enter host:port, for instance proxy.example.org:3128"
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "the port must be a number from 1 to 65535"
	}
	if len(p) > 255 {
		return "is longer than 255 characters"
	}
	return ""
}
