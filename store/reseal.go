package store

import (
	"context"
	"fmt"
	"sort"
)

// sealedColumn is one column that holds sealed values: its table, the columns that identify a
// row, and the seal context of a row (built from those columns).
type sealedColumn struct {
	table   string
	keys    []string
	column  string
	context func(key []string) string
}

// sealedColumns lists every column the store seals. A new sealed column must be added here, or
// `meeting-addon reseal` leaves it under the old key (TestResealLeavesNothingUnderTheOldKey
// finds such a column in a full sandbox run).
var sealedColumns = []sealedColumn{
	{"installations", []string{"id"}, "hook_secret", func(k []string) string { return secretContext(k[0]) }},
	{"installations", []string{"id"}, "prev_hook_secret", func(k []string) string { return secretContext(k[0]) }},
	{"redirect_urls", []string{"id", "installation_id"}, "url", func(k []string) string { return redirectContext(k[1]) }},
	{"meeting_resources", []string{"installation_id", "resource_id"}, "token", func(k []string) string { return tokenContext(k[0], k[1]) }},
	{"meeting_resources", []string{"installation_id", "resource_id"}, "host_key", func(k []string) string { return hostKeyContext(k[0], k[1]) }},
	{"zoom_accounts", []string{"installation_id", "id"}, "client_secret", func(k []string) string { return zoomContext(k[0], k[1], "secret") }},
	{"zoom_accounts", []string{"installation_id", "id"}, "proxy_password", func(k []string) string { return zoomContext(k[0], k[1], "proxy") }},
	{"zoom_accounts", []string{"installation_id", "id"}, "webhook_secret", func(k []string) string { return zoomContext(k[0], k[1], "webhook") }},
	{"zoom_accounts", []string{"installation_id", "id"}, "token", func(k []string) string { return zoomContext(k[0], k[1], "token") }},
}

// ResealCount is what Reseal did with one column.
type ResealCount struct {
	Column   string `json:"column"`   // table.column
	Sealed   int    `json:"sealed"`   // values in the column
	Resealed int    `json:"resealed"` // re-encrypted under the current key now
	Changed  int    `json:"changed"`  // rewritten by someone else meanwhile (then under the current key)
	Failed   int    `json:"failed"`   // opened with no configured key
}

// Reseal re-encrypts every sealed value that an older key (ADDON_ENCRYPTION_KEY_OLD) sealed
// under the current key. It runs while the add-on serves: each value is replaced only if it is
// still the one read (a token renewed meanwhile was sealed with the current key already).
// Values no configured key opens are counted, never changed; the error then says how many.
func (s *Store) Reseal(ctx context.Context) ([]ResealCount, error) {
	defer s.zoomGen.Add(1) // hooks read accounts again (see zoomAccountRow)
	var out []ResealCount
	failed := 0
	for _, sc := range sealedColumns {
		n, err := s.resealColumn(ctx, sc)
		if err != nil {
			return out, err
		}
		failed += n.Failed
		out = append(out, n)
	}
	if failed > 0 {
		return out, fmt.Errorf("%d sealed values open with none of the configured keys: is every old key in ADDON_ENCRYPTION_KEY_OLD?", failed)
	}
	return out, nil
}

func (s *Store) resealColumn(ctx context.Context, sc sealedColumn) (ResealCount, error) {
	n := ResealCount{Column: sc.table + "." + sc.column}
	db := s.db.WithContext(ctx)
	if !db.Migrator().HasColumn(sc.table, sc.column) {
		return n, nil
	}
	cols := append(append([]string(nil), sc.keys...), sc.column)
	rows, err := db.Table(sc.table).Select(cols).Where(sc.column + " <> ''").Rows()
	if err != nil {
		return n, translate(err, n.Column)
	}
	type value struct {
		key    []string
		sealed string
	}
	var values []value
	for rows.Next() {
		dest := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range dest {
			ptrs[i] = &dest[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return n, translate(err, n.Column)
		}
		values = append(values, value{key: dest[:len(sc.keys)], sealed: dest[len(sc.keys)]})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return n, translate(err, n.Column)
	}
	for _, v := range values {
		n.Sealed++
		re, changed, err := s.box.Reseal(v.sealed, sc.context(v.key))
		if err != nil {
			n.Failed++
			continue
		}
		if !changed {
			continue
		}
		q := db.Table(sc.table).Where(sc.column+" = ?", v.sealed)
		for i, k := range sc.keys {
			q = q.Where(k+" = ?", v.key[i])
		}
		res := q.Update(sc.column, re)
		if res.Error != nil {
			return n, translate(res.Error, n.Column)
		}
		if res.RowsAffected == 1 {
			n.Resealed++
		} else {
			n.Changed++
		}
	}
	return n, nil
}

// SealedColumns names every column Reseal covers, as table.column, sorted.
func SealedColumns() []string {
	var out []string
	for _, sc := range sealedColumns {
		out = append(out, sc.table+"."+sc.column)
	}
	sort.Strings(out)
	return out
}
