package catalog

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// verb matches fmt's verbs, with an explicit argument index where there is one.
var verb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// placeholders returns a format's arguments as "index:verb", sorted: two languages must use
// the same arguments the same way, in whatever order their sentences need.
func placeholders(format string) []string {
	var out []string
	n := 0
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			n, _ = strconv.Atoi(m[1])
		} else {
			n++
		}
		out = append(out, strconv.Itoa(n)+":"+m[2])
	}
	slices.Sort(out)
	return out
}

func TestEveryKeyInEveryLanguage(t *testing.T) {
	all, err := load(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 2 {
		t.Fatalf("%d languages, want de and en at least", len(all))
	}
	keys := map[string]bool{}
	for _, m := range all {
		for k := range m {
			keys[k] = true
		}
	}
	for k := range keys {
		want := placeholders(all[Default][k])
		for lang, m := range all {
			f, ok := m[k]
			if !ok {
				t.Errorf("%s.json lacks %q", lang, k)
				continue
			}
			if f == "" {
				t.Errorf("%s.json: %q is empty", lang, k)
			}
			if got := placeholders(f); !slices.Equal(got, want) {
				t.Errorf("%s.json: %q has placeholders %v, %s.json has %v", lang, k, got, Default, want)
			}
		}
	}
	t.Logf("%d keys in %d languages", len(keys), len(all))
}

func TestPlaceholders(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"plain", nil},
		{"%s and %d%%", []string{"1:s", "2:d"}},
		{"%[2]s vor %[1]q", []string{"1:q", "2:s"}},
		{"%-5.2f", []string{"1:f"}},
	} {
		if got := placeholders(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("placeholders(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestLang(t *testing.T) {
	for in, want := range map[string]string{
		"": "de", "de": "de", "de-AT": "de", "en": "en", "en-GB": "en", "en_US": "en", "EN": "en",
		"fr": "de", "xx-invalid-!": "de",
	} {
		if got := Lang(in); got != want {
			t.Errorf("Lang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestT(t *testing.T) {
	texts["de"]["test.only_de"] = "nur %s"
	t.Cleanup(func() { delete(texts["de"], "test.only_de") })
	for _, tc := range []struct{ locale, key, want string }{
		{"en", "addon.throttled", "Zoom is limiting requests right now; the CRM sends the save again shortly. If this message stays, save the appointment again in a few minutes"},
		{"fr", "addon.throttled", "Zoom begrenzt gerade die Anfragen; das CRM sendet die Speicherung gleich erneut. Bleibt diese Meldung, speichern Sie den Termin in einigen Minuten erneut"},
		{"en", "test.only_de", "nur Zoom"},
		{"en", "no.such.key", "no.such.key"},
	} {
		if got := T(tc.locale, tc.key, "Zoom"); got != tc.want {
			t.Errorf("T(%q, %q) = %q, want %q", tc.locale, tc.key, got, tc.want)
		}
	}
}

func TestErrorIn(t *testing.T) {
	inner := Error(addon.EINVALID, "zoom.passcode_rules_unmet", "x")
	outer := Error(addon.EINVALID, "zoom.alternative_host_error", "h@example.org", inner)
	if got, want := outer.Message, "alternative host h@example.org: the passcode rules of the Zoom account cannot be met: x"; got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
	wrapped := fmt.Errorf("save: %w", outer)
	if got, want := ErrorIn("de", wrapped), "alternativer Host h@example.org: die Kenncode-Regeln des Zoom-Kontos sind nicht erfüllbar: x"; got != want {
		t.Errorf("German = %q, want %q", got, want)
	}
	if got, want := ErrorIn("de", &addon.Error{Code: addon.EINVALID, Message: "for programs"}), "for programs"; got != want {
		t.Errorf("keyless = %q, want %q", got, want)
	}
	if got, want := ErrorIn("de", errors.New("boom")), "Interner Fehler."; got != want {
		t.Errorf("internal = %q, want %q", got, want)
	}
}

func TestAccept(t *testing.T) {
	for in, want := range map[string]string{
		"": "de", "de-DE,de;q=0.9,en;q=0.8": "de", "en-US,en;q=0.9": "en", "fr-FR, en;q=0.5": "en",
		"fr": "de", "*": "de", "garbage;;": "de",
	} {
		if got := Accept(in); got != want {
			t.Errorf("Accept(%q) = %q, want %q", in, got, want)
		}
	}
}
