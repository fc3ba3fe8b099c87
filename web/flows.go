package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
)

// start answers a click on the start button. Everyone but the host is redirected to the join
// link. The host sees the lecturer's invitation and a button that posts a single-use token to
// hostStart: the host link is fetched only then, and never stored, logged or put on a page.
func (s *Server) start(c echo.Context) error {
	ctx := c.Request().Context()
	inst, claims, err := s.Launch.Verify(ctx, c.QueryParam("crm_launch"))
	if err != nil {
		return err
	}
	u := claims.User()
	ref := c.Param("ref")
	st, err := s.Meetings.Start(ctx, inst, u, ref)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	if st.JoinURL != "" {
		return c.Redirect(http.StatusFound, st.JoinURL)
	}
	return s.render(c, http.StatusOK, "start", view{Lang: u.Locale, Title: tr(u.Locale, "start_title", st.Software),
		Page: startPage{Ref: ref, Token: st.Token, Text: st.HostText, Software: st.Software}})
}

// startPage is the host's page between the start button and the provider.
type startPage struct {
	Ref, Token, Text, Software string
}

// hostStart redeems the start page's token and redirects to a fresh host link. The token is
// the credential: it was shown only to the host, works once and for a few minutes.
func (s *Server) hostStart(c echo.Context) error {
	target, err := s.Meetings.HostURL(c.Request().Context(), c.FormValue("token"), c.Param("ref"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return c.Redirect(http.StatusSeeOther, target)
}

// connect starts the consent for a GoToMeeting resource: for an installation's administrator,
// or for the user who saved the resource with its account, with the single-use grant the
// button of that resource.saved answer carries.
func (s *Server) connect(c echo.Context) error {
	ctx := c.Request().Context()
	inst, claims, err := s.Launch.Verify(ctx, c.QueryParam("crm_launch"))
	if err != nil {
		return err
	}
	u := claims.User()
	res := c.Param("resource")
	if err := s.GoTo.Authorize(ctx, inst.ID, res, u, claims.Admin, c.QueryParam("grant")); err != nil {
		return err
	}
	authURL, err := s.GoTo.Begin(ctx, inst.ID, res, u.ID)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusFound, authURL)
}

// callback completes a consent at the installation's registered redirect URL.
func (s *Server) callback(c echo.Context) error {
	q := c.Request().URL.Query()
	if e := q.Get("error"); e != "" {
		return catalog.Error(addon.EFORBIDDEN, "web.account_was_not_connected", truncate(e, 60))
	}
	res, err := s.GoTo.Complete(c.Request().Context(), c.Param("token"), q.Get("state"), q.Get("code"))
	if err != nil {
		return err
	}
	// The consent came back from GoTo, not from the CRM: the browser's language is all there is.
	lang := acceptLang(c)
	return s.page(c, http.StatusOK, pageData{Lang: lang, Title: tr(lang, "connected_title"),
		Message: tr(lang, "connected_message", res.Account, res.Name)})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
