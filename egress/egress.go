// Package egress decides which addresses the add-on connects to on behalf of an
// installation's administrator (a Zoom account's proxy): never into the vendor's own network
// (loopback, private, link-local, shared, multicast and unspecified addresses), unless the
// vendor allows it. The check runs when the connection is made, on the address the name
// resolved to, so a name that later resolves inside is refused too.
package egress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// ConnectTimeout bounds a connection to an administrator's address: a port that does not
// answer costs little more than one that refuses.
const ConnectTimeout = 5 * time.Second

// ErrInternal is the refusal of an address inside a private network.
var ErrInternal = errors.New("egress: address in a private or local network")

// Policy is the vendor's rule for administrators' addresses.
type Policy struct {
	// AllowPrivate lets administrators name addresses in private and local networks
	// (ADDON_ALLOW_PRIVATE_PROXIES=1): for a vendor whose customers' proxies are reachable on
	// a private network, and for tests with proxies on the loopback interface.
	AllowPrivate bool
}

// shared is 100.64.0.0/10 (carrier-grade NAT), which netip does not count as private.
var shared = netip.MustParsePrefix("100.64.0.0/10")

// Internal reports whether ip lies where an administrator's address must not lead.
func Internal(ip netip.Addr) bool {
	ip = ip.Unmap()
	return !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() || shared.Contains(ip) ||
		(ip.Is4() && (ip.As4()[0] == 0 || ip == netip.AddrFrom4([4]byte{255, 255, 255, 255})))
}

// CheckHost refuses, before anything is stored, a host that is an internal address literal or
// a name for the local host. Other names are checked when they are connected to.
func (p Policy) CheckHost(host string) error {
	if p.AllowPrivate {
		return nil
	}
	h := strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return ErrInternal
	}
	if ip, err := netip.ParseAddr(h); err == nil && Internal(ip) {
		return ErrInternal
	}
	return nil
}

// control refuses a connection to an internal address; it runs after name resolution, for
// the very address about to be connected to.
func (p Policy) control(network, address string, _ syscall.RawConn) error {
	if p.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInternal, err)
	}
	if Internal(ap.Addr()) {
		return ErrInternal
	}
	return nil
}

// DialContext connects with the policy's check and a short connect timeout.
func (p Policy) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	d := &net.Dialer{Timeout: ConnectTimeout, KeepAlive: 30 * time.Second, Control: p.control}
	return d.DialContext(ctx, network, address)
}
