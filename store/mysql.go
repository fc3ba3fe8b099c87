package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
)

// Character set and collation of every table on MySQL. utf8mb4 holds all of Unicode (the
// invitation's '―', umlauts, emoji in a note); the binary collation compares bytes, as SQLite
// does, so ids, hashes and e-mail addresses (stored lower-cased where case does not matter)
// compare the same on both.
const (
	tableCharset   = "utf8mb4"
	tableCollation = "utf8mb4_bin"
	tableOptions   = "ENGINE=InnoDB DEFAULT CHARSET=" + tableCharset + " COLLATE=" + tableCollation
)

// galeraSyncWait is the wsrep_sync_wait the store sets on every connection to a Galera node:
// reads (1) and UPDATE/DELETE (2) first wait until the node has applied every write the
// cluster committed before, so that an instance whose connections reach different nodes
// (behind a load balancer) reads its own writes. INSERTs need no wait: a conflicting insert
// loses certification and is retried.
const galeraSyncWait = "3"

// mysqlPool is an open MySQL pool and what Open learned about the server.
type mysqlPool struct {
	db     *sql.DB
	cfg    *mysqldriver.Config
	galera bool
}

// openMySQL opens a pool for a go-sql-driver DSN with the settings the store relies on:
// parseTime for time columns; clientFoundRows so that an UPDATE that matches a row but changes
// nothing still counts it, as SQLite does (used to tell "not found" apart); a utf8mb4
// connection; and, on a Galera node, read-your-writes on every connection.
func openMySQL(ctx context.Context, dsn string) (*mysqlPool, error) {
	cfg, err := mysqldriver.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	cfg.ParseTime, cfg.ClientFoundRows = true, true
	// The driver puts the arguments into the statement itself (safe with utf8mb4, the only
	// character set the add-on allows) instead of preparing each statement on the server:
	// one round trip per statement instead of three (prepare, execute, close).
	cfg.InterpolateParams = true
	// Several statements a query: a transaction's writes go to the server together (see
	// Store.batch). The add-on's SQL is fixed text; every value is a parameter, escaped by the
	// driver, never part of the text.
	cfg.MultiStatements = true
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	if cs, ok := cfg.Params["charset"]; ok && !strings.HasPrefix(cs, tableCharset) {
		return nil, fmt.Errorf("charset=%s: the add-on stores text as utf8mb4; remove charset from the DSN", cs)
	}
	if cfg.Collation != "" && !strings.HasPrefix(cfg.Collation, tableCharset+"_") {
		return nil, fmt.Errorf("collation=%s: the add-on stores text as utf8mb4; remove collation from the DSN", cfg.Collation)
	}
	// SET NAMES on each new connection, even where the server ignores the client's character
	// set in the handshake (character-set-client-handshake=OFF with a latin1 server default).
	cfg.Params["charset"] = tableCharset
	db, err := openConnector(cfg)
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	galera, err := wsrepOn(pctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	if galera {
		if _, set := cfg.Params["wsrep_sync_wait"]; !set {
			// Only new connections take DSN parameters: reopen so that every pooled
			// connection has it.
			db.Close()
			cfg.Params["wsrep_sync_wait"] = galeraSyncWait
			if db, err = openConnector(cfg); err != nil {
				return nil, err
			}
		}
	}
	return &mysqlPool{db: db, cfg: cfg, galera: galera}, nil
}

func openConnector(cfg *mysqldriver.Config) (*sql.DB, error) {
	c, err := mysqldriver.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}

// wsrepOn asks whether the server is a Galera node with replication on. MySQL without Galera
// does not know the variable (1193); MariaDB without a provider says OFF.
func wsrepOn(ctx context.Context, db *sql.DB) (bool, error) {
	var on sql.NullString
	err := db.QueryRowContext(ctx, "SELECT @@wsrep_on").Scan(&on)
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) && me.Number == 1193 {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("connect: %w", err)
	}
	return on.String == "1" || strings.EqualFold(on.String, "ON"), nil
}
