package web

import (
	"io/fs"
	"regexp"
	"testing"
)

// TestMessagesComplete fails when a text exists in one language only, or when a template
// uses a key that has no text.
func TestMessagesComplete(t *testing.T) {
	for _, tc := range []struct{ lang, other string }{{"de", "en"}, {"en", "de"}} {
		t.Run(tc.lang, func(t *testing.T) {
			for k := range messages[tc.lang] {
				if _, ok := messages[tc.other][k]; !ok {
					t.Errorf("key %q has a %s text but no %s text", k, tc.lang, tc.other)
				}
			}
		})
	}
	used := regexp.MustCompile(`t \$?[.A-Za-z]+ "([a-z_]+)"`)
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := fs.ReadFile(templateFS, path)
		if err != nil {
			return err
		}
		for _, m := range used.FindAllStringSubmatch(string(raw), -1) {
			if _, ok := messages["de"][m[1]]; !ok {
				t.Errorf("%s uses key %q, which has no text", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestValidationTextTranslatesSettingsErrors(t *testing.T) {
	for _, tc := range []struct{ lang, in, want string }{
		{"de", `"all" and "none" contradict each other; choose one`, "Alle und Keine widersprechen sich; wählen Sie eins von beiden."},
		{"en", `"all" and "none" contradict each other; choose one`, "All and None contradict each other; choose one."},
		{"en", "at most 200 characters", "At most 200 characters"},
	} {
		if got := validationText(tc.lang, tc.in); got != tc.want {
			t.Errorf("validationText(%s, %q) = %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
}
