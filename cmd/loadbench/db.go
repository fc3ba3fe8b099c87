package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// server is the MariaDB server of a run, reached as the DSN's user (root in CI). The add-on and
// the bare transaction each connect as a user of their own, so that the server's per-user
// statistics (userstat) tell their statements apart from the bench's and from anyone else's
// on a shared server; the global status counters are read as well.
type server struct {
	dsn          *mysql.Config
	admin        *sql.DB
	userstat     bool // per-user statistics available (SET GLOBAL userstat needs the SUPER privilege)
	userstatWas  string
	generalWas   string
	logOutputWas string
	notes        []string // what could not be measured, and why
}

func openServer(ctx context.Context, dsn string) (*server, error) {
	c, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("DSN: %w", err)
	}
	c.DBName = ""
	admin, err := sql.Open("mysql", c.FormatDSN())
	if err != nil {
		return nil, err
	}
	// One connection: the bench's own status queries run one at a time and are easy to count.
	admin.SetMaxOpenConns(1)
	s := &server{dsn: c, admin: admin}
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		return nil, fmt.Errorf("connect to %s: %w", c.Addr, err)
	}
	err = admin.QueryRowContext(ctx, "SELECT @@global.userstat").Scan(&s.userstatWas)
	if err == nil {
		_, err = admin.ExecContext(ctx, "SET GLOBAL userstat = 1")
	}
	if err != nil {
		s.notes = append(s.notes, "no per-user figures (own stmts, own commits, DB CPU): userstat: "+err.Error())
	} else {
		s.userstat = true
	}
	return s, nil
}

func (s *server) Close() {
	if s.userstat && (s.userstatWas == "0" || s.userstatWas == "OFF") {
		_, _ = s.admin.Exec("SET GLOBAL userstat = 0")
	}
	s.admin.Close()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// database is one benchmark database with the add-on's user and the bare transaction's user.
type database struct {
	name, addonUser, bareUser string
	addonDSN, bareDSN         string // go-sql-driver form
}

func (s *server) createDatabase(ctx context.Context) (*database, error) {
	id := randomHex(4)
	d := &database{name: "loadbench_" + id, addonUser: "lb_addon_" + id, bareUser: "lb_bare_" + id}
	if _, err := s.admin.ExecContext(ctx, "CREATE DATABASE "+d.name+" CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
		return nil, fmt.Errorf("create database: %w", err)
	}
	for _, u := range []*string{&d.addonUser, &d.bareUser} {
		pw := randomHex(12)
		for _, q := range []string{
			fmt.Sprintf("CREATE USER '%s'@'localhost' IDENTIFIED BY '%s'", *u, pw),
			fmt.Sprintf("CREATE USER '%s'@'%%' IDENTIFIED BY '%s'", *u, pw),
			fmt.Sprintf("GRANT ALL ON %s.* TO '%s'@'localhost'", d.name, *u),
			fmt.Sprintf("GRANT ALL ON %s.* TO '%s'@'%%'", d.name, *u),
		} {
			if _, err := s.admin.ExecContext(ctx, q); err != nil {
				// Without users of their own, both connect as the DSN's user and only the
				// global figures remain.
				s.dropUsers(d)
				s.notes = append(s.notes, "no per-user figures: "+err.Error())
				c := s.dsn.Clone()
				c.DBName = d.name
				d.addonUser, d.bareUser = "", ""
				d.addonDSN, d.bareDSN = c.FormatDSN(), c.FormatDSN()
				return d, nil
			}
		}
		c := s.dsn.Clone()
		c.User, c.Passwd, c.DBName = *u, pw, d.name
		if *u == d.addonUser {
			d.addonDSN = c.FormatDSN()
		} else {
			d.bareDSN = c.FormatDSN()
		}
	}
	return d, nil
}

func (s *server) dropDatabase(d *database) {
	_, _ = s.admin.Exec("DROP DATABASE IF EXISTS " + d.name)
	s.dropUsers(d)
}

func (s *server) dropUsers(d *database) {
	for _, u := range []string{d.addonUser, d.bareUser} {
		if u == "" {
			continue
		}
		_, _ = s.admin.Exec(fmt.Sprintf("DROP USER IF EXISTS '%s'@'localhost'", u))
		_, _ = s.admin.Exec(fmt.Sprintf("DROP USER IF EXISTS '%s'@'%%'", u))
	}
}

// userStats are one user's counters from information_schema.USER_STATISTICS.
type userStats struct {
	Select, Update, Other, Commits, Rollbacks int64
	CPU, Busy                                 float64 // seconds of server time
}

// counters is one reading of the server's status and of the two users' statistics.
type counters struct {
	global  map[string]int64
	addon   userStats
	bare    userStats
	perUser bool // the users' statistics were read (one SELECT more of the bench's own)
}

// Global status counters the report uses.
var (
	stmtCounters = []string{"Com_select", "Com_insert", "Com_update", "Com_delete", "Com_replace",
		"Com_insert_select", "Com_update_multi", "Com_delete_multi", "Com_replace_select"}
	readCounters = append(stmtCounters, "Com_commit", "Com_rollback", "Com_begin", "Handler_commit", "Handler_rollback",
		"Innodb_log_writes", "Innodb_os_log_written", "Innodb_data_fsyncs", "Com_stmt_prepare", "Com_stmt_execute",
		"Com_show_status", "Questions")
)

// read takes one reading: SHOW GLOBAL STATUS, then one SELECT of the users' statistics. The
// bench's own two statements are known (ownStatements) and subtracted.
func (s *server) read(ctx context.Context, d *database) (counters, error) {
	c := counters{global: map[string]int64{}}
	rows, err := s.admin.QueryContext(ctx, "SHOW GLOBAL STATUS")
	if err != nil {
		return c, err
	}
	want := map[string]bool{}
	for _, k := range readCounters {
		want[k] = true
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return c, err
		}
		if want[k] {
			n, _ := strconv.ParseInt(v, 10, 64)
			c.global[k] = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	if d == nil || !s.userstat || d.addonUser == "" {
		return c, nil
	}
	// @@global.userstat too: another run on the same server may have turned it off meanwhile,
	// and then the counters stand still.
	us, err := s.admin.QueryContext(ctx, `SELECT USER, SELECT_COMMANDS, UPDATE_COMMANDS, OTHER_COMMANDS, COMMIT_TRANSACTIONS,
		ROLLBACK_TRANSACTIONS, CPU_TIME, BUSY_TIME, @@global.userstat FROM information_schema.USER_STATISTICS WHERE USER IN (?, ?)`, d.addonUser, d.bareUser)
	if err != nil {
		return c, err
	}
	defer us.Close()
	c.perUser = true
	for us.Next() {
		var u string
		var st userStats
		var on bool
		if err := us.Scan(&u, &st.Select, &st.Update, &st.Other, &st.Commits, &st.Rollbacks, &st.CPU, &st.Busy, &on); err != nil {
			return c, err
		}
		c.perUser = c.perUser && on
		if u == d.addonUser {
			c.addon = st
		} else {
			c.bare = st
		}
	}
	return c, us.Err()
}

// ownStatements are what one reading adds to the global counters between two readings: the
// SELECT of the users' statistics (a prepared statement: prepare, execute, close) and the next
// reading's SHOW GLOBAL STATUS, which counts itself before it reads.
var ownStatements = map[string]int64{"Com_select": 1, "Com_stmt_prepare": 1, "Com_stmt_execute": 1, "Com_show_status": 1, "Questions": 2}

// ownShowOnly is what a reading without the users' statistics adds: the SHOW alone.
var ownShowOnly = map[string]int64{"Com_show_status": 1, "Questions": 1}

// DBFigures are the database's counters over one step, per save.
type DBFigures struct {
	Statements   float64 `json:"statements"`     // global Com_select+insert+update+delete+replace(+multi)
	ComCommit    float64 `json:"com_commit"`     // global
	HandlerCommt float64 `json:"handler_commit"` // global
	RedoWrites   float64 `json:"redo_writes"`    // Innodb_log_writes
	RedoBytes    float64 `json:"redo_bytes"`     // Innodb_os_log_written
	Fsyncs       float64 `json:"fsyncs"`         // Innodb_data_fsyncs
	Prepares     float64 `json:"prepares"`       // Com_stmt_prepare: round trips beyond the statements
	OwnStmts     float64 `json:"own_statements"` // the add-on's (or bare user's) SELECT+UPDATE commands (userstat)
	OwnOther     float64 `json:"own_other"`      // its other commands (BEGIN, COMMIT, SET …)
	OwnCommits   float64 `json:"own_commits"`    // its committed transactions (userstat)
	OwnCPUms     float64 `json:"own_db_cpu_ms"`  // server CPU on its connections (userstat), ms
	// Others is the global statement count not explained by the measured user and the bench:
	// other clients of a shared server. Non-zero means the global figures are inflated.
	Others float64 `json:"others_statements"`
	// PerUser says whether the Own… figures and Others were measured (userstat and users of
	// their own); without, only the global figures are.
	PerUser bool `json:"per_user"`
}

// figures turns two readings into per-save figures for the user (addon or bare).
func figures(a, b counters, n int, bare bool) DBFigures {
	if n <= 0 {
		return DBFigures{}
	}
	own := ownStatements
	if !a.perUser {
		own = ownShowOnly
	}
	g := func(k string) float64 { return float64(b.global[k] - a.global[k] - own[k]) }
	var stmts float64
	for _, k := range stmtCounters {
		stmts += g(k)
	}
	ua, ub := a.addon, b.addon
	if bare {
		ua, ub = a.bare, b.bare
	}
	mine := float64(ub.Select - ua.Select + ub.Update - ua.Update)
	f := float64(n)
	return DBFigures{
		Statements: stmts / f, ComCommit: g("Com_commit") / f, HandlerCommt: g("Handler_commit") / f,
		RedoWrites: g("Innodb_log_writes") / f, RedoBytes: g("Innodb_os_log_written") / f, Fsyncs: g("Innodb_data_fsyncs") / f,
		Prepares: g("Com_stmt_prepare") / f,
		OwnStmts: mine / f, OwnOther: float64(ub.Other-ua.Other) / f, OwnCommits: float64(ub.Commits-ua.Commits) / f,
		OwnCPUms: (ub.CPU - ua.CPU) * 1000 / f,
		Others:   stmts - mine, PerUser: a.perUser && b.perUser,
	}
}

// Statement is one line of the general log.
type Statement struct {
	Command string `json:"command"`
	Text    string `json:"text"`
}

// captureStatements turns the general log on (to a table) for the duration of f and returns
// what the add-on's user sent meanwhile. The log's previous settings are restored; it is only
// used when it was off.
func (s *server) captureStatements(ctx context.Context, d *database, f func() error) ([]Statement, error) {
	if err := s.admin.QueryRowContext(ctx, "SELECT @@global.general_log, @@global.log_output").Scan(&s.generalWas, &s.logOutputWas); err != nil {
		return nil, err
	}
	if s.generalWas != "0" && s.generalWas != "OFF" {
		return nil, fmt.Errorf("the general log is on already (someone else's): not touched")
	}
	if _, err := s.admin.ExecContext(ctx, "SET GLOBAL log_output = 'TABLE'"); err != nil {
		return nil, err
	}
	defer s.admin.Exec("SET GLOBAL log_output = '" + s.logOutputWas + "'")
	// The log was off: what the table holds is old; start it empty.
	if _, err := s.admin.ExecContext(ctx, "TRUNCATE TABLE mysql.general_log"); err != nil {
		return nil, err
	}
	if _, err := s.admin.ExecContext(ctx, "SET GLOBAL general_log = 1"); err != nil {
		return nil, err
	}
	ferr := f()
	if _, err := s.admin.ExecContext(ctx, "SET GLOBAL general_log = 0"); err != nil {
		return nil, err
	}
	if ferr != nil {
		return nil, ferr
	}
	rows, err := s.admin.QueryContext(ctx, `SELECT command_type, CONVERT(argument USING utf8mb4) FROM mysql.general_log
		WHERE user_host LIKE ? ORDER BY event_time`, d.addonUser+"[%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Statement
	for rows.Next() {
		var st Statement
		if err := rows.Scan(&st.Command, &st.Text); err != nil {
			return nil, err
		}
		st.Text = strings.Join(strings.Fields(st.Text), " ")
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Leave the table as empty as the log was off.
	_, _ = s.admin.ExecContext(ctx, "TRUNCATE TABLE mysql.general_log")
	return out, nil
}

// addFigures returns sum + w×f (sum nil: w×f) for the per-save figures.
func addFigures(sum *DBFigures, f DBFigures, w float64) *DBFigures {
	out := DBFigures{}
	if sum != nil {
		out = *sum
	}
	out.Statements += w * f.Statements
	out.ComCommit += w * f.ComCommit
	out.HandlerCommt += w * f.HandlerCommt
	out.RedoWrites += w * f.RedoWrites
	out.RedoBytes += w * f.RedoBytes
	out.Fsyncs += w * f.Fsyncs
	out.Prepares += w * f.Prepares
	out.OwnStmts += w * f.OwnStmts
	out.OwnOther += w * f.OwnOther
	out.OwnCommits += w * f.OwnCommits
	out.OwnCPUms += w * f.OwnCPUms
	out.PerUser = f.PerUser && (sum == nil || sum.PerUser)
	return &out // Others is a total, summed by the caller
}
