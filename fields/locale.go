package fields

import (
	"fmt"
	"strings"
	"time"
)

// lang maps a locale to "de" or "en". The CRM sends "de" or "en"; regional forms ("en-GB") are
// accepted, and everything else is German, the CRM's home language.
func lang(locale string) string {
	l := strings.ToLower(locale)
	if l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return "en"
	}
	return "de"
}

var (
	deWeekdays = [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}
	deMonths   = [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
		"September", "Oktober", "November", "Dezember"}
)

// dateText writes t as KuferSQL's <BEG_DATTXT> does: "Dienstag, 1. Dezember 2026", or in
// English "Tuesday, 1 December 2026". A zero time is empty, so its line is dropped.
func dateText(t time.Time, loc *time.Location, locale string) string {
	if t.IsZero() {
		return ""
	}
	t = in(t, loc)
	if lang(locale) == "en" {
		return fmt.Sprintf("%s, %d %s %d", t.Weekday(), t.Day(), t.Month(), t.Year())
	}
	return fmt.Sprintf("%s, %d. %s %d", deWeekdays[t.Weekday()], t.Day(), deMonths[t.Month()-1], t.Year())
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
	if v.Locale == "en" {
		v.Title = "Training Müller Ltd"
	}
	return v
}
