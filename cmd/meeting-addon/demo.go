package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
)

// demoUser is the CRM user the demo plays.
var demoUser = addon.User{ID: "u-17", Login: "mmuster", Name: "Maria Muster", Email: "maria@example.org",
	Groups: []string{"Vertrieb", "Schulung"}, Locale: "de"}

// demo plays the CRM against a running sandbox: it saves a GoToMeeting resource, connects its
// account through the fake's consent page, saves an appointment that books it, and prints the
// add-on's answer.
func demo(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	addonURL := fs.String("url", "http://127.0.0.1:8080", "the sandbox add-on's base URL")
	settings := fs.Bool("settings", false, "print a link that opens the settings page as the CRM's admin (valid 2 minutes, once)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := &crm.Client{AddonURL: *addonURL, InstallationID: demoInstallation, Secret: demoSecret, SystemURL: demoSystemURL}
	if *settings {
		fmt.Fprintln(out, c.LaunchURL(*addonURL+"/settings", demoUser, true))
		return nil
	}
	res := map[string]any{"id": "r-3", "name": "GoToMeeting Raum 1", "fields": map[string]string{"gotomeeting_account": "raum1@example.org"}}
	r, err := c.Send(ctx, "resource.saved", "", c.Body("resource.saved", demoUser, map[string]any{"resource": res}))
	if err != nil {
		return fmt.Errorf("is the sandbox running (make run)? %w", err)
	}
	if r.Status != 200 || len(r.Answer.Buttons) == 0 {
		return fmt.Errorf("resource.saved answered %d: %s", r.Status, r.Raw)
	}
	fmt.Fprintf(out, "1. resource.saved → button %q\n", r.Answer.Buttons[0].Label)
	status, _, err := c.ConnectGoTo(ctx, r.Answer.Buttons[0].URL, demoUser, "raum1@example.org")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "2. consent at the fake GoTo → callback answered %d\n", status)
	start := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
	appt := map[string]any{
		"id": "a-4711", "title": "Schulung Müller GmbH", "number": "T-2026-0042",
		"start": start.Format(time.RFC3339), "end": start.Add(90 * time.Minute).Format(time.RFC3339),
		"time_zone": "Europe/Berlin", "all_day": false, "location": "Online", "note": "Agenda:\n1. Begrüßung",
		"organizer": map[string]string{"id": "u-17", "name": "Maria Muster", "email": "maria@example.org"},
		"attendees": []any{}, "resources": []any{res, map[string]any{"id": "r-9", "name": "Beamer", "fields": map[string]string{}}},
		"fields": map[string]string{"goto_meeting_data": ""}, "series": nil, "occurrence": nil,
	}
	r, err = c.Send(ctx, "appointment.saved", "", c.Body("appointment.saved", demoUser, map[string]any{"appointment": appt}))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "3. appointment.saved → %d\n", r.Status)
	var pretty map[string]any
	_ = json.Unmarshal(r.Raw, &pretty)
	if r.Answer.Appointment != nil && r.Answer.Appointment.Note != nil {
		fmt.Fprintf(out, "\nnote as the CRM will store it:\n---\n%s\n---\n", *r.Answer.Appointment.Note)
	}
	fmt.Fprintln(out, "\nfull answer:")
	return printJSON(out, pretty)
}
