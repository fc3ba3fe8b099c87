package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// Results are everything one run measured.
type Results struct {
	Started    time.Time          `json:"started"`
	Finished   time.Time          `json:"finished"`
	Machine    string             `json:"machine"`
	Database   string             `json:"database"`
	Startup    *Startup           `json:"startup_sqlite,omitempty"`
	Steps      []Step             `json:"steps"`
	RSS        *RSS               `json:"rss,omitempty"`
	Statements []ListedStatements `json:"statements_of_one_save,omitempty"`
	Goals      []Goal             `json:"goals,omitempty"`
	Notes      []string           `json:"notes,omitempty"`
}

// RSS is the add-on's resident memory after a number of appointment saves.
type RSS struct {
	Saves int   `json:"saves"`
	RSS   int64 `json:"vmrss_bytes"`
	Peak  int64 `json:"vmhwm_bytes"`
}

// ListedStatements are the statements the add-on sent for one save of a scenario.
type ListedStatements struct {
	Scenario   string      `json:"scenario"`
	Statements []Statement `json:"statements"`
}

func mkdir(dir string) error { return os.MkdirAll(dir, 0o755) }

// listStatements saves one probe appointment through create, redelivery, unchanged and move,
// each with the general log on, and keeps what the add-on's user sent.
func (b *bench) listStatements(ctx context.Context) error {
	a := b.newAppointments("probe", 1)[0]
	for _, sc := range []string{scCreate, scRedeliver, scUnchanged, scMove} {
		var o outcome
		list, err := b.srv.captureStatements(ctx, b.db, func() error {
			switch sc {
			case scRedeliver:
				o = a.redeliver(ctx, b.crm)
			case scMove:
				a.start = a.start.Add(b.cfg.MoveBy)
				o = a.save(ctx, b.crm)
			default:
				o = a.save(ctx, b.crm)
			}
			b.saves.Add(1)
			return o.err
		})
		if err != nil {
			return err
		}
		b.res.Statements = append(b.res.Statements, ListedStatements{Scenario: sc, Statements: list})
	}
	return nil
}

// readRSS makes further creates until cfg.RSSSaves saves were sent in all, then reads VmRSS.
func (b *bench) readRSS(ctx context.Context) error {
	for int(b.saves.Load()) < b.cfg.RSSSaves {
		n := min(1000, b.cfg.RSSSaves-int(b.saves.Load()))
		appts := b.newAppointments("rss", n)
		_, _, outs := load(ctx, 8, n, func(i int) outcome { b.saves.Add(1); return appts[i].save(ctx, b.crm) })
		for _, o := range outs {
			if o.err != nil {
				return fmt.Errorf("saves before reading RSS: %w", o.err)
			}
		}
		fmt.Fprintf(b.cfg.Log, "  %d saves sent\n", b.saves.Load())
	}
	rss, peak, err := procRSS(b.addon.pid())
	if err != nil {
		return err
	}
	b.res.RSS = &RSS{Saves: int(b.saves.Load()), RSS: rss, Peak: peak}
	return nil
}

func (r *Results) bareOf(rooms, conc int) *Step {
	for i := range r.Steps {
		if s := &r.Steps[i]; s.Scenario == scBare && s.Rooms == rooms && s.Conc == conc {
			return s
		}
	}
	return nil
}

func (r *Results) ratios() {
	for i := range r.Steps {
		s := &r.Steps[i]
		if s.Scenario == scBare {
			continue
		}
		if b := r.bareOf(s.Rooms, s.Conc); b != nil && b.Throughput > 0 && b.P99ms > 0 {
			s.VsBareTput = s.Throughput / b.Throughput
			s.VsBareP99 = s.P99ms / b.P99ms
		}
	}
}

func num(f float64, prec int) string {
	if f == 0 {
		return "0"
	}
	return fmt.Sprintf("%.*f", prec, f)
}

// print writes the tables: one line per rooms, concurrency and scenario.
func (r *Results) print(w io.Writer) {
	r.ratios()
	fmt.Fprintf(w, "\nloadbench %s on %s — %s\n", r.Started.Format(time.RFC3339), r.Database, r.Machine)
	fmt.Fprintln(w, "\nPer save: latency at the CRM, the add-on process's CPU (utime+stime), provider API calls; ×bare: against the bare transaction at the same rooms and concurrency.")
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rooms\tconc\tscenario\tn\terrors\tsaves/s\tp50 ms\tp99 ms\t×bare tput\t×bare p99\tCPU ms\tcalls\t")
	for _, s := range r.Steps {
		line := fmt.Sprintf("%d\t%d\t%s\t%d\t%d\t%.0f\t%.1f\t%.1f\t", s.Rooms, s.Conc, s.Scenario, s.N, s.Errors, s.Throughput, s.P50ms, s.P99ms)
		if s.Scenario == scBare {
			line += "\t\t\t\t"
		} else {
			line += fmt.Sprintf("%.2f\t%.2f\t%.2f\t%s\t", s.VsBareTput, s.VsBareP99, s.CPUms, num(s.Calls, 1))
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	if r.Database == "mariadb" {
		fmt.Fprintln(w, "\nDatabase per save. own: the add-on's (or bare's) own MariaDB user, from userstat — DML statements (SELECT+INSERT+UPDATE+DELETE),")
		fmt.Fprintln(w, "other commands (START TRANSACTION, COMMIT, ROLLBACK), committed transactions (handler level) and server CPU. global: SHOW GLOBAL STATUS")
		fmt.Fprintln(w, "deltas with the bench's own queries subtracted — Com_select+insert+update+delete+replace, Com_commit, Handler_commit, Innodb_log_writes,")
		fmt.Fprintln(w, "Innodb_os_log_written, Com_stmt_prepare; others: statements of other clients of the server during the step (not per save; 0 = global figures clean).")
		tw = tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "rooms\tconc\tscenario\town stmts\town other\town commits\tDB CPU ms\tstmts\tCom_commit\tHandler_commit\tredo writes\tredo KB\tprepares\tothers\t")
		for _, s := range r.Steps {
			d := s.DB
			if d == nil {
				continue
			}
			own, others := "–\t–\t–\t–", "–"
			if d.PerUser {
				own = fmt.Sprintf("%s\t%s\t%s\t%.2f", num(d.OwnStmts, 1), num(d.OwnOther, 1), num(d.OwnCommits, 1), d.OwnCPUms)
				others = fmt.Sprintf("%.0f", d.Others)
			}
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", s.Rooms, s.Conc, s.Scenario, own,
				num(d.Statements, 1), num(d.ComCommit, 1), num(d.HandlerCommt, 1), num(d.RedoWrites, 1), num(d.RedoBytes/1024, 1), num(d.Prepares, 1), others)
		}
		tw.Flush()
	}
	fmt.Fprintln(w)
	if r.Startup != nil {
		fmt.Fprintf(w, "start-up to ready on SQLite (exec → /readyz 200): new database (migrations) %.0f ms; migrated database p50 %.0f ms over %d starts\n",
			ms(r.Startup.Fresh), ms(r.Startup.WarmP50), len(r.Startup.Warm))
	}
	if r.RSS != nil {
		fmt.Fprintf(w, "add-on RSS after %d appointment saves: VmRSS %.1f MB (peak VmHWM %.1f MB)\n", r.RSS.Saves, float64(r.RSS.RSS)/1e6, float64(r.RSS.Peak)/1e6)
	}
	for _, s := range r.Steps {
		if s.FirstError != "" {
			fmt.Fprintf(w, "errors: %d rooms conc %d %s: %d, first: %s\n", s.Rooms, s.Conc, s.Scenario, s.Errors, s.FirstError)
		}
	}
	for _, l := range r.Statements {
		st, commits := l.count()
		fmt.Fprintf(w, "\nstatements of one %s save (general log, the add-on's connection): %d statements, %d commits, %d round trips (%s):\n",
			l.Scenario, st, commits, l.roundTrips(), summarize(l.Statements))
		for i, st := range l.Statements {
			if st.Command == "Prepare" || st.Command == "Close stmt" {
				continue
			}
			for j, part := range splitStatements(st.Text) { // several statements in one query: a, b, …
				n := fmt.Sprintf("%2d", i+1)
				if j > 0 {
					n = "  " + string(rune('a'+j))
				}
				fmt.Fprintf(w, "  %s %-8s %s\n", n, st.Command, clip(part, 200))
			}
		}
	}
	r.printGoals(w)
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note:", n)
	}
}

// count returns the statements (executed statements and plain queries other than transaction
// control) and the COMMITs of a listing.
func (l ListedStatements) count() (statements, commits int) {
	for _, s := range l.Statements {
		if s.Command == "Execute" {
			statements++
			continue
		}
		if s.Command != "Query" {
			continue
		}
		for _, q := range splitStatements(s.Text) {
			switch {
			case strings.EqualFold(q, "COMMIT"):
				commits++
			case !strings.EqualFold(q, "START TRANSACTION") && !strings.EqualFold(q, "ROLLBACK") && !strings.EqualFold(q, "BEGIN") &&
				!strings.HasPrefix(strings.ToUpper(q), "SET TRANSACTION"):
				statements++
			}
		}
	}
	return statements, commits
}

// roundTrips is how many commands the add-on sent (a query of several statements is one).
func (l ListedStatements) roundTrips() int {
	n := 0
	for _, s := range l.Statements {
		if s.Command == "Query" || s.Command == "Execute" {
			n++
		}
	}
	return n
}

// splitStatements splits a query of several statements at the semicolons outside quoted
// strings and names.
func splitStatements(q string) []string {
	var out []string
	var quote byte
	start := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0 && c == '\\':
			i++ // an escaped character
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '\'' || c == '"' || c == '`'):
			quote = c
		case quote == 0 && c == ';':
			out = append(out, strings.TrimSpace(q[start:i]))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(q[start:]); rest != "" || len(out) == 0 {
		out = append(out, rest)
	}
	return out
}

// summarize counts a listing by command type.
func summarize(list []Statement) string {
	count := map[string]int{}
	var order []string
	for _, s := range list {
		if count[s.Command] == 0 {
			order = append(order, s.Command)
		}
		count[s.Command]++
	}
	parts := make([]string, len(order))
	for i, k := range order {
		parts[i] = fmt.Sprintf("%d %s", count[k], k)
	}
	return strings.Join(parts, ", ")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (r *Results) writeJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + " …"
}
