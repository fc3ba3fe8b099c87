package store

import (
	"context"
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
