package fields

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
)

// Names of the hidden appointment fields that hold MeetingData, as declared in the manifest.
const (
	GoToDataField = "goto_meeting_data"
	ZoomDataField = "zoom_meeting_data"
)

// DataVersion is the version EncodeData writes. DecodeData refuses others rather than guess,
// because a wrong guess would update or delete somebody else's meeting.
const DataVersion = 1

// Bounds for decoding: the CRM's text field limit and its series limit.
const (
	MaxDataBytes   = 65535
	maxOccurrences = 500
)

// MeetingData is what the add-on remembers about the meeting of an appointment, in a hidden
// field of the appointment. It holds what participants may see anyway; the organizer's start
// URL is fetched fresh on each click and has no field here.
type MeetingData struct {
	Version     int              `json:"v"`
	Provider    string           `json:"provider"` // addon.ProviderGoTo or addon.ProviderZoom
	ResourceID  string           `json:"resource_id"`
	Licence     string           `json:"licence,omitempty"` // the name of the licence a pool gave the appointment
	MeetingID   string           `json:"meeting_id"`        // empty for a master whose elements get their own
	JoinURL     string           `json:"join_url,omitempty"`
	DialIn      string           `json:"dial_in,omitempty"`
	Passcode    string           `json:"passcode,omitempty"`
	Start       time.Time        `json:"start"` // UTC
	End         time.Time        `json:"end"`   // UTC
	Series      *SeriesData      `json:"series,omitempty"`
	Meetings    []SeriesMeeting  `json:"meetings,omitempty"` // of a series that spans several
	Occurrences []OccurrenceData `json:"occurrences,omitempty"`
}

// SeriesMeeting is one of the meetings of a series that spans several (a Zoom course in blocks
// of at most 50 sessions), listed once so that its occurrences need to name only its id. The
// first is the data's own meeting.
type SeriesMeeting struct {
	MeetingID string `json:"meeting_id"`
	JoinURL   string `json:"join_url,omitempty"`
	DialIn    string `json:"dial_in,omitempty"`
	Passcode  string `json:"passcode,omitempty"`
}

// SeriesData is the series part of a master's data. A GoToMeeting master only reserves the
// resource (Reserved occurrences, PerElement: meetings are created when an element is opened);
// a Zoom master maps each CRM recurrence id to the occurrence of its recurring meeting.
type SeriesData struct {
	Reserved    int                         `json:"reserved,omitempty"`
	PerElement  bool                        `json:"per_element,omitempty"`
	Occurrences map[string]SeriesOccurrence `json:"occurrences,omitempty"`
}

// SeriesOccurrence is one occurrence of a Zoom recurring meeting.
type SeriesOccurrence struct {
	OccurrenceID string    `json:"occurrence_id"`
	Start        time.Time `json:"start"`    // UTC
	Duration     int       `json:"duration"` // minutes
}

// OccurrenceData is one element of a series and its meeting. Zoom allows at most 50
// occurrences per recurring meeting, so longer series span several meetings and each element
// names its own. A master's data lists up to 500 elements in a text field of 65,535 bytes, so
// it writes only what the CRM does not know: the recurrence id, Zoom's occurrence id, and the
// meeting when it is not the data's own (its link is in Meetings); no times.
type OccurrenceData struct {
	RecurrenceID string    `json:"recurrence_id"`
	OccurrenceID string    `json:"occurrence_id,omitempty"`
	Start        time.Time `json:"start,omitzero"`       // UTC
	End          time.Time `json:"end,omitzero"`         // UTC
	MeetingID    string    `json:"meeting_id,omitempty"` // empty: the data's own
	JoinURL      string    `json:"join_url,omitempty"`
}

// DataField returns the name of the hidden field for a provider's meeting data.
func DataField(provider string) string {
	if provider == addon.ProviderZoom {
		return ZoomDataField
	}
	return GoToDataField
}

// EncodeData returns d as the value of the hidden field. Times are written in UTC and a zero
// Version becomes DataVersion.
func EncodeData(d MeetingData) (string, error) {
	if d.Version == 0 {
		d.Version = DataVersion
	}
	if err := check(d); err != nil {
		return "", fmt.Errorf("encode meeting data: %w", err)
	}
	d.utc()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // join URLs stay readable: "&" not "\u0026"
	if err := enc.Encode(d); err != nil {
		return "", fmt.Errorf("encode meeting data: %w", err)
	}
	s := strings.TrimSuffix(buf.String(), "\n")
	if len(s) > MaxDataBytes {
		return "", addon.Errorf(addon.ETOOLARGE, "the meeting data are %d bytes, the field holds at most %d", len(s), MaxDataBytes)
	}
	return s, nil
}

// DecodeData reads the goto_meeting_data field. An empty field is no meeting: ok is false and
// err nil. Anything the add-on did not write in this version is an EINVALID error naming the
// field, so the caller leaves the meeting alone instead of acting on a guess.
func DecodeData(s string) (d MeetingData, ok bool, err error) {
	return DecodeDataField(GoToDataField, s)
}

// DecodeDataField is DecodeData for the field called name (zoom_meeting_data, for instance).
func DecodeDataField(name, s string) (MeetingData, bool, error) {
	field := "appointment.fields." + name
	if strings.TrimSpace(s) == "" {
		return MeetingData{}, false, nil
	}
	if len(s) > MaxDataBytes {
		return MeetingData{}, false, catalog.Invalid(field, "fields.data_too_long", len(s), MaxDataBytes)
	}
	var d MeetingData
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return MeetingData{}, false, catalog.Invalid(field, "fields.data_foreign", err.Error())
	}
	if err := check(d); err != nil {
		return MeetingData{}, false, addon.Invalid(field, "%v", err)
	}
	d.utc()
	// What cannot be written back (a year past 9999 after the move to UTC) is not ours either.
	if _, err := EncodeData(d); err != nil {
		return MeetingData{}, false, addon.Invalid(field, "%v", err)
	}
	return d, true, nil
}

func check(d MeetingData) error {
	switch {
	case d.Version != DataVersion:
		return fmt.Errorf("unknown meeting data version %d", d.Version)
	case d.Provider != addon.ProviderGoTo && d.Provider != addon.ProviderZoom:
		return fmt.Errorf("unknown provider %q", d.Provider)
	case len(d.Occurrences) > maxOccurrences:
		return fmt.Errorf("%d occurrences, at most %d", len(d.Occurrences), maxOccurrences)
	case d.Series != nil && len(d.Series.Occurrences) > maxOccurrences:
		return fmt.Errorf("%d series occurrences, at most %d", len(d.Series.Occurrences), maxOccurrences)
	}
	return nil
}

// utc moves every time to UTC, so that the same instant always encodes the same way. It copies
// the slice and the map first: d may be a copy sharing them with the caller's value.
func (d *MeetingData) utc() {
	d.Start, d.End = d.Start.UTC(), d.End.UTC()
	if d.Occurrences != nil {
		d.Occurrences = append([]OccurrenceData(nil), d.Occurrences...)
	}
	for i := range d.Occurrences {
		o := &d.Occurrences[i]
		o.Start, o.End = o.Start.UTC(), o.End.UTC()
	}
	if d.Series != nil && d.Series.Occurrences != nil {
		s := *d.Series
		s.Occurrences = make(map[string]SeriesOccurrence, len(d.Series.Occurrences))
		for k, o := range d.Series.Occurrences {
			o.Start = o.Start.UTC()
			s.Occurrences[k] = o
		}
		d.Series = &s
	}
}
