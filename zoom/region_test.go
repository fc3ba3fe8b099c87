package zoom_test

import (
	"net/url"
	"testing"

	"github.com/onlinemeetings/meeting-addon/zoom"
)

func TestRegionalBase(t *testing.T) {
	configured, _ := url.Parse("http://127.0.0.1:8081/v2/")
	official, _ := url.Parse("https://api.zoom.us/v2/")
	tests := []struct {
		name, apiURL string
		configured   *url.URL
		want         string // "" for refused
	}{
		{"Zoom's global host", "https://api.zoom.us", official, "https://api.zoom.us/v2/"},
		{"a regional host", "https://api-eu.zoom.us", official, "https://api-eu.zoom.us/v2/"},
		{"with the version path", "https://api-au.zoom.us/v2", official, "https://api-au.zoom.us/v2/"},
		{"zoom.com", "https://api.zoom.com/", official, "https://api.zoom.com/v2/"},
		{"no configured base", "https://api.zoom.us", nil, "https://api.zoom.us/v2/"},
		{"the configured host on another port", "http://127.0.0.1:9999", configured, "http://127.0.0.1:9999/v2/"},
		{"plain http to Zoom", "http://api.zoom.us", official, ""},
		{"another port at Zoom", "https://api.zoom.us:8443", official, ""},
		{"a look-alike", "https://api.zoom.us.evil.example", official, ""},
		{"a suffix without dot", "https://evilzoom.us", official, ""},
		{"an internal address", "https://169.254.169.254", official, ""},
		{"the configured host over https", "https://127.0.0.1:9999", configured, ""},
		{"user info", "https://user:pw@api.zoom.us", official, ""},
		{"a query", "https://api.zoom.us?x=1", official, ""},
		{"another path", "https://api.zoom.us/oauth", official, ""},
		{"not a URL", "api.zoom.us", official, ""},
		{"empty", "", official, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := zoom.RegionalBase(tc.apiURL, tc.configured)
			switch {
			case tc.want == "" && err == nil:
				t.Errorf("RegionalBase(%q) = %v, want refused", tc.apiURL, got)
			case tc.want != "" && err != nil:
				t.Errorf("RegionalBase(%q): %v, want %s", tc.apiURL, err, tc.want)
			case tc.want != "" && got.String() != tc.want:
				t.Errorf("RegionalBase(%q) = %s, want %s", tc.apiURL, got, tc.want)
			}
		})
	}
}

func FuzzRegionalBase(f *testing.F) {
	for _, s := range []string{"https://api.zoom.us", "https://api-eu.zoom.us/v2/", "http://127.0.0.1:1", "https://a@b.zoom.us", "https://x.zoom.us.evil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := zoom.RegionalBase(s, nil)
		if err != nil {
			return
		}
		if u.Scheme != "https" || u.User != nil || u.Port() != "" && u.Port() != "443" {
			t.Errorf("RegionalBase(%q) = %v: not https on Zoom's port", s, u)
		}
		h := u.Hostname()
		ok := h == "zoom.us" || h == "zoom.com" || len(h) > 8 && (h[len(h)-8:] == ".zoom.us" || len(h) > 9 && h[len(h)-9:] == ".zoom.com")
		if !ok {
			t.Errorf("RegionalBase(%q) = %v: not a Zoom host", s, u)
		}
	})
}
