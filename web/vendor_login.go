package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
)

// vendorAuth guards the console: no session, back to the login form.
func (s *Server) vendorAuth(next echo.HandlerFunc) echo.HandlerFunc {
	return s.sessionAuth(store.SessionVendor, vendorCookie, func(c echo.Context) error {
		return c.Redirect(http.StatusSeeOther, "/vendor/login")
	})(next)
}

// vendorLoginPage shows the form. There is no session yet, so the form's CSRF token is
// a double-submit value: a Strict cookie scoped to the login path and the same value in
// the form; a cross-site page can send neither.
func (s *Server) vendorLoginPage(c echo.Context) error {
	return s.renderLogin(c, http.StatusOK, "", "")
}

func (s *Server) renderLogin(c echo.Context, status int, login, errKey string, args ...any) error {
	lang := langOf(acceptLang(c))
	token := store.NewSecret(24)
	s.setCookie(c, vendorLoginToken, "/vendor/login", token, 30*time.Minute, http.SameSiteStrictMode)
	v := view{Lang: lang, Title: tr(lang, "vendor_login_title"), CSRF: token, Page: login}
	if errKey != "" {
		v.Errors = map[string]string{"login": tr(lang, errKey, args...)}
	}
	return s.render(c, status, "vendor_login", v)
}

// vendorLogin checks the credentials. Every failure gets the same message and takes the
// same time (see store.CheckVendorLogin), so the form does not tell which logins exist.
// Too many failures for a login name or from an address lock them for a while (see
// store.VendorLogin); the answer is then 429 whether or not the login exists.
func (s *Server) vendorLogin(c echo.Context) error {
	ck, err := c.Cookie(vendorLoginToken)
	if err != nil || !sameToken(c.FormValue("csrf"), ck.Value) {
		return s.csrfRefused(c, langOf(acceptLang(c)))
	}
	ctx := c.Request().Context()
	login, addr := c.FormValue("login"), c.RealIP()
	lock, err := s.Store.VendorLogin(ctx, login, c.FormValue("password"), addr)
	switch {
	case lock.Locked():
		return s.loginLocked(c, login, addr, lock)
	case addon.ErrorCode(err) == addon.EUNAUTHORIZED:
		s.Logger.Warn("vendor login failed", "ip", addr)
		return s.renderLogin(c, http.StatusUnauthorized, login, "login_failed")
	case err != nil:
		return err
	}
	sid, _, err := s.Store.CreateSession(ctx, store.Session{Kind: store.SessionVendor, UserID: login, UserName: login, Locale: langOf(acceptLang(c))})
	if err != nil {
		return err
	}
	s.setCookie(c, vendorLoginToken, "/vendor/login", "", 0, http.SameSiteStrictMode)
	s.setCookie(c, vendorCookie, "/vendor", sid, 0, http.SameSiteStrictMode)
	if err := s.Store.Audit(ctx, store.AuditEntry{Actor: login, Action: "vendor.login"}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/vendor")
}

// loginLocked answers an attempt under a lock: the one that started it (audited once) and
// every later one, whose password was not checked. Neither the log nor the audit trail names
// the login: people type passwords into the name field.
func (s *Server) loginLocked(c echo.Context, login, addr string, lock store.LoginLock) error {
	s.Logger.Warn("vendor login locked out", "ip", addr, "scope", lock.Scope, "login_ref", lock.LoginRef,
		"until", lock.Until, "started", lock.Started)
	if lock.Started {
		detail := fmt.Sprintf("%s locked until %s (login ref %s)", lock.Scope, lock.Until.Format(time.RFC3339), lock.LoginRef)
		if err := s.Store.Audit(c.Request().Context(), store.AuditEntry{Actor: addr, Action: "vendor.login_locked", Detail: detail}); err != nil {
			return err
		}
	}
	minutes := int((lock.Wait + time.Minute - 1) / time.Minute)
	c.Response().Header().Set("Retry-After", strconv.Itoa(int((lock.Wait+time.Second-1)/time.Second)))
	if minutes <= 1 {
		return s.renderLogin(c, http.StatusTooManyRequests, login, "login_locked_minute")
	}
	return s.renderLogin(c, http.StatusTooManyRequests, login, "login_locked", minutes)
}

func (s *Server) vendorLogout(c echo.Context) error {
	_, sid := session(c)
	if err := s.Store.DeleteSession(c.Request().Context(), sid); err != nil {
		return err
	}
	s.setCookie(c, vendorCookie, "/vendor", "", 0, http.SameSiteStrictMode)
	return c.Redirect(http.StatusSeeOther, "/vendor/login")
}

func (s *Server) vendorLang(c echo.Context) error {
	_, sid := session(c)
	if err := s.Store.SetSessionLocale(c.Request().Context(), sid, langOf(c.FormValue("lang"))); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/vendor")
}
