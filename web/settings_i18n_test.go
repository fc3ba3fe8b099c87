package web

import (
	"io/fs"
	"regexp"
	"testing"

	"github.com/onlinemeetings/meeting-addon/catalog"
)

// TestMessagesComplete fails when a template uses a key that has no text (package catalog's
// test checks that every key has every language).
func TestMessagesComplete(t *testing.T) {
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
			if !catalog.Has("web." + m[1]) {
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
