package hooks

import (
	"encoding/json"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/store"
)

// The protocol lets two events of one appointment arrive in any order: a save answered 503 is
// redelivered after 1, 5 and 30 seconds, by when the user may have saved again or deleted the
// appointment. Events therefore apply in the order they occurred at the CRM (occurred_at):
//   - per appointment and per resource the newest event applied is remembered (its mark);
//   - an event older than the mark changes nothing, at the provider or here, and its answer
//     carries no record part, so the CRM keeps the newer note and hidden field;
//   - events of the same second apply in arrival order;
//   - a deletion leaves a tombstone: no event of that second or before recreates anything, and
//     a deleted series master's tombstone holds for its elements too;
//   - a stored answer is returned to a redelivery only while no newer event has been applied
//     since; afterwards it comes back without its record part.

// markSubjects names the marks an event is checked against; the first is the one it moves.
func markSubjects(v validated) []string {
	if v.resource != nil {
		return []string{"r:" + v.resource.ID}
	}
	out := []string{"a:" + v.appointment.ID}
	if o := v.appointment.Occurrence; o != nil {
		out = append(out, "a:"+o.SeriesID)
	}
	return out
}

// stale reports whether a newer event than v has been applied to its subject, or its subject
// (or series) has been deleted since v occurred.
func stale(v validated, marks map[string]store.EventMark, subjects []string) bool {
	at := v.occurred.UnixMilli()
	own := marks[subjects[0]]
	if own.Seq > 0 && (at < own.OccurredMS || (own.Deleted && at <= own.OccurredMS)) {
		return true
	}
	for _, s := range subjects[1:] {
		if m := marks[s]; m.Deleted && at <= m.OccurredMS {
			return true
		}
	}
	return false
}

// staleMessage tells the user why an event changed nothing.
func staleMessage(locale string) addon.Message {
	return addon.Message{Level: addon.LevelInfo, Code: "superseded", Text: catalog.T(locale, "hooks.superseded")}
}

// overtaken is a stored answer for a redelivery that a newer event overtook: its messages and
// buttons, but not the note and fields, which would overwrite the newer ones.
func overtaken(body []byte, locale string) ([]byte, error) {
	var ans addon.Answer
	if err := json.Unmarshal(body, &ans); err != nil {
		return nil, err
	}
	ans.Appointment, ans.Resource = nil, nil
	ans.Messages = append([]addon.Message{staleMessage(locale)}, ans.Messages...)
	if ans.Buttons == nil {
		ans.Buttons = []addon.Button{}
	}
	return json.Marshal(ans)
}
