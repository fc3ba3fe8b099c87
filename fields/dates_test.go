package fields

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// weekly returns n weekly sessions 16:30–18:00 from Tuesday 3 August 2021, Berlin time.
func weekly(t *testing.T, n int) ([]Span, *time.Location) {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	var out []Span
	for i := range n {
		s := time.Date(2021, 8, 3+7*i, 16, 30, 0, 0, loc)
		out = append(out, Span{Start: s, End: s.Add(90 * time.Minute)})
	}
	return out, loc
}

func TestDatesOfACourse(t *testing.T) {
	three, loc := weekly(t, 3)
	many, _ := weekly(t, MaxListedDates+5)
	oneMore, _ := weekly(t, MaxListedDates+1)
	overnight := []Span{three[0], {Start: time.Date(2021, 8, 20, 22, 0, 0, 0, loc), End: time.Date(2021, 8, 21, 1, 0, 0, 0, loc)}}
	tests := []struct {
		name, locale string
		dates        []Span
		want         string // lines, or a prefix/suffix check below for long lists
	}{
		{"three, German", "de", three, "Termine (3):\nDienstag, 3. August 2021, 16:30–18:00 Uhr\nDienstag, 10. August 2021, 16:30–18:00 Uhr\nDienstag, 17. August 2021, 16:30–18:00 Uhr\n"},
		{"three, English", "en", three, "Dates (3):\nTuesday, 3 August 2021, 16:30–18:00\nTuesday, 10 August 2021, 16:30–18:00\nTuesday, 17 August 2021, 16:30–18:00\n"},
		{"overnight session", "de", overnight, "Termine (2):\nDienstag, 3. August 2021, 16:30–18:00 Uhr\nFreitag, 20. August 2021, 22:00 – Samstag, 21. August 2021, 01:00 Uhr\n"},
		{"one date reads like an appointment", "de", three[:1], "Beginn: Dienstag, 3. August 2021, 16:30 Uhr\nEnde: Dienstag, 3. August 2021, 18:00 Uhr\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Render("{dates}\n", Values{Dates: tc.dates, Location: loc, Locale: tc.locale})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for _, tc := range []struct {
		locale string
		dates  []Span
		last   string
	}{
		{"de", many, "und 5 weitere Termine"},
		{"en", many, "and 5 more dates"},
		{"de", oneMore, "und 1 weiterer Termin"},
		{"en", oneMore, "and 1 more date"},
	} {
		t.Run(fmt.Sprintf("%d dates, %s", len(tc.dates), tc.locale), func(t *testing.T) {
			lines := strings.Split(strings.TrimSuffix(Render("{dates}\n", Values{Dates: tc.dates, Location: loc, Locale: tc.locale}), "\n"), "\n")
			if got, want := len(lines), 1+MaxListedDates+1; got != want {
				t.Errorf("%d lines, want %d (heading, %d dates, the rest counted):\n%s", got, want, MaxListedDates, strings.Join(lines, "\n"))
			}
			if got := lines[len(lines)-1]; got != tc.last {
				t.Errorf("last line %q, want %q", got, tc.last)
			}
		})
	}
}

// The default invitation of a course lists its dates instead of "Beginn … Ende …".
func TestDefaultTemplateOfACourse(t *testing.T) {
	dates, loc := weekly(t, 2)
	for _, l := range []string{"de", "en"} {
		v := SampleValues(l)
		v.Dates, v.Location = dates, loc
		got := Render(DefaultTemplate("zoom", AudienceParticipant, l), v)
		for _, unwanted := range []string{"Beginn:", "Ende:", "Starts:", "Ends:"} {
			if strings.Contains(got, unwanted) {
				t.Errorf("%s: the course's invitation has %q:\n%s", l, unwanted, got)
			}
		}
		if !strings.Contains(got, "(2):\n") {
			t.Errorf("%s: no list of the 2 dates:\n%s", l, got)
		}
	}
}
