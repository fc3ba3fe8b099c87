package web

import (
	"regexp"
	"strings"

	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

// zoomValidationDE and zoomValidationEN translate the field refusals of zoomaccount.Validate.
// The form asks for the proxy as Server and Port, so the proxy messages speak of those.
var zoomValidationDE = map[string]string{
	"is required (for instance the e-mail address of the Zoom account's administrator)": "Bitte einen Namen angeben, in der Regel die E-Mail-Adresse des Verantwortlichen in Zoom.",
	"is longer than 255 characters": "Höchstens 255 Zeichen.",
	"is longer than 128 characters": "Höchstens 128 Zeichen.",
	"is longer than 64 characters":  "Höchstens 64 Zeichen.",
	"is required: copy the Account ID from the app's App Credentials page in the Zoom App Marketplace": "Bitte die Account ID von der Seite App Credentials der App im Zoom App Marketplace kopieren.",
	"is required: copy the Client ID from the app's App Credentials page in the Zoom App Marketplace":  "Bitte die Client ID von der Seite App Credentials der App im Zoom App Marketplace kopieren.",
	"may only contain letters, digits, - and _: copy it again from the app's App Credentials page":     "Nur Buchstaben, Ziffern, - und _ sind möglich: Kopieren Sie den Wert erneut von der Seite App Credentials der App.",
	"is required: copy the Client Secret from the app's App Credentials page":                          "Bitte das Client Secret von der Seite App Credentials der App kopieren.",
	"contains spaces: copy it again from the app's App Credentials page":                               "Enthält Leerzeichen: Kopieren Sie es erneut von der Seite App Credentials der App.",
	"is required when a proxy user or password is given":                                               "Bitte Server und Port des Proxys angeben, wenn Benutzer oder Passwort eingetragen sind.",
	"enter host:port, for instance proxy.example.org:3128, without https://":                           "Bitte nur den Namen des Servers (z. B. proxy.example.org) ohne https:// und die Port-Nummer angeben.",
	"enter host:port only; user and password have fields of their own":                                 "Bitte nur den Namen des Servers angeben; Benutzer und Passwort haben eigene Felder.",
	"enter host:port, for instance proxy.example.org:3128":                                             "Bitte Server (z. B. proxy.example.org) und Port (z. B. 3128) angeben.",
	"the port must be a number from 1 to 65535":                                                        "Der Port muss eine Zahl von 1 bis 65535 sein.",
	zoomaccount.ProxyInternal:                 "Der Proxy muss über das Internet erreichbar sein: Adressen privater und lokaler Netze (etwa localhost, 10.x.x.x, 192.168.x.x) sind nicht möglich.",
	`must be "zoom" or "custom"`:              "Bitte „Anforderungen aus Zoom verwenden“ oder „Eigener Aufbau“ wählen.",
	zoomaccount.JoinBeforeHostWithWaitingRoom: "„Teilnahme vor dem Host“ wirkt nicht, solange der Warteraum an ist: Zoom lässt dann niemanden vor dem Host ein. Schalten Sie eines von beiden aus.",
}

var zoomValidationEN = map[string]string{
	"is required (for instance the e-mail address of the Zoom account's administrator)": "Please enter a name, usually the e-mail address of the account's owner in Zoom.",
	"is required when a proxy user or password is given":                                "Please enter the proxy's server and port when a user or password is given.",
	"enter host:port, for instance proxy.example.org:3128, without https://":            "Enter only the server's name (e.g. proxy.example.org) without https://, and the port number.",
	"enter host:port only; user and password have fields of their own":                  "Enter only the server's name; user and password have fields of their own.",
	"enter host:port, for instance proxy.example.org:3128":                              "Enter the server (e.g. proxy.example.org) and the port (e.g. 3128).",
	zoomaccount.ProxyInternal:                 "The proxy must be reachable over the internet: addresses of private and local networks (such as localhost, 10.x.x.x, 192.168.x.x) are not possible.",
	`must be "zoom" or "custom"`:              "Please choose “Use the requirements set in Zoom” or “Custom rule”.",
	zoomaccount.JoinBeforeHostWithWaitingRoom: "“Join before host” has no effect while the waiting room is on: Zoom then lets nobody in before the host admits them. Switch one of the two off.",
}

// passcodeDE translates the parts of passcode.Rule.Validate's message.
var passcodeDE = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`^the Zoom passcode requirements cannot be met: `), "Kein Passwort kann diesen Aufbau erfüllen: "},
	{regexp.MustCompile(`a minimum length of (\d+) is more than the 10 characters a Zoom passcode may have`), "eine Mindestlänge von $1 ist mehr als die 10 Zeichen, die ein Passwort in Zoom haben darf"},
	{regexp.MustCompile(`only digits are allowed but a letter is required`), "nur Ziffern sind zugelassen, aber ein Buchstabe wird verlangt"},
	{regexp.MustCompile(`only digits are allowed but upper and lower case letters is required`), "nur Ziffern sind zugelassen, aber Groß- und Kleinbuchstaben werden verlangt"},
	{regexp.MustCompile(`only digits are allowed but a special character is required`), "nur Ziffern sind zugelassen, aber ein Sonderzeichen wird verlangt"},
	{regexp.MustCompile(`consecutive characters length (\d+) is not 0 or 4 to 8`), "aufeinanderfolgende Zeichen ab $1 sind nicht möglich (0 oder 4 bis 8)"},
}

func zoomValidationText(lang, msg string) string {
	if strings.HasPrefix(msg, "the Zoom passcode requirements cannot be met: ") {
		if lang == "de" {
			for _, p := range passcodeDE {
				msg = p.re.ReplaceAllString(msg, p.repl)
			}
			return msg + "."
		}
		return strings.ToUpper(msg[:1]) + msg[1:] + "."
	}
	table := zoomValidationEN
	if lang == "de" {
		table = zoomValidationDE
	}
	if t, ok := table[msg]; ok {
		return t
	}
	return validationText(lang, msg)
}

// Texts of the Zoom account's event subscription (webhooks), merged into messages. Zoom's
// own names (Secret Token, Event Subscriptions, the events' titles) stay as Zoom shows them.
func init() {
	for lang, m := range map[string]map[string]string{
		"de": {
			"zoom_webhook_title":         "Änderungen in Zoom (Event-Abonnement)",
			"zoom_webhook_help":          "Damit das Add-on erfährt, wenn ein Meeting in Zoom selbst geändert oder gelöscht wird: Kopieren Sie das Secret Token Ihrer Server-to-Server-OAuth-App (im Zoom App Marketplace unter Feature) in das Feld unten und speichern Sie den Zugang. Fügen Sie dann in der App unter Feature → Event Subscriptions ein Event-Abonnement hinzu, wählen Sie die Ereignisse „Meeting has been updated“ und „Meeting has been deleted“, tragen Sie als Event notification endpoint URL die hier angezeigte Endpoint-URL ein, bestätigen Sie mit Validate und speichern Sie.",
			"zoom_webhook_url":           "Endpoint-URL für Ereignisse",
			"zoom_webhook_secret":        "Secret Token (Event-Abonnement)",
			"zoom_webhook_after_save":    "Die Endpoint-URL wird angezeigt, sobald der Zugang gespeichert ist.",
			"zoom_webhook_secret_help":   "Optional. Wird verschlüsselt gespeichert und nie wieder angezeigt. Ohne Secret Token weist das Add-on die Ereignisse dieses Zugangs ab.",
			"zoom_webhook_secret_clear":  "Secret Token entfernen (Ereignisse dieses Zugangs werden dann abgewiesen)",
			"zoom_webhook_secret_spaces": "Enthält Leerzeichen: Kopieren Sie das Secret Token erneut von der Seite Feature der App.",
			"zoom_webhook_secret_long":   "Höchstens 128 Zeichen: Kopieren Sie nur das Secret Token von der Seite Feature der App.",
		},
		"en": {
			"zoom_webhook_title":         "Changes made in Zoom (event subscription)",
			"zoom_webhook_help":          "So that the add-on learns when a meeting is changed or deleted in Zoom itself: copy the Secret Token of your Server-to-Server OAuth app (in the Zoom App Marketplace under Feature) into the field below and save the account. Then add an event subscription in the app under Feature → Event Subscriptions, choose the events “Meeting has been updated” and “Meeting has been deleted”, enter the endpoint URL shown here as the Event notification endpoint URL, confirm with Validate and save.",
			"zoom_webhook_url":           "Event notification endpoint URL",
			"zoom_webhook_secret":        "Secret token (event subscription)",
			"zoom_webhook_after_save":    "The endpoint URL is shown once the account is saved.",
			"zoom_webhook_secret_help":   "Optional. Stored encrypted and never shown again. Without a secret token the add-on refuses this account's events.",
			"zoom_webhook_secret_clear":  "Remove the secret token (this account's events are then refused)",
			"zoom_webhook_secret_spaces": "Contains spaces: copy the Secret Token again from the app's Feature page.",
			"zoom_webhook_secret_long":   "At most 128 characters: copy only the Secret Token from the app's Feature page.",
		},
	} {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}

// Texts of a Zoom account's meeting settings, merged into messages.
func init() {
	for lang, m := range map[string]map[string]string{
		"de": {
			"ms_title":              "Einstellungen für Meetings",
			"ms_help":               "Diese Einstellungen erhält jedes Meeting, das das Add-on mit diesem Zugang anlegt. Sie ersetzen die Voreinstellungen, die die Hosts in Zoom für sich gewählt haben: Seit dem 15. März 2026 übernimmt Zoom für alles, was beim Anlegen nicht ausdrücklich gesendet wird, die Voreinstellungen des Hosts – auch die Zusammenfassung durch den KI-Begleiter (AI Companion). Bereits angelegte Meetings erhalten geänderte Einstellungen, sobald das Add-on sie das nächste Mal ändert (Kurse beim nächsten Speichern).",
			"ms_on":                 "an",
			"ms_off":                "aus",
			"ms_waiting_room":       "Warteraum (der Host lässt die Teilnehmenden ein)",
			"ms_join_before_host":   "Teilnahme vor dem Host erlauben",
			"ms_jbh_hint":           "Wirkt nur ohne Warteraum: Mit Warteraum lässt Zoom niemanden vor dem Host ein.",
			"ms_mute":               "Teilnehmende beim Betreten stummschalten",
			"ms_recording":          "Automatische Aufzeichnung",
			"ms_recording_none":     "keine",
			"ms_recording_cloud":    "in der Cloud (bei Zoom)",
			"ms_recording_local":    "auf dem Rechner des Hosts",
			"ms_ai_title":           "KI-Begleiter (Zoom AI Companion)",
			"ms_ai_hint":            "Zusammenfassung und Fragen werten aus, was im Meeting gesprochen wird. Lassen Sie beides aus, solange die Teilnehmenden nicht eingewilligt haben.",
			"ms_summary":            "Meeting-Zusammenfassung automatisch starten",
			"ms_summary_to":         "Die Zusammenfassung erhalten",
			"ms_summary_to_1":       "nur der Host",
			"ms_summary_to_2":       "Host, Co-Hosts und alternative Hosts",
			"ms_summary_to_3":       "Host und Eingeladene der eigenen Organisation",
			"ms_summary_to_4":       "alle Eingeladenen, auch außerhalb der Organisation",
			"ms_questions":          "Fragen an den KI-Begleiter automatisch starten",
			"ms_askers":             "Fragen zum Meeting stellen dürfen",
			"ms_askers_1":           "alle Teilnehmenden und Eingeladenen",
			"ms_askers_2":           "alle Teilnehmenden ab ihrem Beitritt",
			"ms_askers_3":           "nur der Host",
			"ms_askers_4":           "Teilnehmende und Eingeladene der eigenen Organisation",
			"ms_askers_5":           "Teilnehmende der eigenen Organisation ab ihrem Beitritt",
			"ms_summary_short":      "KI-Zusammenfassung",
			"ms_summary_short_on":   "KI-Zusammenfassung: an (für %s)",
			"ms_questions_short":    "KI-Fragen",
			"ms_questions_short_on": "KI-Fragen: an (%s)",
		},
		"en": {
			"ms_title":              "Meeting settings",
			"ms_help":               "Every meeting the add-on creates with this account gets these settings. They override the defaults the hosts chose for themselves in Zoom: since 15 March 2026 Zoom gives everything a create does not send explicitly the host's own default, the AI Companion's meeting summary included. Meetings created earlier get changed settings when the add-on next changes them (courses: at their next save).",
			"ms_on":                 "on",
			"ms_off":                "off",
			"ms_waiting_room":       "Waiting room (the host admits participants)",
			"ms_join_before_host":   "Allow participants to join before the host",
			"ms_jbh_hint":           "Only works without the waiting room: with it, Zoom lets nobody in before the host.",
			"ms_mute":               "Mute participants on entry",
			"ms_recording":          "Automatic recording",
			"ms_recording_none":     "none",
			"ms_recording_cloud":    "in the cloud (at Zoom)",
			"ms_recording_local":    "on the host's computer",
			"ms_ai_title":           "Zoom AI Companion",
			"ms_ai_hint":            "Summary and questions process what is said in the meeting. Leave both off unless the participants have agreed.",
			"ms_summary":            "Start the meeting summary automatically",
			"ms_summary_to":         "The summary goes to",
			"ms_summary_to_1":       "the host only",
			"ms_summary_to_2":       "the host, co-hosts and alternative hosts",
			"ms_summary_to_3":       "the host and invitees of our organisation",
			"ms_summary_to_4":       "all invitees, also from outside our organisation",
			"ms_questions":          "Start AI Companion questions automatically",
			"ms_askers":             "Who may ask questions about the meeting",
			"ms_askers_1":           "all participants and invitees",
			"ms_askers_2":           "all participants, from when they join",
			"ms_askers_3":           "the host only",
			"ms_askers_4":           "participants and invitees of our organisation",
			"ms_askers_5":           "participants of our organisation, from when they join",
			"ms_summary_short":      "AI summary",
			"ms_summary_short_on":   "AI summary: on (to %s)",
			"ms_questions_short":    "AI questions",
			"ms_questions_short_on": "AI questions: on (%s)",
		},
	} {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}
