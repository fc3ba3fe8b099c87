package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
)

// graces are the grace periods offered when rotating a hook secret.
var graces = map[string]time.Duration{"1h": time.Hour, "24h": 24 * time.Hour, "72h": 72 * time.Hour, "168h": 168 * time.Hour}

type vendorData struct {
	Login         string
	SystemURL     string // the create form's input after a refusal
	Installations []addon.Installation
	Pending       []store.Redirect
	Audit         []store.AuditEntry
}

type secretData struct {
	ID, SystemURL, Secret, Grace string
}

func (s *Server) vendorHome(c echo.Context) error {
	sess, _ := session(c)
	flash := map[string]string{"registered": "flash_registered", "disabled": "flash_disabled", "enabled": "flash_enabled"}[c.QueryParam("done")]
	return s.renderVendor(c, http.StatusOK, sess, "", flash, nil)
}

func (s *Server) renderVendor(c echo.Context, status int, sess store.Session, systemURL, flash string, errs map[string]string) error {
	ctx := c.Request().Context()
	d := vendorData{Login: sess.UserID, SystemURL: systemURL}
	var err error
	if d.Installations, err = s.Store.Installations(ctx); err != nil {
		return err
	}
	if d.Pending, err = s.Store.Redirects(ctx, store.RedirectPending); err != nil {
		return err
	}
	if d.Audit, err = s.Store.AuditTrail(ctx, "", 100); err != nil {
		return err
	}
	v := view{Lang: sess.Locale, Title: tr(sess.Locale, "vendor_title"), CSRF: sess.CSRF, LangAction: "/vendor/lang",
		Logout: true, Errors: errs, Page: d}
	if flash != "" {
		v.Flash = tr(sess.Locale, flash)
	}
	return s.render(c, status, "vendor", v)
}

// renderSecret shows a hook secret once; the page is never cached (see render).
func (s *Server) renderSecret(c echo.Context, sess store.Session, title string, d secretData) error {
	return s.render(c, http.StatusOK, "vendor_secret", view{Lang: sess.Locale, Title: tr(sess.Locale, title), CSRF: sess.CSRF, Logout: true, Page: d})
}

func (s *Server) vendorCreate(c echo.Context) error {
	sess, _ := session(c)
	raw := c.FormValue("system_url")
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(raw) > 255 {
		return s.renderVendor(c, http.StatusBadRequest, sess, raw, "", map[string]string{"system_url": tr(sess.Locale, "system_url_invalid")})
	}
	ctx := c.Request().Context()
	inst, secret, err := s.Store.CreateInstallation(ctx, raw)
	if err != nil {
		return err
	}
	if err := s.Store.Audit(ctx, store.AuditEntry{Actor: sess.UserID, Action: "installation.create", InstallationID: inst.ID, Detail: "system URL " + raw}); err != nil {
		return err
	}
	return s.renderSecret(c, sess, "secret_created_title", secretData{ID: inst.ID, SystemURL: inst.SystemURL, Secret: secret})
}

func (s *Server) vendorSetDisabled(disabled bool) echo.HandlerFunc {
	action, done := "installation.enable", "enabled"
	if disabled {
		action, done = "installation.disable", "disabled"
	}
	return func(c echo.Context) error {
		sess, _ := session(c)
		ctx := c.Request().Context()
		id := c.Param("id")
		if err := s.Store.SetDisabled(ctx, id, disabled); err != nil {
			return err
		}
		if err := s.Store.Audit(ctx, store.AuditEntry{Actor: sess.UserID, Action: action, InstallationID: id}); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/vendor?done="+done+"#installations")
	}
}

func (s *Server) vendorRotate(c echo.Context) error {
	sess, _ := session(c)
	grace, ok := graces[c.FormValue("grace")]
	if !ok {
		return addon.Invalid("grace", "choose one of the offered grace periods")
	}
	ctx := c.Request().Context()
	id := c.Param("id")
	secret, err := s.Store.RotateHookSecret(ctx, id, grace)
	if err != nil {
		return err
	}
	if err := s.Store.Audit(ctx, store.AuditEntry{Actor: sess.UserID, Action: "installation.rotate_secret", InstallationID: id, Detail: "grace " + grace.String()}); err != nil {
		return err
	}
	return s.renderSecret(c, sess, "secret_rotated_title", secretData{ID: id, Secret: secret, Grace: grace.String()})
}

// vendorRegister records that staff registered a redirect URL at the provider, and by whom.
func (s *Server) vendorRegister(c echo.Context) error {
	sess, _ := session(c)
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return addon.Errorf(addon.ENOTFOUND, "redirect URL not found")
	}
	ctx := c.Request().Context()
	rd, err := s.Store.MarkRedirectRegistered(ctx, id, sess.UserID)
	if addon.ErrorCode(err) == addon.ECONFLICT {
		return s.renderVendor(c, http.StatusConflict, sess, "", "", map[string]string{"form": addon.ErrorMessage(err)})
	} else if err != nil {
		return err
	}
	// The URL embeds the installation's external-access token: the trail names it by id only.
	if err := s.Store.Audit(ctx, store.AuditEntry{Actor: sess.UserID, Action: "redirect.register", InstallationID: rd.InstallationID,
		Detail: "redirect URL #" + strconv.FormatInt(rd.ID, 10)}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/vendor?done=registered")
}
