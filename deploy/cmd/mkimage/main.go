// Command mkimage writes the add-on's container image as a tarball (OCI layout plus
// `docker save` manifest) from a static binary, with no Docker daemon and no registry.
//
//	mkimage --binary bin/meeting-addon-linux --version v1.2.0 --out bin/meeting-addon-image.tar
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/onlinemeetings/meeting-addon/deploy/image"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mkimage:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("mkimage", flag.ContinueOnError)
	binary := fs.String("binary", "", "static linux binary of meeting-addon (CGO_ENABLED=0)")
	version := fs.String("version", "", "version label, as set in the binary (git describe)")
	revision := fs.String("revision", "", "commit id label (optional)")
	caCerts := fs.String("ca-certs", "/etc/ssl/certs/ca-certificates.crt", "PEM bundle of CA certificates to ship")
	arch := fs.String("arch", runtime.GOARCH, "GOARCH the binary was built for")
	out := fs.String("out", "bin/meeting-addon-image.tar", "tarball to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *binary == "" || *version == "" {
		return errors.New("--binary and --version are required")
	}
	// SOURCE_DATE_EPOCH (the Makefile passes the commit's time) makes rebuilds of one commit
	// byte-identical; without it the image is dated now.
	created := time.Now().UTC().Truncate(time.Second)
	if e := getenv("SOURCE_DATE_EPOCH"); e != "" {
		sec, err := strconv.ParseInt(e, 10, 64)
		if err != nil {
			return fmt.Errorf("SOURCE_DATE_EPOCH: %w", err)
		}
		created = time.Unix(sec, 0).UTC()
	}
	bin, err := os.ReadFile(*binary)
	if err != nil {
		return err
	}
	certs, err := os.ReadFile(*caCerts)
	if err != nil {
		return fmt.Errorf("CA certificates (install Debian's ca-certificates or pass --ca-certs): %w", err)
	}
	img, err := image.Build(image.Spec{Binary: bin, CACerts: certs, Version: *version, Revision: *revision, Created: created, Arch: *arch})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	// Write beside the target and rename, so an interrupted build leaves no half tarball.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".mkimage-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<20)
	tag := image.Tag(*version)
	if err := image.WriteArchive(bw, img, tag); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	digest, err := img.Digest()
	if err != nil {
		return err
	}
	st, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s:%s %s (%.1f MB; load with `docker load -i` or `podman load -i`)\n",
		*out, image.Repository, tag, digest, float64(st.Size())/1e6)
	return nil
}
