package web

import (
	"github.com/onlinemeetings/meeting-addon/addon"
)

// navItem is one entry of the settings page's section navigation: where it leads and the
// section's state at a glance.
type navItem struct {
	ID    string // the section's id (the link's anchor)
	Title string // message key of the section's heading
	State string // in the page's language
	Class string // "ok", "warn", "error" or "" for neutral
}

// sectionNav lists the page's sections in order with their state, so that an administrator
// sees what needs attention without scrolling through about 8,000 pixels.
func sectionNav(lang string, d settingsData) []navItem {
	var groups string
	switch {
	case d.All:
		groups = tr(lang, "nav_groups_all")
	case d.None:
		groups = tr(lang, "nav_groups_none")
	default:
		n := 0
		for _, g := range d.Groups {
			if g.Checked {
				n++
			}
		}
		groups = plural(lang, n, "nav_groups_one", "nav_groups_n")
	}
	runAs, runAsClass := d.RunAs, ""
	if runAs == "" {
		runAs = tr(lang, "nav_runas_none")
	}
	items := []navItem{
		{ID: "groups", Title: "groups_title", State: groups},
		{ID: "runas", Title: "runas_title", State: runAs, Class: runAsClass},
		{ID: "policy", Title: "policy_title", State: tr(lang, "nav_policy_"+d.Policy)},
		{ID: "meeting", Title: "meeting_title", State: tr(lang, "nav_over50_"+d.Over50)},
		{ID: "templates", Title: "tpl_title", State: templatesState(lang, d.Templates)},
		externalState(lang, d),
		gotoState(lang, d.GoTo),
		poolState(lang, d.Pools),
	}
	if d.ZoomOn {
		items = append(items, zoomState(lang, d.Zoom))
	}
	return items
}

func plural(lang string, n int, one, many string) string {
	if n == 1 {
		return tr(lang, one)
	}
	return tr(lang, many, n)
}

func templatesState(lang string, t templatesData) string {
	custom := 0
	for _, it := range t.Items {
		if it.Custom {
			custom++
		}
	}
	if custom == 0 {
		return tr(lang, "nav_tpl_default")
	}
	return tr(lang, "nav_tpl_custom", custom, len(t.Items))
}

func externalState(lang string, d settingsData) navItem {
	it := navItem{ID: "external", Title: "external_title"}
	switch {
	case d.Redirect == nil:
		it.State, it.Class = tr(lang, "nav_external_none"), "warn"
	case d.Registered:
		it.State, it.Class = tr(lang, "nav_external_registered"), "ok"
	default:
		it.State, it.Class = tr(lang, "nav_external_pending"), "warn"
	}
	return it
}

// gotoState counts the GoToMeeting accounts: "2 GoTo-Konten verbunden, 1 wartet".
func gotoState(lang string, rs []addon.MeetingResource) navItem {
	it := navItem{ID: "resources", Title: "resources_title"}
	if len(rs) == 0 {
		it.State = tr(lang, "nav_goto_none")
		return it
	}
	connected, waiting, broken := 0, 0, 0
	for _, r := range rs {
		switch r.Status {
		case addon.StatusConnected:
			connected++
		case addon.StatusReconnectNeeded:
			broken++
		default:
			waiting++
		}
	}
	it.State = plural(lang, connected, "nav_goto_connected_one", "nav_goto_connected_n")
	if waiting > 0 {
		it.State += ", " + plural(lang, waiting, "nav_goto_waiting_one", "nav_goto_waiting_n")
	}
	if broken > 0 {
		it.State += ", " + plural(lang, broken, "nav_goto_broken_one", "nav_goto_broken_n")
	}
	switch {
	case broken > 0:
		it.Class = "error"
	case waiting > 0:
		it.Class = "warn"
	default:
		it.Class = "ok"
	}
	return it
}

// zoomState sums up the last connection tests: "Zoom: Verbindung ok".
func zoomState(lang string, rows []zoomRow) navItem {
	it := navItem{ID: "zoom", Title: "zoom_title"}
	failed, untested := 0, 0
	for _, r := range rows {
		switch {
		case !r.Tested:
			untested++
		case !r.TestOK:
			failed++
		}
	}
	switch {
	case len(rows) == 0:
		it.State, it.Class = tr(lang, "nav_zoom_none"), ""
	case failed > 0:
		it.State, it.Class = plural(lang, failed, "nav_zoom_failed_one", "nav_zoom_failed_n"), "error"
	case untested > 0:
		it.State, it.Class = plural(lang, untested, "nav_zoom_untested_one", "nav_zoom_untested_n"), "warn"
	default:
		it.State, it.Class = plural(lang, len(rows), "nav_zoom_ok_one", "nav_zoom_ok_n"), "ok"
	}
	return it
}
