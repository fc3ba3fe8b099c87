package zoomaccount

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoom"
)

// Text is a message of the catalog, with its rendering in the two languages a connection
// test is stored in (store.ZoomTest keeps both).
type Text struct {
	EN   string
	DE   string
	Key  string // catalog key, "" for a text made of another error's
	Args []any
}

// say renders a catalog key in both languages.
func say(key string, args ...any) Text {
	return Text{EN: catalog.T("en", key, args...), DE: catalog.T("de", key, args...), Key: key, Args: args}
}

// In returns the text for locale: English for "en" and its regional forms, German for "de"
// and for locales without a catalog file, the catalog's text for other languages.
func (t Text) In(locale string) string {
	switch l := catalog.Lang(locale); {
	case l == "en":
		return t.EN
	case l == "de" || t.Key == "":
		return t.DE
	}
	return catalog.T(locale, t.Key, t.Args...)
}

// Scopes are the scopes the Server-to-Server OAuth app needs (provider-facts.md).
var Scopes = []string{
	"meeting:write:meeting:admin", "meeting:update:meeting:admin", "meeting:delete:meeting:admin",
	"meeting:read:meeting:admin", "user:read:list_users:admin", "user:read:settings:admin",
	"account:read:settings:admin",
}

// problem is a failure explained for a CRM administrator, with the domain code it maps to.
type problem struct {
	code string
	text Text
}

// explain turns an error of a token request or an API call into words a CRM administrator can
// act on. name is the account's label.
func explain(err error, name string, creds store.ZoomCredentials) problem {
	var (
		te  *zoom.TokenError
		er  *zoom.ErrorResponse
		rl  *zoom.RateLimitError
		ae  *addon.Error
		op  *net.OpError
		dns *net.DNSError
	)
	proxy := creds.ProxyURL
	switch {
	case errors.As(err, &ae):
		return problem{ae.Code, Text{EN: catalog.In("en", ae), DE: catalog.In("de", ae)}}
	case errors.As(err, &te) && te.StatusCode == http.StatusProxyAuthRequired,
		errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusProxyAuthRequired,
		proxy != "" && strings.Contains(err.Error(), "Proxy Authentication Required"):
		return problem{addon.EUNAVAILABLE, say("zoomaccount.proxy_auth", proxy, name)}
	case errors.As(err, &te):
		return explainToken(te, name)
	case errors.As(err, &rl):
		return problem{addon.EUNAVAILABLE, rateLimited(rl)}
	case errors.As(err, &er) && missingScope(er):
		return problem{addon.EFORBIDDEN, scopesText(name, Scopes)}
	case errors.As(err, &er) && er.Response != nil && er.Response.StatusCode >= 500:
		return zoomDown(name)
	case errors.As(err, &er):
		return problem{addon.EUNAVAILABLE, say("zoomaccount.zoom_refused", name, er.Code)}
	case proxy != "" && !errors.Is(err, context.Canceled):
		// Everything else that goes wrong on the way through an administrator's proxy reads
		// the same: a closed port, a silent one, a service that is no proxy and a proxy that
		// refuses the CONNECT must not be told apart, or the connection test scans ports.
		return proxyUnreachable(proxy, name)
	case errors.As(err, &op) && op.Op == "proxyconnect":
		return problem{addon.EUNAVAILABLE, say("zoomaccount.proxy_env")}
	case errors.As(err, &dns), errors.As(err, &op), errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return problem{addon.EUNAVAILABLE, say("zoomaccount.unreachable")}
	}
	return problem{addon.EINTERNAL, say("zoomaccount.unexpected")}
}

// proxyUnreachable is the one answer for every failure to get through an account's proxy.
func proxyUnreachable(proxy, name string) problem {
	return problem{addon.EUNAVAILABLE, say("zoomaccount.proxy_unreachable", proxy, name)}
}

func explainToken(te *zoom.TokenError, name string) problem {
	switch {
	case te.Code == "invalid_client" || te.StatusCode == http.StatusUnauthorized:
		return problem{addon.EFORBIDDEN, say("zoomaccount.bad_client", name)}
	case te.Code == "unsupported_grant_type":
		return problem{addon.EFORBIDDEN, say("zoomaccount.not_s2s", name)}
	case te.Code == "invalid_request" || te.StatusCode == http.StatusBadRequest:
		// Client ID and secret passed (Zoom checks them first); what is left is the account.
		return problem{addon.EFORBIDDEN, say("zoomaccount.bad_account_id", name)}
	case te.StatusCode >= 500:
		return zoomDown(name)
	}
	return problem{addon.EFORBIDDEN, say("zoomaccount.token_refused", name, te.Code)}
}

func zoomDown(name string) problem {
	return problem{addon.EUNAVAILABLE, say("zoomaccount.zoom_down", name)}
}

// scopesText asks the administrator to add scopes to the account's app. Zoom's own words
// (English only) are left out: the list of scopes says what is needed in every language.
func scopesText(name string, scopes []string) Text {
	return say("zoomaccount.scopes_missing", name, strings.Join(scopes, ", "))
}

// missingScope recognises Zoom's "Invalid access token, does not contain scopes:[…]" answers.
func missingScope(er *zoom.ErrorResponse) bool {
	return er.Code == 4711 || er.Code == 4700 || strings.Contains(strings.ToLower(er.Message), "scope")
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// rateLimited asks to wait as long as Zoom said, or a minute.
func rateLimited(rl *zoom.RateLimitError) Text {
	if rl.RetryAfter <= 0 {
		return say("zoomaccount.rate_limit_minute", rl.Type)
	}
	return say("zoomaccount.rate_limit", rl.Type, rl.RetryAfter.Round(1e9).String())
}

// accountError turns a failure of the account's token or API into an *addon.Error whose
// message the CRM shows.
func (s *Service) accountError(ctx context.Context, inst, id string, err error) error {
	var ae *addon.Error
	if errors.As(err, &ae) || errors.Is(err, context.Canceled) {
		return err
	}
	name := id
	if a, aerr := s.Store.ZoomAccount(ctx, inst, id); aerr == nil {
		name = a.Name
	}
	creds, _ := s.Store.ZoomCredentials(ctx, inst, id)
	p := explain(err, name, creds)
	if p.code == addon.EINTERNAL {
		return fmt.Errorf("zoom account %s: %w", id, err)
	}
	if p.text.Key != "" {
		return catalog.Error(p.code, p.text.Key, p.text.Args...) // a CRM user reads it in their language
	}
	return &addon.Error{Code: p.code, Message: p.text.EN}
}
