package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// TestBrowserPools: an administrator makes two Zoom licences the licences of the CRM resource
// "Zoom" (a pool), one of them on a Business plan (2 meetings at once), in German; the page in
// English reads the same. A GoTo account without consent is offered but cannot be chosen.
func TestBrowserPools(t *testing.T) {
	ctx := browser(t)
	s := newSite(t)
	for _, r := range []map[string]any{
		{"id": "lic-1", "name": "Zoom Lizenz 1", "fields": map[string]string{"zoom_user": "dozent1@example.org"}},
		{"id": "lic-2", "name": "Zoom Lizenz 2", "fields": map[string]string{"zoom_user": "dozent2@example.org"}},
		room("g-1", "raum1@example.org"),
	} {
		s.send(t, "resource.saved", admin, map[string]any{"resource": r})
	}

	load(ctx, t, 200, chromedp.Navigate(s.crm.LaunchURL(s.url+"/settings", admin, true)))
	if got := text(ctx, t, "pools-none"); !strings.HasPrefix(got, "Noch kein Pool") {
		t.Errorf("without a pool the section says %q", got)
	}
	pool := s.send(t, "resource.saved", admin, map[string]any{"resource": map[string]any{"id": "pool-zoom", "name": "Zoom",
		"fields": map[string]string{"meeting_pool": "Die Zoom-Lizenzen der VHS"}}})
	if !strings.Contains(string(pool.Raw), "pool_no_members") {
		t.Errorf("a pool without licences saved: %s; want the administrator told", pool.Raw)
	}
	load(ctx, t, 200, chromedp.Navigate(s.url+"/settings"))
	for id, want := range map[string]string{"h-pools": "Lizenz-Pools", "pool-name-pool-zoom": "Zoom", "pool-count-pool-zoom": "0 von 3 Ressourcen",
		"state-pools": "1 Pool, 1 ohne Lizenzen"} {
		if got := text(ctx, t, id); !strings.HasPrefix(got, want) {
			t.Errorf("#%s = %q, want %q", id, got, want)
		}
	}
	disabled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("pool-pool-zoom-m-g-1").disabled`))
	if err != nil || !disabled {
		t.Errorf("the GoTo account without consent can be chosen (disabled=%v, %v)", disabled, err)
	}
	load(ctx, t, 200, chromedp.Click(chromedp.ID("pool-pool-zoom-m-lic-1")), chromedp.Click(chromedp.ID("pool-pool-zoom-m-lic-2")),
		chromedp.SetValue(chromedp.ID("pool-pool-zoom-cap-lic-2"), "2"), chromedp.Click(chromedp.ID("pool-save-pool-zoom")))
	if got := text(ctx, t, "flash"); got != "Die Lizenzen des Pools wurden gespeichert." {
		t.Errorf("flash = %q", got)
	}
	members, err := s.store.PoolMembers(t.Context(), s.inst.ID, "pool-zoom")
	if err != nil || fmt.Sprint(members) != fmt.Sprint([]addon.PoolMember{
		{ResourceID: "lic-1", Provider: "zoom", Name: "Zoom Lizenz 1", Account: "dozent1@example.org", Status: "not_connected"},
		{ResourceID: "lic-2", Capacity: 2, Provider: "zoom", Name: "Zoom Lizenz 2", Account: "dozent2@example.org", Status: "not_connected"}}) {
		t.Errorf("stored licences %+v (%v), want lic-1 (default) and lic-2 (2 at once)", members, err)
	}
	for id, want := range map[string]string{"pool-count-pool-zoom": "2 von 3 Ressourcen", "state-pools": "1 Pool"} {
		if got := text(ctx, t, id); got != want && !strings.HasPrefix(got, want) {
			t.Errorf("#%s = %q, want %q", id, got, want)
		}
	}
	if v := value(ctx, t, "pool-pool-zoom-cap-lic-2"); v != "2" {
		t.Errorf("capacity of lic-2 shows %q, want 2", v)
	}
	do(ctx, t, shot("settings-pools-de"), sectionShot("pools", "settings-pools-section-de"))

	load(ctx, t, 200, chromedp.Click(chromedp.ID("lang-en")))
	for id, want := range map[string]string{"h-pools": "Licence pools", "pool-count-pool-zoom": "2 of 3 resources", "state-pools": "1 pool"} {
		if got := text(ctx, t, id); !strings.HasPrefix(got, want) {
			t.Errorf("#%s = %q, want %q", id, got, want)
		}
	}
	do(ctx, t, shot("settings-pools-en"), sectionShot("pools", "settings-pools-section-en"))

}

// sectionShot saves a PNG of one element as artifacts/screenshots/<name>.png.
func sectionShot(id, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		png, err := chromedp.Screenshot(chromedp.ID(id))(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join("..", "artifacts", "screenshots", name+".png"), png, 0o644)
	})
}
