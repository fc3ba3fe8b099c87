package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

func TestTemplates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		st := storetest.Open(t, kind, nil)
		ctx := context.Background()
		get := func(provider, audience, locale string) string {
			t.Helper()
			s, err := st.Template(ctx, "i-1", provider, audience, locale)
			if err != nil {
				t.Fatalf("Template(%s, %s, %s): %v", provider, audience, locale, err)
			}
			return s
		}
		if got := get(addon.ProviderGoTo, "participant", "de"); got != "" {
			t.Errorf("before saving: %q, want \"\" (the default)", got)
		}
		for _, text := range []string{"Link: <WEBIN_LINK>\n", "Beitreten: {link}\n"} { // insert, then update
			if err := st.SetTemplate(ctx, "i-1", addon.ProviderGoTo, "participant", "de", text); err != nil {
				t.Fatal(err)
			}
			if got := get(addon.ProviderGoTo, "participant", "de"); got != text {
				t.Errorf("got %q, want %q", got, text)
			}
		}
		for _, other := range [][3]string{{addon.ProviderZoom, "participant", "de"}, {addon.ProviderGoTo, "host", "de"}, {addon.ProviderGoTo, "participant", "en"}} {
			if got := get(other[0], other[1], other[2]); got != "" {
				t.Errorf("%v: %q, want the default", other, got)
			}
		}
		if got, _ := st.Template(ctx, "i-2", addon.ProviderGoTo, "participant", "de"); got != "" {
			t.Errorf("another installation sees %q", got)
		}
		err := st.SetTemplate(ctx, "i-1", addon.ProviderGoTo, "participant", "de", "Link: <WEBIN_LNK>")
		if addon.ErrorCode(err) != addon.EINVALID || !strings.Contains(addon.ErrorMessage(err)+errDetail(err), "<WEBIN_LNK>") {
			t.Errorf("unknown variable: %v, want EINVALID naming it", err)
		}
		if err := st.SetTemplate(ctx, "i-1", addon.ProviderGoTo, "participant", "de", strings.Repeat("x", 10001)); addon.ErrorCode(err) != addon.EINVALID {
			t.Errorf("10,001 bytes: %v, want EINVALID", err)
		}
		if err := st.SetTemplate(ctx, "i-1", "webex", "participant", "de", "x"); addon.ErrorCode(err) != addon.EINVALID {
			t.Errorf("unknown provider: %v, want EINVALID", err)
		}
		if err := st.SetTemplate(ctx, "i-1", addon.ProviderGoTo, "participant", "de", " \n"); err != nil {
			t.Fatal(err)
		}
		if got := get(addon.ProviderGoTo, "participant", "de"); got != "" {
			t.Errorf("after reset: %q, want the default", got)
		}
	})
}

func errDetail(err error) string {
	var b strings.Builder
	if ae, ok := err.(*addon.Error); ok {
		for _, d := range ae.Details {
			b.WriteString(d.Message)
		}
	}
	return b.String()
}

func TestStartTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
		st := storetest.Open(t, kind, func() time.Time { return now })
		ctx := context.Background()
		g := store.StartGrant{InstallationID: "i-1", Ref: "ref-1", UserID: "u-1"}
		tok, err := st.NewStartToken(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.UseStartToken(ctx, tok, "ref-2"); addon.ErrorCode(err) != addon.EUNAUTHORIZED {
			t.Errorf("other meeting: %v, want EUNAUTHORIZED", err)
		}
		tok, _ = st.NewStartToken(ctx, g) // the wrong-meeting attempt used up the first
		got, err := st.UseStartToken(ctx, tok, "ref-1")
		if err != nil || got != g {
			t.Fatalf("first use: %+v, %v; want %+v", got, err, g)
		}
		if _, err := st.UseStartToken(ctx, tok, "ref-1"); addon.ErrorCode(err) != addon.EUNAUTHORIZED {
			t.Errorf("second use: %v, want EUNAUTHORIZED", err)
		}
		tok, _ = st.NewStartToken(ctx, g)
		now = now.Add(store.StartTokenTTL + time.Second)
		if _, err := st.UseStartToken(ctx, tok, "ref-1"); addon.ErrorCode(err) != addon.EUNAUTHORIZED {
			t.Errorf("expired: %v, want EUNAUTHORIZED", err)
		}
	})
}
