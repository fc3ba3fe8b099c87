package fields

import (
	"strings"
	"sync"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
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

// The default texts follow KuferSQL's standard texts for participants and lecturers, without
// the letter's salutation and signature: the note of the appointment is not a letter. They are
// the catalog's "fields.template.participant" and "fields.template.host"; the words that differ
// between providers (each product has its own name for the passcode, the phone code and the
// organizer's code, and its own start button in the CRM) are "fields.terms.<provider>.<word>".
//
// DefaultTemplate returns the built-in invitation for a provider ("gotomeeting", "zoom"), an
// audience ("participant", "host") and a locale ("de", "en"; a language without a catalog
// file is German). It is "" for an unknown provider or audience, which is a caller's bug.
func DefaultTemplate(provider, audience, locale string) string {
	if provider != addon.ProviderGoTo && provider != addon.ProviderZoom {
		return ""
	}
	if audience != AudienceParticipant && audience != AudienceHost {
		return ""
	}
	key := provider + "/" + audience + "/" + catalog.Lang(locale)
	if t, ok := defaults.Load(key); ok {
		return t.(string)
	}
	word := func(w string) string { return catalog.T(locale, "fields.terms."+provider+"."+w) }
	// The @words are filled in here, not at render time: an administrator who copies a
	// default sees plain text and template variables only. "@hostcode" is the word inside a
	// sentence (German capitalizes nouns there, English does not).
	t := strings.NewReplacer(
		"@hostcode", word("host_code_in_text"),
		"@passcode", word("passcode"),
		"@participantCode", word("participant_code"),
		"@hostCode", word("host_code"),
		"@button", word("button"),
	).Replace(catalog.T(locale, "fields.template."+audience))
	defaults.Store(key, t)
	return t
}

// defaults keeps the default templates by provider, audience and catalog language (a few).
var defaults sync.Map
