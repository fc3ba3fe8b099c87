package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/onlinemeetings/meeting-addon/store"
)

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func opsFlags(name string, getenv func(string) string) (*flag.FlagSet, *Config) {
	cfg := loadConfig(getenv)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&cfg.Database, "database", cfg.Database, "database (ADDON_DATABASE)")
	fs.BoolVar(&cfg.Sandbox, "sandbox", cfg.Sandbox, "use the sandbox's encryption key")
	return fs, &cfg
}

func installationCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("installation: want create, list, rotate-secret, disable or enable")
	}
	fs, cfg := opsFlags("installation "+args[0], getenv)
	systemURL := fs.String("system-url", "", "the CRM system URL, e.g. https://crm.example.org")
	id := fs.String("id", "", "installation id")
	grace := fs.Duration("grace", 24*time.Hour, "how long the old hook secret stays valid")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	st, err := openStore(ctx, *cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "create":
		u, err := url.Parse(*systemURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("--system-url must be the CRM's absolute URL, e.g. https://crm.example.org")
		}
		inst, secret, err := st.CreateInstallation(ctx, *systemURL)
		if err != nil {
			return err
		}
		return printJSON(out, map[string]string{"installation_id": inst.ID, "system_url": inst.SystemURL, "hook_secret": secret,
			"note": "hand installation_id and hook_secret to the customer; the secret is not shown again"})
	case "list":
		list, err := st.Installations(ctx)
		if err != nil {
			return err
		}
		rows := make([]map[string]any, len(list))
		for i, in := range list {
			rows[i] = map[string]any{"installation_id": in.ID, "system_url": in.SystemURL, "disabled": in.Disabled, "created_at": in.CreatedAt}
		}
		return printJSON(out, rows)
	case "rotate-secret":
		secret, err := st.RotateHookSecret(ctx, *id, *grace)
		if err != nil {
			return err
		}
		return printJSON(out, map[string]string{"installation_id": *id, "hook_secret": secret, "old_secret_valid_for": grace.String()})
	case "disable", "enable":
		if err := st.SetDisabled(ctx, *id, args[0] == "disable"); err != nil {
			return err
		}
		return printJSON(out, map[string]any{"installation_id": *id, "disabled": args[0] == "disable"})
	}
	return fmt.Errorf("installation: unknown subcommand %q", args[0])
}

func redirectCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("redirect: want list or register")
	}
	fs, cfg := opsFlags("redirect "+args[0], getenv)
	all := fs.Bool("all", false, "list registered URLs too")
	id := fs.Int64("id", 0, "redirect URL id (from redirect list)")
	by := fs.String("by", "", "who registered it (for the audit trail)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	st, err := openStore(ctx, *cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "list":
		status := store.RedirectPending
		if *all {
			status = ""
		}
		list, err := st.Redirects(ctx, status)
		if err != nil {
			return err
		}
		rows := make([]map[string]any, len(list))
		for i, r := range list {
			rows[i] = redirectJSON(r)
		}
		return printJSON(out, rows)
	case "register":
		if *by == "" {
			return fmt.Errorf("--by is required: who registered the URL at the provider")
		}
		r, err := st.MarkRedirectRegistered(ctx, *id, *by)
		if err != nil {
			return err
		}
		return printJSON(out, redirectJSON(r))
	}
	return fmt.Errorf("redirect: unknown subcommand %q", args[0])
}

func redirectJSON(r store.Redirect) map[string]any {
	m := map[string]any{"id": r.ID, "installation_id": r.InstallationID, "url": r.URL, "status": r.Status,
		"requested_at": time.UnixMilli(r.RequestedMS).UTC()}
	if r.RegisteredMS != 0 {
		m["registered_at"], m["registered_by"] = time.UnixMilli(r.RegisteredMS).UTC(), r.RegisteredBy
	}
	return m
}

// resealCmd re-encrypts every sealed value under the current key (the key rotation's last
// step) and prints what it did per column.
func resealCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs, cfg := opsFlags("reseal", getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := openStore(ctx, *cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	counts, err := st.Reseal(ctx)
	if perr := printJSON(out, map[string]any{"columns": counts}); perr != nil && err == nil {
		err = perr
	}
	return err
}
