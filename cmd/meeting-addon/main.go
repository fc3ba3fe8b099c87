// Command meeting-addon is the online-meetings add-on: the HTTP service (serve), its schema
// migration (migrate), the vendor operations (installation, redirect) and a demo that plays
// the CRM against a sandbox.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time: go build -ldflags "-X main.version=$(git describe --tags --always --dirty)".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "meeting-addon:", err)
		os.Exit(1)
	}
}

const usage = `usage: meeting-addon <command> [flags]

commands:
  serve [--sandbox]                      run the add-on (sandbox: in-process GoTo fake, demo installation)
  migrate                                bring the database schema up to date
  version                                print the binary's version
  installation create --system-url URL   create an installation; prints installation_id and hook_secret once
  installation list                      list installations
  installation rotate-secret --id ID [--grace 24h]
                                         issue a new hook secret; the old one stays valid for the grace period
  installation disable|enable --id ID    refuse or accept an installation's hooks
  redirect list [--all]                  redirect URLs waiting to be registered at the provider
  redirect register --id N --by NAME     mark a redirect URL registered
  reseal                                 re-encrypt what ADDON_ENCRYPTION_KEY_OLD sealed under ADDON_ENCRYPTION_KEY
                                         (key rotation, see README); safe while the add-on serves
  vendor-user create --login NAME [--replace]
                                         create a vendor console user; the password comes from
                                         ADDON_VENDOR_PASSWORD or the first line of stdin
  demo [--url URL] [--settings]          send a first signed hook to a sandbox and print the answer
                                         (--settings: print an admin link to the settings page)

Settings come from the environment (see README.md); flags override where offered.
`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout)
	case "installation":
		return installationCmd(ctx, rest, getenv, stdout)
	case "redirect":
		return redirectCmd(ctx, rest, getenv, stdout)
	case "reseal":
		return resealCmd(ctx, rest, getenv, stdout)
	case "vendor-user":
		return vendorUserCmd(ctx, rest, getenv, stdout)
	case "demo":
		return demo(ctx, rest, getenv, stdout)
	case "version":
		fmt.Fprintln(stdout, version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
