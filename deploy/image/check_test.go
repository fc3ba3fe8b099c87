package image

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/validate"
)

// file is one entry of an image's flattened file system.
type file struct {
	hdr      *tar.Header
	contents []byte
}

// readArchive reads the tarball both ways a tool would: as an OCI image layout (index.json →
// manifest → config and layers, every blob checked against its digest) and as `docker load`
// does (manifest.json), and checks that both find the same config and layers. It returns the
// OCI image.
func readArchive(t *testing.T, archive string, wantTag string) v1.Image {
	t.Helper()
	dir := t.TempDir()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(h.Name))
		if !strings.HasPrefix(p, dir+string(filepath.Separator)) {
			t.Fatalf("entry %q leaves the archive", h.Name)
		}
		if h.Typeflag == tar.TypeDir {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "oci-layout")); string(b) != `{"imageLayoutVersion":"1.0.0"}` {
		t.Errorf("oci-layout: got %q", b)
	}
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatalf("reading the OCI layout: %v", err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Manifests) != 1 {
		t.Fatalf("index.json: got %d manifests, want 1", len(im.Manifests))
	}
	desc := im.Manifests[0]
	if got := desc.Annotations["org.opencontainers.image.ref.name"]; got != wantTag {
		t.Errorf("index.json ref.name: got %q, want %q", got, wantTag)
	}
	if got, want := desc.Annotations["io.containerd.image.name"], Repository+":"+wantTag; got != want {
		t.Errorf("index.json io.containerd.image.name: got %q, want %q", got, want)
	}
	img, err := idx.Image(desc.Digest)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate.Image(img); err != nil {
		t.Errorf("OCI image does not match its digests: %v", err)
	}

	docker, err := tarball.ImageFromPath(archive, nil)
	if err != nil {
		t.Fatalf("reading %s as docker archive: %v", archive, err)
	}
	if err := validate.Image(docker); err != nil {
		t.Errorf("docker archive's image does not match its digests: %v", err)
	}
	if got, want := digests(t, docker), digests(t, img); !slices.Equal(got, want) {
		t.Errorf("manifest.json names config and layers %v, index.json %v", got, want)
	}
	return img
}

// digests lists an image's config digest and layer digests.
func digests(t *testing.T, img v1.Image) []string {
	t.Helper()
	c, err := img.ConfigName()
	if err != nil {
		t.Fatal(err)
	}
	out := []string{c.String()}
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layers {
		d, err := l.Digest()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d.String())
	}
	return out
}

// checkConfig checks what makes the image run as intended: non-root user, entrypoint, the
// version label and the environment that puts the database into the state directory.
func checkConfig(t *testing.T, img v1.Image, wantVersion, wantArch string) {
	t.Helper()
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cf.Config
	if c.User != User || c.User == "" || c.User == "0" || c.User == "root" {
		t.Errorf("User: got %q, want %q (non-root)", c.User, User)
	}
	if want := []string{BinaryPath}; !slices.Equal(c.Entrypoint, want) {
		t.Errorf("Entrypoint: got %q, want %q", c.Entrypoint, want)
	}
	if want := []string{"serve"}; !slices.Equal(c.Cmd, want) {
		t.Errorf("Cmd: got %q, want %q", c.Cmd, want)
	}
	if got := c.Labels[LabelVersion]; got != wantVersion {
		t.Errorf("label %s: got %q, want %q", LabelVersion, got, wantVersion)
	}
	if got := c.Labels[LabelCreated]; got == "" {
		t.Errorf("label %s missing", LabelCreated)
	}
	for _, want := range []string{"ADDON_LISTEN=:8080", "ADDON_DATABASE=sqlite:" + StateDir + "/meeting-addon.db"} {
		if !slices.Contains(c.Env, want) {
			t.Errorf("Env %q lacks %q", c.Env, want)
		}
	}
	if c.WorkingDir != StateDir {
		t.Errorf("WorkingDir: got %q, want %q", c.WorkingDir, StateDir)
	}
	if _, ok := c.ExposedPorts[Port]; !ok {
		t.Errorf("ExposedPorts %v lacks %s", c.ExposedPorts, Port)
	}
	if cf.OS != "linux" || cf.Architecture != wantArch {
		t.Errorf("platform: got %s/%s, want linux/%s", cf.OS, cf.Architecture, wantArch)
	}
}

// files returns the image's flattened file system by path (no leading slash).
func files(t *testing.T, img v1.Image) map[string]file {
	t.Helper()
	rc := mutate.Extract(img)
	defer rc.Close()
	out := map[string]file{}
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Clean(h.Name)] = file{hdr: h, contents: b}
	}
}

// checkFiles checks ownership and modes: root owns the binary (the user cannot replace it),
// the user owns only its state directory.
func checkFiles(t *testing.T, fs map[string]file) {
	t.Helper()
	for _, tc := range []struct {
		path  string
		mode  int64
		owner int
		dir   bool
	}{
		{path: BinaryPath[1:], mode: 0o755},
		{path: CACerts[1:], mode: 0o644},
		{path: "etc/passwd", mode: 0o644},
		{path: StateDir[1:], mode: 0o700, owner: uid, dir: true},
		{path: "tmp", mode: 0o1777, dir: true},
	} {
		f, ok := fs[tc.path]
		if !ok {
			t.Errorf("%s missing", tc.path)
			continue
		}
		if f.hdr.Mode != tc.mode || f.hdr.Uid != tc.owner || f.hdr.Gid != tc.owner || (f.hdr.Typeflag == tar.TypeDir) != tc.dir {
			t.Errorf("%s: got mode %o owner %d:%d dir %v, want mode %o owner %d:%d dir %v", tc.path,
				f.hdr.Mode, f.hdr.Uid, f.hdr.Gid, f.hdr.Typeflag == tar.TypeDir, tc.mode, tc.owner, tc.owner, tc.dir)
		}
	}
	if !bytes.Contains(fs["etc/passwd"].contents, []byte("nonroot:x:65532:65532:")) {
		t.Errorf("etc/passwd lacks the nonroot user:\n%s", fs["etc/passwd"].contents)
	}
}
