package zoomaccount

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
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
		return store.ZoomUser{}, "", addon.Localized(addon.EINVALID, "no Zoom user given: enter the e-mail address of the Zoom user who hosts the meetings",
			"kein Zoom-Benutzer angegeben: tragen Sie die E-Mail-Adresse des Zoom-Benutzers ein, der die Meetings leitet")
	}
	accts, err := s.Store.ZoomAccounts(ctx, inst)
	if err != nil {
		return store.ZoomUser{}, "", err
	}
	if len(accts) == 0 {
		return store.ZoomUser{}, "", addon.Localized(addon.EINVALID, "no Zoom account is set up for this installation: an administrator must add one in the add-on's settings first",
			"für dieses System ist kein Zoom-Zugang eingerichtet: ein Administrator muss zuerst in den Add-on-Einstellungen einen anlegen")
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
		return store.ZoomUser{}, "", addon.Localized(addon.EINVALID,
			fmt.Sprintf("%q is not a user of the Zoom account %s: enter the e-mail address or user id of a user listed in Zoom under User Management → Users, or add the user there", login, strings.Join(list, ", ")),
			fmt.Sprintf("%q ist kein Benutzer des Zoom-Zugangs %s: tragen Sie die E-Mail-Adresse oder Benutzer-ID eines Benutzers ein, der in Zoom unter Benutzerverwaltung → Benutzer steht, oder legen Sie ihn dort an", login, strings.Join(list, ", ")))
	}
	if en, de := hostProblems(u, names[u.AccountRef]); en != "" {
		return store.ZoomUser{}, "", addon.Localized(addon.EINVALID, en, de)
	}
	return u, names[u.AccountRef], nil
}

// hostProblem says in English why u cannot host the CRM's meetings, or "" (hostProblems adds German).
func hostProblem(u store.ZoomUser, account string) string {
	en, _ := hostProblems(u, account)
	return en
}

func hostProblems(u store.ZoomUser, account string) (en, de string) {
	who := fmt.Sprintf("The Zoom user %s of the Zoom account %q", u.Email, account)
	wer := fmt.Sprintf("Der Zoom-Benutzer %s des Zoom-Zugangs %q", u.Email, account)
	switch {
	case u.Status == "inactive":
		return who + " is deactivated: activate the user in Zoom under User Management → Users, or choose another user",
			wer + " ist deaktiviert: aktivieren Sie ihn in Zoom unter Benutzerverwaltung → Benutzer oder wählen Sie einen anderen Benutzer"
	case u.Status == "pending":
		return who + " has not yet accepted the invitation to the Zoom account: the user must first confirm Zoom's invitation e-mail",
			wer + " hat die Einladung in das Zoom-Konto noch nicht angenommen: er muss zuerst die Einladungs-E-Mail von Zoom bestätigen"
	case u.Status != "active":
		return fmt.Sprintf("%s has the status %q in Zoom and cannot host meetings", who, u.Status),
			fmt.Sprintf("%s hat in Zoom den Status %q und kann keine Meetings leiten", wer, u.Status)
	case u.Type == TypeBasic:
		return who + " is a Basic (unlicensed) user: Zoom ends the user's meetings with three or more participants after 40 minutes, so they cannot host the scheduled meetings. Assign a licence in Zoom under User Management → Users → Edit → User type: Licensed",
			wer + " ist ein Basic-Benutzer ohne Lizenz: Zoom beendet seine Meetings mit drei oder mehr Teilnehmenden nach 40 Minuten. Weisen Sie in Zoom unter Benutzerverwaltung → Benutzer → Bearbeiten → Benutzertyp „Lizenziert“ zu"
	case u.Type != TypeLicensed && u.Type != TypeOnPrem:
		return fmt.Sprintf("%s has no meeting licence (user type %d): assign a licence in Zoom under User Management → Users", who, u.Type),
			fmt.Sprintf("%s hat keine Meeting-Lizenz (Benutzertyp %d): weisen Sie in Zoom unter Benutzerverwaltung → Benutzer eine Lizenz zu", wer, u.Type)
	}
	return "", ""
}
