package main

import (
	"strings"
	"testing"
)

// Settings from the environment: a wrong value is named in the error, so that whoever deploys
// the add-on knows which variable to fix.
func TestConfigFromEnvironment(t *testing.T) {
	env := func(kv map[string]string) func(string) string {
		return func(k string) string { return kv[k] }
	}
	key := "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

	cfg := loadConfig(env(map[string]string{"ADDON_ENCRYPTION_KEY": key, "ADDON_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.0/24"}))
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(cfg.TrustedProxies) != 2 || cfg.TrustedProxies[1].String() != "192.168.1.0/24" {
		t.Errorf("trusted proxies = %v, want both ranges", cfg.TrustedProxies)
	}
	if cfg.BaseURL != "http://127.0.0.1:8080" {
		t.Errorf("base URL = %q, want the listen address", cfg.BaseURL)
	}

	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"no key":          {map[string]string{}, "ADDON_ENCRYPTION_KEY is required"},
		"short key":       {map[string]string{"ADDON_ENCRYPTION_KEY": "c2hvcnQ="}, "ADDON_ENCRYPTION_KEY"},
		"proxy no CIDR":   {map[string]string{"ADDON_ENCRYPTION_KEY": key, "ADDON_TRUSTED_PROXIES": "10.0.0.1"}, "ADDON_TRUSTED_PROXIES: \"10.0.0.1\""},
		"base URL no URL": {map[string]string{"ADDON_ENCRYPTION_KEY": key, "ADDON_BASE_URL": "addon.example.net"}, "ADDON_BASE_URL"},
		"API URL no URL":  {map[string]string{"ADDON_ENCRYPTION_KEY": key, "ADDON_ZOOM_API_URL": "zoom"}, "ADDON_ZOOM_API_URL"},
	} {
		cfg := loadConfig(env(tc.env))
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming %s", name, err, tc.want)
		}
	}
}
