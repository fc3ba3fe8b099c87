package meeting

import (
	"context"
	"fmt"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/resources"
	"github.com/onlinemeetings/meeting-addon/store"
)

// single handles a single appointment or a detached series element.
func (s *Service) single(ctx context.Context, inst addon.Installation, u addon.User, appt *addon.Appointment) (addon.Answer, error) {
	ans := addon.Answer{}
	booked := resources.MeetingAccounts(appt.Resources)
	if len(booked) > 0 && booked[0].Provider == addon.ProviderZoom {
		// Zoom resources need no consent; remember the licence user for later deletes. This
		// comes first: a changed licence user moves the previous one's meetings aside.
		b := booked[0]
		if _, _, err := s.Store.SaveResource(ctx, addon.MeetingResource{InstallationID: inst.ID, ResourceID: b.Resource.ID, Provider: b.Provider, Name: b.Resource.Name, Account: b.Account}); err != nil {
			return ans, err
		}
	}
	existing, err := s.Store.MeetingFor(ctx, inst.ID, appt.ID)
	hasExisting := err == nil
	if err != nil && addon.ErrorCode(err) != addon.ENOTFOUND {
		return ans, err
	}
	adopted := false
	if hasExisting && existing.RemoteState == addon.Creating {
		// An earlier attempt's create has an unknown outcome: find and adopt what it made.
		if existing, hasExisting, err = s.settleIntent(ctx, existing, true); err != nil {
			return ans, err
		}
		adopted = hasExisting
	}
	key := appt.BookingKey()
	elementOnly := appt.Occurrence != nil

	switch {
	case len(booked) == 0:
		if hasExisting {
			if err := s.deleteMeeting(ctx, existing); err != nil {
				return ans, err
			}
			ans.Add(addon.LevelInfo, "meeting_deleted", text(u.Locale, "meeting_deleted"))
		}
		if err := s.Ledger.Free(ctx, inst.ID, key, elementOnly); err != nil {
			return ans, err
		}
		s.clearRecord(&ans, appt, hasExisting)
		return ans, nil
	case len(booked) > 1 && !allZoom(booked):
		names := make([]string, len(booked))
		for i, b := range booked {
			names[i] = b.Resource.Name
		}
		ans.Add(addon.LevelError, "multiple_meeting_resources", text(u.Locale, "multiple_meeting_resources", strings.Join(names, ", ")))
		return ans, nil
	}
	b := booked[0]
	if appt.Occurrence != nil {
		if handled, err := s.zoomElement(ctx, inst, u, appt, &ans); handled || err != nil {
			return ans, err
		}
	}
	current := ""
	if b.Provider == addon.ProviderPool {
		if current, err = s.currentLicence(ctx, inst.ID, key, existing, hasExisting); err != nil {
			return ans, err
		}
	}
	span := addon.Booking{Key: key, Start: appt.Start.UTC(), End: appt.End.UTC(), Title: appt.Title}
	if !hasExisting && b.Provider != addon.ProviderPool {
		// A new meeting: its intent rides in the reservation's commit (written only when the
		// reservation books the account), one commit fewer before the provider call.
		spec := addon.MeetingSpec{Subject: subject(inst, appt, b.Provider), Start: appt.Start.UTC(), End: appt.End.UTC(), TimeZone: appt.TimeZone,
			AltHosts: altHosts(appt, booked)}
		ctx = store.WithIntent(ctx, newIntent(inst, appt, b, spec, u))
	}
	b, refused, err := s.reserve(ctx, inst, u, appt, b, key, elementOnly, []addon.Booking{span}, current, &ans)
	if err != nil {
		return ans, err
	}
	if refused {
		if hasExisting {
			if err := s.deleteMeeting(ctx, existing); err != nil {
				return ans, err
			}
		}
		s.clearRecord(&ans, appt, hasExisting)
		return ans, nil
	}
	booked[0] = b // a pool's licence from here on

	forceUpdate := false
	if hasExisting {
		state := existing.RemoteState
		goOn, still, err := s.remoteState(ctx, existing, appt, u, &ans)
		if err != nil || !goOn {
			return ans, err
		}
		hasExisting, forceUpdate = still, state == addon.RemoteChanged || state == addon.Unsure
	}
	spec := addon.MeetingSpec{Subject: subject(inst, appt, b.Provider), Start: appt.Start.UTC(), End: appt.End.UTC(), TimeZone: appt.TimeZone,
		AltHosts: altHosts(appt, booked)}
	if forceUpdate {
		existing.Subject = "" // the provider's copy differs from ours: send everything again
		existing.RemoteState = ""
	}
	rec, code, err := s.ensureMeeting(ctx, inst, appt, b, spec, existing, hasExisting, u)
	if err != nil {
		msg, ok := userMessage(err, u.Locale)
		if !ok {
			return ans, err
		}
		ans.Add(addon.LevelError, "meeting_failed", text(u.Locale, "meeting_failed", msg))
		return ans, nil
	}
	if code == "" && adopted {
		code = "meeting_created" // by the attempt whose answer got lost; the user sees it now
	}
	if code != "" {
		ans.Add(addon.LevelInfo, code, text(u.Locale, code))
	}
	s.writeRecord(ctx, &ans, inst, appt, u, rec)
	return ans, nil
}

// ensureMeeting creates, updates or keeps the appointment's meeting so that it matches spec,
// and returns what it did as a message key ("" for nothing).
func (s *Service) ensureMeeting(ctx context.Context, inst addon.Installation, appt *addon.Appointment, b resources.Booked,
	spec addon.MeetingSpec, existing addon.MeetingRecord, hasExisting bool, u addon.User) (addon.MeetingRecord, string, error) {
	p, err := s.provider(b.Provider)
	if err != nil {
		return addon.MeetingRecord{}, "", err
	}
	acct := addon.Account{InstallationID: inst.ID, ResourceID: b.Resource.ID, Login: b.Account}
	if hasExisting && (existing.ResourceID != b.Resource.ID || existing.Provider != b.Provider) {
		// The room was swapped: the old account's meeting goes, the new account gets its own.
		if err := s.deleteMeeting(ctx, existing); err != nil {
			return addon.MeetingRecord{}, "", err
		}
		hasExisting = false
	}
	if hasExisting {
		if existing.Subject == spec.Subject && existing.Start.Equal(spec.Start) && existing.End.Equal(spec.End) && existing.Data == altKey(spec.AltHosts) {
			if existing.TimeZone != appt.TimeZone { // only how its times are shown changed
				existing.TimeZone = appt.TimeZone
				return existing, "", s.Store.UpdateMeeting(ctx, existing)
			}
			return existing, "", nil
		}
		// Marked before the call: should its outcome stay unknown (a timeout, a crash), the
		// next save sends everything again even if it asks for what the record still says.
		if err := s.Store.SetRemoteState(ctx, existing.Ref, addon.Unsure); err != nil {
			return addon.MeetingRecord{}, "", err
		}
		err := p.Update(ctx, acct, existing.ID, spec)
		if err == nil || addon.OutcomeUnknown(err) {
			s.countZoomCalls(ctx, b.Provider, acct, 1)
		}
		if err == nil {
			existing.Subject, existing.Start, existing.End, existing.Data = spec.Subject, spec.Start, spec.End, altKey(spec.AltHosts)
			existing.TimeZone, existing.RemoteState = appt.TimeZone, ""
			return existing, "meeting_updated", s.Store.FinishMeeting(ctx, existing)
		}
		if addon.OutcomeUnknown(err) {
			return addon.MeetingRecord{}, "", err
		}
		if addon.ErrorCode(err) != addon.ENOTFOUND {
			// A refusal: the provider still has what the record says.
			if serr := s.Store.SetRemoteState(ctx, existing.Ref, ""); serr != nil {
				return addon.MeetingRecord{}, "", serr
			}
			return addon.MeetingRecord{}, "", err
		}
		// Someone deleted the meeting at the provider: create a new one below.
		if err := s.Store.DeleteMeeting(ctx, existing.Ref); err != nil {
			return addon.MeetingRecord{}, "", err
		}
	}
	// The intent is recorded before the provider call: if the process dies between the
	// provider's answer and our write, the next save finds it and cleans up (no orphan). The
	// reservation's commit usually carried it already (see single).
	rec, recorded := store.PlannedIntent(ctx)
	if !recorded || rec.ResourceID != b.Resource.ID || rec.Subject != spec.Subject || !rec.Start.Equal(spec.Start) || !rec.End.Equal(spec.End) {
		rec = newIntent(inst, appt, b, spec, u)
		if err := s.Store.CreateMeeting(ctx, rec); err != nil {
			return addon.MeetingRecord{}, "", fmt.Errorf("record meeting intent: %w", err)
		}
	}
	m, err := p.Create(ctx, acct, spec)
	if err == nil || addon.OutcomeUnknown(err) {
		s.countZoomCalls(ctx, b.Provider, acct, 1)
	}
	if err != nil {
		s.dropIntent(ctx, rec, err)
		return addon.MeetingRecord{}, "", err
	}
	rec.Meeting, rec.RemoteState = m, ""
	if err := s.Store.FinishMeeting(ctx, rec); err != nil {
		// The intent stays: the next attempt (a redelivery, housekeeping) finds this meeting
		// at the provider and adopts or deletes it.
		return addon.MeetingRecord{}, "", fmt.Errorf("record meeting: %w", err)
	}
	return rec, "meeting_created", nil
}

// newIntent is the record of a create before its provider call (RemoteState Creating).
func newIntent(inst addon.Installation, appt *addon.Appointment, b resources.Booked, spec addon.MeetingSpec, u addon.User) addon.MeetingRecord {
	organizer := appt.Organizer.ID
	if organizer == "" {
		organizer = u.ID
	}
	rec := addon.MeetingRecord{Ref: newRef(), InstallationID: inst.ID, AppointmentID: appt.ID, ResourceID: b.Resource.ID,
		Meeting: addon.Meeting{Provider: b.Provider}, Subject: spec.Subject, Start: spec.Start, End: spec.End, TimeZone: appt.TimeZone, OrganizerID: organizer,
		Data: altKey(spec.AltHosts), RemoteState: addon.Creating}
	if appt.Occurrence != nil {
		rec.SeriesID, rec.RecurrenceID = appt.Occurrence.SeriesID, appt.Occurrence.RecurrenceID
	}
	return rec
}

// writeRecord puts the invitation block, the meeting data and the start button into the answer.
func (s *Service) writeRecord(ctx context.Context, ans *addon.Answer, inst addon.Installation, appt *addon.Appointment, u addon.User, rec addon.MeetingRecord) {
	loc := location(appt)
	software := fields.SoftwareName(rec.Provider)
	block := fields.Render(s.template(ctx, inst, rec.Provider, fields.AudienceParticipant, u.Locale), fields.Values{
		Link: rec.JoinURL, Passcode: rec.Passcode, MeetingID: rec.ID, Phone: rec.DialIn, ParticipantCode: rec.AccessCode,
		Software: software, Title: appt.Title, Number: appt.Number, Start: appt.Start, End: appt.End, Location: loc, Locale: u.Locale,
		Dates: courseDates(appt),
	})
	licence := s.licence(ctx, inst.ID, appt, rec)
	if licence != "" { // a pool's: the invitation says which licence it got
		block = strings.TrimRight(block, "\n") + "\n" + text(u.Locale, "pool_licence_line", licence) + "\n"
	}
	startLabel := text(u.Locale, "start_label", software)
	change := &addon.RecordChange{Fields: map[string]string{}}
	if note, err := fields.WithBlock(appt.Note, block); err == nil {
		change.Note = &note
	} else {
		ans.Add(addon.LevelWarning, "note_too_long", text(u.Locale, "note_too_long", startLabel))
	}
	data, err := fields.EncodeData(fields.MeetingData{Version: 1, Provider: rec.Provider, ResourceID: rec.ResourceID, MeetingID: rec.ID,
		JoinURL: rec.JoinURL, DialIn: rec.DialIn, Passcode: rec.Passcode, Start: rec.Start, End: rec.End, Licence: licence})
	if err == nil {
		change.Fields[fields.DataField(rec.Provider)] = data
	}
	ans.Appointment = change
	ans.Buttons = append(ans.Buttons, addon.Button{ID: "start_meeting", Label: startLabel, URL: s.BaseURL + "/start/" + rec.Ref})
	if rec.Provider == addon.ProviderZoom {
		ans.Buttons = append(ans.Buttons, addon.Button{ID: "meeting_info", Label: "Zoom-Info", URL: s.BaseURL + "/info/" + rec.Ref})
	}
}

// clearRecord removes the add-on's block and data from the appointment if it carries any.
func (s *Service) clearRecord(ans *addon.Answer, appt *addon.Appointment, hadMeeting bool) {
	_, _, found := fields.SplitNote(appt.Note)
	clear := map[string]string{}
	for _, f := range []string{fields.GoToDataField, fields.ZoomDataField} {
		if appt.Fields[f] != "" {
			clear[f] = ""
		}
	}
	if !found && len(clear) == 0 && !hadMeeting {
		return
	}
	note := fields.WithoutBlock(appt.Note)
	ans.Appointment = &addon.RecordChange{Note: &note, Fields: clear}
}

// subject is the meeting's subject: for Zoom the installation's topic template applies.
func subject(inst addon.Installation, appt *addon.Appointment, provider string) string {
	if provider == addon.ProviderZoom {
		return fields.TopicFromTemplate(inst.Settings.TopicTemplate, appt.Title, appt.Number)
	}
	return appt.Title
}

func allZoom(bs []resources.Booked) bool {
	for _, b := range bs {
		if b.Provider != addon.ProviderZoom {
			return false
		}
	}
	return true
}

// altHosts are the further booked Zoom resources and the logins in the appointment's
// alternative-hosts field, in that order, without duplicates.
func altHosts(appt *addon.Appointment, booked []resources.Booked) []string {
	if len(booked) == 0 || booked[0].Provider != addon.ProviderZoom {
		return nil
	}
	seen := map[string]bool{strings.ToLower(booked[0].Account): true}
	var out []string
	add := func(l string) {
		l = strings.TrimSpace(l)
		if l != "" && !seen[strings.ToLower(l)] {
			seen[strings.ToLower(l)] = true
			out = append(out, l)
		}
	}
	for _, b := range booked[1:] {
		add(b.Account)
	}
	for _, l := range strings.FieldsFunc(appt.Fields[resources.AltHostsField], func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		add(l)
	}
	return out
}

// altKey remembers the alternative hosts a meeting was made with, so a change updates it.
func altKey(alt []string) string {
	if len(alt) == 0 {
		return ""
	}
	return "alt:" + strings.Join(alt, ";")
}

// capacity is how many meetings one account runs at once: a Zoom host's is configurable
// (Zoom allows more on some plans), GoToMeeting's is one.
func capacity(inst addon.Installation, provider string) int {
	if provider == addon.ProviderZoom && inst.Settings.HostCapacity > 1 {
		return inst.Settings.HostCapacity
	}
	return 1
}
