package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/seal"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

const systemURL = "https://crm.example.org"

// The CRM's users: an administrator saves the resources and connects their accounts (the
// connect grant is bound to the user who saved the resource), an organizer saves appointments.
var (
	admin     = addon.User{ID: "u-1", Login: "admin", Name: "Admin", Email: "admin@example.org", Groups: []string{"IT"}, Locale: "de"}
	organizer = addon.User{ID: "u-17", Login: "mmuster", Name: "Maria Muster", Email: "maria@example.org", Groups: []string{"Vertrieb", "Schulung"}, Locale: "de"}
)

// Zoom account of the benchmark installation.
const (
	zoomAccountID = "loadbench-zoom"
	zoomClientID  = "loadbench-zcid"
	zoomSecret    = "loadbench-zsecret"
)

func gotoAccount(i int) string { return fmt.Sprintf("raum%02d@example.org", i) }
func zoomHost(i int) string    { return fmt.Sprintf("dozent%02d@example.org", i) }

// prepareStore creates what vendor staff and an administrator create before the CRM saves
// anything (as chaos/ does): the installation, its registered redirect URL for addr, and a Zoom
// account whose users are the fake's (as a user sync would store them). It returns the
// installation id and hook secret.
func prepareStore(ctx context.Context, dsn, addr string, f *fakes, rooms int) (string, string, error) {
	box, err := seal.New([]byte(keyBytes))
	if err != nil {
		return "", "", err
	}
	st, err := store.Open(ctx, dsn, box, store.Options{})
	if err != nil {
		return "", "", err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return "", "", fmt.Errorf("migrate: %w", err)
	}
	inst, secret, err := st.CreateInstallation(ctx, systemURL)
	if err != nil {
		return "", "", err
	}
	token := store.NewSecret(32)
	rd, err := st.NewRedirect(ctx, inst.ID, token, "http://"+addr+"/oauth/callback/"+token)
	if err != nil {
		return "", "", err
	}
	if _, err := st.MarkRedirectRegistered(ctx, rd.ID, "loadbench"); err != nil {
		return "", "", err
	}
	f.zoom.AddAccount(zoomAccountID, zoomClientID, zoomSecret)
	acc, err := st.CreateZoomAccount(ctx, store.ZoomAccount{InstallationID: inst.ID, Name: "admin@example.org",
		AccountID: zoomAccountID, ClientID: zoomClientID, ClientSecret: zoomSecret})
	if err != nil {
		return "", "", err
	}
	users := []store.ZoomUser{}
	for i := range rooms {
		u := f.zoom.AddUser(zoomAccountID, zoomtest.User{Email: zoomHost(i), Type: 2, Timezone: "Europe/Berlin"})
		users = append(users, store.ZoomUser{ZoomID: u.ID, Email: u.Email, Type: 2, Status: "active"})
	}
	if err := st.ReplaceZoomUsers(ctx, inst.ID, acc.ID, users); err != nil {
		return "", "", err
	}
	return inst.ID, secret, nil
}

// newCRM is the CRM's client: enough idle connections for 32 concurrent saves, so that a save
// does not pay for a new TCP connection.
func newCRM(url, inst, secret string) *crm.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 128, 128
	return &crm.Client{AddonURL: url, InstallationID: inst, Secret: secret, SystemURL: systemURL,
		HTTP: &http.Client{Timeout: 30 * time.Second, Transport: tr}}
}

func gotoRoom(i int) map[string]any {
	return map[string]any{"id": fmt.Sprintf("r-%d", i), "name": fmt.Sprintf("GoToMeeting Raum %d", i),
		"fields": map[string]string{"gotomeeting_account": gotoAccount(i)}}
}

func zoomRoom(i int) map[string]any {
	return map[string]any{"id": fmt.Sprintf("z-%d", i), "name": fmt.Sprintf("Zoom %d", i), "fields": map[string]string{"zoom_user": zoomHost(i)}}
}

// connectRooms saves each GoToMeeting resource as the administrator and connects its account
// through the fake's consent page as the same administrator.
func connectRooms(ctx context.Context, c *crm.Client, rooms int) error {
	for i := range rooms {
		body := c.Body("resource.saved", admin, map[string]any{"resource": gotoRoom(i)})
		r, err := c.Send(ctx, "resource.saved", "", body)
		if err != nil || r.Status != 200 || len(r.Answer.Buttons) != 1 {
			return fmt.Errorf("resource.saved %d: %v %d %s", i, err, r.Status, r.Raw)
		}
		if status, _, err := c.ConnectGoTo(ctx, r.Answer.Buttons[0].URL, admin, gotoAccount(i)); err != nil || status != 200 {
			return fmt.Errorf("connect %s: %d %v", gotoAccount(i), status, err)
		}
	}
	return nil
}
