package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// start sends the organizer (or a permitted user) to a fresh host link and everyone else to
// the join link. The host link is fetched now, never stored, and never shown on a page.
func (s *Server) start(c echo.Context) error {
	ctx := c.Request().Context()
	inst, claims, err := s.Launch.Verify(ctx, c.QueryParam("crm_launch"))
	if err != nil {
		return err
	}
	target, err := s.Meetings.StartURL(ctx, inst, claims.User(), c.Param("ref"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return c.Redirect(http.StatusFound, target)
}

// connect starts the consent for a GoToMeeting resource.
func (s *Server) connect(c echo.Context) error {
	ctx := c.Request().Context()
	inst, claims, err := s.Launch.Verify(ctx, c.QueryParam("crm_launch"))
	if err != nil {
		return err
	}
	u := claims.User()
	if !claims.Admin && !inst.Settings.Permits(u) {
		return addon.Errorf(addon.EFORBIDDEN, "Only CRM administrators and users permitted to use the add-on may connect an account.")
	}
	authURL, err := s.GoTo.Begin(ctx, inst.ID, c.Param("resource"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusFound, authURL)
}

// callback completes a consent at the installation's registered redirect URL.
func (s *Server) callback(c echo.Context) error {
	q := c.Request().URL.Query()
	if e := q.Get("error"); e != "" {
		return addon.Errorf(addon.EFORBIDDEN, "The account was not connected: the provider answered %q. Start again from the resource in the CRM.", truncate(e, 60))
	}
	res, err := s.GoTo.Complete(c.Request().Context(), c.Param("token"), q.Get("state"), q.Get("code"))
	if err != nil {
		return err
	}
	return s.page(c, http.StatusOK, pageData{Title: "GoToMeeting Account freigegeben / connected",
		Message: "Der Account " + res.Account + " der Ressource „" + res.Name + "“ ist verbunden. Sie können dieses Fenster schließen. — The account is connected; you can close this window."})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
