package storetest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// EnvGalera set to 1 runs the tests that start a MariaDB Galera cluster on loopback (CI sets
// it after installing mariadb-server, galera-4, rsync and haproxy).
const EnvGalera = "ADDON_TEST_GALERA"

// galeraProvider is where Debian's galera-4 package puts the provider library.
const galeraProvider = "/usr/lib/galera/libgalera_smm.so"

// Galera is a running cluster of MariaDB nodes on loopback, with HAProxy in front of them.
type Galera struct {
	Nodes []*GaleraNode
	// Proxy is HAProxy's address: TCP connections spread round-robin over the nodes.
	Proxy string
	dir   string
	procs []*exec.Cmd
}

// GaleraNode is one member of the cluster.
type GaleraNode struct {
	Name   string
	Socket string // root without password
	Port   int    // the user "addon" without password, from 127.0.0.1
	dir    string
}

// StartGalera starts a cluster of n nodes, the first bootstrapping it and the others joining
// by rsync state transfer, and HAProxy in front of them; it is stopped and its files removed
// when the test ends. Its server default character set is latin1, as on many servers
// configured long ago. The test is skipped with a message unless ADDON_TEST_GALERA=1 and the
// programs are installed.
func StartGalera(t testing.TB, n int) *Galera {
	t.Helper()
	if getenv(EnvGalera) != "1" {
		t.Skipf("%s is not 1: Galera cluster test skipped (CI sets it; needs mariadb-server galera-4 rsync haproxy)", EnvGalera)
	}
	for _, prog := range []string{"mariadbd", "mariadb-install-db", "rsync", "haproxy"} {
		if _, err := exec.LookPath(prog); err != nil {
			t.Skipf("%s not installed: Galera cluster test skipped", prog)
		}
	}
	if _, err := os.Stat(galeraProvider); err != nil {
		t.Skipf("%s not installed (Debian package galera-4): Galera cluster test skipped", galeraProvider)
	}
	// Not t.TempDir (nor $TMPDIR, which may be private or long): the mysql user must be able
	// to enter it, and a socket's path must stay under 108 bytes.
	dir, err := os.MkdirTemp("/tmp", "addon-galera-")
	if err != nil {
		t.Fatal(err)
	}
	g := &Galera{dir: dir}
	t.Cleanup(g.stop)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// As root, mariadbd runs as mysql (rsync state transfer refuses to run as root) and its
	// directories belong to mysql; as another user, it runs as that user.
	uid, gid, asRoot := -1, -1, os.Geteuid() == 0
	if asRoot {
		u, err := user.Lookup("mysql")
		if err != nil {
			t.Skipf("no mysql user to run mariadbd as: %v", err)
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
	}
	ports := freePorts(t, 4*n+1)
	var members []string
	for i := range n {
		members = append(members, fmt.Sprintf("127.0.0.1:%d", ports[4*i+1]))
	}
	for i := range n {
		node := &GaleraNode{Name: fmt.Sprintf("node%d", i+1), dir: filepath.Join(dir, fmt.Sprintf("n%d", i+1)), Port: ports[4*i]}
		node.Socket = filepath.Join(node.dir, "sock")
		if err := os.MkdirAll(filepath.Join(node.dir, "data"), 0o755); err != nil {
			t.Fatal(err)
		}
		cnf := fmt.Sprintf(`[mysqld]
datadir=%[1]s/data
socket=%[1]s/sock
pid-file=%[1]s/pid
log-error=%[1]s/error.log
port=%[2]d
bind-address=127.0.0.1
skip-name-resolve
character-set-server=latin1
collation-server=latin1_swedish_ci
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=64M
innodb_flush_log_at_trx_commit=0
performance_schema=OFF
max_connections=400
wsrep_on=ON
wsrep_provider=%[3]s
wsrep_cluster_name=addon_test
wsrep_cluster_address=gcomm://%[4]s
wsrep_node_name=%[5]s
wsrep_node_address=127.0.0.1:%[6]d
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:%[6]d;ist.recv_addr=127.0.0.1:%[7]d;gcache.size=64M"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:%[8]d
`, node.dir, node.Port, galeraProvider, strings.Join(members, ","), node.Name, ports[4*i+1], ports[4*i+2], ports[4*i+3])
		if asRoot {
			cnf += "user=mysql\n"
		}
		if err := os.WriteFile(filepath.Join(node.dir, "my.cnf"), []byte(cnf), 0o644); err != nil {
			t.Fatal(err)
		}
		if asRoot {
			for _, p := range []string{node.dir, filepath.Join(node.dir, "data"), filepath.Join(node.dir, "my.cnf")} {
				if err := os.Chown(p, uid, gid); err != nil {
					t.Fatal(err)
				}
			}
		}
		g.Nodes = append(g.Nodes, node)
	}
	first := g.Nodes[0]
	install := exec.Command("mariadb-install-db", "--defaults-file="+filepath.Join(first.dir, "my.cnf"), "--auth-root-authentication-method=normal")
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	// Joiners start one after another: each receives the state from a synced member.
	for i, node := range g.Nodes {
		args := []string{"--defaults-file=" + filepath.Join(node.dir, "my.cnf")}
		if i == 0 {
			args = append(args, "--wsrep-new-cluster")
		}
		g.start(t, "mariadbd", args...)
		g.waitSynced(t, node, i+1)
	}
	root, err := sql.Open("mysql", first.RootDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, q := range []string{"CREATE USER addon@'127.0.0.1'", "GRANT ALL ON *.* TO addon@'127.0.0.1'"} {
		if _, err := root.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	g.Proxy = fmt.Sprintf("127.0.0.1:%d", ports[4*n])
	var servers strings.Builder
	for _, node := range g.Nodes {
		fmt.Fprintf(&servers, "  server %s 127.0.0.1:%d check inter 1s\n", node.Name, node.Port)
	}
	hcfg := fmt.Sprintf(`global
  maxconn 2000
defaults
  mode tcp
  timeout connect 5s
  timeout client 5m
  timeout server 5m
listen galera
  bind %s
  balance roundrobin
%s`, g.Proxy, servers.String())
	hpath := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(hpath, []byte(hcfg), 0o644); err != nil {
		t.Fatal(err)
	}
	g.start(t, "haproxy", "-db", "-f", hpath)
	waitFor(t, "HAProxy", 10*time.Second, func() error {
		c, err := net.Dial("tcp", g.Proxy)
		if err == nil {
			c.Close()
		}
		return err
	})
	return g
}

// RootDSN is the go-sql-driver DSN (without database) of root on the node's socket.
func (n *GaleraNode) RootDSN() string { return "root@unix(" + n.Socket + ")/" }

// ProxyDSN is the go-sql-driver DSN (without database) of the user addon through HAProxy.
func (g *Galera) ProxyDSN() string { return "addon@tcp(" + g.Proxy + ")/" }

// start runs a program in its own process group, so that stop ends it and what it started
// (the rsync daemons of a state transfer).
func (g *Galera) start(t testing.TB, prog string, args ...string) {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", prog, err)
	}
	g.procs = append(g.procs, cmd)
	go func() { _ = cmd.Wait() }()
}

// waitSynced waits until the node serves and the cluster has size members, all synced.
func (g *Galera) waitSynced(t testing.TB, node *GaleraNode, size int) {
	t.Helper()
	db, err := sql.Open("mysql", node.RootDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = poll(90*time.Second, func() error {
		var name, state, cluster string
		if err := db.QueryRow("SHOW STATUS LIKE 'wsrep_local_state_comment'").Scan(&name, &state); err != nil {
			return err
		}
		if err := db.QueryRow("SHOW STATUS LIKE 'wsrep_cluster_size'").Scan(&name, &cluster); err != nil {
			return err
		}
		if state != "Synced" || cluster != strconv.Itoa(size) {
			return fmt.Errorf("state %s, cluster size %s", state, cluster)
		}
		return nil
	})
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(node.dir, "error.log"))
		if len(log) > 4000 {
			log = log[len(log)-4000:]
		}
		t.Fatalf("Galera %s not synced: %v\n%s", node.Name, err, log)
	}
}

// stop ends HAProxy and the nodes (last joined first) and removes the files.
func (g *Galera) stop() {
	for i := len(g.procs) - 1; i >= 0; i-- {
		p := g.procs[i].Process
		_ = syscall.Kill(-p.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() {
			for syscall.Kill(p.Pid, 0) == nil {
				time.Sleep(50 * time.Millisecond)
			}
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = syscall.Kill(-p.Pid, syscall.SIGKILL)
		}
	}
	_ = os.RemoveAll(g.dir)
}

func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var ls []net.Listener
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// poll calls f until it succeeds or d passes, and returns its last error.
func poll(d time.Duration, f func() error) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for {
		err := f()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func waitFor(t testing.TB, what string, d time.Duration, f func() error) {
	t.Helper()
	if err := poll(d, f); err != nil {
		t.Fatalf("%s not ready: %v", what, err)
	}
}
