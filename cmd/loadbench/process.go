package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
)

// encryptionKey is the add-on's key in the benchmark (32 bytes, base64); the store the bench
// opens for set-up uses the same bytes.
const (
	encryptionKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
	keyBytes      = "0123456789abcdef0123456789abcdef"
)

func build(ctx context.Context, out string, stderr io.Writer) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "github.com/onlinemeetings/meeting-addon/cmd/meeting-addon")
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build the add-on: %w", err)
	}
	return nil
}

// addonProc is one `meeting-addon serve` process.
type addonProc struct {
	url  string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startAddon runs serve with env and returns once /readyz answers 200, with the time that took
// from exec.
func startAddon(ctx context.Context, binary, dir, addr string, env []string) (*addonProc, time.Duration, error) {
	if addr == "" {
		var err error
		if addr, err = freeAddr(); err != nil {
			return nil, 0, err
		}
	}
	logPath := filepath.Join(dir, fmt.Sprintf("addon-%d.log", time.Now().UnixNano()))
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, 0, err
	}
	p := &addonProc{url: "http://" + addr, log: logPath, done: make(chan struct{})}
	p.cmd = exec.Command(binary, "serve")
	p.cmd.Env = append(os.Environ(), append(env, "ADDON_LISTEN="+addr, "ADDON_BASE_URL=http://"+addr)...)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	hc := &http.Client{Timeout: time.Second}
	t0 := time.Now()
	if err := p.cmd.Start(); err != nil {
		logFile.Close()
		return nil, 0, err
	}
	go func() { _ = p.cmd.Wait(); logFile.Close(); close(p.done) }()
	for deadline := t0.Add(60 * time.Second); time.Now().Before(deadline); {
		select {
		case <-p.done:
			return nil, 0, fmt.Errorf("serve exited: %s", tail(p.readLog(), 2000))
		case <-ctx.Done():
			p.stop()
			return nil, 0, ctx.Err()
		default:
		}
		resp, err := hc.Get(p.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, time.Since(t0), nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	p.stop()
	return nil, 0, fmt.Errorf("serve not ready after 60 s: %s", tail(p.readLog(), 2000))
}

func (p *addonProc) pid() int { return p.cmd.Process.Pid }

func (p *addonProc) readLog() string {
	b, _ := os.ReadFile(p.log)
	return string(b)
}

// errorLines returns the log lines at level ERROR.
func (p *addonProc) errorLines() []string {
	var out []string
	for _, l := range strings.Split(p.readLog(), "\n") {
		if strings.Contains(l, `"level":"ERROR"`) {
			out = append(out, l)
		}
	}
	return out
}

// stop drains the process as the balancer's SIGTERM does.
func (p *addonProc) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// clkTck is USER_HZ, the unit of utime and stime in /proc/<pid>/stat; 100 on every Linux
// architecture Go supports (the kernel exports 100 whatever CONFIG_HZ is).
const clkTck = 100

// procCPU returns the user+system CPU time the process (all its threads) has used.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may contain spaces.
	rest := b[bytes.LastIndexByte(b, ')')+2:]
	f := strings.Fields(string(rest))
	// rest starts at field 3 (state); utime is field 14, stime field 15.
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: utime %q stime %q", pid, f[11], f[12])
	}
	return time.Duration(ut+st) * time.Second / clkTck, nil
}

// procRSS returns VmRSS (and VmHWM, the peak) of the process in bytes.
func procRSS(pid int) (rss, peak int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		f := strings.Fields(v)
		if len(f) < 1 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		if k == "VmRSS" {
			rss = n * 1024
		} else {
			peak = n * 1024
		}
	}
	return rss, peak, nil
}

// Startup is the time from exec to the first 200 of /readyz on SQLite.
type Startup struct {
	Fresh   time.Duration   `json:"fresh_ns"` // new database: migrations included
	Warm    []time.Duration `json:"warm_ns"`  // migrated database
	WarmP50 time.Duration   `json:"warm_p50_ns"`
}

// timeStartups starts serve on a new SQLite file once (migrating it) and then cfg.Starts
// times on the migrated file.
func timeStartups(ctx context.Context, cfg Config) (*Startup, error) {
	dir, err := os.MkdirTemp(cfg.SQLiteDir, "startup")
	if err != nil {
		return nil, err
	}
	env := addonEnv("sqlite:"+filepath.Join(dir, "addon.db"), "http://127.0.0.1:1", "http://127.0.0.1:1")
	out := &Startup{}
	for i := 0; i <= cfg.Starts; i++ {
		p, d, err := startAddon(ctx, cfg.Binary, dir, "", env)
		if err != nil {
			return nil, err
		}
		p.stop()
		if i == 0 {
			out.Fresh = d
		} else {
			out.Warm = append(out.Warm, d)
		}
	}
	s := slices.Clone(out.Warm)
	slices.Sort(s)
	if len(s) > 0 {
		out.WarmP50 = s[len(s)/2]
	}
	return out, nil
}

// addonEnv is the add-on's environment with the fakes' URLs.
func addonEnv(database, gotoURL, zoomURL string) []string {
	return []string{"ADDON_DATABASE=" + database, "ADDON_ENCRYPTION_KEY=" + encryptionKey, "ADDON_LOG_LEVEL=warn",
		"ADDON_GOTO_CLIENT_ID=" + gototest.DefaultClientID, "ADDON_GOTO_CLIENT_SECRET=" + gototest.DefaultClientSecret,
		"ADDON_GOTO_API_URL=" + gototest.APIBase(gotoURL), "ADDON_GOTO_AUTH_URL=" + gototest.Endpoint(gotoURL).AuthURL,
		"ADDON_GOTO_TOKEN_URL=" + gototest.Endpoint(gotoURL).TokenURL,
		"ADDON_ZOOM_API_URL=" + zoomURL + "/v2/", "ADDON_ZOOM_TOKEN_URL=" + zoomURL + "/oauth/token",
		// Housekeeping's own statements would land in the per-save figures; an hour keeps it
		// out of a run (it still runs once at start).
		"ADDON_HOUSEKEEPING_INTERVAL=1h",
	}
}

// machine describes where the run took place.
func machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%s/%s, %d CPUs (%s), %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), model, runtime.Version())
}
