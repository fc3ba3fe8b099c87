package meeting

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// Every message the package adds has a text in both languages: a missing one would show the
// user its bare key.
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
			tx, ok := texts[m[1]]
			if !ok || tx[0] == "" || tx[1] == "" {
				t.Errorf("%s: message %q has no German and English text", f, m[1])
			}
		}
	}
	if seen < 10 {
		t.Errorf("found only %d text calls; the pattern no longer matches the code", seen)
	}
}
