package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Tables created before 2026120601 took the database's default character set: on a server
// whose default is latin1, every hook whose answer holds the invitation's '―' failed to save
// ("Incorrect string value … for column deliveries.body"), and the CRM's redeliveries failed
// alike. Migration 2026120601 converts the add-on's tables (the database is the add-on's own)
// to utf8mb4 with the binary collation every table is now created with; its SQL is frozen here.
const charsetMismatchQuery = `SELECT DISTINCT t.table_name FROM information_schema.tables t
LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
  AND c.collation_name IS NOT NULL AND c.collation_name <> 'utf8mb4_bin'
WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE'
  AND (t.table_collation <> 'utf8mb4_bin' OR c.column_name IS NOT NULL)
ORDER BY t.table_name`

func init() {
	migrations = append(migrations, &gormigrate.Migration{
		ID: "2026120601_utf8mb4",
		Migrate: func(tx *gorm.DB) error {
			if tx.Dialector.Name() != "mysql" {
				return nil
			}
			var tables []string
			if err := tx.Raw(charsetMismatchQuery).Scan(&tables).Error; err != nil {
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
	var tables []string
	err := s.db.WithContext(ctx).Raw(`SELECT DISTINCT t.table_name FROM information_schema.tables t
LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
  AND c.character_set_name IS NOT NULL AND c.character_set_name <> 'utf8mb4'
WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE'
  AND (t.table_collation NOT LIKE 'utf8mb4%' OR c.column_name IS NOT NULL)
ORDER BY t.table_name`).Scan(&tables).Error
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
