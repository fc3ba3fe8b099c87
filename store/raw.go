package store

import (
	"context"
	"database/sql"
	"strings"

	"gorm.io/gorm"
)

// The statements every hook runs (claim, lease, marks, reservation, answer) go to database/sql
// directly, with fixed SQL, explicit columns and plain Scan: GORM's statement building,
// callbacks and reflection were a quarter of a save's CPU in issue 9's profile. They run on the
// same pool (on MySQL the one that reruns a statement after a deadlock) or the same
// transaction as GORM's, and their errors are translated the same way. Everything else uses
// GORM.

// sqlConn is what the raw statements need of a pool or a transaction.
type sqlConn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// conn is tx's *sql.Tx, or the pool when tx is nil.
func (s *Store) conn(tx *gormDB) sqlConn {
	if tx != nil {
		return tx.Statement.ConnPool
	}
	return s.db.Statement.ConnPool
}

// sqlErr translates a driver error as GORM's TranslateError does (duplicate keys).
func (s *Store) sqlErr(err error) error {
	if t, ok := s.db.Dialector.(gorm.ErrorTranslator); ok && err != nil {
		return t.Translate(err)
	}
	return err
}

// exec runs a statement on tx (nil: the pool).
func (s *Store) exec(ctx context.Context, tx *gormDB, query string, args ...any) (sql.Result, error) {
	res, err := s.conn(tx).ExecContext(ctx, query, args...)
	return res, s.sqlErr(err)
}

// query runs a query on tx (nil: the pool) and scans each row with scan.
func (s *Store) query(ctx context.Context, tx *gormDB, scan func(*sql.Rows) error, query string, args ...any) error {
	rows, err := s.conn(tx).QueryContext(ctx, query, args...)
	if err != nil {
		return s.sqlErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return s.sqlErr(rows.Err())
}

// stmt is one statement of a batch.
type stmt struct {
	sql  string
	args []any
}

// batch runs statements in tx, in order, and returns the last one's result. On a MySQL server
// they go in one query, one round trip (the connection allows several statements a query; an
// error stops the rest, and the transaction is rolled back by its caller). SQLite, in the
// process, runs them one by one, and so does a Galera node: a transaction that another node's
// write set aborts in the middle of such a query does not reliably stop it there (with batches,
// the cluster test saw an appointment's bookings written twice).
func (s *Store) batch(ctx context.Context, tx *gormDB, stmts ...stmt) (sql.Result, error) {
	if !s.oneQuery() || len(stmts) == 1 {
		var res sql.Result
		for _, st := range stmts {
			var err error
			if res, err = s.exec(ctx, tx, st.sql, st.args...); err != nil {
				return nil, err
			}
		}
		return res, nil
	}
	q := joined(stmts...)
	return s.exec(ctx, tx, q.sql, q.args...)
}

// joined is statements as one query of several (see batch).
func joined(stmts ...stmt) stmt {
	var q strings.Builder
	var args []any
	for i, st := range stmts {
		if i > 0 {
			q.WriteString("; ")
		}
		q.WriteString(st.sql)
		args = append(args, st.args...)
	}
	return stmt{q.String(), args}
}

// oneQuery reports whether statements may go to the server together (see batch).
func (s *Store) oneQuery() bool { return s.mysql && !s.galera }

// marks is "(?, ?, …)" for n values.
func marks(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}

// prefixed is cols, each with prefix ("i." → "i.id, i.system_url, …").
func prefixed(prefix, cols string) string {
	return prefix + strings.ReplaceAll(cols, ", ", ", "+prefix)
}

const installationCols = "id, system_url, hook_secret, prev_hook_secret, prev_secret_until_ms, disabled, permitted_groups, " +
	"run_as_user, policy, topic_template, over50, host_capacity, created_ms, updated_ms"

func (r *installationRow) dest() []any {
	return []any{&r.ID, &r.SystemURL, &r.HookSecret, &r.PrevHookSecret, &r.PrevSecretUntilMS, &r.Disabled, &r.PermittedGroups,
		&r.RunAsUser, &r.Policy, &r.TopicTemplate, &r.Over50, &r.HostCapacity, &r.CreatedMS, &r.UpdatedMS}
}

const meetingCols = "ref, installation_id, appointment_id, series_id, recurrence_id, provider, resource_id, provider_meeting_id, " +
	"join_url, dial_in, passcode, subject, start_ms, end_ms, time_zone, organizer_id, data, remote_state, updated_ms"

func (r *meetingRow) values() []any {
	return []any{r.Ref, r.InstallationID, r.AppointmentID, r.SeriesID, r.RecurrenceID, r.Provider, r.ResourceID, r.ProviderMeetingID,
		r.JoinURL, r.DialIn, r.Passcode, r.Subject, r.StartMS, r.EndMS, r.TimeZone, r.OrganizerID, r.Data, r.RemoteState, r.UpdatedMS}
}

// nullMeeting scans a meetings row that a LEFT JOIN may have left NULL.
type nullMeeting struct {
	text  [16]sql.NullString
	start sql.NullInt64
	end   sql.NullInt64
	upd   sql.NullInt64
}

func (n *nullMeeting) dest() []any {
	t := &n.text
	return []any{&t[0], &t[1], &t[2], &t[3], &t[4], &t[5], &t[6], &t[7], &t[8], &t[9], &t[10], &t[11], &n.start, &n.end, &t[12], &t[13], &t[14], &t[15], &n.upd}
}

func (n *nullMeeting) row() meetingRow {
	t := &n.text
	return meetingRow{Ref: t[0].String, InstallationID: t[1].String, AppointmentID: t[2].String, SeriesID: t[3].String, RecurrenceID: t[4].String,
		Provider: t[5].String, ResourceID: t[6].String, ProviderMeetingID: t[7].String, JoinURL: t[8].String, DialIn: t[9].String,
		Passcode: t[10].String, Subject: t[11].String, StartMS: n.start.Int64, EndMS: n.end.Int64, TimeZone: t[12].String,
		OrganizerID: t[13].String, Data: t[14].String, RemoteState: t[15].String, UpdatedMS: n.upd.Int64}
}

var insertMeetingSQL = "INSERT INTO meetings (" + meetingCols + ") VALUES " + marks(19)

// insertMeeting is the statement that writes a new meeting record.
func insertMeeting(row meetingRow) stmt { return stmt{insertMeetingSQL, row.values()} }

// updateMeeting is the statement that writes a meeting record over the one with its ref.
func updateMeeting(row meetingRow) stmt {
	v := row.values()
	return stmt{"UPDATE meetings SET installation_id = ?, appointment_id = ?, series_id = ?, recurrence_id = ?, " +
		"provider = ?, resource_id = ?, provider_meeting_id = ?, join_url = ?, dial_in = ?, passcode = ?, subject = ?, start_ms = ?, " +
		"end_ms = ?, time_zone = ?, organizer_id = ?, data = ?, remote_state = ?, updated_ms = ? WHERE ref = ?", append(v[1:], v[0])}
}

// saveMeeting runs stmts and then writes a meeting record over the one with its ref, or anew
// should it be gone, in tx.
func (s *Store) saveMeeting(ctx context.Context, tx *gormDB, row meetingRow, stmts ...stmt) error {
	res, err := s.batch(ctx, tx, append(stmts, updateMeeting(row))...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 { // MySQL counts matched rows (clientFoundRows)
		return err
	}
	_, err = s.batch(ctx, tx, insertMeeting(row))
	return err
}

const resourceCols = "installation_id, resource_id, provider, name, account, status, token, token_expiry_ms, host_key, reserve_seq, deleted, updated_ms"

func (r *resourceRow) dest() []any {
	return []any{&r.InstallationID, &r.ResourceID, &r.Provider, &r.Name, &r.Account, &r.Status, &r.Token, &r.TokenExpiryMS, &r.HostKey,
		&r.ReserveSeq, &r.Deleted, &r.UpdatedMS}
}

const bookingCols = "id, installation_id, resource_id, appointment_id, recurrence_id, start_ms, end_ms, title"

func (r *bookingRow) dest() []any {
	return []any{&r.ID, &r.InstallationID, &r.ResourceID, &r.AppointmentID, &r.RecurrenceID, &r.StartMS, &r.EndMS, &r.Title}
}
