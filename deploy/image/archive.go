package image

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Repository is the name the archive tags the image with (meeting-addon:<version>).
const Repository = "meeting-addon"

var badTagChars = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// Tag turns a version (git describe's output) into a valid image tag.
func Tag(version string) string {
	t := badTagChars.ReplaceAllString(version, "-")
	if t == "" || strings.HasPrefix(t, ".") || strings.HasPrefix(t, "-") {
		t = "v" + t
	}
	if len(t) > 128 {
		t = t[:128]
	}
	return t
}

// dockerManifest is one entry of `docker save`'s manifest.json.
type dockerManifest struct {
	Config   string
	RepoTags []string
	Layers   []string
}

// WriteArchive writes img as one tar that is an OCI image layout (oci-layout, index.json,
// blobs/sha256/…) and also carries `docker save`'s manifest.json pointing into the same blobs,
// the way Docker 25 and later save images. So `docker load`, `podman load`,
// `skopeo copy oci-archive:…` and crane all read it without a conversion step.
func WriteArchive(w io.Writer, img v1.Image, tag string) error {
	cf, err := img.ConfigFile()
	if err != nil {
		return err
	}
	mtime := cf.Created.Time
	rawManifest, err := img.RawManifest()
	if err != nil {
		return err
	}
	rawConfig, err := img.RawConfigFile()
	if err != nil {
		return err
	}
	manifestDigest, err := img.Digest()
	if err != nil {
		return err
	}
	configDigest, err := img.ConfigName()
	if err != nil {
		return err
	}
	mediaType, err := img.MediaType()
	if err != nil {
		return err
	}
	layers, err := img.Layers()
	if err != nil {
		return err
	}

	ref := Repository + ":" + tag
	index := v1.IndexManifest{
		SchemaVersion: 2,
		MediaType:     types.OCIImageIndex,
		Manifests: []v1.Descriptor{{
			MediaType: mediaType,
			Digest:    manifestDigest,
			Size:      int64(len(rawManifest)),
			Annotations: map[string]string{
				"org.opencontainers.image.ref.name": tag,
				"io.containerd.image.name":          ref,
			},
		}},
	}
	dm := []dockerManifest{{Config: blobPath(configDigest), RepoTags: []string{ref}}}
	for _, l := range layers {
		d, err := l.Digest()
		if err != nil {
			return err
		}
		dm[0].Layers = append(dm[0].Layers, blobPath(d))
	}
	rawIndex, err := json.Marshal(index)
	if err != nil {
		return err
	}
	rawDocker, err := json.Marshal(dm)
	if err != nil {
		return err
	}

	tw := tar.NewWriter(w)
	dir := func(name string) error {
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: 0o755, ModTime: mtime, Format: tar.FormatPAX})
	}
	file := func(name string, size int64, r io.Reader) error {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: size, ModTime: mtime, Format: tar.FormatPAX}); err != nil {
			return err
		}
		n, err := io.Copy(tw, r)
		if err == nil && n != size {
			err = fmt.Errorf("%s: wrote %d bytes, want %d", name, n, size)
		}
		return err
	}
	small := func(name string, b []byte) error { return file(name, int64(len(b)), bytes.NewReader(b)) }

	if err := small("oci-layout", []byte(`{"imageLayoutVersion":"1.0.0"}`)); err != nil {
		return err
	}
	if err := small("index.json", rawIndex); err != nil {
		return err
	}
	if err := small("manifest.json", rawDocker); err != nil {
		return err
	}
	if err := dir("blobs/"); err != nil {
		return err
	}
	if err := dir("blobs/sha256/"); err != nil {
		return err
	}
	if err := small(blobPath(manifestDigest), rawManifest); err != nil {
		return err
	}
	if err := small(blobPath(configDigest), rawConfig); err != nil {
		return err
	}
	for _, l := range layers {
		if err := writeLayer(l, file); err != nil {
			return err
		}
	}
	return tw.Close()
}

func writeLayer(l v1.Layer, file func(string, int64, io.Reader) error) error {
	d, err := l.Digest()
	if err != nil {
		return err
	}
	size, err := l.Size()
	if err != nil {
		return err
	}
	rc, err := l.Compressed()
	if err != nil {
		return err
	}
	defer rc.Close()
	return file(blobPath(d), size, rc)
}

func blobPath(h v1.Hash) string { return "blobs/" + h.Algorithm + "/" + h.Hex }
