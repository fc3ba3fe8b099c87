package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/onlinemeetings/meeting-addon/store"
)

// viewshot saves a PNG of what the viewport shows (not the whole page) under
// artifacts/screenshots/, to show what stays in view after scrolling.
func viewshot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		png, err := chromedp.CaptureScreenshot()(ctx, t)
		if err != nil {
			return err
		}
		dir := filepath.Join("..", "artifacts", "screenshots")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
}

func eval[T any](ctx context.Context, t *testing.T, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// TestBrowserSettingsNavigation: on a desktop and on a phone the settings page has a section
// navigation that stays in view, shows each section's state, leads by plain anchors to every
// section; the template editors are folded; every save button sits in what it saves.
func TestBrowserSettingsNavigation(t *testing.T) {
	s := newSite(t)
	s.connectGoTo(t, "r-1", "raum1@example.org")
	if r := s.send(t, "resource.saved", admin, map[string]any{"resource": room("r-2", "raum2@example.org")}); r.Status != 200 {
		t.Fatalf("resource.saved: %d %s", r.Status, r.Raw)
	}
	bg := context.Background()
	za, err := s.store.CreateZoomAccount(bg, store.ZoomAccount{InstallationID: s.inst.ID, Name: "admin@example.org",
		AccountID: "zacc-1", ClientID: "Kq3vT8mZpR1wXy5aBc7d", ClientSecret: "Zs2sSecretValue0987654321abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.store.SetZoomTest(bg, s.inst.ID, za.ID, store.ZoomTest{At: time.Now(), OK: true, Message: "ok", MessageDE: "ok", Users: 3}); err != nil {
		t.Fatal(err)
	}

	for _, vp := range []struct {
		name          string
		width, height int64
		phone         bool
	}{{"desktop", 1280, 800, false}, {"phone", 390, 844, true}} {
		t.Run(vp.name, func(t *testing.T) {
			ctx := browser(t)
			opts := []chromedp.EmulateViewportOption{}
			if vp.phone {
				opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(3), chromedp.EmulatePortrait)
			}
			do(ctx, t, chromedp.EmulateViewport(vp.width, vp.height, opts...))
			load(ctx, t, 200, chromedp.Navigate(s.crm.LaunchURL(s.url+"/settings", admin, true)))

			// Every section is one link away, by a plain anchor (no script needed).
			links := eval[[]string](ctx, t, `Array.from(document.querySelectorAll("#section-nav a"), a => a.getAttribute("href"))`)
			want := []string{"#groups", "#runas", "#policy", "#meeting", "#templates", "#external", "#resources", "#pools", "#zoom"}
			if strings.Join(links, " ") != strings.Join(want, " ") {
				t.Errorf("nav links %v, want %v", links, want)
			}
			for _, l := range links {
				if !eval[bool](ctx, t, `document.getElementById("`+l[1:]+`") !== null`) {
					t.Errorf("nav link %s leads nowhere", l)
				}
			}
			for id, want := range map[string]string{
				"state-groups": "Alle Benutzer", "state-resources": "1 GoTo-Konto verbunden, 1 wartet",
				"state-zoom": "Zoom: Verbindung ok", "state-templates": "Standardtexte", "state-external": "URL freigeschaltet",
			} {
				if got := text(ctx, t, id); got != want {
					t.Errorf("#%s = %q, want %q", id, got, want)
				}
			}
			if pos := eval[string](ctx, t, `getComputedStyle(document.getElementById("section-nav")).position`); pos != "sticky" {
				t.Errorf("nav position = %q, want sticky", pos)
			}
			// The template editors are folded: their text areas take no room.
			if open := openEditors(ctx, t); len(open) != 0 {
				t.Errorf("unfolded editors: %v", open)
			}
			if n := eval[int](ctx, t, `document.querySelectorAll("details.template textarea").length`); n != 4 {
				t.Errorf("%d template editors, want 4", n)
			}
			if n := eval[int](ctx, t, `Array.from(document.querySelectorAll("details.template textarea")).filter(a => a.checkVisibility()).length`); n != 0 {
				t.Errorf("%d template text areas visible, want 0", n)
			}
			// With an account in place, the form for another one is folded too.
			if eval[bool](ctx, t, `document.getElementById("zoom-form-box").open`) {
				t.Error("the new Zoom account form is unfolded although an account exists")
			}
			// Every save button sits in the section (or editor) whose fields it saves.
			for button, container := range map[string]string{
				"save-groups": "groups", "save-runas": "runas", "save-policy": "policy", "save": "meeting",
				"tpl-gotomeeting-participant-save": "tpl-gotomeeting-participant", "tpl-zoom-host-save": "tpl-zoom-host",
				"regenerate": "external", "zoom-save": "zoom-form",
			} {
				if !eval[bool](ctx, t, `document.getElementById("`+container+`").contains(document.getElementById("`+button+`"))`) {
					t.Errorf("#%s is not inside #%s", button, container)
				}
			}
			// Nothing is wider than the screen (a phone would zoom the whole page out).
			if w := eval[int](ctx, t, `document.documentElement.scrollWidth`); w > int(vp.width) {
				t.Errorf("page is %d px wide on a %d px screen", w, vp.width)
			}
			height := eval[int](ctx, t, `document.documentElement.scrollHeight`)
			t.Logf("%s: page height %d px at %d px wide", vp.name, height, vp.width)
			do(ctx, t, shot("settings-nav-"+vp.name), viewshot("settings-nav-"+vp.name+"-top"),
				chromedp.Click(chromedp.ID("nav-templates")))
			waitTrue(ctx, t, `document.getElementById("templates").getBoundingClientRect().top < innerHeight / 2`)
			do(ctx, t, viewshot("settings-nav-"+vp.name+"-templates"))

			// Following a link scrolls there and the navigation stays in view.
			do(ctx, t, chromedp.Click(chromedp.ID("nav-zoom")))
			// A tap on a phone scrolls asynchronously: wait until the section is at the top.
			waitTrue(ctx, t, `document.getElementById("zoom").getBoundingClientRect().top < innerHeight / 2`)
			if hash := eval[string](ctx, t, `location.hash`); hash != "#zoom" {
				t.Errorf("after the Zoom link: location.hash = %q", hash)
			}
			if y := eval[float64](ctx, t, `window.scrollY`); y < 100 {
				t.Errorf("after the Zoom link the page is scrolled by %.0f px, want it at the Zoom section", y)
			}
			if top := eval[float64](ctx, t, `document.getElementById("section-nav").getBoundingClientRect().top`); top < -1 || top > 1 {
				t.Errorf("after scrolling the nav's top is at %.0f px, want 0 (in view)", top)
			}
			if top := eval[float64](ctx, t, `document.getElementById("zoom").getBoundingClientRect().top`); top < 0 || top > float64(vp.height)/2 {
				t.Errorf("the Zoom section's top is at %.0f px, want it in the upper half of the view", top)
			}
			// With script, the link of the section in view is marked.
			waitTrue(ctx, t, `document.getElementById("nav-zoom").getAttribute("aria-current") === "location"`)
			do(ctx, t, viewshot("settings-nav-"+vp.name+"-zoom"))
		})
	}
}

// waitTrue waits until the script's value is true, failing after 5 seconds.
func waitTrue(ctx context.Context, t *testing.T, js string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", js, err)
	}
}
