package zoomtest

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
)

// PinnedSettings are the meeting settings the add-on sends with every create, so that none
// of them falls back to the host's defaults: for Options.RequiredSettings.
var PinnedSettings = []string{"waiting_room", "join_before_host", "mute_upon_entry", "auto_recording",
	"auto_start_meeting_summary", "who_will_receive_summary", "auto_start_ai_companion_questions", "who_can_ask_questions"}

// HostDefaults are the settings a meeting gets for what its create leaves out, as Zoom has
// done since 2026-03-15: the host's own defaults. They are deliberately permissive (the AI
// Companion on, summaries to everyone), so that a setting the add-on failed to send shows.
var HostDefaults = map[string]any{
	"host_video": false, "participant_video": false, "join_before_host": true, "jbh_time": 0,
	"mute_upon_entry": false, "waiting_room": false, "audio": "both", "auto_recording": "cloud",
	"auto_start_meeting_summary": true, "who_will_receive_summary": 4,
	"auto_start_ai_companion_questions": true, "who_can_ask_questions": 1,
}

// Setting returns the value a meeting has for a settings key (JSON types: bool, float64,
// string), as it was sent or taken from HostDefaults.
func (m Meeting) Setting(key string) any {
	if v, ok := m.Settings[key]; ok {
		return v
	}
	return HostDefaults[key]
}

// mergeSettings keeps what a create or update sent in the meeting's settings; alternative
// hosts have their own field.
func mergeSettings(m *Meeting, sent map[string]any) {
	if len(sent) == 0 {
		return
	}
	next := maps.Clone(m.Settings)
	if next == nil {
		next = map[string]any{}
	}
	for k, v := range sent {
		if k != "alternative_hosts" {
			next[k] = v
		}
	}
	m.Settings = next
}

// effectiveSettings is the settings object of a meeting answer.
func effectiveSettings(m *Meeting) map[string]any {
	out := maps.Clone(HostDefaults)
	maps.Copy(out, m.Settings)
	return out
}

// checkRequired reports a create without the settings Options.RequiredSettings names; true
// when it was refused.
func (s *Server) checkRequired(w http.ResponseWriter, r *http.Request, sent map[string]any) bool {
	var missing []string
	for _, k := range s.opts.RequiredSettings {
		if _, ok := sent[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return false
	}
	slices.Sort(missing)
	err := fmt.Errorf("%s %s: the create leaves out %v, which Zoom then takes from the host's defaults", r.Method, r.URL.Path, missing)
	if s.opts.Report != nil {
		s.opts.Report(err)
		return false
	}
	writeError(w, http.StatusBadRequest, 300, err.Error())
	return true
}
