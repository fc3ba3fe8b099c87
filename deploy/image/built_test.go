package image

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/rand"
	"debug/buildinfo"
	"debug/elf"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// TestBuiltImage checks the tarball `make image` wrote (make image-check; CI runs it): the config,
// a static binary that reports the labelled version, and, as root on a matching architecture,
// the image's file system run the way a container runtime would (chroot, user 65532, the
// image's environment and working directory): migrate, then serve answering /readyz and
// /metrics. Without ADDON_TEST_IMAGE it is skipped.
func TestBuiltImage(t *testing.T) {
	archive := os.Getenv("ADDON_TEST_IMAGE")
	if archive == "" {
		t.Skip("ADDON_TEST_IMAGE is unset; run make image image-check")
	}
	version := os.Getenv("ADDON_TEST_IMAGE_VERSION")
	if version == "" {
		t.Fatal("ADDON_TEST_IMAGE_VERSION must name the version the image was built with")
	}
	img := readArchive(t, archive, Tag(version))
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	checkConfig(t, img, version, cf.Architecture)
	if st, err := os.Stat(archive); err == nil {
		t.Logf("%s: %.1f MB, linux/%s, user %s, entrypoint %q %q, %s=%s", filepath.Base(archive), float64(st.Size())/1e6,
			cf.Architecture, cf.Config.User, cf.Config.Entrypoint, cf.Config.Cmd, LabelVersion, cf.Config.Labels[LabelVersion])
	}
	fs := files(t, img)
	checkFiles(t, fs)

	root := t.TempDir()
	unpack(t, root, fs)
	bin := filepath.Join(root, BinaryPath)
	checkStatic(t, bin)
	if cf.Architecture != runtime.GOARCH {
		t.Skipf("image is for %s, this machine %s: not running it", cf.Architecture, runtime.GOARCH)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if got := strings.TrimSpace(string(out)); err != nil || got != version {
		t.Errorf("meeting-addon version: got %q (%v), want %q", got, err, version)
	} else {
		t.Logf("meeting-addon version: %s", got)
	}
	if os.Geteuid() != 0 {
		t.Skip("not root: cannot chroot into the image's file system")
	}
	runAsContainer(t, root, cf.Config)
}

// checkStatic checks the binary needs no dynamic loader, as an image without libc requires, and
// carries the time zone database (time zones arrive in every appointment).
func checkStatic(t *testing.T, bin string) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("binary is no ELF file: %v", err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("binary has a PT_INTERP header: it is dynamically linked (build with CGO_ENABLED=0)")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("binary needs shared libraries %v", libs)
	}
	bi, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if settings["CGO_ENABLED"] != "0" {
		t.Errorf("CGO_ENABLED: got %q, want 0", settings["CGO_ENABLED"])
	}
	if !strings.Contains(","+settings["-tags"]+",", ",timetzdata,") {
		t.Errorf("build tags %q lack timetzdata: the image has no /usr/share/zoneinfo", settings["-tags"])
	}
}

// unpack writes the image's files under root with their modes and owners.
func unpack(t *testing.T, root string, fs map[string]file) {
	t.Helper()
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	asRoot := os.Geteuid() == 0
	// Directories first, in path order, so that parents exist; files after.
	for _, dirs := range []bool{true, false} {
		for name, f := range fs {
			isDir := f.hdr.Typeflag == tar.TypeDir
			if isDir != dirs {
				continue
			}
			p := filepath.Join(root, name)
			mode := os.FileMode(f.hdr.Mode & 0o777)
			if f.hdr.Mode&0o1000 != 0 {
				mode |= os.ModeSticky
			}
			var err error
			if isDir {
				err = os.MkdirAll(p, 0o755)
			} else {
				err = os.WriteFile(p, f.contents, 0o600)
			}
			if err == nil {
				err = os.Chmod(p, mode)
			}
			if err == nil && asRoot {
				err = os.Lchown(p, f.hdr.Uid, f.hdr.Gid)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

// runAsContainer runs the binary in root as the image's user with the image's environment.
func runAsContainer(t *testing.T, root string, c v1.Config) {
	t.Helper()
	var uid, gid uint32
	if _, err := fmt.Sscanf(c.User, "%d:%d", &uid, &gid); err != nil {
		t.Fatalf("User %q: %v", c.User, err)
	}
	key := make([]byte, 32)
	rand.Read(key)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	env := append(append([]string{}, c.Env...), "ADDON_ENCRYPTION_KEY="+base64.StdEncoding.EncodeToString(key), "ADDON_LISTEN="+addr)
	command := func(ctx context.Context, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, c.Entrypoint[0], args...)
		cmd.Env = env
		cmd.Dir = c.WorkingDir
		cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: root, Credential: &syscall.Credential{Uid: uid, Gid: gid}}
		return cmd
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := command(ctx, "migrate").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "schema up to date") {
		t.Fatalf("migrate as %s in the image: %v\n%s", c.User, err, out)
	}
	db, err := os.Stat(filepath.Join(root, StateDir, "meeting-addon.db"))
	if err != nil {
		t.Fatalf("migrate left no database in %s: %v", StateDir, err)
	}
	if st := db.Sys().(*syscall.Stat_t); st.Uid != uid {
		t.Errorf("database owned by uid %d, want %d", st.Uid, uid)
	}
	t.Logf("as %s in the image: migrate wrote %s", c.User, filepath.Join(StateDir, "meeting-addon.db"))

	var logs syncBuffer
	serve := command(ctx, c.Cmd...)
	serve.Stdout, serve.Stderr = &logs, &logs
	serve.Cancel = func() error { return serve.Process.Signal(syscall.SIGTERM) }
	serve.WaitDelay = 20 * time.Second
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		serve.Process.Signal(syscall.SIGTERM)
		if err := serve.Wait(); err != nil {
			t.Errorf("serve did not stop cleanly on SIGTERM: %v\n%s", err, logs.String())
		}
	}()
	for _, path := range []string{"/readyz", "/metrics"} {
		var status int
		var body string
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			resp, err := http.Get("http://" + addr + path)
			if err != nil {
				continue
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			status, body = resp.StatusCode, string(b)
			break
		}
		if status != http.StatusOK {
			t.Errorf("GET %s: got status %d, want 200\n%s\nlogs:\n%s", path, status, body, logs.String())
		} else {
			t.Logf("as %s in the image: serve answers GET %s with 200", c.User, path)
		}
	}
}

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
