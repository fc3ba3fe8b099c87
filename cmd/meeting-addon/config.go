package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/seal"
)

// sandboxKey encrypts the sandbox's database. It is public on purpose: sandbox data is demo
// data, and a newcomer should need no secret to try the add-on.
const sandboxKey = "c2FuZGJveC1vbmx5LWtleS1ub3QtZm9yLXByb2R1Y3Q"

// Config is every setting; each comes from an environment variable, some also from a flag.
type Config struct {
	Listen        string // ADDON_LISTEN
	BaseURL       string // ADDON_BASE_URL
	Database      string // ADDON_DATABASE
	EncryptionKey string // ADDON_ENCRYPTION_KEY
	GoToClientID  string // ADDON_GOTO_CLIENT_ID
	GoToSecret    string // ADDON_GOTO_CLIENT_SECRET
	GoToAPIURL    string // ADDON_GOTO_API_URL
	GoToAuthURL   string // ADDON_GOTO_AUTH_URL
	GoToTokenURL  string // ADDON_GOTO_TOKEN_URL
	ZoomAPIURL    string // ADDON_ZOOM_API_URL
	ZoomTokenURL  string // ADDON_ZOOM_TOKEN_URL
	ZoomWebhook   string // ADDON_ZOOM_WEBHOOK_SECRET
	LogLevel      string // ADDON_LOG_LEVEL
	// TrustedProxies are the load balancers (CIDRs, comma-separated) whose X-Forwarded-For
	// names the client; without any, the client is the connection's peer.
	TrustedProxies []*net.IPNet // ADDON_TRUSTED_PROXIES
	trustedProxies string
	// VendorUser and VendorPassword bootstrap a vendor console user at startup (see vendor.go).
	VendorUser     string // ADDON_VENDOR_USER
	VendorPassword string // ADDON_VENDOR_PASSWORD
	Sandbox        bool   // --sandbox or ADDON_SANDBOX=1
	// ProviderTimeout bounds each call to GoTo or Zoom; a call that runs out has an unknown
	// outcome and is settled by the next attempt.
	ProviderTimeout time.Duration // ADDON_PROVIDER_TIMEOUT
	// HousekeepEvery is how often housekeeping runs (interrupted saves, old answers).
	HousekeepEvery time.Duration // ADDON_HOUSEKEEPING_INTERVAL
	// PprofListen, when set, serves net/http/pprof on this address of its own (never on the
	// public listener): for operators profiling a running instance.
	PprofListen string            // ADDON_PPROF_LISTEN
	durations   map[string]string // as given in the environment
	// AllowPrivateProxies lets installations' administrators enter proxies in private and
	// local networks (ADDON_ALLOW_PRIVATE_PROXIES=1); by default the add-on refuses to connect
	// there on their behalf.
	AllowPrivateProxies bool
	// OldEncryptionKeys open what earlier keys sealed during a key rotation (ADDON_ENCRYPTION_KEY_OLD).
	OldEncryptionKeys string
}

// Defaults of the durations.
const (
	defaultProviderTimeout = 10 * time.Second
	defaultHousekeepEvery  = 15 * time.Second
)

func loadConfig(getenv func(string) string) Config {
	def := func(k, d string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return d
	}
	return Config{
		Listen:         def("ADDON_LISTEN", "127.0.0.1:8080"),
		BaseURL:        def("ADDON_BASE_URL", ""),
		Database:       def("ADDON_DATABASE", "sqlite:meeting-addon.db"),
		EncryptionKey:  getenv("ADDON_ENCRYPTION_KEY"),
		GoToClientID:   getenv("ADDON_GOTO_CLIENT_ID"),
		GoToSecret:     getenv("ADDON_GOTO_CLIENT_SECRET"),
		GoToAPIURL:     def("ADDON_GOTO_API_URL", "https://api.getgo.com/G2M/rest/"),
		GoToAuthURL:    def("ADDON_GOTO_AUTH_URL", "https://authentication.logmeininc.com/oauth/authorize"),
		GoToTokenURL:   def("ADDON_GOTO_TOKEN_URL", "https://authentication.logmeininc.com/oauth/token"),
		ZoomAPIURL:     def("ADDON_ZOOM_API_URL", "https://api.zoom.us/v2/"),
		ZoomTokenURL:   def("ADDON_ZOOM_TOKEN_URL", "https://zoom.us/oauth/token"),
		LogLevel:       def("ADDON_LOG_LEVEL", "info"),
		trustedProxies: getenv("ADDON_TRUSTED_PROXIES"),
		VendorUser:     getenv("ADDON_VENDOR_USER"),
		VendorPassword: getenv("ADDON_VENDOR_PASSWORD"),
		Sandbox:        getenv("ADDON_SANDBOX") == "1",
		PprofListen:    getenv("ADDON_PPROF_LISTEN"),
		durations: map[string]string{"ADDON_PROVIDER_TIMEOUT": getenv("ADDON_PROVIDER_TIMEOUT"),
			"ADDON_HOUSEKEEPING_INTERVAL": getenv("ADDON_HOUSEKEEPING_INTERVAL")},

		AllowPrivateProxies: getenv("ADDON_ALLOW_PRIVATE_PROXIES") == "1",
		OldEncryptionKeys:   getenv("ADDON_ENCRYPTION_KEY_OLD"),
	}
}

func (c *Config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Listen, "listen", c.Listen, "listen address (ADDON_LISTEN)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public base URL of the add-on (ADDON_BASE_URL)")
	fs.StringVar(&c.Database, "database", c.Database, "sqlite:<file> or mysql:<dsn> (ADDON_DATABASE)")
	fs.BoolVar(&c.Sandbox, "sandbox", c.Sandbox, "serve in-process provider fakes and a demo installation (ADDON_SANDBOX=1)")
}

// Validate checks the configuration and fills what the sandbox provides.
func (c *Config) Validate() error {
	var errs []error
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Listen
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("ADDON_BASE_URL %q must be an absolute http(s) URL", c.BaseURL))
	}
	if c.EncryptionKey == "" && c.Sandbox {
		c.EncryptionKey = sandboxKey + "="
	}
	if c.EncryptionKey == "" {
		errs = append(errs, errors.New("ADDON_ENCRYPTION_KEY is required: 32 random bytes, base64 (openssl rand -base64 32)"))
	} else if _, err := seal.ParseKey(c.EncryptionKey); err != nil {
		errs = append(errs, fmt.Errorf("ADDON_ENCRYPTION_KEY: %w", err))
	}
	if _, err := seal.ParseKeys(c.OldEncryptionKeys); err != nil {
		errs = append(errs, fmt.Errorf("ADDON_ENCRYPTION_KEY_OLD (comma-separated keys): %w", err))
	}
	for name, v := range map[string]string{"ADDON_GOTO_API_URL": c.GoToAPIURL, "ADDON_GOTO_AUTH_URL": c.GoToAuthURL, "ADDON_GOTO_TOKEN_URL": c.GoToTokenURL,
		"ADDON_ZOOM_API_URL": c.ZoomAPIURL, "ADDON_ZOOM_TOKEN_URL": c.ZoomTokenURL} {
		if u, err := url.Parse(v); err != nil || u.Host == "" {
			errs = append(errs, fmt.Errorf("%s %q must be an absolute URL", name, v))
		}
	}
	c.TrustedProxies = nil
	for _, cidr := range strings.FieldsFunc(c.trustedProxies, func(r rune) bool { return r == ',' || r == ' ' }) {
		_, n, err := net.ParseCIDR(cidr)
		if err != nil {
			errs = append(errs, fmt.Errorf("ADDON_TRUSTED_PROXIES: %q is no CIDR range such as 10.0.0.0/8", cidr))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, n)
	}
	for name, d := range map[string]struct {
		dst *time.Duration
		def time.Duration
	}{"ADDON_PROVIDER_TIMEOUT": {&c.ProviderTimeout, defaultProviderTimeout}, "ADDON_HOUSEKEEPING_INTERVAL": {&c.HousekeepEvery, defaultHousekeepEvery}} {
		v := c.durations[name]
		if v == "" {
			if *d.dst == 0 {
				*d.dst = d.def
			}
			continue
		}
		parsed, err := time.ParseDuration(v)
		if err != nil || parsed < 100*time.Millisecond || parsed > time.Hour {
			errs = append(errs, fmt.Errorf("%s %q must be a duration between 100ms and 1h, such as 10s", name, v))
			continue
		}
		*d.dst = parsed
	}
	if !strings.HasSuffix(c.GoToAPIURL, "/") {
		c.GoToAPIURL += "/"
	}
	if !strings.HasSuffix(c.ZoomAPIURL, "/") {
		c.ZoomAPIURL += "/"
	}
	return errors.Join(errs...)
}

// box seals with ADDON_ENCRYPTION_KEY and opens with it or any key of ADDON_ENCRYPTION_KEY_OLD.
func (c *Config) box() (*seal.Box, error) {
	k, err := seal.ParseKey(c.EncryptionKey)
	if err != nil {
		return nil, err
	}
	old, err := seal.ParseKeys(c.OldEncryptionKeys)
	if err != nil {
		return nil, fmt.Errorf("ADDON_ENCRYPTION_KEY_OLD: %w", err)
	}
	return seal.New(k, old...)
}
