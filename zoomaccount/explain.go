package zoomaccount

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoom"
)

// Text is a message in the two languages of the settings page.
type Text struct {
	EN string
	DE string
}

// In returns the text for locale: English for "en" and its regional forms, otherwise German,
// the CRM's home language.
func (t Text) In(locale string) string {
	l := strings.ToLower(locale)
	if l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return t.EN
	}
	return t.DE
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
		return problem{ae.Code, Text{EN: ae.Message, DE: ae.In("de")}}
	case errors.As(err, &te) && te.StatusCode == http.StatusProxyAuthRequired,
		errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusProxyAuthRequired,
		proxy != "" && strings.Contains(err.Error(), "Proxy Authentication Required"):
		return problem{addon.EUNAVAILABLE, Text{
			EN: fmt.Sprintf("The proxy server %s refused the user name or password of the Zoom account %q. Check Proxy user and Proxy password.", proxy, name),
			DE: fmt.Sprintf("Der Proxy-Server %s hat Benutzer oder Passwort des Zugangs %q abgelehnt. Prüfen Sie Proxy-Benutzer und Proxy-Passwort.", proxy, name),
		}}
	case errors.As(err, &te):
		return explainToken(te, name)
	case errors.As(err, &rl):
		return problem{addon.EUNAVAILABLE, Text{
			EN: fmt.Sprintf("Zoom asks the add-on to slow down (rate limit %s); please try again in %s.", rl.Type, waitText(rl, "en")),
			DE: fmt.Sprintf("Zoom bittet darum, weniger Anfragen zu stellen (Limit %s); bitte versuchen Sie es in %s erneut.", rl.Type, waitText(rl, "de")),
		}}
	case errors.As(err, &er) && missingScope(er):
		return problem{addon.EFORBIDDEN, scopesText(name, er.Message, Scopes)}
	case errors.As(err, &er) && er.Response != nil && er.Response.StatusCode >= 500:
		return zoomDown(name)
	case errors.As(err, &er):
		return problem{addon.EUNAVAILABLE, Text{
			EN: fmt.Sprintf("Zoom refused a request for the Zoom account %q: %s (code %d).", name, er.Message, er.Code),
			DE: fmt.Sprintf("Zoom hat eine Anfrage für den Zugang %q abgelehnt: %s (Code %d).", name, er.Message, er.Code),
		}}
	case proxy != "" && !errors.Is(err, context.Canceled):
		// Everything else that goes wrong on the way through an administrator's proxy reads
		// the same: a closed port, a silent one, a service that is no proxy and a proxy that
		// refuses the CONNECT must not be told apart, or the connection test scans ports.
		return proxyUnreachable(proxy, name)
	case errors.As(err, &op) && op.Op == "proxyconnect":
		return problem{addon.EUNAVAILABLE, Text{
			EN: "The proxy server named in the add-on server's environment (HTTPS_PROXY) cannot be reached. Ask the operator of the add-on.",
			DE: "Der in der Umgebung des Add-on-Servers eingetragene Proxy-Server (HTTPS_PROXY) ist nicht erreichbar. Wenden Sie sich an den Betreiber des Add-ons.",
		}}
	case errors.As(err, &dns), errors.As(err, &op), errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return problem{addon.EUNAVAILABLE, Text{
			EN: "Zoom cannot be reached from the add-on's server (no answer or no connection). If your network allows the internet only through a proxy, enter it for this Zoom account; otherwise please try again later.",
			DE: "Zoom ist vom Server des Add-ons aus nicht erreichbar (keine Antwort oder keine Verbindung). Wenn Ihr Netz das Internet nur über einen Proxy erlaubt, tragen Sie ihn beim Zugang ein; sonst versuchen Sie es bitte später erneut.",
		}}
	}
	return problem{addon.EINTERNAL, Text{
		EN: "Unexpected error while talking to Zoom; the add-on's log has the details.",
		DE: "Unerwarteter Fehler bei der Verbindung zu Zoom; Einzelheiten stehen im Log des Add-ons.",
	}}
}

// proxyUnreachable is the one answer for every failure to get through an account's proxy.
func proxyUnreachable(proxy, name string) problem {
	return problem{addon.EUNAVAILABLE, Text{
		EN: fmt.Sprintf("The proxy server %s of the Zoom account %q cannot be reached, or it did not pass the connection on to Zoom. Check server and port, ask your network administrator to let zoom.us and api.zoom.us through the proxy, or remove the proxy if the add-on reaches Zoom directly.", proxy, name),
		DE: fmt.Sprintf("Der Proxy-Server %s des Zugangs %q ist nicht erreichbar oder hat die Verbindung zu Zoom nicht weitergeleitet. Prüfen Sie Server und Port, bitten Sie Ihre Netzwerkadministration, zoom.us und api.zoom.us über den Proxy freizugeben, oder entfernen Sie den Proxy, wenn das Add-on Zoom direkt erreicht.", proxy, name),
	}}
}

func explainToken(te *zoom.TokenError, name string) problem {
	switch {
	case te.Code == "invalid_client" || te.StatusCode == http.StatusUnauthorized:
		return problem{addon.EFORBIDDEN, Text{
			EN: fmt.Sprintf("Zoom refused the Client ID or the Client Secret of the Zoom account %q. Copy both again from the Server-to-Server OAuth app in the Zoom App Marketplace (Manage → the app → App Credentials) and save the account. API Key and API Secret of an old JWT app no longer work.", name),
			DE: fmt.Sprintf("Zoom hat Client ID oder Client Secret des Zugangs %q abgelehnt. Kopieren Sie beide erneut aus der Server-to-Server-OAuth-App im Zoom App Marketplace (Manage → die App → App Credentials) und speichern Sie den Zugang. API Key und API Secret einer alten JWT-App funktionieren nicht mehr.", name),
		}}
	case te.Code == "unsupported_grant_type":
		return problem{addon.EFORBIDDEN, Text{
			EN: fmt.Sprintf("The Client ID of the Zoom account %q belongs to an app that is not a Server-to-Server OAuth app. Create one in the Zoom App Marketplace (Develop → Build App → Server-to-Server OAuth) and enter its credentials.", name),
			DE: fmt.Sprintf("Die Client ID des Zugangs %q gehört zu einer App, die keine Server-to-Server-OAuth-App ist. Legen Sie im Zoom App Marketplace eine an (Develop → Build App → Server-to-Server OAuth) und tragen Sie deren Zugangsdaten ein.", name),
		}}
	case te.Code == "invalid_request" || te.StatusCode == http.StatusBadRequest:
		// Client ID and secret passed (Zoom checks them first); what is left is the account.
		return problem{addon.EFORBIDDEN, Text{
			EN: fmt.Sprintf("Zoom accepted Client ID and Client Secret of the Zoom account %q but not its Account ID (Zoom says: %s). Copy the Account ID from the same app's App Credentials page; if the app is not activated yet, activate it.", name, te.Reason),
			DE: fmt.Sprintf("Zoom hat Client ID und Client Secret des Zugangs %q angenommen, nicht aber die Account ID (Zoom meldet: %s). Kopieren Sie die Account ID von der Seite App Credentials derselben App; ist die App noch nicht aktiviert, aktivieren Sie sie.", name, te.Reason),
		}}
	case te.StatusCode >= 500:
		return zoomDown(name)
	}
	return problem{addon.EFORBIDDEN, Text{
		EN: fmt.Sprintf("Zoom refused an access token for the Zoom account %q: %s (%s).", name, te.Reason, te.Code),
		DE: fmt.Sprintf("Zoom hat für den Zugang %q kein Zugriffstoken ausgestellt: %s (%s).", name, te.Reason, te.Code),
	}}
}

func zoomDown(name string) problem {
	return problem{addon.EUNAVAILABLE, Text{
		EN: fmt.Sprintf("Zoom is not available at the moment (Zoom account %q); please try again later.", name),
		DE: fmt.Sprintf("Zoom ist im Moment nicht verfügbar (Zugang %q); bitte versuchen Sie es später erneut.", name),
	}}
}

// scopesText asks the administrator to add scopes to the account's app; says is Zoom's own
// words, when it said something.
func scopesText(name, says string, scopes []string) Text {
	list := strings.Join(scopes, ", ")
	en, de := "", ""
	if says != "" {
		en, de = fmt.Sprintf(" (Zoom says: %s)", says), fmt.Sprintf(" (Zoom meldet: %s)", says)
	}
	return Text{
		EN: fmt.Sprintf("The Server-to-Server OAuth app of the Zoom account %q lacks permissions%s. In the Zoom App Marketplace open Manage → the app → Scopes, add %s, and activate the app again.", name, en, list),
		DE: fmt.Sprintf("Der Server-to-Server-OAuth-App des Zugangs %q fehlen Berechtigungen%s. Öffnen Sie im Zoom App Marketplace Manage → die App → Scopes, fügen Sie %s hinzu und aktivieren Sie die App erneut.", name, de, list),
	}
}

// missingScope recognises Zoom's "Invalid access token, does not contain scopes:[…]" answers.
func missingScope(er *zoom.ErrorResponse) bool {
	return er.Code == 4711 || er.Code == 4700 || strings.Contains(strings.ToLower(er.Message), "scope")
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func waitText(rl *zoom.RateLimitError, lang string) string {
	if rl.RetryAfter <= 0 {
		if lang == "de" {
			return "einer Minute"
		}
		return "a minute"
	}
	return rl.RetryAfter.Round(1e9).String()
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
	return &addon.Error{Code: p.code, Message: p.text.EN}
}
