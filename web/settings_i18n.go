package web

import (
	"strings"

	"github.com/onlinemeetings/meeting-addon/catalog"
)

// tr returns the text for key ("web." keys of the catalog) in lang, formatted with args. The
// settings wording follows the TecArt manual ("Berechtigte Gruppen", "Ausführen im
// Benutzerkontext von", "Externer Zugriff"), the Zoom texts the KuferSQL manual ("Zugänge",
// "Verbindung testen", "Benutzer", "Auslesen", "Aufbau des Themas").
func tr(lang, key string, args ...any) string {
	return catalog.T(lang, "web."+key, args...)
}

// validationKeys names the catalog's texts for addon.Settings.Validate's refusals, which are
// English words for programs; a refusal without a text shows as it is.
var validationKeys = map[string]string{
	`"all" and "none" cannot be combined with single groups`: "web.invalid.groups_combined",
	`"all" and "none" contradict each other; choose one`:     "web.invalid.groups_contradict",
	"at most 200 characters":                                 "web.invalid.max_200",
	"at most 500 characters":                                 "web.invalid.max_500",
	"choose at least one entry: all, none, or groups":        "web.invalid.groups_empty",
	"group names must be 1 to 200 characters":                "web.invalid.group_name_length",
	`must be "no_fixed_time" or "blocks"`:                    "web.invalid.over50",
	`must be "warn" or "strict"`:                             "web.invalid.policy",
}

func validationText(lang, msg string) string {
	if k, ok := validationKeys[msg]; ok {
		return catalog.T(lang, k)
	}
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return msg
}
