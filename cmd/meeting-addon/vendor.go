package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/onlinemeetings/meeting-addon/store"
)

// stdin is where vendor-user reads a password that is not in the environment; a variable so
// that tests can feed it.
var stdin io.Reader = os.Stdin

// vendorUserCmd creates a vendor console user. The password comes from ADDON_VENDOR_PASSWORD
// or the first line of standard input, never from a flag: flags end up in shell history and
// in the process list.
func vendorUserCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("vendor-user: want create --login NAME (password from ADDON_VENDOR_PASSWORD or stdin)")
	}
	fs, cfg := opsFlags("vendor-user create", getenv)
	login := fs.String("login", "", "the vendor user's login")
	replace := fs.Bool("replace", false, "set a new password for an existing login")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *login == "" {
		return fmt.Errorf("--login is required")
	}
	password := getenv("ADDON_VENDOR_PASSWORD")
	if password == "" {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("no password: set ADDON_VENDOR_PASSWORD or pipe it on stdin")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	st, err := openStore(ctx, *cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.SetVendorUser(ctx, *login, password, *replace); err != nil {
		return err
	}
	if err := st.Audit(ctx, store.AuditEntry{Actor: "cli", Action: "vendor_user.create", Detail: "login " + *login}); err != nil {
		return err
	}
	return printJSON(out, map[string]any{"login": *login, "replaced": *replace})
}

// bootstrapVendor creates the vendor user named by ADDON_VENDOR_USER with the password in
// ADDON_VENDOR_PASSWORD when that login does not exist yet, so that a fresh deployment has a
// way into the console. An existing user is left as it is: the environment must not undo a
// password changed with `vendor-user create --replace`.
func bootstrapVendor(ctx context.Context, st *store.Store, cfg Config, logger *slog.Logger) error {
	if cfg.VendorUser == "" || cfg.VendorPassword == "" {
		return nil
	}
	ok, err := st.HasVendorUser(ctx, cfg.VendorUser)
	if err != nil || ok {
		return err
	}
	if err := st.SetVendorUser(ctx, cfg.VendorUser, cfg.VendorPassword, false); err != nil {
		return fmt.Errorf("ADDON_VENDOR_USER: %w", err)
	}
	logger.Info("vendor user created from the environment", "login", cfg.VendorUser)
	return st.Audit(ctx, store.AuditEntry{Actor: "startup", Action: "vendor_user.create", Detail: "login " + cfg.VendorUser + " from ADDON_VENDOR_USER"})
}
