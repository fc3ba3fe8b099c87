package zoomaccount

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoom"
)

// Zoom user types.
const (
	TypeBasic    = 1
	TypeLicensed = 2
	TypeOnPrem   = 3
)

// statuses are all the user states Zoom lists; inactive and pending users are kept so that
// CheckUser can say why they cannot host.
var statuses = []string{"active", "inactive", "pending"}

// withClient runs f with the account's client; when Zoom calls the token invalid it renews the
// token (unless another save already did) and runs f once more with the new one. Errors come back explained.
func (s *Service) withClient(ctx context.Context, inst, id string, f func(*zoom.Client) error) error {
	for attempt := 0; ; attempt++ {
		c, ref, err := s.ClientRef(ctx, inst, id)
		if err != nil {
			return err
		}
		err = f(c)
		if attempt == 0 && zoom.IsCode(err, zoom.CodeInvalidToken) {
			if err := s.Renew(ctx, inst, id, ref); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return s.accountError(ctx, inst, id, err)
		}
		return nil
	}
}

// SyncUsers reads all users (licences) of the account from Zoom ("Benutzer") and replaces the
// stored list with them; it returns how many there are.
func (s *Service) SyncUsers(ctx context.Context, inst, accountID string) (int, error) {
	var users []store.ZoomUser
	err := s.withClient(ctx, inst, accountID, func(c *zoom.Client) error {
		users = users[:0]
		for _, st := range statuses {
			list, err := c.Users.ListAll(ctx, st)
			if err != nil {
				return err
			}
			for _, u := range list {
				if u.Status == "" {
					u.Status = st
				}
				users = append(users, store.ZoomUser{ZoomID: u.ID, Email: u.Email, FirstName: u.FirstName,
					LastName: u.LastName, Type: u.Type, Status: u.Status})
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := s.Store.ReplaceZoomUsers(ctx, inst, accountID, users); err != nil {
		return 0, err
	}
	return len(users), nil
}

// CheckUser finds the Zoom user a resource names (e-mail address or Zoom user id) in one of the
// installation's accounts and checks that it can host meetings. Users not in the stored lists,
// or stored as unable to host, are read from Zoom again first: they may have been added or
// licensed since the last sync. It returns the user and the name of its account.
func (s *Service) CheckUser(ctx context.Context, inst, login string) (store.ZoomUser, string, error) {
	login = strings.TrimSpace(login)
	if login == "" {
		return store.ZoomUser{}, "", catalog.Error(addon.EINVALID, "zoomaccount.no_zoom_user_given")
	}
	accts, err := s.Store.ZoomAccounts(ctx, inst)
	if err != nil {
		return store.ZoomUser{}, "", err
	}
	if len(accts) == 0 {
		return store.ZoomUser{}, "", catalog.Error(addon.EINVALID, "zoomaccount.no_zoom_account_set")
	}
	names := make(map[string]string, len(accts))
	for _, a := range accts {
		names[a.ID] = a.Name
	}

	u, err := s.Store.ZoomUserByLogin(ctx, inst, login)
	var syncErr error
	switch {
	case addon.ErrorCode(err) == addon.ENOTFOUND:
		for _, a := range accts {
			if _, err := s.SyncUsers(ctx, inst, a.ID); err != nil {
				syncErr = errors.Join(syncErr, err)
			}
		}
	case err != nil:
		return store.ZoomUser{}, "", err
	case hostProblem(u, "") != "":
		_, syncErr = s.SyncUsers(ctx, inst, u.AccountRef)
	default:
		return u, names[u.AccountRef], nil
	}
	if u2, err := s.Store.ZoomUserByLogin(ctx, inst, login); err == nil {
		u = u2
	} else if addon.ErrorCode(err) != addon.ENOTFOUND {
		return store.ZoomUser{}, "", err
	} else if syncErr != nil {
		// The user may be in an account that could not be read.
		return store.ZoomUser{}, "", syncErr
	} else {
		list := make([]string, len(accts))
		for i, a := range accts {
			list[i] = fmt.Sprintf("%q", a.Name)
		}
		return store.ZoomUser{}, "", catalog.Error(addon.EINVALID, "zoomaccount.not_user_zoom_account", login, strings.Join(list, ", "))
	}
	if e := hostProblems(u, names[u.AccountRef]); e != nil {
		return store.ZoomUser{}, "", e
	}
	return u, names[u.AccountRef], nil
}

// hostProblem says in English why u cannot host the CRM's meetings, or "" (hostProblems
// says it for the CRM user).
func hostProblem(u store.ZoomUser, account string) string {
	if e := hostProblems(u, account); e != nil {
		return e.Message
	}
	return ""
}

func hostProblems(u store.ZoomUser, account string) *addon.Error {
	switch {
	case u.Status == "inactive":
		return catalog.Error(addon.EINVALID, "zoomaccount.host_inactive", u.Email, account)
	case u.Status == "pending":
		return catalog.Error(addon.EINVALID, "zoomaccount.host_pending", u.Email, account)
	case u.Status != "active":
		return catalog.Error(addon.EINVALID, "zoomaccount.host_status", u.Email, account, u.Status)
	case u.Type == TypeBasic:
		return catalog.Error(addon.EINVALID, "zoomaccount.host_basic", u.Email, account)
	case u.Type != TypeLicensed && u.Type != TypeOnPrem:
		return catalog.Error(addon.EINVALID, "zoomaccount.host_unlicensed", u.Email, account, u.Type)
	}
	return nil
}
