package meeting

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/onlinemeetings/meeting-addon/catalog"
)

// Every message the package adds has a text in the catalog: a missing one would show the user
// its bare key (package catalog's test checks that every key has every language).
func TestEveryMessageHasText(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\btext\([^,()]+, "([a-z0-9_]+)"`)
	seen := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			seen++
			if !catalog.Has("meeting." + m[1]) {
				t.Errorf("%s: message %q has no text in the catalog", f, m[1])
			}
		}
	}
	if seen < 10 {
		t.Errorf("found only %d text calls; the pattern no longer matches the code", seen)
	}
}
