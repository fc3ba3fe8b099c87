// Command loadbench measures what an appointment save costs: it starts a real
// `meeting-addon serve` process (MariaDB when a DSN is given, SQLite otherwise), serves the
// GoTo and Zoom fakes from its own process over loopback HTTP with no added latency, plays the
// CRM with signed hooks, and reads the database's status counters, the add-on's CPU time and
// the fakes' call logs before and after each scenario. The bare transaction (lock the
// account's row, insert a booking, commit) runs in the same run on the same server with the
// same number of account rows, so every figure has its ceiling next to it.
//
//	go run ./cmd/loadbench                       # what `make bench` runs
//	go run ./cmd/loadbench -long                 # more saves per step, RSS after 10,000 saves
//	ADDON_TEST_MYSQL_DSN='root@unix(/tmp/mdb/sock)/' go run ./cmd/loadbench -json out.json
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

// Config is what one run measures.
type Config struct {
	DSN         string // go-sql-driver server DSN without database; "" means SQLite
	Binary      string // a built meeting-addon; "" builds one
	Rooms       []int  // account-row counts: 20 and 1
	Conc        []int  // concurrent saves
	Saves       int    // saves per scenario step (GoTo scenarios)
	Courses     int    // 60-session courses per step
	RSSSaves    int    // total saves before RSS is read (extra creates are added to reach it)
	Starts      int    // start-ups timed on SQLite
	Statements  bool   // list the statements of one create save (MariaDB general log)
	JSON        string // also write the results here
	Long        bool
	KeepDB      bool
	Log         io.Writer
	SQLiteDir   string
	CourseLen   int
	MoveBy      time.Duration
	skipAddon   bool
	skipStartup bool
}

func (c *Config) parse(args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.DSN, "dsn", getenv("ADDON_TEST_MYSQL_DSN"), "MariaDB/MySQL server (go-sql-driver DSN without database; default $ADDON_TEST_MYSQL_DSN); empty: SQLite")
	fs.StringVar(&c.Binary, "addon", "", "a built meeting-addon binary (default: go build ./cmd/meeting-addon)")
	rooms := fs.String("rooms", "20,1", "GoTo rooms (= bare account rows) per configuration, comma-separated")
	conc := fs.String("conc", "1,8,32", "concurrent saves, comma-separated")
	fs.IntVar(&c.Saves, "saves", 0, "saves per scenario and concurrency (default 200; -long 1000)")
	fs.IntVar(&c.Courses, "courses", 0, "60-session Zoom courses per concurrency (default 32; -long 100)")
	fs.IntVar(&c.RSSSaves, "rss-saves", 0, "read the add-on's RSS after this many saves in all (default: after the run; -long 10000)")
	fs.IntVar(&c.Starts, "starts", 5, "start-ups to time on SQLite")
	fs.BoolVar(&c.Statements, "statements", true, "list the statements of one create save (MariaDB: general log, briefly)")
	fs.StringVar(&c.JSON, "json", "", "write the results as JSON to this file")
	fs.BoolVar(&c.Long, "long", false, "a longer run: more saves per step and RSS after 10,000 saves")
	fs.BoolVar(&c.KeepDB, "keep-db", false, "keep the benchmark databases (default: dropped)")
	fs.BoolVar(&c.skipStartup, "no-startup", false, "skip the start-up timing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if c.Rooms, err = ints(*rooms); err != nil {
		return fmt.Errorf("-rooms: %w", err)
	}
	if c.Conc, err = ints(*conc); err != nil {
		return fmt.Errorf("-conc: %w", err)
	}
	if c.Saves == 0 {
		c.Saves = 200
		if c.Long {
			c.Saves = 1000
		}
	}
	if c.Courses == 0 {
		c.Courses = 32
		if c.Long {
			c.Courses = 100
		}
	}
	if c.RSSSaves == 0 && c.Long {
		c.RSSSaves = 10000
	}
	c.CourseLen, c.MoveBy = 60, time.Hour
	return nil
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	if err := cfg.parse(args, getenv, stderr); err != nil {
		return err
	}
	cfg.Log = stderr
	tmp, err := os.MkdirTemp("", "loadbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cfg.SQLiteDir = tmp
	if cfg.Binary == "" {
		cfg.Binary = tmp + "/meeting-addon"
		fmt.Fprintln(stderr, "building meeting-addon …")
		if err := build(ctx, cfg.Binary, stderr); err != nil {
			return err
		}
	}
	res := &Results{Started: time.Now().UTC(), Machine: machine(), Database: "sqlite"}
	if cfg.DSN != "" {
		res.Database = "mariadb"
	}
	if !cfg.skipStartup {
		st, err := timeStartups(ctx, cfg)
		if err != nil {
			return fmt.Errorf("start-up: %w", err)
		}
		res.Startup = st
	}
	for _, rooms := range cfg.Rooms {
		if err := runConfig(ctx, cfg, rooms, res); err != nil {
			return fmt.Errorf("%d rooms: %w", rooms, err)
		}
	}
	res.Finished = time.Now().UTC()
	res.print(stdout)
	if cfg.JSON != "" {
		if err := res.writeJSON(cfg.JSON); err != nil {
			return err
		}
	}
	return nil
}
