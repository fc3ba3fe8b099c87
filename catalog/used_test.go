package catalog

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// uses are the ways code names a key literally; a key that has no text would show itself.
var uses = []struct {
	re     *regexp.Regexp
	prefix string
	under  string // only in files under this directory
}{
	{regexp.MustCompile(`catalog\.(?:Error|Field|Invalid)\([^,]+, "([a-z0-9_.]+)"`), "", ""},
	{regexp.MustCompile(`catalog\.T\([^,]+, "([a-z0-9_.]+)"[,)]`), "", ""},
	{regexp.MustCompile(`\bsay\("([a-z0-9_.]+)"`), "", "zoomaccount"},
	{regexp.MustCompile(`Key: "([a-z0-9_.]+)"`), "", ""},
	{regexp.MustCompile(`\bc\.fail\([^,]+, "([a-z0-9_]+)"`), "hooks.field.", "hooks"},
	{regexp.MustCompile(`\btext\([^,()]+, "([a-z0-9_]+)"`), "meeting.", "meeting"},
	{regexp.MustCompile(`\btext\([^,()]+, "([a-z0-9_]+)"`), "resources.", "resources"},
	{regexp.MustCompile(`\btr\([^,()]+, "([a-z0-9_]+)"`), "web.", "web"},
}

func TestKeysUsedInCodeExist(t *testing.T) {
	root := ".."
	seen := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "artifacts") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, u := range uses {
			if u.under != "" && !strings.HasPrefix(rel, u.under+string(filepath.Separator)) {
				continue
			}
			for _, m := range u.re.FindAllStringSubmatch(string(src), -1) {
				key := u.prefix + m[1]
				if strings.HasSuffix(key, ".") || strings.HasSuffix(key, "_") {
					continue // the start of a key completed at run time
				}
				seen++
				if !Has(key) {
					t.Errorf("%s uses key %q, which the catalog lacks", rel, key)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 150 {
		t.Errorf("found only %d uses of keys; the patterns no longer match the code", seen)
	}
	t.Logf("%d uses of keys checked", seen)
}
