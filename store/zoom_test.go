package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

func TestZoomAccountUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		st := storetest.Open(t, kind, func() time.Time { return now })
		ctx := context.Background()
		a, err := st.CreateZoomAccount(ctx, store.ZoomAccount{InstallationID: "i1", Name: "admin@x", AccountID: "acc",
			ClientID: "cid", ClientSecret: "s1", Proxy: store.ZoomProxy{URL: "p:1", User: "u", Password: "pw"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SaveZoomToken(ctx, "i1", a.ID, "tok", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateZoomAccount(ctx, store.ZoomAccount{InstallationID: "i1", Name: "admin@x", AccountID: "b", ClientID: "c", ClientSecret: "s"}); addon.ErrorCode(err) != addon.ECONFLICT {
			t.Errorf("second account with the same name: %v, want conflict", err)
		}

		// A new label only: secrets and token stay.
		a.Name = "renamed"
		if _, err := st.UpdateZoomAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		creds, _ := st.ZoomCredentials(ctx, "i1", a.ID)
		if creds.ClientSecret != "s1" || creds.ProxyPassword != "pw" {
			t.Errorf("after rename: %+v, want secrets kept", creds)
		}
		if tok, _, _ := st.ZoomToken(ctx, "i1", a.ID); tok != "tok" {
			t.Errorf("after rename: token %q, want kept", tok)
		}

		// Another client id: the token belongs to the old app.
		a.ClientID = "cid2"
		if _, err := st.UpdateZoomAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		if tok, _, _ := st.ZoomToken(ctx, "i1", a.ID); tok != "" {
			t.Errorf("after new client id: token %q, want dropped", tok)
		}

		// No proxy: its credentials go too.
		a.Proxy = store.ZoomProxy{}
		if _, err := st.UpdateZoomAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		creds, _ = st.ZoomCredentials(ctx, "i1", a.ID)
		if creds.ProxyURL != "" || creds.ProxyUser != "" || creds.ProxyPassword != "" || creds.ClientSecret != "s1" {
			t.Errorf("after removing the proxy: %+v", creds)
		}

		a.ID = "za_unknown"
		if _, err := st.UpdateZoomAccount(ctx, a); addon.ErrorCode(err) != addon.ENOTFOUND {
			t.Errorf("update of unknown account: %v, want not_found", err)
		}
		if _, err := st.ZoomAccount(ctx, "other-installation", a.ID); addon.ErrorCode(err) != addon.ENOTFOUND {
			t.Errorf("account of another installation: %v, want not_found", err)
		}
	})
}

func TestZoomUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		st := storetest.Open(t, kind, nil)
		ctx := context.Background()
		a, _ := st.CreateZoomAccount(ctx, store.ZoomAccount{InstallationID: "i1", Name: "a", AccountID: "a", ClientID: "c", ClientSecret: "s"})
		b, _ := st.CreateZoomAccount(ctx, store.ZoomAccount{InstallationID: "i1", Name: "b", AccountID: "b", ClientID: "c", ClientSecret: "s"})
		other, _ := st.CreateZoomAccount(ctx, store.ZoomAccount{InstallationID: "i2", Name: "a", AccountID: "a", ClientID: "c", ClientSecret: "s"})
		if err := st.ReplaceZoomUsers(ctx, "i1", a.ID, []store.ZoomUser{
			{ZoomID: "u1", Email: "One@Example.org", Type: 2, Status: "active"},
			{ZoomID: "u2", Email: "two@example.org", Type: 2, Status: "active"},
			{ZoomID: "u2", Email: "two@example.org", Type: 2, Status: "active"}, // seen twice while paging
		}); err != nil {
			t.Fatal(err)
		}
		_ = st.ReplaceZoomUsers(ctx, "i1", b.ID, []store.ZoomUser{{ZoomID: "u3", Email: "three@example.org", Type: 1, Status: "active"}})
		_ = st.ReplaceZoomUsers(ctx, "i2", other.ID, []store.ZoomUser{{ZoomID: "u9", Email: "nine@example.org", Status: "active"}})

		for _, login := range []string{"one@example.ORG", "u1", " ONE@example.org "} {
			u, err := st.ZoomUserByLogin(ctx, "i1", login)
			if err != nil || u.ZoomID != "u1" || u.AccountRef != a.ID || u.Email != "One@Example.org" {
				t.Errorf("ZoomUserByLogin(%q) = %+v, %v; want u1 of account a", login, u, err)
			}
		}
		if u, err := st.ZoomUserByLogin(ctx, "i1", "three@example.org"); err != nil || u.AccountRef != b.ID || u.Type != 1 {
			t.Errorf("user of account b: %+v, %v", u, err)
		}
		for _, login := range []string{"nine@example.org", "nobody@example.org", ""} {
			if _, err := st.ZoomUserByLogin(ctx, "i1", login); addon.ErrorCode(err) != addon.ENOTFOUND {
				t.Errorf("ZoomUserByLogin(%q): %v, want not_found", login, err)
			}
		}

		// Replacing drops users who left the account.
		_ = st.ReplaceZoomUsers(ctx, "i1", a.ID, []store.ZoomUser{{ZoomID: "u2", Email: "two@example.org", Status: "inactive"}})
		if _, err := st.ZoomUserByLogin(ctx, "i1", "u1"); addon.ErrorCode(err) != addon.ENOTFOUND {
			t.Errorf("user gone from Zoom: %v, want not_found", err)
		}
		if users, _ := st.ZoomUsers(ctx, "i1", a.ID); len(users) != 1 || users[0].Status != "inactive" {
			t.Errorf("users after replace = %+v, want u2 inactive", users)
		}

		if err := st.DeleteZoomAccount(ctx, "i1", a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ZoomUserByLogin(ctx, "i1", "u2"); addon.ErrorCode(err) != addon.ENOTFOUND {
			t.Errorf("user of a deleted account: %v, want not_found", err)
		}
		if err := st.DeleteZoomAccount(ctx, "i1", a.ID); addon.ErrorCode(err) != addon.ENOTFOUND {
			t.Errorf("second delete: %v, want not_found", err)
		}
		if err := st.ReplaceZoomUsers(ctx, "i1", a.ID, nil); addon.ErrorCode(err) != addon.ENOTFOUND {
			t.Errorf("users for a deleted account: %v, want not_found", err)
		}
	})
}
