package fields

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/onlinemeetings/meeting-addon/addon"
)

var berlin = time.FixedZone("CET", 3600)

func sampleData() MeetingData {
	return MeetingData{
		Provider:   addon.ProviderZoom,
		ResourceID: "r-3",
		MeetingID:  "83019642761",
		JoinURL:    "https://us02web.zoom.us/j/83019642761?pwd=a&b",
		Passcode:   "684236",
		Start:      time.Date(2026, 12, 1, 10, 0, 0, 0, berlin),
		End:        time.Date(2026, 12, 1, 11, 30, 0, 0, berlin),
		Series: &SeriesData{Occurrences: map[string]SeriesOccurrence{
			"2026-12-01T10:00:00+01:00": {OccurrenceID: "1764579600000", Start: time.Date(2026, 12, 1, 10, 0, 0, 0, berlin), Duration: 90},
		}},
		Occurrences: []OccurrenceData{{
			RecurrenceID: "2026-12-01T10:00:00+01:00", OccurrenceID: "1764579600000",
			Start: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC),
			MeetingID: "83019642761",
		}},
	}
}

func TestEncodeData(t *testing.T) {
	d := sampleData()
	got, err := EncodeData(d)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"v":1,"provider":"zoom","resource_id":"r-3","meeting_id":"83019642761",` +
		`"join_url":"https://us02web.zoom.us/j/83019642761?pwd=a&b","passcode":"684236",` +
		`"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:30:00Z",` +
		`"series":{"occurrences":{"2026-12-01T10:00:00+01:00":{"occurrence_id":"1764579600000","start":"2026-12-01T09:00:00Z","duration":90}}},` +
		`"occurrences":[{"recurrence_id":"2026-12-01T10:00:00+01:00","occurrence_id":"1764579600000","start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:30:00Z","meeting_id":"83019642761"}]}`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EncodeData mismatch (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"start_url", "host"} {
		if strings.Contains(got, bad) {
			t.Errorf("encoded data contain %q: %s", bad, got)
		}
	}
	if loc := d.Series.Occurrences["2026-12-01T10:00:00+01:00"].Start.Location(); loc != berlin {
		t.Errorf("EncodeData changed the caller's series map: location %v", loc)
	}
}

func TestEncodeDataErrors(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*MeetingData)
	}{
		{"unknown provider", func(d *MeetingData) { d.Provider = "teams" }},
		{"unknown version", func(d *MeetingData) { d.Version = 2 }},
		{"too many occurrences", func(d *MeetingData) { d.Occurrences = make([]OccurrenceData, 501) }},
		{"too large", func(d *MeetingData) { d.JoinURL = strings.Repeat("x", MaxDataBytes) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := sampleData()
			tc.modify(&d)
			if s, err := EncodeData(d); err == nil {
				t.Errorf("EncodeData = %.60q…, want an error", s)
			}
		})
	}
}

func TestDecodeData(t *testing.T) {
	enc, err := EncodeData(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	want := sampleData()
	want.Version = 1
	t.Run("round trip", func(t *testing.T) {
		got, ok, err := DecodeData(enc)
		if err != nil || !ok {
			t.Fatalf("DecodeData = %v, %v", ok, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("DecodeData mismatch (-want +got):\n%s", diff)
		}
		if got.Start.Location() != time.UTC {
			t.Errorf("Start in %v, want UTC", got.Start.Location())
		}
	})
	for _, s := range []string{"", " \n"} {
		t.Run("empty "+strings.TrimSpace(s), func(t *testing.T) {
			got, ok, err := DecodeData(s)
			if err != nil || ok || !cmp.Equal(got, MeetingData{}) {
				t.Errorf("DecodeData(%q) = %+v, %v, %v; want zero, false, nil", s, got, ok, err)
			}
		})
	}
}

func TestDecodeDataInvalid(t *testing.T) {
	tests := []struct{ name, in string }{
		{"garbage", "GoToMeeting 123"},
		{"null", "null"},
		{"empty object", "{}"},
		{"unknown version", `{"v":2,"provider":"zoom","meeting_id":"1"}`},
		{"unknown provider", `{"v":1,"provider":"teams","meeting_id":"1"}`},
		{"trailing data", `{"v":1,"provider":"zoom","meeting_id":"1"} x`},
		{"wrong type", `{"v":"1","provider":"zoom"}`},
		{"too large", `{"v":1,"provider":"zoom","join_url":"` + strings.Repeat("x", MaxDataBytes) + `"}`},
		{"too many occurrences", `{"v":1,"provider":"zoom","occurrences":[` + strings.Repeat(`{},`, 500) + `{}]}`},
		{"year beyond 9999 in UTC", `{"v":1,"provider":"zoom","start":"9999-12-31T23:00:00-02:00"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ok, err := DecodeData(tc.in)
			var e *addon.Error
			if ok || !errors.As(err, &e) || e.Code != addon.EINVALID {
				t.Fatalf("DecodeData = %v, %v; want false, EINVALID", ok, err)
			}
			if len(e.Details) != 1 || e.Details[0].Field != "appointment.fields.goto_meeting_data" {
				t.Errorf("details %+v, want the field appointment.fields.goto_meeting_data", e.Details)
			}
		})
	}
	t.Run("zoom field", func(t *testing.T) {
		_, _, err := DecodeDataField(ZoomDataField, "{")
		var e *addon.Error
		if !errors.As(err, &e) || len(e.Details) != 1 || e.Details[0].Field != "appointment.fields.zoom_meeting_data" {
			t.Errorf("got %v, want an error naming appointment.fields.zoom_meeting_data", err)
		}
	})
}

func TestDataField(t *testing.T) {
	for provider, want := range map[string]string{addon.ProviderGoTo: GoToDataField, addon.ProviderZoom: ZoomDataField} {
		if got := DataField(provider); got != want {
			t.Errorf("DataField(%q) = %q, want %q", provider, got, want)
		}
	}
}

func FuzzDecodeData(f *testing.F) {
	enc, err := EncodeData(sampleData())
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{enc, "", "{}", "null", `{"v":1,"provider":"gotomeeting","series":{"reserved":10,"per_element":true}}`,
		`{"v":1,"provider":"zoom","start":"2026-12-01T10:00:00+14:00"}`, `[1,2]`, `{"v":1e400}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok, err := DecodeData(s)
		if err != nil {
			if ok || addon.ErrorCode(err) != addon.EINVALID {
				t.Fatalf("DecodeData = %v, %v; want false and EINVALID", ok, err)
			}
			return
		}
		if !ok {
			return
		}
		again, err := EncodeData(d)
		if err != nil {
			t.Fatalf("EncodeData of decoded data: %v", err)
		}
		d2, ok, err := DecodeData(again)
		if err != nil || !ok {
			t.Fatalf("DecodeData(EncodeData(d)) = %v, %v", ok, err)
		}
		if diff := cmp.Diff(d, d2, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
	})
}

// A Zoom master of 500 sessions in ten meetings (the CRM's maximum) fits the text field.
func TestEncodeDataLongSeries(t *testing.T) {
	d := MeetingData{Version: DataVersion, Provider: addon.ProviderZoom, ResourceID: "r-3", MeetingID: "83019642761",
		JoinURL: "https://us02web.zoom.us/j/83019642761?pwd=Nk9abcdEFGhijkLMNopQRstuVWxyz0.1", Passcode: "684236",
		Start: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC)}
	for b := range 10 {
		id := strconv.Itoa(83019642761 + b)
		d.Meetings = append(d.Meetings, SeriesMeeting{MeetingID: id, JoinURL: "https://us02web.zoom.us/j/" + id + "?pwd=Nk9abcdEFGhijkLMNopQRstuVWxyz0.1", Passcode: "684236"})
	}
	for i := range 500 {
		start := time.Date(2026, 12, 1, 10, 0, 0, 0, berlin).AddDate(0, 0, i)
		o := OccurrenceData{RecurrenceID: start.Format(time.RFC3339), OccurrenceID: strconv.FormatInt(start.UnixMilli(), 10)}
		if i >= 50 {
			o.MeetingID = d.Meetings[i/50].MeetingID
		}
		d.Occurrences = append(d.Occurrences, o)
	}
	enc, err := EncodeData(d)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes", len(enc))
	got, ok, err := DecodeDataField(ZoomDataField, enc)
	if err != nil || !ok {
		t.Fatalf("DecodeDataField = %v, %v", ok, err)
	}
	if diff := cmp.Diff(d, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}
