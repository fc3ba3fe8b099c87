package meeting

import (
	"context"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
)

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
	if rulesOf(rec.Provider).infoButton {
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
