package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/hooks"
)

var statusOf = map[string]int{
	addon.EINVALID:      http.StatusBadRequest,
	addon.EUNAUTHORIZED: http.StatusUnauthorized,
	addon.EFORBIDDEN:    http.StatusForbidden,
	addon.ENOTFOUND:     http.StatusNotFound,
	addon.ECONFLICT:     http.StatusConflict,
	addon.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	addon.EUNAVAILABLE:  http.StatusServiceUnavailable,
	addon.EINTERNAL:     http.StatusInternalServerError,
}

var codeOf = map[int]string{
	http.StatusBadRequest: addon.EINVALID, http.StatusUnauthorized: addon.EUNAUTHORIZED, http.StatusForbidden: addon.EFORBIDDEN,
	http.StatusNotFound: addon.ENOTFOUND, http.StatusMethodNotAllowed: addon.EINVALID, http.StatusRequestEntityTooLarge: addon.ETOOLARGE,
}

// errorHandler answers the protocol's {"error": {...}} for API routes and a small page for
// browser routes. Only internal errors are logged, and their detail never reaches the caller.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	var ae *addon.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &ae):
	case errors.As(err, &he):
		code, ok := codeOf[he.Code]
		if !ok {
			code = addon.EINTERNAL
		}
		msg, _ := he.Message.(string)
		ae = &addon.Error{Code: code, Message: msg}
	default:
		ae = &addon.Error{Code: addon.EINTERNAL, Key: "web.internal_error", Message: "Internal error."}
	}
	status := statusOf[ae.Code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if he != nil && he.Code == http.StatusMethodNotAllowed {
		status = http.StatusMethodNotAllowed // a GET on a hook route: the method is wrong, not the request
		ae = &addon.Error{Code: addon.EINVALID, Message: "method " + c.Request().Method + " is not allowed here; the CRM's hooks use POST"}
	}
	if status == http.StatusServiceUnavailable {
		// A provider or a lease that is busy: the CRM redelivers. Not a bug of ours.
		s.Logger.Warn("request failed", "method", c.Request().Method, "route", c.Path(), "status", status, "err", err)
	} else if status >= 500 {
		s.Logger.Error("request failed", "method", c.Request().Method, "route", c.Path(), "status", status, "err", err)
		if ae.Code == addon.EINTERNAL {
			ae = &addon.Error{Code: addon.EINTERNAL, Key: "web.internal_error_retry", Message: "Internal error; the request can be repeated."}
		}
	}
	if isBrowserRoute(c.Request().URL.Path) {
		lang := acceptLang(c)
		_ = s.page(c, status, pageData{Lang: lang, Title: tr(lang, titleFor(status)), Message: catalog.In(lang, ae)})
		return
	}
	// The CRM shows the message to the user who saved: in their language where it is known.
	msg, details := ae.Message, ae.Details
	if locale, ok := c.Get(hooks.LocaleKey).(string); ok {
		msg, details = catalog.In(locale, ae), catalog.Details(locale, ae.Details)
	}
	body := map[string]any{"code": ae.Code, "message": msg}
	if len(details) > 0 {
		body["details"] = details
	}
	_ = c.JSON(status, map[string]any{"error": body})
}

func isBrowserRoute(p string) bool {
	for _, prefix := range []string{"/start/", "/info/", "/connect/", "/oauth/", "/settings", "/vendor"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// titleFor returns the key of a browser page's title for a refusal's status.
func titleFor(status int) string {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return "error_title_refused"
	case status >= 500:
		return "error_title_temporary"
	}
	return "error_title"
}
