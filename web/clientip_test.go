package web

import (
	"net"
	"net/http/httptest"
	"testing"
)

// The vendor login's address lock counts per client: a client must not choose its address by
// sending X-Forwarded-For, while a trusted load balancer's header is believed.
func TestClientIP(t *testing.T) {
	_, lb, _ := net.ParseCIDR("10.1.0.0/16")
	for _, tc := range []struct {
		name    string
		trusted []*net.IPNet
		peer    string
		xff     string
		want    string
	}{
		{"no proxy configured: the header is ignored", nil, "203.0.113.7:5000", "198.51.100.1", "203.0.113.7"},
		{"a loopback peer is no proxy unless configured", nil, "127.0.0.1:5000", "198.51.100.1", "127.0.0.1"},
		{"trusted load balancer: its header names the client", []*net.IPNet{lb}, "10.1.2.3:5000", "198.51.100.1", "198.51.100.1"},
		{"a client's own entry before the balancer's is not believed", []*net.IPNet{lb}, "10.1.2.3:5000", "192.0.2.66, 198.51.100.1", "198.51.100.1"},
		{"a peer outside the trusted range is the client", []*net.IPNet{lb}, "203.0.113.7:5000", "198.51.100.1", "203.0.113.7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/vendor/login", nil)
			r.RemoteAddr = tc.peer
			r.Header.Set("X-Forwarded-For", tc.xff)
			if got := (&Server{TrustedProxies: tc.trusted}).clientIP()(r); got != tc.want {
				t.Errorf("client IP = %s, want %s", got, tc.want)
			}
		})
	}
}
