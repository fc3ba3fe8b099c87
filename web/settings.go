package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/launch"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/telemetry"
)

// settingsAuth guards the settings routes that need a session (all but the entry).
func (s *Server) settingsAuth(next echo.HandlerFunc) echo.HandlerFunc {
	return s.sessionAuth(store.SessionSettings, settingsCookie, s.settingsNoSession)(next)
}

func (s *Server) settingsNoSession(c echo.Context) error {
	lang := langOf(acceptLang(c))
	return s.render(c, http.StatusUnauthorized, "refusal", view{Lang: lang, Title: tr(lang, "refused_title"),
		Page: refusal{Message: tr(lang, "refuse_no_session")}})
}

// settingsPage opens a session when called with a launch token and shows the page otherwise.
func (s *Server) settingsPage(c echo.Context) error {
	if c.QueryParams().Has("crm_launch") {
		return s.settingsEnter(c, c.QueryParam("crm_launch"))
	}
	return s.settingsAuth(s.settingsShow)(c)
}

// settingsEnter trades a CRM administrator's launch token for a session and redirects to the
// page without the token, so that it stays out of history, bookmarks and Referer headers.
func (s *Server) settingsEnter(c echo.Context, raw string) error {
	ctx := c.Request().Context()
	lang := launchLang(raw, c)
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	inst, claims, err := s.Launch.Verify(ctx, raw)
	rec := telemetry.From(ctx)
	if err != nil {
		rec.SetReason("launch token: " + addon.ErrorMessage(err))
		code := addon.ErrorCode(err)
		if code != addon.EUNAUTHORIZED && code != addon.EFORBIDDEN {
			return err
		}
		return s.render(c, statusOf[code], "refusal", view{Lang: lang, Title: tr(lang, "refused_title"),
			Page: refusal{Message: launchRefusal(lang, err)}})
	}
	rec.SetInstallation(inst.ID)
	if !claims.Admin {
		rec.SetReason("launch token without admin: true")
		return s.render(c, http.StatusForbidden, "refusal", view{Lang: lang, Title: tr(lang, "refused_title"),
			Page: refusal{Message: tr(lang, "refuse_not_admin")}})
	}
	sid, _, err := s.Store.CreateSession(ctx, store.Session{Kind: store.SessionSettings, InstallationID: inst.ID,
		UserID: claims.Subject, UserName: claims.Name, Groups: claims.Groups, Locale: lang})
	if err != nil {
		return err
	}
	// No Max-Age: the cookie ends with the browser; the server ends the session after 8 idle hours.
	s.setCookie(c, settingsCookie, "/settings", sid, 0, http.SameSiteLaxMode)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Redirect(http.StatusSeeOther, "/settings")
}

// launchLang picks the refusal page's language from the token's locale claim, read without
// verifying it: it only chooses the language of a refusal.
func launchLang(raw string, c echo.Context) string {
	var cl launch.Claims
	if _, _, err := jwt.NewParser().ParseUnverified(raw, &cl); err == nil && cl.Locale != "" {
		return langOf(cl.Locale)
	}
	return langOf(acceptLang(c))
}

func acceptLang(c echo.Context) string {
	return catalog.Accept(c.Request().Header.Get("Accept-Language"))
}

// launchRefusal says in the page's language why the launch token was refused.
func launchRefusal(lang string, err error) string {
	msg := addon.ErrorMessage(err)
	for _, k := range []struct{ part, key string }{
		{"missing", "refuse_missing"}, {"expired", "refuse_expired"}, {"already used", "refuse_used"},
		{"disabled", "refuse_disabled"}, {"unknown installation", "refuse_unknown"}, {"another CRM", "refuse_other_system"},
	} {
		if strings.Contains(msg, k.part) {
			return tr(lang, k.key)
		}
	}
	return tr(lang, "refuse_invalid")
}

func (s *Server) settingsShow(c echo.Context) error {
	sess, _ := session(c)
	inst, err := s.settingsInstallation(c, sess)
	if err != nil {
		return err
	}
	v, err := s.settingsView(c, sess, inst, inst.Settings, "", nil)
	if err != nil {
		return err
	}
	v.Flash = map[string]string{"saved": tr(sess.Locale, "flash_saved"), "token": tr(sess.Locale, "flash_token"),
		"tpl_saved": tr(sess.Locale, "flash_tpl_saved"), "tpl_reset": tr(sess.Locale, "flash_tpl_reset"),
		"pool": tr(sess.Locale, "flash_pool")}[c.QueryParam("done")]
	if v.Flash == "" {
		if v.Flash, err = s.zoomFlash(c, sess.Locale, inst); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "settings", v)
}

func (s *Server) settingsInstallation(c echo.Context, sess store.Session) (addon.Installation, error) {
	inst, err := s.Store.Installation(c.Request().Context(), sess.InstallationID)
	if err != nil {
		return inst, err
	}
	if inst.Disabled {
		return inst, addon.Errorf(addon.EFORBIDDEN, "%s", tr(sess.Locale, "refuse_disabled"))
	}
	return inst, nil
}

// settingsSave stores permitted groups, run-as user, policy, topic template and the choice for
// courses over 50 sessions; refusals are shown next to the field with the admin's input kept.
func (s *Server) settingsSave(c echo.Context) error {
	sess, _ := session(c)
	inst, err := s.settingsInstallation(c, sess)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return addon.Invalid("form", "unreadable form")
	}
	extra := form.Get("groups_extra")
	groups := slices.Clone(form["group"])
	for _, g := range strings.FieldsFunc(extra, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if g = strings.TrimSpace(g); g != "" && !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	set := addon.Settings{PermittedGroups: groups, RunAsUser: strings.TrimSpace(form.Get("run_as_user")), Policy: form.Get("policy"),
		TopicTemplate: strings.TrimSpace(form.Get("topic_template")), Over50: form.Get("over50"), HostCapacity: inst.Settings.HostCapacity}
	if v := strings.TrimSpace(form.Get("host_capacity")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1 // refused by Validate next to the field
		}
		set.HostCapacity = n
	}
	ctx := c.Request().Context()
	// A topic can only fill the course's title and number; anything else would reach Zoom as typed.
	unknown := unknownTopicVariables(set.TopicTemplate)
	if len(unknown) > 0 {
		err = set.Validate()
	} else {
		err = s.Store.UpdateSettings(ctx, inst.ID, set)
	}
	if len(unknown) > 0 || addon.ErrorCode(err) == addon.EINVALID {
		errs := fieldErrors(sess.Locale, err)
		if len(unknown) > 0 {
			errs["topic_template"] = tr(sess.Locale, "topic_unknown", strings.Join(unknown, ", "), strings.Join(topicVariables, ", "))
		}
		v, verr := s.settingsView(c, sess, inst, set, extra, errs)
		if verr != nil {
			return verr
		}
		return s.render(c, http.StatusBadRequest, "settings", v)
	} else if err != nil {
		return err
	}
	if err := s.Store.Audit(ctx, store.AuditEntry{Actor: crmActor(sess), Action: "settings.save", InstallationID: inst.ID,
		Detail: "groups=" + strings.Join(groups, ",") + "; run_as=" + set.RunAsUser + "; policy=" + set.Policy +
			"; topic=" + set.TopicTemplate + "; over50=" + set.Over50}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings?done=saved")
}

func crmActor(sess store.Session) string { return "CRM " + sess.UserName + " (" + sess.UserID + ")" }

// settingsToken regenerates the external-access token. The new redirect URL is pending until
// the vendor registers it at the provider, so the admin has to confirm that they know this.
func (s *Server) settingsToken(c echo.Context) error {
	sess, _ := session(c)
	inst, err := s.settingsInstallation(c, sess)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	_, err = s.Store.CurrentRedirect(ctx, inst.ID)
	if err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
		return err
	}
	if err == nil && c.FormValue("confirm") != "yes" {
		v, err := s.settingsView(c, sess, inst, inst.Settings, "", map[string]string{"token": tr(sess.Locale, "token_confirm_needed")})
		if err != nil {
			return err
		}
		return s.render(c, http.StatusBadRequest, "settings", v)
	}
	token := store.NewSecret(32)
	if _, err := s.Store.NewRedirect(ctx, inst.ID, token, s.BaseURL+"/oauth/callback/"+token); err != nil {
		return err
	}
	if err := s.Store.Audit(ctx, store.AuditEntry{Actor: crmActor(sess), Action: "external_token.regenerate", InstallationID: inst.ID,
		Detail: "new redirect URL pending registration"}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings?done=token#external")
}

// settingsConnect starts the provider consent for a resource. It is a POST with the CSRF
// token: a cross-site link must not start a consent in the admin's name.
func (s *Server) settingsConnect(c echo.Context) error {
	sess, _ := session(c)
	inst, err := s.settingsInstallation(c, sess)
	if err != nil {
		return err
	}
	res := c.Param("resource")
	authURL, err := s.GoTo.Begin(c.Request().Context(), inst.ID, res, sess.UserID)
	if code := addon.ErrorCode(err); code != "" && code != addon.EINTERNAL {
		v, verr := s.settingsView(c, sess, inst, inst.Settings, "", map[string]string{"resource:" + res: tr(sess.Locale, "connect_failed") + " " + catalog.ErrorIn(sess.Locale, err)})
		if verr != nil {
			return verr
		}
		return s.render(c, statusOf[code], "settings", v)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, authURL)
}

func (s *Server) settingsLang(c echo.Context) error {
	_, sid := session(c)
	if err := s.Store.SetSessionLocale(c.Request().Context(), sid, langOf(c.FormValue("lang"))); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings")
}
