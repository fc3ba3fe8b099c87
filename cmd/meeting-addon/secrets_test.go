package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

const (
	dumpWebhookSecret = "zoom-secret-token-for-the-dump"
	dumpProxyPassword = "proxy-password-for-the-dump"
	dumpHostKey       = "90817263"
	dumpVendorPass    = "vendor-password-for-the-dump"
	dumpLogin         = "geheimer.vendor.name"
)

// fullRun plays everything that leaves secrets behind: a GoTo account connected and used, a
// Zoom account with client secret, Secret Token, proxy password and a host key, a meeting made
// with its access token, a hook secret rotated, a vendor user and a failed sign-in. It returns
// every secret the run produced, by name.
func fullRun(t *testing.T, e *env) map[string]string {
	t.Helper()
	ctx := t.Context()
	secrets := map[string]string{"hook secret": e.crm.Secret}
	e.connect("r-3", "raum1@example.org")
	start := e.clock.Now().Add(48 * time.Hour)
	if r := e.save(appt("dump-1", userNote, start, room("r-3", "raum1@example.org"))); !hasMessage(r, "meeting_created") {
		t.Fatalf("GoTo meeting: %s", r.Raw)
	}
	raw, err := e.app.store.ResourceToken(ctx, e.inst, "r-3")
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		Access  string `json:"access_token"`
		Refresh string `json:"refresh_token"`
	}
	if err := json.Unmarshal([]byte(raw), &tok); err != nil || tok.Access == "" || tok.Refresh == "" {
		t.Fatalf("GoTo token %v", err)
	}
	secrets["GoTo access token"], secrets["GoTo refresh token"] = tok.Access, tok.Refresh
	rd, err := e.app.store.CurrentRedirect(ctx, e.inst)
	if err != nil {
		t.Fatal(err)
	}
	_, secrets["external-access token"], _ = strings.Cut(rd.URL, "/oauth/callback/")

	e.zoomSetup(e.clock.Now())
	acc := e.zoomAccount(t)
	secrets["Zoom client secret"] = "zsecret"
	acc.WebhookSecret = dumpWebhookSecret
	if _, err := e.app.zoom.Update(ctx, acc); err != nil {
		t.Fatal(err)
	}
	secrets["Zoom Secret Token"] = dumpWebhookSecret
	if err := e.zoom.SendURLValidation(ctx, e.url+"/webhooks/zoom/"+acc.ID, dumpWebhookSecret); err != nil {
		t.Fatal(err)
	}
	zr := zoomRoom("z-1", host1)
	zr["fields"].(map[string]string)["zoom_host_key"] = dumpHostKey
	if r := e.send("resource.saved", "", map[string]any{"resource": zr}, organizer); r.Status != 200 {
		t.Fatalf("Zoom resource: %s", r.Raw)
	}
	secrets["Zoom host key"] = dumpHostKey
	if r := e.save(appt("dump-2", userNote, start, zr)); !hasMessage(r, "meeting_created") {
		t.Fatalf("Zoom meeting: %s", r.Raw)
	}
	zt, _, err := e.app.store.ZoomToken(ctx, e.inst, acc.ID)
	if err != nil || zt == "" {
		t.Fatalf("Zoom token: %q %v", zt, err)
	}
	secrets["Zoom access token"] = zt
	// A proxy last: nothing goes through it in this run.
	acc.Proxy.URL, acc.Proxy.User, acc.Proxy.Password = "proxy.example.org:3128", "pu", dumpProxyPassword
	if _, err := e.app.zoom.Update(ctx, acc); err != nil {
		t.Fatal(err)
	}
	secrets["proxy password"] = dumpProxyPassword

	newSecret, err := e.app.store.RotateHookSecret(ctx, e.inst, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	e.crm.Secret = newSecret
	secrets["rotated hook secret"] = newSecret
	if r := e.save(appt("dump-1", userNote, start, room("r-3", "raum1@example.org"))); r.Status != 200 {
		t.Fatalf("save with the new hook secret: %s", r.Raw)
	}
	if err := e.app.store.SetVendorUser(ctx, "vendor", dumpVendorPass, false); err != nil {
		t.Fatal(err)
	}
	secrets["vendor password"] = dumpVendorPass
	_, _ = e.app.store.VendorLogin(ctx, dumpLogin, "wrong password", "198.51.100.9")
	secrets["login name tried"] = dumpLogin
	h := sha256.Sum256([]byte(dumpLogin))
	secrets["unkeyed hash of the login name"] = hex.EncodeToString(h[:])
	return secrets
}

// dump returns every table of the store's database as text, one value per line.
func dump(t *testing.T, st *store.Store) map[string][]string {
	t.Helper()
	tables, err := st.DB().Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, table := range tables {
		var rows []map[string]any
		if err := st.DB().Table(table).Find(&rows).Error; err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		for _, r := range rows {
			for col, v := range r {
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				out[table+"."+col] = append(out[table+"."+col], s)
			}
		}
	}
	return out
}

// After a full run, neither the database nor the logs (at debug level) hold a token, secret,
// password or external-access token in clear, nor a login name that was tried.
func TestNoSecretInClear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		var logs bytes.Buffer
		envLogs = &logs
		t.Cleanup(func() { envLogs = nil })
		e := newEnv(t, kind)
		secrets := fullRun(t, e)
		for col, values := range dump(t, e.app.store) {
			for _, v := range values {
				for name, secret := range secrets {
					if strings.Contains(strings.ToLower(v), strings.ToLower(secret)) {
						t.Errorf("%s holds the %s in clear", col, name)
					}
				}
			}
		}
		if logs.Len() == 0 {
			t.Fatal("no logs were written at debug level")
		}
		for name, secret := range secrets {
			if strings.Contains(strings.ToLower(logs.String()), strings.ToLower(secret)) {
				t.Errorf("the logs hold the %s", name)
			}
		}
	})
}

// The encryption key is rotated while the add-on keeps serving: with the new key sealing and
// the old one in ADDON_ENCRYPTION_KEY_OLD everything sealed before still opens; `reseal` moves
// it to the new key, after which the new key alone opens everything, and no column holds a
// sealed value that reseal does not cover.
func TestKeyRotation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		fullRun(t, e)
		ctx := context.Background()
		oldKey := e.cfg.EncryptionKey
		newKey := base64.StdEncoding.EncodeToString([]byte("fedcba9876543210fedcba9876543210"))

		// serveWith starts an instance with the keys and checks that it reads every secret:
		// the hook secret (a hook verifies), the GoTo token (the meeting is changed), the Zoom
		// credentials, the Zoom Secret Token and the host key.
		serveWith := func(name, key, old string) {
			t.Helper()
			cfg := e.cfg
			cfg.EncryptionKey, cfg.OldEncryptionKeys = key, old
			a, err := build(ctx, cfg, newLogger(io.Discard, "error"), e.clock.Now)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			defer a.Close()
			srv := httptest.NewServer(a.handler)
			defer srv.Close()
			c := *e.crm
			c.AddonURL = srv.URL
			e.clock.Add(time.Minute)
			start := e.clock.Now().Add(72 * time.Hour)
			ap := appt("dump-1", userNote, start, room("r-3", "raum1@example.org"))
			r, err := c.Send(ctx, "appointment.saved", "", c.Body("appointment.saved", organizer, map[string]any{"appointment": ap}))
			if err != nil || r.Status != 200 || !hasMessage(r, "meeting_updated") {
				t.Errorf("%s: save: %v %s", name, err, r.Raw)
			}
			// The Zoom account now has a proxy that does not exist: its credentials are read
			// from the store instead of used.
			if creds, err := a.store.ZoomCredentials(ctx, e.inst, e.zoomAccount(t).ID); err != nil || creds.ClientSecret != "zsecret" || creds.ProxyPassword != dumpProxyPassword {
				t.Errorf("%s: Zoom credentials %v", name, err)
			}
			if _, secret, err := a.store.ZoomWebhookSecret(ctx, e.zoomAccount(t).ID); err != nil || secret != dumpWebhookSecret {
				t.Errorf("%s: Zoom Secret Token %q, %v", name, secret, err)
			}
			if key, err := a.store.ResourceHostKey(ctx, e.inst, "z-1"); err != nil || key != dumpHostKey {
				t.Errorf("%s: host key %q, %v", name, key, err)
			}
		}
		serveWith("new key with the old one", newKey, oldKey)

		env := map[string]string{"ADDON_DATABASE": e.cfg.Database, "ADDON_ENCRYPTION_KEY": newKey, "ADDON_ENCRYPTION_KEY_OLD": oldKey}
		var out bytes.Buffer
		if err := run(ctx, []string{"reseal"}, func(k string) string { return env[k] }, &out, io.Discard); err != nil {
			t.Fatalf("reseal: %v\n%s", err, out.String())
		}
		var report struct{ Columns []store.ResealCount }
		if err := json.Unmarshal(out.Bytes(), &report); err != nil {
			t.Fatal(err)
		}
		resealed := 0
		for _, c := range report.Columns {
			resealed += c.Resealed
		}
		t.Logf("reseal re-encrypted %d values", resealed)
		if resealed < 8 {
			t.Errorf("reseal re-encrypted %d values, want every sealed one: %s", resealed, out.String())
		}
		out.Reset()
		if err := run(ctx, []string{"reseal"}, func(k string) string { return env[k] }, &out, io.Discard); err != nil || strings.Contains(out.String(), `"resealed": 1`) {
			t.Errorf("a second reseal: %v\n%s; want nothing left to do", err, out.String())
		}
		serveWith("new key alone", newKey, "")

		// Every column with sealed values is one that reseal covers.
		covered := store.SealedColumns()
		for col, values := range dump(t, e.app.store) {
			if slices.ContainsFunc(values, func(v string) bool { return strings.HasPrefix(v, "v1:") }) && !slices.Contains(covered, col) {
				t.Errorf("%s holds sealed values that reseal does not cover", col)
			}
		}
	})
}
