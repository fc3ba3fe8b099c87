package web

import (
	"errors"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
)

type groupOption struct {
	Name    string
	Checked bool
}

// settingsData is the settings page's content.
type settingsData struct {
	UserName   string
	Inst       addon.Installation
	All, None  bool
	Groups     []groupOption
	Extra      string
	RunAs      string
	Policy     string
	Redirect   *store.Redirect
	Token      string
	Registered bool
	GoTo       []addon.MeetingResource

	Topic          string
	TopicExample   string
	TopicVariables []string
	Over50         string
	HostCapacity   int

	Templates templatesData

	Pools []poolView // licence pools (settings_pool.go)

	ZoomOn   bool // the server has Zoom set up
	Zoom     []zoomRow
	ZoomForm zoomForm

	Nav []navItem // the section navigation with each section's state
	// ZoomFormRefused unfolds the Zoom account form (as do no account yet and an account
	// being edited).
	ZoomFormRefused bool
}

// settingsView builds the page for the settings shown (stored ones, or the admin's refused
// input) with errors next to their fields.
func (s *Server) settingsView(c echo.Context, sess store.Session, inst addon.Installation, set addon.Settings, extra string, errs map[string]string) (view, error) {
	ctx := c.Request().Context()
	d := settingsData{UserName: sess.UserName, Inst: inst, Extra: extra, RunAs: set.RunAsUser, Policy: set.Policy,
		All: slices.Contains(set.PermittedGroups, addon.GroupsAll), None: slices.Contains(set.PermittedGroups, addon.GroupsNone)}
	// Offer the admin's own CRM groups (from the launch token) and every group already
	// permitted; others can be typed in.
	names := slices.Clone(sess.Groups)
	for _, g := range set.PermittedGroups {
		if g != addon.GroupsAll && g != addon.GroupsNone && !slices.Contains(names, g) {
			names = append(names, g)
		}
	}
	for _, n := range names {
		d.Groups = append(d.Groups, groupOption{Name: n, Checked: slices.Contains(set.PermittedGroups, n)})
	}
	rd, err := s.Store.CurrentRedirect(ctx, inst.ID)
	switch {
	case err == nil:
		d.Redirect, d.Registered = &rd, rd.Status == store.RedirectRegistered
		d.Token = rd.URL[strings.LastIndex(rd.URL, "/")+1:]
	case addon.ErrorCode(err) != addon.ENOTFOUND:
		return view{}, err
	}
	all, err := s.Store.Resources(ctx, inst.ID)
	if err != nil {
		return view{}, err
	}
	for _, r := range all {
		if r.Provider == addon.ProviderGoTo {
			d.GoTo = append(d.GoTo, r)
		}
	}
	topicData(&d, set)
	if d.Pools, err = s.poolsData(ctx, inst.ID); err != nil {
		return view{}, err
	}
	if d.Templates, err = s.templatesData(c, sess, inst.ID); err != nil {
		return view{}, err
	}
	if s.Zoom != nil {
		d.ZoomOn, d.ZoomForm = true, newZoomForm()
		if d.Zoom, err = s.zoomRows(ctx, inst.ID, sess.Locale); err != nil {
			return view{}, err
		}
		if id := c.QueryParam("zoom"); id != "" && c.Request().Method == "GET" {
			a, err := s.Zoom.Store.ZoomAccount(ctx, inst.ID, id)
			if err == nil {
				d.ZoomForm = formOf(a)
			} else if addon.ErrorCode(err) != addon.ENOTFOUND {
				return view{}, err
			}
		}
		if c.QueryParam("done") == "zoom_users" {
			d.zoomRow(c.QueryParam("account"), func(r *zoomRow) { r.ShowUsers = true })
		}
	}
	d.Nav = sectionNav(sess.Locale, d)
	for k := range errs {
		if strings.HasPrefix(k, "zoom.") {
			d.ZoomFormRefused = true
		}
	}
	return view{Lang: sess.Locale, Title: tr(sess.Locale, "settings_title"), CSRF: sess.CSRF, LangAction: "/settings/lang",
		Errors: errs, Page: d}, nil
}

// fieldErrors turns a validation error into messages per field in the page's language.
func fieldErrors(lang string, err error) map[string]string {
	out := map[string]string{}
	var ae *addon.Error
	if !errors.As(err, &ae) {
		return out
	}
	for _, d := range ae.Details {
		out[d.Field] = validationText(lang, d.Message)
	}
	if len(out) == 0 {
		out["form"] = ae.Message
	}
	return out
}
