package zoom

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// RegionalBase turns the api_url of a Server-to-Server token answer (e.g.
// "https://api-eu.zoom.us") into the account's API base, with configured's path ("/v2/").
// The answer names where every later request of the account goes, so only Zoom's own hosts
// are taken: https on the default port, zoom.us or zoom.com or a name below them. The
// configured base's own scheme and host name (any port) are accepted too, for a vendor who
// points the add-on at a gateway or a fake. Anything else is refused, so that a forged or
// mangled answer cannot make the add-on send tokens elsewhere.
func RegionalBase(apiURL string, configured *url.URL) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(apiURL))
	if err != nil || u.Host == "" || !u.IsAbs() {
		return nil, fmt.Errorf("zoom: api_url %q is no absolute URL", apiURL)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return nil, fmt.Errorf("zoom: api_url %q has user, query or fragment", apiURL)
	}
	switch strings.TrimSuffix(u.Path, "/") {
	case "", "/v2":
	default:
		return nil, fmt.Errorf("zoom: api_url %q has an unexpected path", apiURL)
	}
	host := strings.ToLower(u.Hostname())
	isZoom := net.ParseIP(host) == nil &&
		(host == "zoom.us" || strings.HasSuffix(host, ".zoom.us") || host == "zoom.com" || strings.HasSuffix(host, ".zoom.com"))
	switch {
	case isZoom:
		if u.Scheme != "https" || u.Port() != "" && u.Port() != "443" {
			return nil, fmt.Errorf("zoom: api_url %q is not https on Zoom's port", apiURL)
		}
	case configured == nil || u.Scheme != configured.Scheme || host != strings.ToLower(configured.Hostname()):
		return nil, fmt.Errorf("zoom: api_url %q is not a Zoom host", apiURL)
	}
	path := "/v2/"
	if configured != nil && strings.HasSuffix(configured.Path, "/") {
		path = configured.Path
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: path}, nil
}
