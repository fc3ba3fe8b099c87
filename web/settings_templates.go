package web

import (
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/store"
)

// templateItem is one invitation text on the settings page.
type templateItem struct {
	Key      string // "gotomeeting_participant", the form field's name
	ID       string // "gotomeeting-participant", for element ids
	Provider string
	Audience string
	Text     string
	Custom   bool // the installation has its own text (else the default is shown)
	Preview  string
	// CoursePreview shows the participants' text for a course, whose dates are listed.
	CoursePreview string
	Open          bool // the editor is shown unfolded: just saved or reset, or refused
}

// variableGroup is one value a template can show and every name it has.
type variableGroup struct {
	Names []string
	Help  string // message key of the description
}

// templatesData is the page's "Einladungstexte" section for one locale.
type templatesData struct {
	Locale, Other string
	Items         []templateItem
	Variables     []variableGroup
}

// ctxTemplateInput holds the texts of a refused save, so that the page shows them as typed;
// ctxTemplateErrors what was wrong with them, so that those editors are shown unfolded.
const (
	ctxTemplateInput  = "web.templateInput"
	ctxTemplateErrors = "web.templateErrors"
)

// templateProviders are the providers whose texts the page offers.
func (s *Server) templateProviders() []string {
	if s.Zoom != nil {
		return []string{addon.ProviderGoTo, addon.ProviderZoom}
	}
	return []string{addon.ProviderGoTo}
}

var audiences = []string{fields.AudienceParticipant, fields.AudienceHost}

// templateLocale is the locale of the texts shown: asked for, or the admin's language.
func templateLocale(c echo.Context, sess store.Session) string {
	l := c.QueryParam("tlang")
	if c.Request().Method == http.MethodPost {
		l = c.FormValue("locale")
	}
	if l == "" {
		l = sess.Locale
	}
	return langOf(l)
}

func (s *Server) templatesData(c echo.Context, sess store.Session, inst string) (templatesData, error) {
	ctx := c.Request().Context()
	loc := templateLocale(c, sess)
	d := templatesData{Locale: loc, Other: map[string]string{"de": "en", "en": "de"}[loc], Variables: variableGroups()}
	input, _ := c.Get(ctxTemplateInput).(map[string]string)
	errs, _ := c.Get(ctxTemplateErrors).(map[string]string)
	for _, p := range s.templateProviders() {
		for _, a := range audiences {
			it := templateItem{Key: p + "_" + a, ID: p + "-" + a, Provider: p, Audience: a}
			stored, err := s.Store.Template(ctx, inst, p, a, loc)
			if err != nil {
				return d, err
			}
			it.Text, it.Custom = stored, stored != ""
			if t, ok := input[it.Key]; ok {
				it.Text = t
			}
			if it.Text == "" {
				it.Text = fields.DefaultTemplate(p, a, loc)
			}
			it.Preview = preview(it.Text, p, loc)
			if a == fields.AudienceParticipant {
				it.CoursePreview = coursePreview(it.Text, p, loc)
			}
			it.Open = errs["tpl:"+it.Key] != "" || c.QueryParam("open") == it.Key
			d.Items = append(d.Items, it)
		}
	}
	return d, nil
}

func preview(tmpl, provider, locale string) string {
	v := fields.SampleValues(locale)
	v.Software = fields.SoftwareName(provider)
	return fields.Render(tmpl, v)
}

// coursePreview renders the template for a sample course of three weekly dates.
func coursePreview(tmpl, provider, locale string) string {
	v := fields.SampleValues(locale)
	v.Software = fields.SoftwareName(provider)
	for i := range 3 {
		v.Dates = append(v.Dates, fields.Span{Start: v.Start.AddDate(0, 0, 7*i), End: v.End.AddDate(0, 0, 7*i)})
	}
	v.End = v.Dates[2].End
	return fields.Render(tmpl, v)
}

// variableGroups lists fields.Variables() grouped per value: the KuferSQL names first, the
// readable {name} last, as fields lists them.
func variableGroups() []variableGroup {
	var out []variableGroup
	var g variableGroup
	for _, n := range fields.Variables() {
		g.Names = append(g.Names, n)
		if strings.HasPrefix(n, "{") {
			g.Help = "var_" + strings.Trim(n, "{}")
			out = append(out, g)
			g = variableGroup{}
		}
	}
	return out
}

// formText is a textarea's value as stored: browsers send CRLF line breaks.
func formText(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

var placeholderRE = regexp.MustCompile(`<[A-Z][A-Z0-9_]*>|\{[a-z][a-z0-9_]*\}`)

// templateError says in the page's language what is wrong with a template, or "".
func templateError(lang, tmpl string) string {
	err := fields.ValidateTemplate(tmpl)
	if err == nil {
		return ""
	}
	if len(tmpl) > fields.MaxTemplateBytes {
		return tr(lang, "tpl_too_long", len(tmpl), fields.MaxTemplateBytes)
	}
	known := fields.Variables()
	var unknown []string
	for _, n := range placeholderRE.FindAllString(tmpl, -1) {
		if !slices.Contains(known, n) && !slices.Contains(unknown, n) {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		return tr(lang, "tpl_unknown", strings.Join(unknown, ", "))
	}
	return validationText(lang, addon.ErrorMessage(err))
}

// templatesSave stores the texts of one locale; a text equal to the default is stored as
// "use the default", so that later improvements of the default reach it. The button "reset"
// returns one text to the default.
func (s *Server) templatesSave(c echo.Context) error {
	sess, _ := session(c)
	inst, err := s.settingsInstallation(c, sess)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	loc := templateLocale(c, sess)
	back := "/settings?tlang=" + loc
	if reset := c.FormValue("reset"); reset != "" {
		p, a, ok := strings.Cut(reset, "_")
		if !ok || !slices.Contains(s.templateProviders(), p) || !slices.Contains(audiences, a) {
			return addon.Invalid("reset", "unknown template")
		}
		if err := s.Store.SetTemplate(ctx, inst.ID, p, a, loc, ""); err != nil {
			return err
		}
		if err := s.Store.Audit(ctx, store.AuditEntry{Actor: crmActor(sess), Action: "templates.reset", InstallationID: inst.ID,
			Detail: "template=" + reset + "; locale=" + loc}); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, back+"&done=tpl_reset&open="+reset+"#tpl-"+p+"-"+a)
	}
	input, errs := map[string]string{}, map[string]string{}
	var keys []string
	for _, p := range s.templateProviders() {
		for _, a := range audiences {
			key := p + "_" + a
			keys = append(keys, key)
			t := formText(c.FormValue(key))
			input[key] = t
			if msg := templateError(sess.Locale, t); msg != "" {
				errs["tpl:"+key] = msg
			}
		}
	}
	if len(errs) > 0 {
		c.Set(ctxTemplateInput, input)
		c.Set(ctxTemplateErrors, errs)
		v, err := s.settingsView(c, sess, inst, inst.Settings, "", errs)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusBadRequest, "settings", v)
	}
	var changed []string
	for _, p := range s.templateProviders() {
		for _, a := range audiences {
			key := p + "_" + a
			t := input[key]
			if strings.TrimSpace(t) == strings.TrimSpace(fields.DefaultTemplate(p, a, loc)) {
				t = ""
			}
			old, err := s.Store.Template(ctx, inst.ID, p, a, loc)
			if err != nil {
				return err
			}
			if old == t {
				continue
			}
			if err := s.Store.SetTemplate(ctx, inst.ID, p, a, loc, t); err != nil {
				return err
			}
			changed = append(changed, key)
		}
	}
	if len(changed) > 0 {
		if err := s.Store.Audit(ctx, store.AuditEntry{Actor: crmActor(sess), Action: "templates.save", InstallationID: inst.ID,
			Detail: "templates=" + strings.Join(changed, ",") + "; locale=" + loc}); err != nil {
			return err
		}
	}
	// The editor whose button was pressed stays unfolded.
	if open := c.FormValue("open"); slices.Contains(keys, open) {
		return c.Redirect(http.StatusSeeOther, back+"&done=tpl_saved&open="+open+"#tpl-"+strings.Replace(open, "_", "-", 1))
	}
	return c.Redirect(http.StatusSeeOther, back+"&done=tpl_saved#templates")
}

// templatesPreview renders a template with sample values for the page's live preview and
// checks it: POST (the text may be 10,000 bytes) with the session's CSRF token.
func (s *Server) templatesPreview(c echo.Context) error {
	sess, _ := session(c)
	p := c.FormValue("provider")
	if fields.SoftwareName(p) == "" {
		return addon.Invalid("provider", "unknown provider")
	}
	t := formText(c.FormValue("template"))
	c.Response().Header().Set("Cache-Control", "no-store")
	loc := langOf(c.FormValue("locale"))
	return c.JSON(http.StatusOK, map[string]string{"preview": preview(t, p, loc), "course": coursePreview(t, p, loc), "error": templateError(sess.Locale, t)})
}
