package chaos

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// binary is the add-on built once for the whole package (real processes, so that one can be
// killed as a crash kills it).
var binary string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("ADDON_TEST_MYSQL_DSN") == "" {
		return m.Run() // every test skips with a message
	}
	dir, err := os.MkdirTemp("", "addon-chaos")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "meeting-addon")
	build := exec.Command("go", "build", "-o", binary, "github.com/onlinemeetings/meeting-addon/cmd/meeting-addon")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build the add-on:", err)
		return 1
	}
	return m.Run()
}

// instance is one `meeting-addon serve` process.
type instance struct {
	name string
	url  string
	cmd  *exec.Cmd
	log  string
	dead atomic.Bool // read by the load balancer while the killer sets it
}

// freeAddr returns a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs serve with env and waits until it is ready.
func start(t *testing.T, name, addr string, env []string) *instance {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	in := &instance{name: name, url: "http://" + addr, log: logPath}
	in.cmd = exec.Command(binary, "serve")
	in.cmd.Env = append(os.Environ(), append(env, "ADDON_LISTEN="+addr)...)
	in.cmd.Stdout, in.cmd.Stderr = logFile, logFile
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if !in.dead.Load() {
			_ = in.cmd.Process.Signal(syscall.SIGTERM)
			_ = in.cmd.Wait()
		}
		logFile.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logPath); err == nil {
				t.Logf("log of %s (last 3000 bytes):\n%s", name, tail(string(b), 3000))
			}
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(in.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return in
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	b, _ := os.ReadFile(logPath)
	t.Fatalf("%s not ready after 30 s:\n%s", name, b)
	return nil
}

// kill ends the process as a crash does: no drain, no lease released.
func (in *instance) kill() {
	in.dead.Store(true)
	_ = in.cmd.Process.Kill()
	_ = in.cmd.Wait()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// errorLines returns the log lines at level ERROR (a 500 is a bug).
func (in *instance) errorLines() []string {
	b, err := os.ReadFile(in.log)
	if err != nil {
		return nil
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, `"level":"ERROR"`) {
			out = append(out, l)
		}
	}
	return out
}

// waitFor polls cond until it holds or d passes.
func waitFor(ctx context.Context, d time.Duration, cond func() (bool, error)) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	for {
		ok, err := cond()
		if ok || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not settled after %s", d)
		case <-time.After(200 * time.Millisecond):
		}
	}
}
