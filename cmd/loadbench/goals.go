package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Goal is one of issue 9's goals with what this run measured.
type Goal struct {
	Goal     string `json:"goal"`
	Measured string `json:"measured"`
	Met      string `json:"met"` // yes, no, or "–" when not measured
}

func (r *Results) step(rooms, conc int, scenario string) *Step {
	for i := range r.Steps {
		if s := &r.Steps[i]; s.Rooms == rooms && s.Conc == conc && s.Scenario == scenario {
			return s
		}
	}
	return nil
}

func (r *Results) listing(scenario string) *ListedStatements {
	for i := range r.Statements {
		if r.Statements[i].Scenario == scenario {
			return &r.Statements[i]
		}
	}
	return nil
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

// goals compares the run with issue 9's goals for the save.
func (r *Results) goals() []Goal {
	var out []Goal
	add := func(goal, measured, met string) { out = append(out, Goal{goal, measured, met}) }
	if l := r.listing(scCreate); l != nil {
		st, c := l.count()
		add("created meeting: ≤ 3 commits, ≤ 12 statements", fmt.Sprintf("%d commits, %d statements", c, st), yes(c <= 3 && st <= 12))
	} else {
		add("created meeting: ≤ 3 commits, ≤ 12 statements", "not listed (MariaDB, with the privilege to turn on the general log)", "–")
	}
	var calls []string
	maxCalls := 0.0
	for _, s := range r.Steps {
		if s.Scenario == scUnchanged {
			calls = append(calls, num(s.Calls, 2))
			maxCalls = max(maxCalls, s.Calls)
		}
	}
	if l := r.listing(scUnchanged); l != nil {
		st, c := l.count()
		add("unchanged re-save: 1 short transaction, 0 provider calls", fmt.Sprintf("%d commits, %d statements; calls %s", c, st, strings.Join(calls, "/")), yes(c <= 1 && maxCalls == 0))
	} else if len(calls) > 0 {
		add("unchanged re-save: 1 short transaction, 0 provider calls", "calls "+strings.Join(calls, "/"), "–")
	}
	if l := r.listing(scRedeliver); l != nil {
		st, c := l.count()
		add("redelivery answered from the store: 1 statement", fmt.Sprintf("%d statements, %d commits", st, c), yes(st <= 1))
	}
	var cpu []string
	maxCPU := 0.0
	for _, s := range r.Steps {
		if s.Scenario == scCreate {
			cpu = append(cpu, fmt.Sprintf("%.1f", s.CPUms))
			maxCPU = max(maxCPU, s.CPUms)
		}
	}
	if len(cpu) > 0 {
		add("add-on CPU ≤ 1 ms per save (create)", strings.Join(cpu, "/")+" ms", yes(maxCPU <= 1))
	}
	rooms := 20
	if len(r.Steps) > 0 {
		rooms = r.Steps[0].Rooms
	}
	for _, conc := range []int{8, 32} {
		if s := r.step(rooms, conc, scCreate); s != nil {
			add(fmt.Sprintf("throughput ≥ 0.5 × bare at %d over %d rooms (create)", conc, rooms), fmt.Sprintf("%.2f × bare (%.0f vs %.0f/s)",
				s.VsBareTput, s.Throughput, r.bareOf(rooms, conc).Throughput), yes(s.VsBareTput >= 0.5))
		}
	}
	if s := r.step(rooms, 32, scCreate); s != nil {
		add(fmt.Sprintf("p99 at 32 ≤ 2 × bare p99 (create, %d rooms)", rooms), fmt.Sprintf("%.1f × (%.0f vs %.0f ms)", s.VsBareP99, s.P99ms, r.bareOf(rooms, 32).P99ms), yes(s.VsBareP99 <= 2))
	}
	if r.RSS != nil {
		met := yes(r.RSS.RSS <= 60e6)
		if r.RSS.Saves < 10000 {
			met = "– (fewer than 10,000 saves: -long)"
		}
		add("RSS ≤ 60 MB after 10,000 saves", fmt.Sprintf("%.1f MB after %d saves", float64(r.RSS.RSS)/1e6, r.RSS.Saves), met)
	}
	if r.Startup != nil {
		add("start-up to ready ≤ 300 ms on SQLite", fmt.Sprintf("%.0f ms new database, %.0f ms migrated", ms(r.Startup.Fresh), ms(r.Startup.WarmP50)),
			yes(r.Startup.Fresh.Milliseconds() <= 300))
	}
	return out
}

func (r *Results) printGoals(w io.Writer) {
	r.Goals = r.goals()
	fmt.Fprintln(w, "\nIssue 9's goals:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, g := range r.Goals {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", g.Goal, g.Measured, g.Met)
	}
	tw.Flush()
}
