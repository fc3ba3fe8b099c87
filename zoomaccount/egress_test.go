package zoomaccount_test

import (
	"context"
	"net"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/store"
)

// listener counts connections and greets each with banner (none: it stays silent).
func listener(t *testing.T, banner string) (addr string, accepted *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	accepted = &atomic.Int32{}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			if banner != "" {
				_, _ = c.Write([]byte(banner))
			}
			c.Close()
		}
	}()
	return l.Addr().String(), accepted
}

// An administrator's proxy must not lead into the vendor's network: addresses in private and
// local networks are refused when the account is saved.
func TestProxyInPrivateNetworkRefused(t *testing.T) {
	e := setup(t, "sqlite")
	a := e.account(t, "admin@acc1", "acc1")
	for _, proxy := range []string{"127.0.0.1:22", "[::1]:8080", "localhost:3128", "169.254.169.254:80", "10.0.0.7:3128", "192.168.1.1:8080", "[::ffff:127.0.0.1]:25"} {
		acct := a
		acct.Proxy = store.ZoomProxy{URL: proxy}
		_, err := e.svc.Update(context.Background(), acct)
		var ae *addon.Error
		if !asAddon(err, &ae) || ae.Code != addon.EINVALID || len(ae.Details) != 1 || ae.Details[0].Field != "proxy.url" {
			t.Errorf("proxy %s: %v, want a refusal of proxy.url", proxy, err)
		}
	}
	acct := a
	acct.Proxy = store.ZoomProxy{URL: "proxy.example.org:3128"}
	if _, err := e.svc.Update(context.Background(), acct); err != nil {
		t.Errorf("public proxy name: %v", err)
	}
}

// "Verbindung testen" must not work as a port scanner of the vendor's network: whatever listens
// (a service that is no proxy, nothing, a closed port), the answer is the same and, unless the
// vendor allows private proxies, nothing there is connected to. A name resolving to the
// loopback interface is caught when it is connected to (here the row was stored before the
// check existed).
func TestProxyConnectionTestIsNoPortScanner(t *testing.T) {
	ctx := context.Background()
	for _, allowed := range []bool{false, true} {
		e := setup(t, "sqlite")
		a := e.account(t, "admin@acc1", "acc1")
		e.svc.Egress.AllowPrivate = allowed
		ssh, sshConns := listener(t, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
		smtp, smtpConns := listener(t, "220 mail.internal ESMTP Postfix\r\n")
		_, port, _ := net.SplitHostPort(ssh)
		var messages []string
		for _, proxy := range []string{ssh, smtp, closedAddr(t), "localhost:" + port} {
			// Stored past the service's check, as an older version may have stored it.
			if _, err := e.st.UpdateZoomAccount(ctx, store.ZoomAccount{ID: a.ID, InstallationID: e.inst, Name: a.Name, AccountID: a.AccountID,
				ClientID: a.ClientID, Proxy: store.ZoomProxy{URL: proxy}, PasscodeRule: a.PasscodeRule}); err != nil {
				t.Fatal(err)
			}
			res, err := e.svc.Test(ctx, e.inst, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if res.OK {
				t.Fatalf("proxy %s: test passed", proxy)
			}
			for _, leak := range []string{"SSH", "ESMTP", "malformed", "refused", "connection"} {
				if strings.Contains(res.Message.EN, leak) && !strings.Contains(res.Message.EN, "pass the connection on") {
					t.Errorf("proxy %s: message %q tells what listens there (%q)", proxy, res.Message.EN, leak)
				}
			}
			messages = append(messages, strings.ReplaceAll(res.Message.EN, proxy, "PROXY"))
		}
		for i, m := range messages[1:] {
			if m != messages[0] {
				t.Errorf("allowed=%v: message %d differs from the first:\n%s\n%s", allowed, i+1, m, messages[0])
			}
		}
		if got := sshConns.Load() + smtpConns.Load(); !allowed && got != 0 {
			t.Errorf("%d connections reached services on the loopback interface", got)
		}
	}
}
