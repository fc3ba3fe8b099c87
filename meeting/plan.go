package meeting

import (
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/resources"
)

// action is what a save asks of the provider for one meeting.
type action int

const (
	keep       action = iota // the meeting matches the appointment: nothing is sent
	rezone                   // only how its times are shown changed: the record is written, nothing sent
	create                   // a new meeting (after forgetting a record the provider deleted, with forget)
	update                   // the meeting is changed in place
	replace                  // another account: the old account's meeting goes, the new one gets its own
	remove                   // no account is booked: the meeting (if any) goes, the bookings are freed
	reportGone               // deleted in the provider's interface: the user is told once, nothing sent
	reject                   // the booked accounts cannot make one meeting together
)

var actionNames = [...]string{"keep", "rezone", "create", "update", "replace", "remove", "report gone", "reject"}

func (a action) String() string { return actionNames[a] }

// plan is what must happen to an appointment's meeting, decided from data alone.
type plan struct {
	Do      action
	Account resources.Booked  // the account the meeting is (to be) made with; a pool's until reserved
	Spec    addon.MeetingSpec // what the provider is sent (create, update, replace)
	// Record is the meeting recorded for the appointment, as it is to be kept (keep, rezone,
	// update, replace, remove, report gone); HasRecord is false when there is none.
	Record    addon.MeetingRecord
	HasRecord bool
	Forget    bool   // create: first forget the record of a meeting the provider deleted (no call)
	Notice    string // key of a warning shown whatever the outcome
	Done      string // key of the message shown when it succeeds; "" for none
	Names     string // reject: the booked accounts' names
}

// planInput is what a plan is made from.
type planInput struct {
	Appt     *addon.Appointment
	Settings addon.Settings
	// Booked are the meeting accounts the appointment books, in booking order: a pool stands
	// for the licence its reservation will pick.
	Booked []resources.Booked
	// Record is the appointment's meeting record (nil: none), an earlier attempt's unknown
	// outcome already settled; Adopted says the settling adopted the meeting it had made.
	Record  *addon.MeetingRecord
	Adopted bool
}

// planMeeting decides what the provider must do for a single appointment or a detached
// element. It does no I/O: the pipeline (save.go) carries it out.
func planMeeting(in planInput) plan {
	p := plan{}
	if in.Record != nil {
		p.Record, p.HasRecord = *in.Record, true
	}
	switch {
	case len(in.Booked) == 0:
		p.Do = remove
		if p.HasRecord {
			p.Done = "meeting_deleted"
		}
		return p
	case !shareable(in.Booked):
		return plan{Do: reject, Names: accountNames(in.Booked)}
	}
	p.Account = in.Booked[0]
	p.Spec = meetingSpec(in.Settings, in.Appt, in.Booked)
	if !p.HasRecord {
		p.Do, p.Done = create, "meeting_created"
		return p
	}
	rec := &p.Record
	resend := false // the provider's copy may differ from the record: send everything again
	switch rec.RemoteState {
	case addon.RemoteGone:
		p.Do, p.Notice = reportGone, "meeting_deleted_remotely"
		return p
	case addon.RemoteGoneNotified:
		// The user was told and saved again: a new meeting.
		p.Do, p.Done, p.Forget = create, "meeting_created", true
		return p
	case addon.RemoteChanged:
		p.Notice, resend = "meeting_changed_remotely", true
	case addon.Unsure:
		resend = true
	}
	switch {
	case rec.ResourceID != p.Account.Resource.ID || rec.Provider != p.Account.Provider:
		p.Do, p.Done = replace, "meeting_created"
	case resend || !matches(*rec, p.Spec):
		p.Do, p.Done = update, "meeting_updated"
	case rec.TimeZone != in.Appt.TimeZone:
		p.Do = rezone
		rec.TimeZone = in.Appt.TimeZone
	default:
		p.Do = keep
	}
	if p.Done == "" && in.Adopted {
		p.Done = "meeting_created" // by the attempt whose answer got lost; the user sees it now
	}
	return p
}

// accountNames lists the booked accounts' names for a message.
func accountNames(booked []resources.Booked) string {
	names := make([]string, len(booked))
	for i, b := range booked {
		names[i] = b.Resource.Name
	}
	return strings.Join(names, ", ")
}

// matches reports whether the provider's meeting, as recorded, is what spec asks for.
func matches(rec addon.MeetingRecord, spec addon.MeetingSpec) bool {
	return rec.Subject == spec.Subject && rec.Start.Equal(spec.Start) && rec.End.Equal(spec.End) && rec.Data == altKey(spec.AltHosts)
}

// planIntent reports whether the plan creates a meeting whose intent can ride in the
// reservation's commit: a new meeting (no record to forget) of an account known before the
// reservation (not a pool's licence).
func (p plan) planIntent() bool {
	return p.Do == create && !p.Forget && p.Account.Provider != addon.ProviderPool
}

// altKey remembers the alternative hosts a meeting was made with, so a change updates it.
func altKey(alt []string) string {
	if len(alt) == 0 {
		return ""
	}
	return "alt:" + strings.Join(alt, ";")
}

// seriesPlan is what must happen to a course's series at a provider that schedules a course as
// one series (addon.SeriesProvider), decided from data alone.
type seriesPlan struct {
	Do      action // create, update, replace (delete Record's meeting, then create) or remove
	Account resources.Booked
	Spec    addon.SeriesSpec
	// Record is the master's meeting record; HasRecord says the series goes on from it
	// (update, or remove with it). Prev is its series as the provider has it, as far as known.
	Record    addon.MeetingRecord
	HasRecord bool
	Prev      seriesState
	// Drop says Record's meeting goes first, and the master has none after (replace, remove).
	Drop   bool
	Notice string // key of a warning shown whatever the outcome
}

// planSeries decides what the series provider must do for a series master. in.Booked are
// the accounts after the reservation (a pool's licence); in.Record has no open intent or
// update mark.
func planSeries(in planInput) seriesPlan {
	b := in.Booked[0]
	r := rulesOf(b.Provider)
	p := seriesPlan{Account: b,
		Spec: seriesSpec(in.Settings, r.subject(in.Settings, in.Appt), in.Appt.TimeZone, sessionsOf(in.Appt), r.altHosts(in.Appt, in.Booked))}
	if in.Record != nil {
		p.Record, p.HasRecord = *in.Record, true
		p.Prev, _ = seriesStateOf(p.Record)
	}
	isSeries := len(p.Prev.Blocks) > 0
	switch {
	case !p.HasRecord:
	case p.Record.RemoteState == addon.RemoteGone || p.Record.RemoteState == addon.RemoteGoneNotified:
		// A meeting of the course was deleted in the provider's interface: the course is made
		// anew (its other meetings go with the old record), and the user is told the link changed.
		p.Notice, p.Drop, p.HasRecord = "series_deleted_remotely", true, false
	default:
		if p.Record.RemoteState == addon.RemoteChanged {
			// Renamed in the provider's interface: the topic is sent again (the record has ours).
			p.Notice = "meeting_changed_remotely"
			p.Prev.Topic = ""
		}
		if !isSeries || p.Record.ResourceID != b.Resource.ID {
			p.Drop, p.HasRecord = true, false // not a series of this account: made anew
		}
	}
	switch {
	case len(p.Spec.Sessions) == 0:
		p.Do = remove
	case p.HasRecord:
		p.Do = update
	case p.Drop:
		p.Do = replace
	default:
		p.Do = create
	}
	return p
}
