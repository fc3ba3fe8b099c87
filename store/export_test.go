package store

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/go-gormigrate/gormigrate/v2"
)

// MigrateTo applies the migrations up to and including id, for tests of a migration on the
// data an older version left.
func (s *Store) MigrateTo(ctx context.Context, id string) error {
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	ordered := slices.SortedFunc(slices.Values(migrations), func(a, b *gormigrate.Migration) int { return strings.Compare(a.ID, b.ID) })
	return gormigrate.New(s.db.WithContext(ctx), &opts, ordered).MigrateTo(id)
}

// HashToken is the unkeyed hash of tokens looked up by value.
var HashToken = hashToken

// RolledBackPending runs the hook's pending writes in a transaction that is then rolled back,
// as a transaction that must run again (a deadlock, a lost certification) is.
func (s *Store) RolledBackPending(ctx context.Context) error {
	return s.transaction(ctx, func(tx *gormDB) error {
		if err := s.writePending(ctx, tx); err != nil {
			return err
		}
		return errRolledBack
	})
}

var errRolledBack = errors.New("rolled back")
