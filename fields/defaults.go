package fields

import (
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Audiences of an invitation.
const (
	AudienceParticipant = "participant" // the text goes into the appointment's note
	AudienceHost        = "host"        // shown only to the organizer
)

// SoftwareName returns the provider's product name, the value of <WEBIN_SW>.
func SoftwareName(provider string) string {
	switch provider {
	case addon.ProviderGoTo:
		return "GoToMeeting"
	case addon.ProviderZoom:
		return "Zoom"
	}
	return ""
}

// terms are the words that differ between providers: each product has its own name for the
// passcode, the phone code and the organizer's code, and its own start button in the CRM.
type terms struct {
	passcode, participantCode, hostCode, button string
}

var providerTerms = map[string]map[string]terms{
	addon.ProviderGoTo: {
		"de": {"Passwort", "Zugangscode", "Moderator-Code", "GoToMeeting starten"},
		"en": {"Password", "Access code", "Moderator code", "Start GoToMeeting"},
	},
	addon.ProviderZoom: {
		"de": {"Kenncode", "Teilnehmer-Code", "Host-Schlüssel", "Zoom starten"},
		"en": {"Passcode", "Participant code", "Host key", "Start Zoom"},
	},
}

// The defaults follow KuferSQL's standard texts for participants and lecturers, without the
// letter's salutation and signature: the note of the appointment is not a letter.
const (
	deParticipant = `Sie sind zu einem Online-Meeting eingeladen.

Thema: {title}
{dates}

Meeting beitreten: {link}
@passcode: {passcode}
Rufnummer: {phone}
@participantCode: {participant_code}
Meeting-ID: {meeting_id}
Software: {software}
`
	deHost = `Informationen für den Organisator. Die Teilnehmenden erhalten dieselben Zugangsdaten, aber nicht den @hostCode.

Thema: {title}
{dates}

Meeting beitreten: {link}
@passcode: {passcode}
Rufnummer: {phone}
@participantCode: {participant_code}
Meeting-ID: {meeting_id}
Software: {software}
@hostCode: {host_code}

Starten Sie das Meeting mit der Schaltfläche „@button“ im Termin: Als Organisator werden Sie dabei automatisch angemeldet. Wer kein Organisator ist, wartet, bis ein Organisator dem Meeting beitritt.
`
	enParticipant = `You are invited to an online meeting.

Topic: {title}
{dates}

Join the meeting: {link}
@passcode: {passcode}
Dial-in: {phone}
@participantCode: {participant_code}
Meeting ID: {meeting_id}
Software: {software}
`
	enHost = `Information for the organizer. Participants receive the same access details, but not the @hostcode.

Topic: {title}
{dates}

Join the meeting: {link}
@passcode: {passcode}
Dial-in: {phone}
@participantCode: {participant_code}
Meeting ID: {meeting_id}
Software: {software}
@hostCode: {host_code}

Start the meeting with the “@button” button in the appointment: as the organizer you are signed in automatically. Anyone else waits until an organizer joins.
`
)

var baseTemplates = map[string]map[string]string{
	AudienceParticipant: {"de": deParticipant, "en": enParticipant},
	AudienceHost:        {"de": deHost, "en": enHost},
}

// DefaultTemplate returns the built-in invitation for a provider ("gotomeeting", "zoom"), an
// audience ("participant", "host") and a locale ("de", "en"; anything else is German). It is
// "" for an unknown provider or audience, which is a caller's bug.
func DefaultTemplate(provider, audience, locale string) string {
	l := lang(locale)
	t, ok := providerTerms[provider][l]
	base := baseTemplates[audience][l]
	if !ok || base == "" {
		return ""
	}
	// The @words are filled in here, not at render time: an administrator who copies a
	// default sees plain text and template variables only.
	inText := t.hostCode // German capitalizes nouns inside a sentence, English does not
	if l == "en" {
		inText = strings.ToLower(inText)
	}
	return strings.NewReplacer(
		"@hostcode", inText,
		"@passcode", t.passcode,
		"@participantCode", t.participantCode,
		"@hostCode", t.hostCode,
		"@button", t.button,
	).Replace(base)
}
