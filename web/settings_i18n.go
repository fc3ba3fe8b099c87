package web

import (
	"fmt"
	"strings"
)

// messages holds every text of the settings page and the vendor console in German and
// English. The settings wording follows the TecArt manual ("Berechtigte Gruppen",
// "Ausführen im Benutzerkontext von", "Externer Zugriff").
var messages = map[string]map[string]string{
	"de": {
		"brand": "Online-Meetings Add-on", "logout": "Abmelden", "back": "Zurück",
		"settings_title": "Einstellungen Add-on",
		"signed_in_as":   "Angemeldet als %s für das System %s (Installation %s).",
		"groups_title":   "Berechtigte Gruppen",
		"groups_help":    "Legen Sie die Gruppen der Benutzer fest, welche Zugriff auf das Add-on erhalten sollen. Achten Sie bei der Auswahl auf unlogische Kombinationen, wie Keine und Alle. Weitere Rechte stellen Sie später für die einzelnen Ressourcen ein.",
		"groups_legend":  "Gruppen mit Zugriff auf das Add-on", "group_all": "Alle", "group_none": "Keine",
		"groups_extra":      "Weitere Gruppen",
		"groups_extra_hint": "Gruppennamen wie im CRM, durch Kommas getrennt.",
		"external_warning":  "Das Add-on ist nicht für externe Benutzer geeignet. Sollten Sie in Ihrem CRM externe Benutzer verwenden, richten Sie die Berechtigten Gruppen so ein, dass die Gruppe Extern keine Berechtigung erhält, oder legen Sie im Abschnitt Ausführen im Benutzerkontext von einen Benutzer fest. Andernfalls können externe Benutzer keine eigenen Termine anlegen. In diesem Fall ist die Einstellung Alle ungeeignet.",
		"runas_title":       "Ausführen im Benutzerkontext von",
		"runas_user":        "Benutzer",
		"runas_help":        "Benutzer, mit dem das Add-on ausgeführt wird, so als wäre dieser der eingeloggte Benutzer. Wird kein Benutzer angegeben, wird weiterhin der eingeloggte Benutzer verwendet. In der Regel müssen Sie hier nur selten Einstellungen vornehmen.",
		"policy_title":      "Überbuchte Ressourcen",
		"policy_legend":     "Wenn eine Ressource im selben Zeitraum schon gebucht ist",
		"policy_warn":       "Warnen (GoToMeeting erlaubt das Überbuchen; gleichzeitig ist nur ein Meeting je Account möglich)",
		"policy_strict":     "Buchung verhindern",
		"save":              "Einstellungen speichern",
		"external_title":    "Externer Zugriff", "token": "Token", "url": "URL",
		"copy": "Kopieren", "copied": "Kopiert",
		"url_pending":          "Wartet auf Freischaltung durch den Hersteller (angefordert am %s).",
		"url_registered":       "Freigeschaltet am %s.",
		"url_send":             "Senden Sie diese URL an den Hersteller des Add-ons. Sie können das Add-on erst verwenden, wenn Sie die Rückmeldung erhalten, dass Ihre URL freigeschaltet wurde.",
		"no_token":             "Es wurde noch kein Token erzeugt. Erzeugen Sie einen Token und senden Sie die URL an den Hersteller des Add-ons.",
		"token_warning":        "Wechseln Sie den Token, müssen Sie die neue URL erneut an den Hersteller übermitteln. Bis zur Freischaltung lassen sich keine GoToMeeting Accounts freigeben.",
		"token_confirm":        "Ich habe verstanden, dass der Hersteller die neue URL erneut freischalten muss.",
		"token_confirm_needed": "Bitte bestätigen Sie, dass die neue URL erneut freigeschaltet werden muss.",
		"token_regenerate":     "Token aktualisieren", "token_generate": "Token erzeugen",
		"resources_title": "GoToMeeting Ressourcen",
		"connect_pending": "GoToMeeting Accounts können freigegeben werden, sobald der Hersteller Ihre URL freigeschaltet hat.",
		"resource":        "Ressource", "account": "GoToMeeting Account", "status": "Status", "action": "Aktion",
		"status_connected": "freigegeben", "status_not_connected": "nicht freigegeben", "status_reconnect_needed": "erneute Freigabe nötig",
		"connect": "GoToMeeting Account freigeben", "reconnect": "Erneut freigeben",
		"no_resources":        "Noch keine Ressourcen. Legen Sie im Modul Ressourcen eine Ressource an und füllen Sie das Feld GoToMeeting Account.",
		"connect_failed":      "Freigabe nicht möglich:",
		"flash_saved":         "Die Einstellungen wurden gespeichert.",
		"flash_token":         "Ein neuer Token wurde erzeugt. Senden Sie die neue URL an den Hersteller.",
		"refused_title":       "Zugriff verweigert",
		"csrf_refused":        "Das Formular ist abgelaufen oder stammt nicht von dieser Seite. Laden Sie die Seite neu und versuchen Sie es noch einmal.",
		"refuse_no_session":   "Ihre Sitzung ist abgelaufen oder besteht nicht. Öffnen Sie die Einstellungen des Add-ons erneut im CRM unter Add-ons verwalten.",
		"refuse_not_admin":    "Nur Administratoren des CRM können die Einstellungen des Add-ons bearbeiten.",
		"refuse_missing":      "Diese Seite muss aus dem CRM geöffnet werden (Add-ons verwalten).",
		"refuse_expired":      "Der Link ist abgelaufen. Öffnen Sie die Einstellungen erneut im CRM.",
		"refuse_used":         "Dieser Link wurde bereits verwendet. Öffnen Sie die Einstellungen erneut im CRM.",
		"refuse_disabled":     "Diese Installation ist deaktiviert. Wenden Sie sich an den Hersteller des Add-ons.",
		"refuse_unknown":      "Der Link gehört zu keiner bekannten Installation des Add-ons.",
		"refuse_other_system": "Der Link wurde von einem anderen CRM-System ausgestellt.",
		"refuse_invalid":      "Der Link ist für dieses Add-on nicht gültig. Öffnen Sie die Einstellungen erneut im CRM.",

		"vendor_title": "Hersteller-Konsole", "vendor_login_title": "Anmeldung Hersteller-Konsole",
		"vendor_login_name": "Benutzername", "vendor_password": "Passwort", "vendor_sign_in": "Anmelden",
		"login_failed":           "Anmeldung fehlgeschlagen. Prüfen Sie Benutzername und Passwort.",
		"vendor_session_expired": "Bitte melden Sie sich an.",
		"vendor_signed_in":       "Angemeldet als %s.",
		"queue_title":            "Redirect-URLs zur Freischaltung",
		"queue_help":             "Im GoTo Developer Center unter OAuth Clients den Eintrag des Add-ons bearbeiten, die URL eintragen, mit +Add und Save bestätigen, dann hier als freigeschaltet markieren.",
		"queue_empty":            "Keine URL wartet auf Freischaltung.",
		"installation":           "Installation", "requested": "Angefordert", "mark_registered": "Als freigeschaltet markieren",
		"installations_title": "Installationen", "system_url": "System-URL",
		"system_url_hint":     "Die Adresse des CRM-Systems des Kunden, z. B. https://crm.example.org",
		"system_url_invalid":  "Bitte die vollständige Adresse des CRM-Systems angeben (https://…).",
		"create_installation": "Installation anlegen", "created": "Angelegt",
		"enabled": "aktiv", "disabled": "deaktiviert", "enable": "Aktivieren", "disable": "Deaktivieren",
		"grace": "Alter Schlüssel gültig für", "rotate": "Neuen hook_secret erzeugen",
		"no_installations": "Noch keine Installationen.",
		"audit_title":      "Protokoll", "audit_empty": "Noch keine Einträge.",
		"when": "Wann", "who": "Wer", "what": "Was", "detail": "Einzelheiten",
		"secret_created_title": "Installation angelegt", "secret_rotated_title": "Neuer hook_secret",
		"secret_once":      "Der hook_secret wird nur jetzt angezeigt. Übergeben Sie installation_id und hook_secret sicher an den Kunden.",
		"secret_grace":     "Der bisherige hook_secret bleibt noch %s gültig.",
		"back_console":     "Zurück zur Konsole",
		"flash_registered": "Die URL ist als freigeschaltet markiert.",
		"flash_disabled":   "Die Installation ist deaktiviert.", "flash_enabled": "Die Installation ist aktiv.",
	},
	"en": {
		"brand": "Online meetings add-on", "logout": "Sign out", "back": "Back",
		"settings_title": "Add-on settings",
		"signed_in_as":   "Signed in as %s for the system %s (installation %s).",
		"groups_title":   "Permitted groups",
		"groups_help":    "Choose the groups of users who may use the add-on. Watch out for illogical combinations such as None and All. Further rights are set later per resource.",
		"groups_legend":  "Groups with access to the add-on", "group_all": "All", "group_none": "None",
		"groups_extra":      "More groups",
		"groups_extra_hint": "Group names as in the CRM, separated by commas.",
		"external_warning":  "The add-on is not meant for external users. If your CRM has external users, set the permitted groups so that the group Extern gets no access, or name a user under Run in the user context of. Otherwise external users cannot create their own appointments. In that case the setting All is unsuitable.",
		"runas_title":       "Run in the user context of",
		"runas_user":        "User",
		"runas_help":        "The user the add-on runs as, as if they were the signed-in user. Without a user, the signed-in user is used. You will rarely need to set this.",
		"policy_title":      "Double-booked resources",
		"policy_legend":     "When a resource is already booked for the same time",
		"policy_warn":       "Warn (GoToMeeting allows double booking; only one meeting per account can run at a time)",
		"policy_strict":     "Refuse the booking",
		"save":              "Save settings",
		"external_title":    "External access", "token": "Token", "url": "URL",
		"copy": "Copy", "copied": "Copied",
		"url_pending":          "Waiting for the vendor to register it (requested %s).",
		"url_registered":       "Registered %s.",
		"url_send":             "Send this URL to the add-on vendor. You can use the add-on once the vendor confirms that your URL is registered.",
		"no_token":             "No token has been generated yet. Generate a token and send the URL to the add-on vendor.",
		"token_warning":        "If you change the token, you must send the new URL to the vendor again. Until it is registered, no GoToMeeting account can be connected.",
		"token_confirm":        "I understand that the vendor must register the new URL again.",
		"token_confirm_needed": "Please confirm that the new URL must be registered again.",
		"token_regenerate":     "Regenerate token", "token_generate": "Generate token",
		"resources_title": "GoToMeeting resources",
		"connect_pending": "GoToMeeting accounts can be connected once the vendor has registered your URL.",
		"resource":        "Resource", "account": "GoToMeeting account", "status": "Status", "action": "Action",
		"status_connected": "connected", "status_not_connected": "not connected", "status_reconnect_needed": "needs reconnecting",
		"connect": "Connect GoToMeeting account", "reconnect": "Reconnect",
		"no_resources":        "No resources yet. Create a resource in the Resources module and fill in the field GoToMeeting account.",
		"connect_failed":      "Cannot connect:",
		"flash_saved":         "The settings have been saved.",
		"flash_token":         "A new token has been generated. Send the new URL to the vendor.",
		"refused_title":       "Access denied",
		"csrf_refused":        "The form has expired or does not come from this page. Reload the page and try again.",
		"refuse_no_session":   "Your session has expired or does not exist. Open the add-on's settings again from the CRM (Manage add-ons).",
		"refuse_not_admin":    "Only CRM administrators can change the add-on's settings.",
		"refuse_missing":      "This page must be opened from the CRM (Manage add-ons).",
		"refuse_expired":      "The link has expired. Open the settings again from the CRM.",
		"refuse_used":         "This link has already been used. Open the settings again from the CRM.",
		"refuse_disabled":     "This installation is disabled. Please contact the add-on vendor.",
		"refuse_unknown":      "The link belongs to no known installation of the add-on.",
		"refuse_other_system": "The link was issued by another CRM system.",
		"refuse_invalid":      "The link is not valid for this add-on. Open the settings again from the CRM.",

		"vendor_title": "Vendor console", "vendor_login_title": "Vendor console sign-in",
		"vendor_login_name": "User name", "vendor_password": "Password", "vendor_sign_in": "Sign in",
		"login_failed":           "Sign-in failed. Check user name and password.",
		"vendor_session_expired": "Please sign in.",
		"vendor_signed_in":       "Signed in as %s.",
		"queue_title":            "Redirect URLs to register",
		"queue_help":             "In the GoTo Developer Center, edit the add-on's entry under OAuth Clients, add the URL, confirm with +Add and Save, then mark it registered here.",
		"queue_empty":            "No URL is waiting to be registered.",
		"installation":           "Installation", "requested": "Requested", "mark_registered": "Mark registered",
		"installations_title": "Installations", "system_url": "System URL",
		"system_url_hint":     "The address of the customer's CRM system, e.g. https://crm.example.org",
		"system_url_invalid":  "Please give the full address of the CRM system (https://…).",
		"create_installation": "Create installation", "created": "Created",
		"enabled": "active", "disabled": "disabled", "enable": "Enable", "disable": "Disable",
		"grace": "Old secret stays valid for", "rotate": "Rotate hook_secret",
		"no_installations": "No installations yet.",
		"audit_title":      "Audit trail", "audit_empty": "No entries yet.",
		"when": "When", "who": "Who", "what": "What", "detail": "Detail",
		"secret_created_title": "Installation created", "secret_rotated_title": "New hook_secret",
		"secret_once":      "The hook_secret is shown only now. Hand installation_id and hook_secret to the customer securely.",
		"secret_grace":     "The previous hook_secret stays valid for %s.",
		"back_console":     "Back to the console",
		"flash_registered": "The URL is marked registered.",
		"flash_disabled":   "The installation is disabled.", "flash_enabled": "The installation is active.",
	},
}

// tr returns the text for key in lang, formatted with args; an unknown key shows itself so
// that a gap is visible (and the completeness test fails).
func tr(lang, key string, args ...any) string {
	m, ok := messages[lang]
	if !ok {
		m = messages["de"]
	}
	msg, ok := m[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// validationDE translates addon.Settings.Validate's messages; English shows them as they are.
var validationDE = map[string]string{
	"choose at least one entry: all, none, or groups":        "Wählen Sie mindestens einen Eintrag: Alle, Keine oder einzelne Gruppen.",
	`"all" and "none" contradict each other; choose one`:     "Alle und Keine widersprechen sich; wählen Sie eins von beiden.",
	`"all" and "none" cannot be combined with single groups`: "Alle und Keine lassen sich nicht mit einzelnen Gruppen kombinieren.",
	"group names must be 1 to 200 characters":                "Gruppennamen müssen 1 bis 200 Zeichen lang sein.",
	"at most 200 characters":                                 "Höchstens 200 Zeichen.",
	`must be "warn" or "strict"`:                             "Bitte Warnen oder Buchung verhindern wählen.",
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
