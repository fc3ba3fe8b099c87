// Package image builds the add-on's container image without a Docker daemon or a registry:
// one layer holding the static binary, CA certificates and a non-root user on an empty base,
// written as one tarball that is both an OCI image layout and a `docker save` archive.
package image

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Where things live inside the image. The binary's path matches the systemd unit's.
const (
	BinaryPath = "/usr/local/bin/meeting-addon"
	StateDir   = "/var/lib/meeting-addon"
	CACerts    = "/etc/ssl/certs/ca-certificates.crt"
	// User is distroless's "nonroot": no root inside the container, and a number that matches
	// no account on a typical host.
	User = "65532:65532"
	uid  = 65532
	Port = "8080/tcp"
)

// Label keys from the OCI image spec's annotations.
const (
	LabelVersion  = "org.opencontainers.image.version"
	LabelRevision = "org.opencontainers.image.revision"
	LabelCreated  = "org.opencontainers.image.created"
	LabelTitle    = "org.opencontainers.image.title"
)

// Spec is what goes into the image.
type Spec struct {
	Binary   []byte    // the static linux binary (CGO_ENABLED=0)
	CACerts  []byte    // a PEM bundle; the add-on calls GoTo and Zoom over HTTPS
	Version  string    // the binary's version, also the label org.opencontainers.image.version
	Revision string    // the commit, optional
	Created  time.Time // also every file's mtime, so that a rebuild of one commit is identical
	Arch     string    // GOARCH of the binary, e.g. amd64
}

// Build returns the image: an empty base, one layer, and a config that runs the binary's
// `serve` as the non-root user with its SQLite database in the state directory.
func Build(s Spec) (v1.Image, error) {
	if len(s.Binary) == 0 || len(s.CACerts) == 0 || s.Version == "" || s.Arch == "" {
		return nil, errors.New("image: binary, CA certificates, version and architecture are required")
	}
	rootfs, err := rootFS(s)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(rootfs)), nil
	}, tarball.WithMediaType(types.OCILayer), tarball.WithCompressionLevel(gzip.BestCompression), tarball.WithCompressedCaching)
	if err != nil {
		return nil, fmt.Errorf("image: layer: %w", err)
	}
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.Append(base, mutate.Addendum{
		Layer: layer,
		History: v1.History{
			Created:   v1.Time{Time: s.Created},
			CreatedBy: "make image (deploy/cmd/mkimage)",
			Comment:   "meeting-addon " + s.Version,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("image: append layer: %w", err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.Architecture = s.Arch
	cf.OS = "linux"
	cf.Created = v1.Time{Time: s.Created}
	cf.Config = config(s)
	return mutate.ConfigFile(img, cf)
}

func config(s Spec) v1.Config {
	labels := map[string]string{
		LabelVersion:                           s.Version,
		LabelCreated:                           s.Created.UTC().Format(time.RFC3339),
		LabelTitle:                             "meeting-addon",
		"org.opencontainers.image.description": "CRM add-on for online meetings (GoToMeeting, Zoom)",
	}
	if s.Revision != "" {
		labels[LabelRevision] = s.Revision
	}
	return v1.Config{
		User:       User,
		Entrypoint: []string{BinaryPath},
		Cmd:        []string{"serve"},
		WorkingDir: StateDir,
		Env: []string{
			"PATH=/usr/local/bin:/usr/bin:/bin",
			// In a container the add-on must listen on every interface; the README's default
			// (127.0.0.1) would be unreachable from outside.
			"ADDON_LISTEN=:8080",
			"ADDON_DATABASE=sqlite:" + StateDir + "/meeting-addon.db",
		},
		ExposedPorts: map[string]struct{}{Port: {}},
		Volumes:      map[string]struct{}{StateDir: {}},
		Labels:       labels,
		StopSignal:   "SIGTERM",
	}
}

// rootFS is the layer's tar: the few files a static Go binary needs at run time.
func rootFS(s Spec) ([]byte, error) {
	type entry struct {
		name     string
		mode     int64
		owner    int
		contents []byte // nil for a directory
	}
	passwd := fmt.Sprintf("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%d:%d:nonroot:%s:/sbin/nologin\n", uid, uid, StateDir)
	group := fmt.Sprintf("root:x:0:\nnonroot:x:%d:\n", uid)
	entries := []entry{
		{name: "etc/", mode: 0o755},
		{name: "etc/group", mode: 0o644, contents: []byte(group)},
		{name: "etc/nsswitch.conf", mode: 0o644, contents: []byte("hosts: files dns\n")},
		{name: "etc/passwd", mode: 0o644, contents: []byte(passwd)},
		{name: "etc/ssl/", mode: 0o755},
		{name: "etc/ssl/certs/", mode: 0o755},
		{name: CACerts[1:], mode: 0o644, contents: s.CACerts},
		{name: "tmp/", mode: 0o1777},
		{name: "usr/", mode: 0o755},
		{name: "usr/local/", mode: 0o755},
		{name: "usr/local/bin/", mode: 0o755},
		{name: BinaryPath[1:], mode: 0o755, contents: s.Binary},
		{name: "var/", mode: 0o755},
		{name: "var/lib/", mode: 0o755},
		{name: StateDir[1:] + "/", mode: 0o700, owner: uid},
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{
			Name: e.name, Mode: e.mode, Uid: e.owner, Gid: e.owner,
			ModTime: s.Created, Format: tar.FormatPAX,
		}
		if e.contents == nil {
			h.Typeflag = tar.TypeDir
		} else {
			h.Typeflag = tar.TypeReg
			h.Size = int64(len(e.contents))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(e.contents); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
