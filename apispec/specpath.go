package apispec

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FindSpec returns the path of the vendor description name in the shared specs folder: the
// directory ../shared/specs beside the module root (the nearest directory above the working
// directory holding go.mod). The vendor files are not ours to ship, so they live outside the
// repository.
func FindSpec(name string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("apispec: no go.mod above the working directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "specs", name)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("apispec: %w", err)
	}
	return filepath.Clean(p), nil
}

// SpecPath is FindSpec for tests: it skips the test when the file is absent, since checkouts
// without the shared folder must still be able to run the rest of the suite.
func SpecPath(t testing.TB, name string) string {
	t.Helper()
	p, err := FindSpec(name)
	if err != nil {
		t.Skipf("vendor spec %s not found: request validation against the vendor spec skipped (%v)", name, err)
	}
	return p
}

// ForTest loads the named shared spec for a test, skipping when it is absent and failing the
// test when it does not load.
func ForTest(t testing.TB, name string) *Validator {
	t.Helper()
	v, err := Load(SpecPath(t, name))
	if err != nil {
		t.Fatalf("load vendor spec: %v", err)
	}
	return v
}
