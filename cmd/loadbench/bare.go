package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "github.com/glebarez/go-sqlite" // database/sql driver "sqlite"
)

// bare is the ceiling a save is compared with: the least a booking can cost in the same
// database, one transaction that locks the account's row, inserts a booking and commits, over
// as many account rows as the add-on has rooms.
type bare struct {
	db    *sql.DB
	mysql bool
	rooms int
}

func openBare(ctx context.Context, mysqlDSN, sqlitePath string, rooms int) (*bare, error) {
	b := &bare{rooms: rooms, mysql: mysqlDSN != ""}
	var err error
	if b.mysql {
		b.db, err = sql.Open("mysql", mysqlDSN)
		// The add-on's pool size (store.Open), so that both queue alike at 32.
		b.db.SetMaxOpenConns(32)
		b.db.SetMaxIdleConns(32)
	} else {
		// The add-on's SQLite settings: WAL, a busy timeout, one connection.
		b.db, err = sql.Open("sqlite", sqlitePath+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)")
		b.db.SetMaxOpenConns(1)
	}
	if err != nil {
		return nil, err
	}
	auto := "BIGINT AUTO_INCREMENT PRIMARY KEY"
	if !b.mysql {
		auto = "INTEGER PRIMARY KEY AUTOINCREMENT"
	}
	stmts := []string{
		"CREATE TABLE bare_accounts (id INT PRIMARY KEY, n INT NOT NULL)",
		"CREATE TABLE bare_bookings (id " + auto + ", account_id INT NOT NULL, appointment_id VARCHAR(64) NOT NULL, starts_ms BIGINT NOT NULL, ends_ms BIGINT NOT NULL)",
		"CREATE INDEX ix_bare_bookings ON bare_bookings (account_id, starts_ms)",
	}
	vals := make([]string, rooms)
	for i := range rooms {
		vals[i] = fmt.Sprintf("(%d, 0)", i+1)
	}
	stmts = append(stmts, "INSERT INTO bare_accounts VALUES "+strings.Join(vals, ","))
	for _, q := range stmts {
		if _, err := b.db.ExecContext(ctx, q); err != nil {
			b.db.Close()
			return nil, fmt.Errorf("bare: %s: %w", q, err)
		}
	}
	return b, nil
}

func (b *bare) Close() { b.db.Close() }

// book is one bare transaction: booking i of account i%rooms.
func (b *bare) book(ctx context.Context, i int) error {
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	lock := "SELECT n FROM bare_accounts WHERE id = ? FOR UPDATE"
	if !b.mysql {
		lock = "SELECT n FROM bare_accounts WHERE id = ?" // SQLite locks the database on write
	}
	var n int
	account := i%b.rooms + 1
	if err := tx.QueryRowContext(ctx, lock, account).Scan(&n); err != nil {
		tx.Rollback()
		return err
	}
	start := int64(i) * 7_200_000
	if _, err := tx.ExecContext(ctx, "INSERT INTO bare_bookings (account_id, appointment_id, starts_ms, ends_ms) VALUES (?, ?, ?, ?)",
		account, fmt.Sprintf("bare-%d", i), start, start+1_800_000); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
