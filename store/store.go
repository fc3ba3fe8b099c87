// Package store keeps the add-on's state in a SQL database through GORM: MySQL/MariaDB in
// production, a pure-Go SQLite file as the embedded default. All state that correctness depends
// on lives here, so that several instances on one MySQL behave like one.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/seal"
)

// Store wraps the database. Secrets pass through Box on their way in and out.
type Store struct {
	db    *gorm.DB
	box   *seal.Box
	now   func() time.Time
	mysql bool
	// galera is set when the server is a Galera node (wsrep on); see openMySQL.
	galera bool
	log    *slog.Logger
	// passwordCost is the bcrypt cost of vendor passwords; dummyHash is made with it on first use.
	passwordCost int
	dummyHash    func() []byte
	releases     releaseSignals // wakes this process's lease waiters (see Lease)
	reruns       atomic.Int64   // see Reruns
	// templates keeps installations' invitation templates by revision (see Template).
	templates sync.Map
	// zoomGen counts this process's writes of Zoom accounts: a hook's reads of them (see
	// zoomAccountRow) are kept only while it stands still.
	zoomGen atomic.Uint64
}

// Options configure Open.
type Options struct {
	Now func() time.Time
	// PasswordCost is the bcrypt cost of new vendor passwords (0: bcrypt.DefaultCost). Tests
	// lower it; production keeps the default.
	PasswordCost int
	// Logger receives what the store cannot return to a caller (a lease it failed to release);
	// nil discards it.
	Logger *slog.Logger
}

// Open connects to the database named by dsn: "sqlite:<path>" (":memory:" allowed) or
// "mysql:<go-sql-driver DSN>". It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, box *seal.Box, opts Options) (*Store, error) {
	// Single writes run as they are, without a transaction of their own around them (GORM's
	// default adds START TRANSACTION and COMMIT, two round trips, to every one); writes that
	// belong together use s.transaction.
	cfg := &gorm.Config{TranslateError: true, Logger: logger.Discard, SkipDefaultTransaction: true}
	s := &Store{box: box, now: opts.Now, passwordCost: opts.PasswordCost, log: opts.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.passwordCost == 0 {
		s.passwordCost = bcrypt.DefaultCost
	}
	s.dummyHash = sync.OnceValue(func() []byte {
		h, _ := bcrypt.GenerateFromPassword([]byte("no such vendor user"), s.passwordCost)
		return h
	})
	var dial gorm.Dialector
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		// WAL lets readers proceed during a write; busy_timeout waits instead of failing
		// when another process holds the write lock.
		// _txlock=immediate: a transaction takes the write lock when it begins, so that a check
		// and the write it decides (a reservation) are one step for other processes too.
		dial = sqlite.Open(path + sep + "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate")
	case strings.HasPrefix(dsn, "mysql:"):
		pool, err := openMySQL(ctx, strings.TrimPrefix(dsn, "mysql:"))
		if err != nil {
			return nil, fmt.Errorf("database %s: %w", redactDSN(dsn), err)
		}
		s.mysql, s.galera = true, pool.galera
		dial = mysql.New(mysql.Config{Conn: retryPool{db: pool.db, reruns: &s.reruns}, DSNConfig: pool.cfg})
	default:
		return nil, fmt.Errorf("database %q: must start with sqlite: or mysql:", redactDSN(dsn))
	}
	db, err := gorm.Open(dial, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if s.mysql {
		// Each hook holds a connection only for short statements (long work is serialised by
		// leases, not by open transactions), so a modest pool serves many concurrent hooks;
		// recycling connections before MySQL's wait_timeout avoids "invalid connection" errors.
		sqlDB.SetMaxOpenConns(32)
		sqlDB.SetMaxIdleConns(16)
		sqlDB.SetConnMaxLifetime(5 * time.Minute)
	} else {
		// SQLite allows one writer; a single connection turns lock contention into queueing
		// in database/sql instead of SQLITE_BUSY errors.
		sqlDB.SetMaxOpenConns(1)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pctx); err != nil {
		return nil, fmt.Errorf("connect to database %s: %w", redactDSN(dsn), err)
	}
	s.db = db
	return s, nil
}

// Close closes the connection pool.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks that the database answers (readiness).
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Galera reports whether the database is a Galera cluster node.
func (s *Store) Galera() bool { return s.galera }

// DB exposes the handle for benchmarks that measure the database itself.
func (s *Store) DB() *gorm.DB { return s.db }

func (s *Store) nowMS() int64 { return s.now().UnixMilli() }

// redactDSN hides a password in a MySQL DSN so that it can be logged.
func redactDSN(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	colon := strings.Index(dsn, ":")
	if at < 0 || colon < 0 {
		return dsn
	}
	if c := strings.Index(dsn[colon+1:at], ":"); c >= 0 {
		return dsn[:colon+1+c+1] + "***" + dsn[at:]
	}
	return dsn
}

// translate maps GORM errors to domain errors.
func translate(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return addon.Errorf(addon.ENOTFOUND, "%s not found", what)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return addon.Errorf(addon.ECONFLICT, "%s already exists", what)
	case errors.Is(err, context.DeadlineExceeded) || isContention(err):
		// The request's time ran out waiting for the database (a busy row, a slow server), or
		// a deadlock outlived the store's retries (retry.go): nothing is lost, the CRM
		// redelivers.
		return busy(fmt.Errorf("%s: %w", what, err))
	}
	return fmt.Errorf("%s: %w", what, err)
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

type gormDB = gorm.DB

func isNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }
