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

// validationDE translates addon.Settings.Validate's messages; English shows them as they are.
var validationDE = map[string]string{
	"choose at least one entry: all, none, or groups":        "Wählen Sie mindestens einen Eintrag: Alle, Keine oder einzelne Gruppen.",
	`"all" and "none" contradict each other; choose one`:     "Alle und Keine widersprechen sich; wählen Sie eins von beiden.",
	`"all" and "none" cannot be combined with single groups`: "Alle und Keine lassen sich nicht mit einzelnen Gruppen kombinieren.",
	"group names must be 1 to 200 characters":                "Gruppennamen müssen 1 bis 200 Zeichen lang sein.",
	"at most 200 characters":                                 "Höchstens 200 Zeichen.",
	"at most 500 characters":                                 "Höchstens 500 Zeichen.",
	`must be "warn" or "strict"`:                             "Bitte Warnen oder Buchung verhindern wählen.",
	`must be "no_fixed_time" or "blocks"`:                    "Bitte eine der beiden Möglichkeiten für Kurse mit mehr als 50 Terminen wählen.",
}

var validationEN = map[string]string{
	`"all" and "none" contradict each other; choose one`:     "All and None contradict each other; choose one.",
	`"all" and "none" cannot be combined with single groups`: "All and None cannot be combined with single groups.",
	`must be "warn" or "strict"`:                             "Please choose Warn or Refuse the booking.",
}

func validationText(lang, msg string) string {
	table := validationEN
	if lang == "de" {
		table = validationDE
	}
	if t, ok := table[msg]; ok {
		return t
	}
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return msg
}
