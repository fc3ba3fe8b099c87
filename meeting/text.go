package meeting

import "github.com/onlinemeetings/meeting-addon/catalog"

// text returns a user-facing message of the catalog ("meeting." keys) in the locale.
func text(locale, key string, args ...any) string {
	return catalog.T(locale, "meeting."+key, args...)
}
