package web

import (
	"crypto/subtle"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/telemetry"
)

// Cookies of the two browser areas. Each is scoped to its path so that neither travels to
// the other area or to the hook API.
//
// The settings cookie is SameSite=Lax, not Strict: the admin arrives by a navigation that
// starts on the CRM's site, and the add-on answers it with a redirect to /settings. Browsers
// treat that whole redirect chain as cross-site, so a Strict cookie set on the first answer
// would be withheld on the second request and the admin would land on "session expired".
// Lax still withholds the cookie from cross-site POSTs, and every POST also needs the CSRF
// token. The vendor console has no cross-site entry, so it uses Strict.
const (
	settingsCookie   = "addon_settings"
	vendorCookie     = "addon_vendor"
	vendorLoginToken = "addon_vendor_login"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds one template set per page, each the layout plus the page's "content".
var pages = func() map[string]*template.Template {
	funcs := template.FuncMap{"t": tr, "when": when, "path": url.PathEscape}
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	out := map[string]*template.Template{}
	for _, name := range []string{"settings", "refusal", "vendor", "vendor_login", "vendor_secret", "start"} {
		patterns := []string{"templates/" + name + ".html"}
		if name == "settings" {
			patterns = append(patterns, "templates/settings_*.html") // its sections in files of their own
		}
		out[name] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, patterns...))
	}
	return out
}()

// view is what every page template gets; Page holds the page's own data.
type view struct {
	Lang       string
	Title      string
	CSRF       string
	Nonce      string
	Flash      string
	LangAction string // where the language switch posts; "" hides it
	Logout     bool
	Errors     map[string]string
	Page       any
}

// render writes a page with headers for pages that may show secrets: never cached, never
// framed, no referrer, scripts only with this response's nonce.
func (s *Server) render(c echo.Context, status int, name string, v view) error {
	v.Nonce = store.NewSecret(16)
	if v.Errors == nil {
		v.Errors = map[string]string{}
	}
	var b strings.Builder
	if err := pages[name].ExecuteTemplate(&b, "layout", v); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	formAction := "'self'"
	if name == "start" {
		// The start page's form is answered with a redirect to the provider's host link, whose
		// host is known only then; Chromium applies form-action to that redirect too.
		formAction += " https:"
		if !s.secureCookies() {
			formAction += " http:"
		}
	}
	if s.GoTo != nil {
		// The connect form is answered with a redirect to the provider's consent page;
		// Chromium applies form-action to that redirect too.
		if u, err := url.Parse(s.GoTo.AuthURL); err == nil && u.Host != "" {
			formAction += " " + u.Scheme + "://" + u.Host
		}
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-"+v.Nonce+
		"'; connect-src 'self'; form-action "+formAction+"; frame-ancestors 'none'; base-uri 'none'")
	return c.HTMLBlob(status, []byte(b.String()))
}

func (s *Server) secureCookies() bool { return strings.HasPrefix(s.BaseURL, "https://") }

func (s *Server) setCookie(c echo.Context, name, path, value string, maxAge time.Duration, same http.SameSite) {
	ck := &http.Cookie{Name: name, Value: value, Path: path, HttpOnly: true, Secure: s.secureCookies(), SameSite: same}
	if value == "" {
		ck.MaxAge = -1
	} else if maxAge > 0 {
		ck.MaxAge = int(maxAge / time.Second)
	}
	c.SetCookie(ck)
}

const (
	ctxSession = "web.session"
	ctxSID     = "web.sid"
)

// sessionAuth loads the session of the kind from its cookie and, on POST, checks the
// session's CSRF token in the form field "csrf". A missing session answers deny.
func (s *Server) sessionAuth(kind, cookie string, deny func(c echo.Context) error) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			rec := telemetry.From(c.Request().Context())
			ck, err := c.Cookie(cookie)
			if err != nil {
				rec.SetReason("no session cookie")
				return deny(c)
			}
			sess, err := s.Store.Session(c.Request().Context(), kind, ck.Value)
			if addon.ErrorCode(err) == addon.EUNAUTHORIZED {
				rec.SetReason("session unknown or expired")
				return deny(c)
			} else if err != nil {
				return err
			}
			if sess.InstallationID != "" { // the request's log line names it (vendor sessions have none)
				rec.SetInstallation(sess.InstallationID)
			}
			if c.Request().Method == http.MethodPost && !sameToken(c.FormValue("csrf"), sess.CSRF) {
				rec.SetReason("CSRF token missing or wrong")
				return s.csrfRefused(c, sess.Locale)
			}
			c.Set(ctxSession, sess)
			c.Set(ctxSID, ck.Value)
			return next(c)
		}
	}
}

func sameToken(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func (s *Server) csrfRefused(c echo.Context, lang string) error {
	return s.render(c, http.StatusForbidden, "refusal", view{Lang: lang, Title: tr(lang, "refused_title"),
		Page: refusal{Message: tr(lang, "csrf_refused"), Back: c.Request().URL.Path}})
}

func session(c echo.Context) (store.Session, string) {
	sess, _ := c.Get(ctxSession).(store.Session)
	sid, _ := c.Get(ctxSID).(string)
	return sess, sid
}

// refusal is the page for a refused request.
type refusal struct {
	Message string
	Back    string // a link to offer, "" for none
}

// when formats a Unix-millisecond time for the page's language, in UTC: the add-on does not
// know the admin's time zone.
func when(lang string, msTime int64) string {
	t := time.UnixMilli(msTime).UTC()
	if lang == "en" {
		return t.Format("2006-01-02 15:04 UTC")
	}
	return t.Format("02.01.2006, 15:04 UTC")
}

func langOf(v string) string {
	if v == "en" {
		return "en"
	}
	return "de"
}
