package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

// The Zoom accounts ("Zugänge") of the settings page, after the KuferSQL manual: add, edit and
// delete accounts, "Verbindung testen", "Benutzer" (read the licences) and "Passwörter" (the
// passcode rule, read from Zoom with "Auslesen" or set by the admin).

func (s *Server) zoomEnabled() error {
	if s.Zoom == nil {
		return addon.Errorf(addon.ENOTFOUND, "Zoom is not set up on this server")
	}
	return nil
}

// zoomInstallation is what every Zoom handler starts with: Zoom must be set up, and the
// session's installation must be usable.
func (s *Server) zoomInstallation(c echo.Context) (store.Session, addon.Installation, error) {
	if err := s.zoomEnabled(); err != nil {
		return store.Session{}, addon.Installation{}, err
	}
	sess, _ := session(c)
	inst, err := s.settingsInstallation(c, sess)
	return sess, inst, err
}

// zoomSave adds an account (POST /settings/zoom) or changes one (POST /settings/zoom/:id).
// Refusals are shown next to the fields with the input kept, but never the secrets.
func (s *Server) zoomSave(c echo.Context) error {
	sess, inst, err := s.zoomInstallation(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	form, err := c.FormParams()
	if err != nil {
		return addon.Invalid("form", "unreadable form")
	}
	a, f, bad := parseZoomForm(form)
	a.InstallationID, a.ID, f.ID = inst.ID, c.Param("id"), c.Param("id")
	if a.ID != "" {
		old, err := s.Zoom.Store.ZoomAccount(ctx, inst.ID, a.ID)
		if err != nil {
			return err
		}
		f.HasSecret, f.HasProxyPassword = old.HasSecret, old.Proxy.HasPassword && old.Proxy.URL == a.Proxy.URL
		f.HasWebhookSecret = old.HasWebhookSecret
	}
	errs := map[string]string{}
	if len(bad) > 0 {
		errs["zoom.passcode_rule"] = tr(sess.Locale, "pc_not_a_number")
	}
	if msg := webhookSecretError(sess.Locale, a.WebhookSecret); msg != "" {
		errs["zoom.webhook_secret"] = msg
	}
	if len(errs) == 0 {
		var saved store.ZoomAccount
		if a.ID == "" {
			saved, err = s.Zoom.Create(ctx, a)
		} else {
			saved, err = s.Zoom.Update(ctx, a)
		}
		switch code := addon.ErrorCode(err); {
		case err == nil:
			action := map[bool]string{true: "zoom_account.create", false: "zoom_account.update"}[a.ID == ""]
			detail := "account=" + saved.ID + "; name=" + saved.Name + "; zoom_account_id=" + saved.AccountID
			switch {
			case a.WebhookSecret != "":
				detail += "; webhook_secret=set"
			case a.ClearWebhookSecret && f.HasWebhookSecret:
				detail += "; webhook_secret=removed"
			}
			if saved.MeetingSettings != nil {
				// What the account's meetings get (recording, AI Companion) is worth a trace.
				ms, _ := json.Marshal(saved.MeetingSettings)
				detail += "; meeting_settings=" + string(ms)
			}
			if err := s.Store.Audit(ctx, store.AuditEntry{Actor: crmActor(sess), Action: action, InstallationID: inst.ID,
				Detail: detail}); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, "/settings?done=zoom_saved#zoom-"+url.PathEscape(saved.ID))
		case code == addon.ECONFLICT:
			errs["zoom.name"] = tr(sess.Locale, "zoom_name_taken")
		case code == addon.EINVALID:
			errs = zoomFieldErrors(sess.Locale, err)
		default:
			return err
		}
	}
	v, err := s.settingsView(c, sess, inst, inst.Settings, "", errs)
	if err != nil {
		return err
	}
	withPage(&v, func(d *settingsData) { d.ZoomForm = f })
	return s.render(c, http.StatusBadRequest, "settings", v)
}

// zoomDelete asks for confirmation first, then deletes the account with its users.
func (s *Server) zoomDelete(c echo.Context) error {
	sess, inst, err := s.zoomInstallation(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := s.Zoom.Store.ZoomAccount(ctx, inst.ID, c.Param("id"))
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "yes" {
		v, err := s.settingsView(c, sess, inst, inst.Settings, "", nil)
		if err != nil {
			return err
		}
		withPage(&v, func(d *settingsData) { d.zoomRow(a.ID, func(r *zoomRow) { r.ConfirmDelete = true }) })
		return s.render(c, http.StatusOK, "settings", v)
	}
	if err := s.Zoom.Delete(ctx, inst.ID, a.ID); err != nil {
		return err
	}
	if err := s.Store.Audit(ctx, store.AuditEntry{Actor: crmActor(sess), Action: "zoom_account.delete", InstallationID: inst.ID,
		Detail: "account=" + a.ID + "; name=" + a.Name}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings?done=zoom_deleted#zoom")
}

// zoomTest runs "Verbindung testen"; the result is stored with the account and shown in its row.
func (s *Server) zoomTest(c echo.Context) error {
	_, inst, err := s.zoomInstallation(c)
	if err != nil {
		return err
	}
	id := c.Param("id")
	if _, err := s.Zoom.Test(c.Request().Context(), inst.ID, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings?done=zoom_tested&account="+url.QueryEscape(id)+"#zoom-"+url.PathEscape(id))
}

// zoomUsers reads the account's users (licences) from Zoom ("Benutzer").
func (s *Server) zoomUsers(c echo.Context) error {
	sess, inst, err := s.zoomInstallation(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	id := c.Param("id")
	_, err = s.Zoom.SyncUsers(ctx, inst.ID, id)
	if code := addon.ErrorCode(err); err != nil && code != addon.EINTERNAL && code != addon.ENOTFOUND {
		return s.zoomFailure(c, sess, inst, id, code, err)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings?done=zoom_users&account="+url.QueryEscape(id)+"#zoom-"+url.PathEscape(id))
}

// zoomRule reads the passcode rule from Zoom ("Auslesen") and shows it in the account's form,
// with the admin's other input kept; the rule is filled into the fields of the custom rule so
// that saving can adopt it.
func (s *Server) zoomRule(c echo.Context) error {
	sess, inst, err := s.zoomInstallation(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	old, err := s.Zoom.Store.ZoomAccount(ctx, inst.ID, c.Param("id"))
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return addon.Invalid("form", "unreadable form")
	}
	f := formOf(old)
	if form.Has("name") {
		_, f, _ = parseZoomForm(form)
		f.ID, f.HasSecret, f.HasProxyPassword, f.HasWebhookSecret = old.ID, old.HasSecret, old.Proxy.HasPassword, old.HasWebhookSecret
	}
	rule, err := s.Zoom.ZoomPasscodeRule(ctx, inst.ID, old.ID, "")
	if code := addon.ErrorCode(err); err != nil && code != addon.EINTERNAL && code != addon.ENOTFOUND {
		return s.zoomFailure(c, sess, inst, old.ID, code, err)
	} else if err != nil {
		return err
	}
	f.Rule, f.ReadRule = rule, ruleText(sess.Locale, rule)
	v, err := s.settingsView(c, sess, inst, inst.Settings, "", nil)
	if err != nil {
		return err
	}
	withPage(&v, func(d *settingsData) { d.ZoomForm = f })
	return s.render(c, http.StatusOK, "settings", v)
}

// zoomFailure shows why Zoom refused, in the admin's language, in the account's row. The
// service's errors carry catalog keys; a connection test explains the same failure in more
// detail (and records it as the account's last test).
func (s *Server) zoomFailure(c echo.Context, sess store.Session, inst addon.Installation, id, code string, cause error) error {
	msg := catalog.ErrorIn(sess.Locale, cause)
	if sess.Locale != "en" {
		if res, err := s.Zoom.Test(c.Request().Context(), inst.ID, id); err == nil && !res.OK {
			msg = res.Message.In(sess.Locale)
		}
	}
	v, err := s.settingsView(c, sess, inst, inst.Settings, "", map[string]string{"zoom:" + id: tr(sess.Locale, "zoom_failed") + " " + msg})
	if err != nil {
		return err
	}
	return s.render(c, statusOf[code], "settings", v)
}

// settingsTopicExample renders the topic template for the sample course, for the page's live
// example (GET /settings/topic?template=…).
func (s *Server) settingsTopicExample(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.String(http.StatusOK, fields.TopicFromTemplate(c.QueryParam("template"), sampleTitle, sampleNumber))
}

// zoomFlash is the message after a Zoom action that redirected back to the page.
func (s *Server) zoomFlash(c echo.Context, lang string, inst addon.Installation) (string, error) {
	done := c.QueryParam("done")
	switch done {
	case "zoom_saved", "zoom_deleted":
		return tr(lang, "flash_"+done), nil
	case "zoom_users":
		if s.Zoom == nil {
			return "", nil
		}
		ctx := c.Request().Context()
		a, err := s.Zoom.Store.ZoomAccount(ctx, inst.ID, c.QueryParam("account"))
		if addon.ErrorCode(err) == addon.ENOTFOUND {
			return "", nil
		} else if err != nil {
			return "", err
		}
		users, err := s.Zoom.Store.ZoomUsers(ctx, inst.ID, a.ID)
		if err != nil {
			return "", err
		}
		return tr(lang, "flash_zoom_users", len(users), a.Name), nil
	}
	return "", nil
}

// zoomFieldErrors puts the refusals of zoomaccount.Validate next to the form's fields, in the
// page's language.
func zoomFieldErrors(lang string, err error) map[string]string {
	out := map[string]string{}
	var ae *addon.Error
	if !errors.As(err, &ae) {
		return out
	}
	field := map[string]string{"proxy.url": "proxy_server", "proxy.user": "proxy_user", "proxy.password": "proxy_password",
		"passcode_rule.source": "passcode_rule"}
	for _, d := range ae.Details {
		f := d.Field
		if g, ok := field[f]; ok {
			f = g
		}
		msg := d.Message
		if msg == zoomaccount.JWTHelp.EN {
			msg = zoomaccount.JWTHelp.In(lang)
		} else {
			msg = zoomValidationText(lang, msg)
		}
		out["zoom."+f] = msg
	}
	if len(out) == 0 {
		out["zoom.form"] = ae.Message
	}
	return out
}

// webhookSecretError checks the Secret Token as typed (trimmed): "" when it is fine or empty.
// Zoom's tokens are short and have no spaces; anything else was copied wrongly.
func webhookSecretError(lang, secret string) string {
	switch {
	case strings.ContainsFunc(secret, unicode.IsSpace):
		return tr(lang, "zoom_webhook_secret_spaces")
	case len(secret) > 128:
		return tr(lang, "zoom_webhook_secret_long")
	}
	return ""
}

// withPage changes the settings page's data of a built view.
func withPage(v *view, f func(d *settingsData)) {
	d := v.Page.(settingsData)
	f(&d)
	v.Page = d
}

// zoomRow changes the row of the account id.
func (d *settingsData) zoomRow(id string, f func(r *zoomRow)) {
	for i := range d.Zoom {
		if d.Zoom[i].ID == id {
			f(&d.Zoom[i])
		}
	}
}
