package image

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func testSpec() Spec {
	return Spec{
		Binary:   []byte("\x7fELF not really a binary"),
		CACerts:  []byte("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"),
		Version:  "v1.4.0-3-g0123abc-dirty",
		Revision: "0123abc",
		Created:  time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC),
		Arch:     "amd64",
	}
}

func writeTestArchive(t *testing.T, s Spec) (string, []byte) {
	t.Helper()
	img, err := Build(s)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteArchive(&buf, img, Tag(s.Version)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "image.tar")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, buf.Bytes()
}

func TestBuild(t *testing.T) {
	s := testSpec()
	p, _ := writeTestArchive(t, s)
	img := readArchive(t, p, Tag(s.Version))
	checkConfig(t, img, s.Version, s.Arch)
	fs := files(t, img)
	checkFiles(t, fs)
	if got := fs[BinaryPath[1:]].contents; !bytes.Equal(got, s.Binary) {
		t.Errorf("binary: got %q, want %q", got, s.Binary)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if got := cf.Config.Labels[LabelRevision]; got != s.Revision {
		t.Errorf("label %s: got %q, want %q", LabelRevision, got, s.Revision)
	}
	if got, want := cf.Config.Labels[LabelCreated], "2026-12-06T03:00:00Z"; got != want {
		t.Errorf("label %s: got %q, want %q", LabelCreated, got, want)
	}
}

// Two builds of one commit must be the same bytes, so a rebuild does not look like a release.
func TestBuildIsReproducible(t *testing.T) {
	_, a := writeTestArchive(t, testSpec())
	_, b := writeTestArchive(t, testSpec())
	if !bytes.Equal(a, b) {
		t.Errorf("two builds of one spec differ (%d and %d bytes)", len(a), len(b))
	}
}

func TestBuildRefusesIncompleteSpec(t *testing.T) {
	for _, tc := range []struct {
		name  string
		clear func(*Spec)
	}{
		{"no binary", func(s *Spec) { s.Binary = nil }},
		{"no CA certificates", func(s *Spec) { s.CACerts = nil }},
		{"no version", func(s *Spec) { s.Version = "" }},
		{"no architecture", func(s *Spec) { s.Arch = "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := testSpec()
			tc.clear(&s)
			if _, err := Build(s); err == nil {
				t.Error("got no error")
			}
		})
	}
}

func TestTag(t *testing.T) {
	for _, tc := range []struct{ version, want string }{
		{"v1.2.3", "v1.2.3"},
		{"v1.2.3-4-gabcdef0-dirty", "v1.2.3-4-gabcdef0-dirty"},
		{"abcdef0", "abcdef0"},
		{"v1.0.0+build.5", "v1.0.0-build.5"},
		{"release/2026", "release-2026"},
		{"-x", "v-x"},
		{"dev", "dev"},
	} {
		t.Run(tc.version, func(t *testing.T) {
			if got := Tag(tc.version); got != tc.want {
				t.Errorf("Tag(%q): got %q, want %q", tc.version, got, tc.want)
			}
		})
	}
}
