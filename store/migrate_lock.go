package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"gorm.io/gorm"
)

// The migration lock is a row, not GET_LOCK: Galera does not replicate GET_LOCK, so instances
// on different nodes would all "hold" it; a row insert is certified cluster-wide like any
// write. The leases table cannot serve, since a migration creates it; this table is created
// before any migration, by a statement that is safe to run concurrently.
const (
	migrationLockTable = "schema_migration_lock"
	// migrationLockTTL bounds how long a crashed migrator blocks the others; a living one
	// renews the row every third of it, however long a migration (an ALTER TABLE) takes.
	migrationLockTTL = 30 * time.Second
)

// migrationLock waits until this process holds the migration lock or ctx ends; the returned
// func releases it.
func (s *Store) migrationLock(ctx context.Context) (func(), error) {
	ddl := "CREATE TABLE IF NOT EXISTS " + migrationLockTable +
		" (id INTEGER NOT NULL PRIMARY KEY, owner VARCHAR(64) NOT NULL, expires_ms BIGINT NOT NULL)"
	if s.mysql {
		ddl += " " + tableOptions
	}
	if err := s.db.WithContext(ctx).Exec(ddl).Error; err != nil {
		return nil, fmt.Errorf("create %s: %w", migrationLockTable, err)
	}
	owner := NewSecret(12)
	for {
		ok, err := s.tryMigrationLock(ctx, owner)
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		if ok {
			break
		}
		// Another instance migrates; its migrations take a while, so poll unhurriedly.
		if err := sleep(ctx, 100*time.Millisecond+rand.N(100*time.Millisecond)); err != nil {
			return nil, fmt.Errorf("waiting for another instance's migration: %w", err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(migrationLockTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				// A failed renewal is not fatal: the next one, or the TTL, decides.
				_ = s.db.WithContext(context.WithoutCancel(ctx)).Exec("UPDATE "+migrationLockTable+
					" SET expires_ms = ? WHERE id = 1 AND owner = ?", time.Now().Add(migrationLockTTL).UnixMilli(), owner).Error
			}
		}
	}()
	return func() {
		close(stop)
		wg.Wait()
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := s.db.WithContext(rctx).Exec("DELETE FROM "+migrationLockTable+" WHERE id = 1 AND owner = ?", owner).Error; err != nil {
			s.log.Warn("migration lock not released; it expires by itself", "err", err)
		}
	}, nil
}

// tryMigrationLock takes the lock row if it is free or expired. Its clock is the wall clock,
// not the store's (tests freeze that one): expiry is about processes that died.
func (s *Store) tryMigrationLock(ctx context.Context, owner string) (bool, error) {
	now := time.Now()
	until := now.Add(migrationLockTTL).UnixMilli()
	db := s.db.WithContext(ctx)
	err := db.Exec("INSERT INTO "+migrationLockTable+" (id, owner, expires_ms) VALUES (1, ?, ?)", owner, until).Error
	if err == nil {
		return true, nil
	}
	if isContention(err) {
		return false, nil
	}
	if !errors.Is(err, gorm.ErrDuplicatedKey) {
		return false, err
	}
	res := db.Exec("UPDATE "+migrationLockTable+" SET owner = ?, expires_ms = ? WHERE id = 1 AND expires_ms < ?", owner, until, now.UnixMilli())
	if isContention(res.Error) {
		return false, nil
	}
	if res.Error != nil {
		return false, res.Error
	}
	return res.RowsAffected == 1, nil
}
