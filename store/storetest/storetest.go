// Package storetest opens fresh stores for tests: an SQLite file always, and a MariaDB/MySQL
// database when ADDON_TEST_MYSQL_DSN names a server (CI sets it; elsewhere those runs are
// skipped with a message).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"golang.org/x/crypto/bcrypt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite"  // database/sql driver "sqlite" for RawDB
	_ "github.com/go-sql-driver/mysql" // the driver for creating per-test databases

	"github.com/onlinemeetings/meeting-addon/seal"
	"github.com/onlinemeetings/meeting-addon/store"
)

// EnvMySQL names the DSN (go-sql-driver form, without database name, e.g.
// "root@unix(/run/mysqld/mysqld.sock)/" or "user:pw@tcp(127.0.0.1:3306)/") of a test server.
const EnvMySQL = "ADDON_TEST_MYSQL_DSN"

// Key is the encryption key of test stores.
var Key = []byte("0123456789abcdef0123456789abcdef")

// Box returns the test encryption box.
func Box(t testing.TB) *seal.Box {
	b, err := seal.New(Key)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Kinds lists the database kinds tests run against.
var Kinds = []string{"sqlite", "mariadb"}

// DSN returns a fresh, empty database of the kind, dropped when the test ends. Besides Kinds,
// "mariadb-latin1" is a MariaDB database created with CHARACTER SET latin1, as `CREATE
// DATABASE` makes it on a server whose default is latin1.
func DSN(t testing.TB, kind string) string {
	t.Helper()
	switch kind {
	case "sqlite":
		return "sqlite:" + filepath.Join(t.TempDir(), "addon.db")
	case "mariadb", "mariadb-latin1":
		server := lookupEnv()
		if server == "" {
			t.Skipf("%s is not set: MariaDB tests skipped (CI sets it; see README)", EnvMySQL)
		}
		charset := "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
		if kind == "mariadb-latin1" {
			charset = "CHARACTER SET latin1"
		}
		return CreateDatabase(t, server, charset)
	}
	t.Fatalf("unknown database kind %q", kind)
	return ""
}

// CreateDatabase creates a database with a random name and the given character set clause
// (may be empty: the server's default) on the server named by a go-sql-driver DSN without
// database, and returns the store DSN ("mysql:…") for it. It is dropped when the test ends.
func CreateDatabase(t testing.TB, server, charset string) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "addon_test_" + hex.EncodeToString(b)
	admin, err := sql.Open("mysql", server)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE DATABASE " + name + " " + charset); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE " + name)
		admin.Close()
	})
	return "mysql:" + WithDatabase(server, name)
}

// WithDatabase puts a database name into a go-sql-driver DSN without one.
func WithDatabase(server, name string) string {
	base, query, _ := strings.Cut(server, "?")
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	dsn := base + name
	if query != "" {
		dsn += "?" + query
	}
	return dsn
}

// Open returns a migrated store of the kind with the given clock (nil: time.Now).
func Open(t testing.TB, kind string, now func() time.Time) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), DSN(t, kind), Box(t), store.Options{Now: now, PasswordCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return st
}

// Each runs f once per database kind as subtests.
func Each(t *testing.T, f func(t *testing.T, kind string)) {
	for _, k := range Kinds {
		t.Run(k, func(t *testing.T) { f(t, k) })
	}
}

var lookupEnv = func() string { return getenv(EnvMySQL) }

// Name makes a readable id for fixtures.
func Name(prefix string, i int) string { return fmt.Sprintf("%s-%d", prefix, i) }

// Available reports whether tests of the kind can run here.
func Available(kind string) bool { return kind == "sqlite" || lookupEnv() != "" }

// RawDB opens a fresh empty database of the kind with database/sql, for benchmarks that
// measure the database itself.
func RawDB(t testing.TB, kind string) *sql.DB {
	t.Helper()
	dsn := DSN(t, kind)
	var db *sql.DB
	var err error
	switch kind {
	case "sqlite":
		db, err = sql.Open("sqlite", strings.TrimPrefix(dsn, "sqlite:")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
		db.SetMaxOpenConns(1)
	default:
		db, err = sql.Open("mysql", strings.TrimPrefix(dsn, "mysql:"))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
