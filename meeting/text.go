package meeting

import "fmt"

// texts holds the user-facing messages, German first (the CRM's users are mostly German).
var texts = map[string][2]string{
	"not_permitted": {
		"Sie sind nicht berechtigt, Online-Meetings anzulegen; der Termin wurde ohne Meeting gespeichert.",
		"You may not create online meetings; the appointment was saved without a meeting."},
	"external_user": {
		"Externe Benutzer können keine Online-Meetings anlegen, solange in den Add-on-Einstellungen kein Benutzer unter „Ausführen im Benutzerkontext von“ eingetragen ist; der Termin wurde ohne Meeting gespeichert.",
		"External users cannot create online meetings unless the add-on settings name a run-as user; the appointment was saved without a meeting."},
	"multiple_meeting_resources": {
		"Bitte buchen Sie nur einen Online-Meeting-Raum pro Termin (gebucht: %s). Es wurde kein Meeting angelegt.",
		"Please book only one online-meeting room per appointment (booked: %s). No meeting was created."},
	"resource_overbooked": {
		"%s ist zur selben Zeit bereits gebucht (%s). Das Konto kann nur ein Meeting gleichzeitig durchführen.",
		"%s is already booked at the same time (%s). The account can only run one meeting at a time."},
	"resource_overbooked_strict": {
		"%s ist zur selben Zeit bereits gebucht (%s). Es wurde kein Meeting angelegt; wählen Sie eine andere Zeit oder einen anderen Raum.",
		"%s is already booked at the same time (%s). No meeting was created; choose another time or room."},
	"meeting_created": {"Das Online-Meeting wurde angelegt.", "The online meeting was created."},
	"meeting_updated": {"Das Online-Meeting wurde aktualisiert.", "The online meeting was updated."},
	"meeting_deleted": {"Das Online-Meeting wurde gelöscht.", "The online meeting was deleted."},
	"meeting_failed":  {"Das Online-Meeting konnte nicht angelegt werden: %s", "The online meeting could not be created: %s"},
	"series_per_element": {
		"%s ist für alle %d Termine der Serie reserviert. Die Zugangsdaten werden pro Serienelement erzeugt, sobald es mit „Dieses Serienelement öffnen“ geöffnet wird.",
		"%s is reserved for all %d dates of the series. Access data is created per element when it is opened with \"Open this series element\"."},
	"note_too_long": {
		"Die Einladung passt nicht mehr in die Notiz (höchstens 65.535 Bytes); kürzen Sie die Notiz. Die Zugangsdaten stehen über „%s“ bereit.",
		"The invitation no longer fits into the note (at most 65,535 bytes); shorten the note. The access data is available through \"%s\"."},
	"start_label": {"%s starten", "Start %s"},
	"alt_hosts_not_changed": {
		"Die alternativen Hosts der Zoom-Serie wurden nicht geändert: %s",
		"The alternative hosts of the Zoom series were not changed: %s"},
	"meeting_deleted_remotely": {
		"Das Online-Meeting wurde in Zoom selbst gelöscht; die Einladung wurde aus der Notiz entfernt. Speichern Sie den Termin erneut, um ein neues Meeting (mit neuem Link) anzulegen.",
		"The online meeting was deleted in Zoom itself; the invitation was removed from the note. Save the appointment again to create a new meeting (with a new link)."},
	"series_deleted_remotely": {
		"Ein Online-Meeting dieser Serie wurde in Zoom selbst gelöscht; die Serie wurde neu angelegt, mit neuem Link (siehe unten).",
		"An online meeting of this series was deleted in Zoom itself; the series was created anew, with a new link (see below)."},
	"meeting_changed_remotely": {
		"Das Online-Meeting wurde in Zoom selbst geändert; Zeit und Titel dieses Termins wurden wieder übernommen.",
		"The online meeting was changed in Zoom itself; this appointment's time and title were applied again."},
	"connect_label_gotomeeting": {"GoToMeeting Account freigeben", "Connect GoToMeeting account"},
	// Licence pools (pool.go).
	"pool_empty": {
		"Der Pool %s hat keine verwendbare Lizenz (Add-on-Einstellungen → Lizenz-Pools; GoTo-Konten müssen freigegeben sein). Es wurde kein Meeting angelegt.",
		"The pool %s has no usable licence (add-on settings → licence pools; GoTo accounts must be connected). No meeting was created."},
	"pool_full_strict": {
		"Keine Lizenz des Pools %[1]s ist zu dieser Zeit frei (belegt durch: %[2]s). Es wurde kein Meeting angelegt. Für diese Dauer ist der Pool wieder frei %[3]s.",
		"No licence of the pool %[1]s is free at this time (taken by: %[2]s). No meeting was created. The pool is next free for this duration %[3]s."},
	"pool_full_strict_course": {
		"Keine Lizenz des Pools %[1]s ist an allen %[2]d Terminen frei (belegt durch: %[3]s). Es wurde kein Meeting angelegt; verlegen Sie die belegten Termine oder buchen Sie eine Lizenz direkt.",
		"No licence of the pool %[1]s is free on all %[2]d dates (taken by: %[3]s). No meeting was created; move the dates that are taken or book a licence directly."},
	"pool_free_at":       {"ab %s", "from %s"},
	"pool_not_free_soon": {"erst in mehr als 90 Tagen", "only in more than 90 days"},
	"pool_kept_overbooked": {
		"%[1]s (aus dem Pool %[2]s) ist zur selben Zeit bereits gebucht (%[3]s). Das Meeting bleibt bei dieser Lizenz, damit sein Link gültig bleibt.",
		"%[1]s (of the pool %[2]s) is already booked at the same time (%[3]s). The meeting stays with this licence so that its link stays valid."},
	"pool_overbooked": {
		"Keine Lizenz des Pools %[1]s ist zu dieser Zeit frei; gebucht wurde die am wenigsten belegte, %[2]s, die zur selben Zeit bereits gebucht ist (%[3]s).",
		"No licence of the pool %[1]s is free at this time; the least-booked one, %[2]s, was booked, and it is already booked at the same time (%[3]s)."},
	"pool_moved": {
		"%[1]s ist zur neuen Zeit belegt oder nicht mehr im Pool; das Meeting wurde auf die freie Lizenz %[2]s verlegt, mit neuem Link. Senden Sie die Einladung erneut.",
		"%[1]s is taken at the new time or no longer in the pool; the meeting moved to the free licence %[2]s, with a new link. Send the invitation again."},
	"pool_assigned": {"Aus dem Pool %[1]s wurde die freie Lizenz %[2]s gebucht.", "The free licence %[2]s of the pool %[1]s was booked."},
	"pool_budget_spent": {
		"Alle freien Lizenzen des Pools %[1]s haben heute ihre %[2]d Zoom-Meeting-Anlagen und -Änderungen verbraucht (Zoom-Grenze je Host und Tag, zurückgesetzt um 00:00 UTC); Zoom kann das Meeting bis dahin ablehnen.",
		"Every free licence of the pool %[1]s has used its %[2]d Zoom meeting creates and updates today (Zoom's limit per host and day, reset at 00:00 UTC); Zoom may refuse the meeting until then."},
	"pool_licence_line": {"Lizenz: %s", "Licence: %s"},
}

// text returns the message for a locale ("en" or German for anything else).
func text(locale, key string, args ...any) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	s := t[0]
	if locale == "en" {
		s = t[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}
