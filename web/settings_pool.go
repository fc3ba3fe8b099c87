package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
)

// poolView is one licence pool on the settings page: a CRM resource with the field
// meeting_pool, and the meeting resources the administrator can make its licences.
type poolView struct {
	ID, Name, Description string
	Options               []poolOption
	Members               int
}

// poolOption is a meeting resource offered as a licence of a pool.
type poolOption struct {
	ResourceID, Name, Provider, Account string
	Checked                             bool
	Capacity                            int  // 0: the installation's default
	Usable                              bool // a GoTo account needs its consent
}

// poolsData lists the installation's pools with every Zoom licence and GoTo account as an
// option, members first in the pool's order.
func (s *Server) poolsData(ctx context.Context, inst string) ([]poolView, error) {
	all, err := s.Store.Resources(ctx, inst)
	if err != nil {
		return nil, err
	}
	var out []poolView
	for _, r := range all {
		if r.Provider != addon.ProviderPool {
			continue
		}
		members, err := s.Store.PoolMembers(ctx, inst, r.ResourceID)
		if err != nil {
			return nil, err
		}
		pv := poolView{ID: r.ResourceID, Name: r.Name, Description: r.Account, Members: len(members)}
		for _, m := range members {
			pv.Options = append(pv.Options, poolOption{ResourceID: m.ResourceID, Name: m.Name, Provider: m.Provider, Account: m.Account,
				Checked: true, Capacity: m.Capacity, Usable: m.Provider != addon.ProviderGoTo || m.Status == addon.StatusConnected})
		}
		for _, o := range all {
			if (o.Provider != addon.ProviderZoom && o.Provider != addon.ProviderGoTo) ||
				slices.ContainsFunc(members, func(m addon.PoolMember) bool { return m.ResourceID == o.ResourceID }) {
				continue
			}
			pv.Options = append(pv.Options, poolOption{ResourceID: o.ResourceID, Name: o.Name, Provider: o.Provider, Account: o.Account,
				Usable: o.Provider != addon.ProviderGoTo || o.Status == addon.StatusConnected})
		}
		out = append(out, pv)
	}
	return out, nil
}

// poolSave stores a pool's licences and their capacities.
func (s *Server) poolSave(c echo.Context) error {
	sess, _ := session(c)
	inst, err := s.settingsInstallation(c, sess)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	pool, err := s.Store.Resource(ctx, inst.ID, c.Param("id"))
	if err != nil || pool.Provider != addon.ProviderPool {
		return addon.Errorf(addon.ENOTFOUND, "%s", tr(sess.Locale, "pool_unknown"))
	}
	form, err := c.FormParams()
	if err != nil {
		return addon.Invalid("form", "unreadable form")
	}
	all, err := s.Store.Resources(ctx, inst.ID)
	if err != nil {
		return err
	}
	var members []addon.PoolMember
	var names []string
	for _, id := range form["member"] {
		i := slices.IndexFunc(all, func(r addon.MeetingResource) bool {
			return r.ResourceID == id && (r.Provider == addon.ProviderZoom || r.Provider == addon.ProviderGoTo)
		})
		if i < 0 || slices.ContainsFunc(members, func(m addon.PoolMember) bool { return m.ResourceID == id }) {
			continue // gone meanwhile, or sent twice
		}
		m := addon.PoolMember{ResourceID: id}
		if all[i].Provider == addon.ProviderZoom {
			// Pro: 1; Business, Education, Enterprise: 2 (Zoom's concurrency per licensed host).
			if n, err := strconv.Atoi(form.Get("capacity:" + id)); err == nil && n >= 0 && n <= 2 {
				m.Capacity = n
			}
		}
		members = append(members, m)
		names = append(names, all[i].Name+"="+strconv.Itoa(m.Capacity))
	}
	if err := s.Store.SetPoolMembers(ctx, inst.ID, pool.ResourceID, members); err != nil {
		return err
	}
	if err := s.Store.Audit(ctx, store.AuditEntry{Actor: crmActor(sess), Action: "settings.pool", InstallationID: inst.ID,
		Detail: "pool=" + pool.Name + "; licences=" + strings.Join(names, ",")}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings?done=pool#pools")
}

// poolState is the navigation's state of the pools section.
func poolState(lang string, pools []poolView) navItem {
	item := navItem{ID: "pools", Title: "pools_title"}
	if len(pools) == 0 {
		item.State = tr(lang, "nav_pools_none")
		return item
	}
	empty := 0
	for _, p := range pools {
		if p.Members == 0 {
			empty++
		}
	}
	item.State, item.Class = plural(lang, len(pools), "nav_pools_one", "nav_pools_n"), "ok"
	if empty > 0 {
		item.State, item.Class = item.State+", "+plural(lang, empty, "nav_pools_empty_one", "nav_pools_empty_n"), "warn"
	}
	return item
}
