package egress

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
)

func TestInternal(t *testing.T) {
	for _, tc := range []struct {
		ip       string
		internal bool
	}{
		{"127.0.0.1", true}, {"::1", true}, {"10.1.2.3", true}, {"172.16.0.1", true}, {"192.168.1.1", true},
		{"169.254.169.254", true}, {"fe80::1", true}, {"fc00::1", true}, {"224.0.0.1", true}, {"ff02::1", true},
		{"0.0.0.0", true}, {"::", true}, {"100.64.0.1", true}, {"0.1.2.3", true}, {"255.255.255.255", true},
		{"::ffff:127.0.0.1", true}, {"::ffff:10.0.0.1", true},
		{"8.8.8.8", false}, {"2001:4860:4860::8888", false}, {"100.128.0.1", false}, {"172.32.0.1", false},
	} {
		if got := Internal(netip.MustParseAddr(tc.ip)); got != tc.internal {
			t.Errorf("Internal(%s) = %v, want %v", tc.ip, got, tc.internal)
		}
	}
}

func TestCheckHost(t *testing.T) {
	p := Policy{}
	for _, h := range []string{"127.0.0.1", "[::1]", "localhost", "LOCALHOST.", "db.localhost", "10.0.0.5", "169.254.169.254"} {
		if err := p.CheckHost(h); !errors.Is(err, ErrInternal) {
			t.Errorf("CheckHost(%q) = %v, want ErrInternal", h, err)
		}
	}
	for _, h := range []string{"proxy.example.org", "8.8.8.8", "[2001:db8::1]"} {
		if err := p.CheckHost(h); err != nil {
			t.Errorf("CheckHost(%q) = %v, want nil", h, err)
		}
	}
	if err := (Policy{AllowPrivate: true}).CheckHost("127.0.0.1"); err != nil {
		t.Errorf("allowed private: %v", err)
	}
}

// A name that resolves to the loopback interface is refused when it is connected to, after
// resolution, before any packet reaches the listener.
func TestDialRefusesInternalAfterResolution(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan struct{}, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- struct{}{}
			c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	if _, err := (Policy{}).DialContext(context.Background(), "tcp", net.JoinHostPort("localhost", port)); !errors.Is(err, ErrInternal) {
		t.Fatalf("dial localhost: %v, want ErrInternal", err)
	}
	c, err := (Policy{AllowPrivate: true}).DialContext(context.Background(), "tcp", net.JoinHostPort("localhost", port))
	if err != nil {
		t.Fatalf("dial localhost with AllowPrivate: %v", err)
	}
	c.Close()
	<-accepted
}

// FuzzCheckHost: whatever an administrator types, CheckHost does not panic, and an address
// literal it lets through is no internal one.
func FuzzCheckHost(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "[::1]", "localhost", "proxy.example.org", "::ffff:10.0.0.1", "0x7f.1", "[fe80::1%eth0]", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		err := (Policy{}).CheckHost(host)
		if ip, perr := netip.ParseAddr(strings.Trim(host, "[]")); perr == nil && err == nil && Internal(ip) {
			t.Errorf("CheckHost(%q) let an internal address through", host)
		}
	})
}
