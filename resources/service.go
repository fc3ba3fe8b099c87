package resources

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/store"
)

// Service handles resource.saved and resource.deleted.
type Service struct {
	Store     *store.Store
	BaseURL   string
	ZoomUsers ZoomUsers
}

// ZoomUsers finds a Zoom licence user in the installation's Zoom accounts.
type ZoomUsers interface {
	CheckUser(ctx context.Context, inst, login string) (store.ZoomUser, string, error)
}

// text returns a message of the catalog ("resources." keys) in the locale.
func text(locale, key string, args ...any) string {
	return catalog.T(locale, "resources."+key, args...)
}

// Saved records a meeting resource and offers the button that connects its account.
func (s *Service) Saved(ctx context.Context, inst addon.Installation, u addon.User, r addon.Resource) (addon.Answer, error) {
	ans := addon.Answer{}
	booked := MeetingAccounts([]addon.Resource{r})
	if len(booked) == 0 {
		// The account field was emptied: the resource is no meeting account any more.
		return s.Deleted(ctx, inst, u, r)
	}
	b := booked[0]
	if b.Provider == addon.ProviderZoom {
		return s.zoomSaved(ctx, inst, u, r, b)
	}
	if b.Provider == addon.ProviderPool {
		return s.poolSaved(ctx, inst, u, r, b)
	}
	mr, moved, err := s.Store.SaveResource(ctx, addon.MeetingResource{InstallationID: inst.ID, ResourceID: r.ID, Provider: b.Provider, Name: r.Name, Account: b.Account})
	if err != nil {
		return ans, err
	}
	accountChanged(&ans, u, moved, b.Account)
	switch mr.Status {
	case addon.StatusConnected:
		ans.Add(addon.LevelInfo, "account_connected", text(u.Locale, "connected", b.Account))
	case addon.StatusReconnectNeeded:
		ans.Add(addon.LevelWarning, "reconnect_needed", text(u.Locale, "reconnect_needed", b.Account))
	default:
		ans.Add(addon.LevelInfo, "account_not_connected", text(u.Locale, "not_connected", b.Account))
	}
	rd, err := s.Store.CurrentRedirect(ctx, inst.ID)
	switch {
	case addon.ErrorCode(err) == addon.ENOTFOUND:
		ans.Add(addon.LevelWarning, "redirect_missing", text(u.Locale, "redirect_missing"))
	case err != nil:
		return ans, err
	case rd.Status != store.RedirectRegistered:
		ans.Add(addon.LevelWarning, "redirect_pending", text(u.Locale, "redirect_pending"))
	}
	// The button carries a single-use grant for this user, this resource and this account: the
	// manual has the person who fills in the account press it, and nobody else but an
	// administrator may bind the room to a GoTo account.
	grant, err := s.Store.NewConnectGrant(ctx, store.ConnectGrant{InstallationID: inst.ID, ResourceID: r.ID, Account: b.Account,
		UserID: u.ID, UserName: u.Name})
	if err != nil {
		return ans, err
	}
	ans.Buttons = append(ans.Buttons, addon.Button{ID: "connect_account", Label: text(u.Locale, "connect_label"),
		URL: s.BaseURL + "/connect/" + url.PathEscape(r.ID) + "?grant=" + url.QueryEscape(grant)})
	return ans, nil
}

// hostKeyPattern is Zoom's host key: 6 to 10 digits.
var hostKeyPattern = regexp.MustCompile(`^[0-9]{6,10}$`)

// accountChanged tells the administrator what becomes of the meetings of a resource's previous
// account (see store.SaveResource).
func accountChanged(ans *addon.Answer, u addon.User, moved int, account string) {
	if moved > 0 {
		ans.Add(addon.LevelWarning, "account_changed", text(u.Locale, "account_changed", moved, account))
	}
}

// Deleted forgets a resource. Meetings created with it stay valid, and its consent is kept
// until the last of them is gone; the administrator is told which appointments still have one.
func (s *Service) Deleted(ctx context.Context, inst addon.Installation, u addon.User, r addon.Resource) (addon.Answer, error) {
	ans := addon.Answer{}
	left, err := s.Store.DeleteResource(ctx, inst.ID, r.ID)
	if err != nil || len(left) == 0 {
		return ans, err
	}
	slices.SortFunc(left, func(a, b addon.MeetingRecord) int { return a.Start.Compare(b.Start) })
	var names []string
	for _, m := range left[:min(len(left), 3)] {
		names = append(names, fmt.Sprintf("„%s“ (%s)", m.Subject, m.Start.In(m.Zone()).Format("02.01.2006 15:04")))
	}
	if len(left) > 3 {
		names = append(names, "…")
	}
	ans.Add(addon.LevelWarning, "meetings_left", text(u.Locale, "meetings_left", len(left), r.Name, strings.Join(names, ", ")))
	return ans, nil
}

// poolSaved records a licence pool and says which licences it has (they are chosen on the
// settings page).
func (s *Service) poolSaved(ctx context.Context, inst addon.Installation, u addon.User, r addon.Resource, b Booked) (addon.Answer, error) {
	ans := addon.Answer{}
	_, moved, err := s.Store.SaveResource(ctx, addon.MeetingResource{InstallationID: inst.ID, ResourceID: r.ID, Provider: b.Provider, Name: r.Name, Account: b.Account})
	if err != nil {
		return ans, err
	}
	accountChanged(&ans, u, moved, r.Name)
	members, err := s.Store.PoolMembers(ctx, inst.ID, r.ID)
	if err != nil {
		return ans, err
	}
	if len(members) == 0 {
		ans.Add(addon.LevelWarning, "pool_no_members", text(u.Locale, "pool_no_members", r.Name))
		return ans, nil
	}
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = m.Name
	}
	ans.Add(addon.LevelInfo, "pool_saved", text(u.Locale, "pool_saved", r.Name, len(members), strings.Join(names, ", ")))
	return ans, nil
}

// zoomSaved checks that a Zoom resource names an active user of one of the installation's Zoom
// accounts and says which, or what is wrong. Zoom resources need no consent of their own.
func (s *Service) zoomSaved(ctx context.Context, inst addon.Installation, u addon.User, r addon.Resource, b Booked) (addon.Answer, error) {
	ans := addon.Answer{}
	_, moved, err := s.Store.SaveResource(ctx, addon.MeetingResource{InstallationID: inst.ID, ResourceID: r.ID, Provider: b.Provider, Name: r.Name, Account: b.Account})
	if err != nil {
		return ans, err
	}
	accountChanged(&ans, u, moved, b.Account)
	key := strings.TrimSpace(r.Fields[HostKeyField])
	if key != "" && !hostKeyPattern.MatchString(key) {
		ans.Add(addon.LevelWarning, "zoom_host_key_invalid", text(u.Locale, "zoom_host_key_invalid"))
		key = ""
	}
	if err := s.Store.SetResourceHostKey(ctx, inst.ID, r.ID, key); err != nil {
		return ans, err
	}
	if s.ZoomUsers == nil {
		return ans, nil
	}
	zu, account, err := s.ZoomUsers.CheckUser(ctx, inst.ID, b.Account)
	if err != nil {
		var e *addon.Error
		if !errors.As(err, &e) || e.Code == addon.EINTERNAL || e.Code == addon.EUNAVAILABLE {
			return ans, err
		}
		ans.Add(addon.LevelError, "zoom_user_invalid", catalog.In(u.Locale, e))
		return ans, nil
	}
	ans.Add(addon.LevelInfo, "zoom_user_ok", text(u.Locale, "zoom_user_ok", zu.Email, account))
	return ans, nil
}
