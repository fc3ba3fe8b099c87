package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Tables created before 2026120601 took the database's default character set: on a server
// whose default is latin1, every hook whose answer holds the invitation's '―' failed to save
// ("Incorrect string value … for column deliveries.body"), and the CRM's redeliveries failed
// alike. Migration 2026120601 converts the add-on's tables (the database is the add-on's own)
// to utf8mb4 with the binary collation every table is now created with; its SQL is frozen here.
//
// The tables and the columns are asked for in two plain reads of information_schema: a join of
// the two (with DISTINCT and ORDER BY) made MariaDB 10.11 crash (signal 11 while building its
// temporary table for the schema tables) under concurrent DDL in the test suite.
const (
	mismatchedTablesQuery = `SELECT table_name FROM information_schema.tables
WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_collation <> 'utf8mb4_bin'`
	mismatchedColumnsQuery = `SELECT table_name FROM information_schema.columns
WHERE table_schema = DATABASE() AND collation_name IS NOT NULL AND collation_name <> 'utf8mb4_bin'`
)

// tablesWhere returns the distinct table names the queries list, sorted.
func tablesWhere(tx *gorm.DB, queries ...string) ([]string, error) {
	seen := map[string]bool{}
	for _, q := range queries {
		var names []string
		if err := tx.Raw(q).Scan(&names).Error; err != nil {
			return nil, err
		}
		for _, n := range names {
			seen[n] = true
		}
	}
	return slices.Sorted(maps.Keys(seen)), nil
}

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026120601_utf8mb4",
		Migrate: func(tx *gorm.DB) error {
			if tx.Dialector.Name() != "mysql" {
				return nil
			}
			tables, err := tablesWhere(tx, mismatchedTablesQuery, mismatchedColumnsQuery)
			if err != nil {
				return err
			}
			for _, t := range tables {
				if err := tx.Exec("ALTER TABLE `" + t + "` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin").Error; err != nil {
					return fmt.Errorf("convert table %s to utf8mb4: %w", t, err)
				}
			}
			return nil
		},
	})
}

// checkCharset refuses a schema in which a table or a text column is not utf8mb4 (a table
// restored from an old dump, or converted by hand), so that the operator learns it from
// `migrate`, not from the CRM's failed saves. Other utf8mb4 collations are accepted.
func (s *Store) checkCharset(ctx context.Context) error {
	tables, err := tablesWhere(s.db.WithContext(ctx),
		`SELECT table_name FROM information_schema.tables
WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_collation NOT LIKE 'utf8mb4%'`,
		`SELECT table_name FROM information_schema.columns
WHERE table_schema = DATABASE() AND character_set_name IS NOT NULL AND character_set_name <> 'utf8mb4'`)
	if err != nil {
		return fmt.Errorf("check character sets: %w", err)
	}
	if len(tables) == 0 {
		return nil
	}
	var fix strings.Builder
	for _, t := range tables {
		fmt.Fprintf(&fix, "\n  ALTER TABLE `%s` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;", t)
	}
	return fmt.Errorf("tables not in character set utf8mb4: %s; text such as the invitation's '―' cannot be saved in them. Convert them (back up first):%s",
		strings.Join(tables, ", "), fix.String())
}
