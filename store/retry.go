package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
)

// InnoDB answers two sessions that lock each other's rows with a deadlock (1213) or, after
// innodb_lock_wait_timeout, a lock wait timeout (1205); a Galera node answers a transaction that
// lost certification against a write committed on another node with 1213 as well. In each case
// the database rolled the work back and the same work, run again, normally succeeds: it is the
// database's concurrency speaking, not the client, so it must never reach the CRM as a 500.
const (
	errDeadlock        = 1213
	errLockWaitTimeout = 1205
)

// retryAttempts bounds how often one transaction or statement runs. Under Galera a hot row
// (an account's lease) can lose certification several times in a row; beyond this the
// database is overloaded and the CRM's redelivery is the better retry.
const retryAttempts = 8

// retryable reports whether err says the database rolled the work back and it may simply run
// again.
func retryable(err error) bool {
	var me *mysqldriver.MySQLError
	return errors.As(err, &me) && (me.Number == errDeadlock || me.Number == errLockWaitTimeout)
}

// retryPause is the pause before attempt n+1: short, growing and jittered, so that the
// sessions that collided do not collide again in step.
func retryPause(n int) time.Duration {
	d := time.Duration(2<<min(n, 6)) * time.Millisecond // 4 ms, 8 ms … 128 ms
	return d/2 + rand.N(d/2+1)
}

// retry runs op until it succeeds, fails for another reason, or has run retryAttempts times,
// counting each run again in reruns. op must be a whole unit of work (a transaction, or a
// statement outside one): a statement inside a transaction the database rolled back cannot be
// repeated on its own.
func retry(ctx context.Context, reruns *atomic.Int64, op func() error) error {
	for n := 1; ; n++ {
		err := op()
		if err == nil || !retryable(err) {
			return err
		}
		if n == retryAttempts {
			return busy(err)
		}
		if sleep(ctx, retryPause(n)) != nil {
			return busy(err)
		}
		reruns.Add(1)
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// busy turns a conflict that outlived the retries, or a request's time running out while it
// waited for the database, into EUNAVAILABLE (the CRM redelivers after a 503), keeping the
// database's message for the log.
func busy(err error) error {
	if addon.ErrorCode(err) == addon.EUNAVAILABLE {
		return err
	}
	return fmt.Errorf("%w (%v)", catalog.Error(addon.EUNAVAILABLE, "store.database_busy_right_now"), err)
}

// transaction runs fn in a transaction and runs the whole transaction again when the database
// rolled it back for a deadlock or a lost Galera certification (often only reported at
// COMMIT). fn may therefore run more than once: it must derive everything from what it reads
// in tx and assign its results afresh on each run. Every transaction of the store goes
// through here (TestTransactionsRetry checks).
func (s *Store) transaction(ctx context.Context, fn func(tx *gormDB) error, opts ...*sql.TxOptions) error {
	return retry(ctx, &s.reruns, func() error { return s.db.WithContext(ctx).Transaction(fn, opts...) })
}

// lockedRows are the options of a transaction whose check is made safe by the row locks it
// takes first (an account's reservation): on MySQL it reads committed rows, so that it sees
// everything committed before it got its locks and takes no gap locks. Under REPEATABLE READ
// the DELETE of a new appointment's (absent) bookings locked the gap next to it, and two new
// appointments with neighbouring ids, booking different rooms, deadlocked on their INSERTs.
// SQLite has one writer at a time and no isolation levels to choose.
func (s *Store) lockedRows() []*sql.TxOptions {
	if s.mysql {
		return []*sql.TxOptions{{Isolation: sql.LevelReadCommitted}}
	}
	return nil
}

// Reruns counts the transactions and statements run again after a deadlock, a lock wait
// timeout or a lost Galera certification (a metric: a rising rate means hot rows or a cluster
// whose nodes write the same rows).
func (s *Store) Reruns() int64 { return s.reruns.Load() }

// retryPool is the connection pool GORM uses on MySQL. Statements outside a transaction
// (autocommit: the statement is the whole transaction) are run again when the database rolled
// them back for a deadlock or a lost certification. Transactions begin on the inner pool, and
// their statements run on the *sql.Tx, never through here: a dead transaction is retried as a
// whole by Store.transaction.
type retryPool struct {
	db     *sql.DB
	reruns *atomic.Int64
}

func (p retryPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, query)
}

func (p retryPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := retry(ctx, p.reruns, func() (err error) {
		res, err = p.db.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// QueryContext retries too: MariaDB runs an INSERT … RETURNING (GORM's Create there) as a query.
func (p retryPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	var rows *sql.Rows
	err := retry(ctx, p.reruns, func() (err error) {
		rows, err = p.db.QueryContext(ctx, query, args...)
		return err
	})
	return rows, err
}

func (p retryPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	var row *sql.Row
	_ = retry(ctx, p.reruns, func() error {
		row = p.db.QueryRowContext(ctx, query, args...)
		return row.Err()
	})
	return row
}

// BeginTx makes GORM's transactions run on the inner pool.
func (p retryPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	return p.db.BeginTx(ctx, opts)
}

// GetDBConn lets gorm.DB.DB() find the pool (Close, Ping, pool settings).
func (p retryPool) GetDBConn() (*sql.DB, error) { return p.db, nil }
