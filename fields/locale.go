package fields

import (
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/catalog"
)

// lang maps a locale to a language of the catalog ("de", "en"). The CRM sends "de" or "en";
// regional forms ("en-GB") are accepted, and everything else is German, the CRM's home language.
func lang(locale string) string { return catalog.Lang(locale) }

// dateText writes t as KuferSQL's <BEG_DATTXT> does: "Dienstag, 1. Dezember 2026", or in
// English "Tuesday, 1 December 2026". A zero time is empty, so its line is dropped.
func dateText(t time.Time, loc *time.Location, locale string) string {
	if t.IsZero() {
		return ""
	}
	t = in(t, loc)
	return catalog.T(locale, "fields.date", catalog.T(locale, "fields.weekday."+strings.ToLower(t.Weekday().String())),
		t.Day(), catalog.T(locale, "fields.month."+strings.ToLower(t.Month().String())), t.Year())
}

// timeText writes the time of day on the 24-hour clock in both languages.
func timeText(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return in(t, loc).Format("15:04")
}

func in(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc)
}

// SampleValues are made-up values for the live preview on the settings page. Software is left
// empty: set it with SoftwareName for the provider whose template is previewed.
func SampleValues(locale string) Values {
	// A fixed zone rather than time.LoadLocation: the preview must not depend on the host's
	// time zone database, and 1 December is CET in Berlin.
	cet := time.FixedZone("CET", 60*60)
	v := Values{
		Link:            "https://meet.example.com/j/123456789",
		Passcode:        "482915",
		MeetingID:       "123 456 789",
		Phone:           "+49 30 1234 5678",
		ParticipantCode: "123 456 789 #",
		HostCode:        "654321",
		Title:           "Schulung Müller GmbH",
		Number:          "T-2026-0042",
		Start:           time.Date(2026, 12, 1, 10, 0, 0, 0, cet),
		End:             time.Date(2026, 12, 1, 11, 30, 0, 0, cet),
		Location:        cet,
		Locale:          lang(locale),
	}
	v.Title = catalog.T(locale, "fields.sample_title")
	return v
}
