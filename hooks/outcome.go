package hooks

import "github.com/onlinemeetings/meeting-addon/addon"

// outcome names how an answered hook ended, for the operator's metrics: the code of its first
// error message ("meeting_failed"), else "ok".
func outcome(ans addon.Answer) string {
	for _, m := range ans.Messages {
		if m.Level == addon.LevelError {
			return m.Code
		}
	}
	return "ok"
}
