package meeting

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// seriesOf decodes a record's series state; ok is false for single meetings.
func seriesOf(m addon.MeetingRecord) (addon.SeriesMeeting, bool) {
	st, ok := seriesStateOf(m)
	return st.SeriesMeeting, ok
}

// seriesState is what a master's record keeps (its Data): the provider's series and the
// alternative hosts it was made with, so that an element's save, which does not carry the
// master's fields, changes the series with the same hosts.
type seriesState struct {
	addon.SeriesMeeting
	AltHosts []string
}

// storedSeries is seriesState as the record's Data holds it. MariaDB's TEXT column holds
// 65,535 bytes, which 500 sessions written as objects exceed, so each session is an array
// [key, block, occurrence id, start, end]. Records written before hold "sessions" as objects.
type storedSeries struct {
	Mode     string                `json:"mode"`
	Topic    string                `json:"topic"`
	Blocks   []addon.Meeting       `json:"blocks"`
	AltHosts []string              `json:"alt_hosts,omitempty"`
	Sessions []addon.SeriesSession `json:"sessions,omitempty"`
	Compact  []storedSession       `json:"s,omitempty"`
}

type storedSession addon.SeriesSession

func (ss storedSession) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{ss.Key, ss.Block, ss.OccurrenceID, ss.Start.UTC(), ss.End.UTC()})
}

func (ss *storedSession) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	dst := []any{&ss.Key, &ss.Block, &ss.OccurrenceID, &ss.Start, &ss.End}
	if len(raw) != len(dst) {
		return fmt.Errorf("stored session has %d values, want %d", len(raw), len(dst))
	}
	for i, r := range raw {
		if err := json.Unmarshal(r, dst[i]); err != nil {
			return err
		}
	}
	return nil
}

func seriesStateOf(m addon.MeetingRecord) (seriesState, bool) {
	if !strings.HasPrefix(m.Data, "{") {
		return seriesState{}, false
	}
	var st storedSeries
	if err := json.Unmarshal([]byte(m.Data), &st); err != nil || len(st.Blocks) == 0 {
		return seriesState{}, false
	}
	sm := addon.SeriesMeeting{Mode: st.Mode, Topic: st.Topic, Blocks: st.Blocks, Sessions: st.Sessions}
	for _, ss := range st.Compact {
		sm.Sessions = append(sm.Sessions, addon.SeriesSession(ss))
	}
	return seriesState{SeriesMeeting: sm, AltHosts: st.AltHosts}, true
}

func (st seriesState) data() string {
	out := storedSeries{Mode: st.Mode, Topic: st.Topic, Blocks: st.Blocks, AltHosts: st.AltHosts}
	for _, ss := range st.Sessions {
		out.Compact = append(out.Compact, storedSession(ss))
	}
	b, _ := json.Marshal(out) // strings, numbers and times of year 1–9999: cannot fail
	return string(b)
}

// seriesSpec is the spec of a series for the installation: every caller sends the same
// over-50 choice, so a save never turns blocks into a meeting without fixed time by accident.
func seriesSpec(set addon.Settings, subject, tz string, sessions []addon.Session, alt []string) addon.SeriesSpec {
	over50 := set.Over50
	if over50 == "" {
		over50 = addon.Over50NoFixedTime
	}
	return addon.SeriesSpec{Subject: subject, TimeZone: tz, Sessions: sessions, Over50: over50, AltHosts: alt}
}

func sessionsOf(master *addon.Appointment) []addon.Session {
	var out []addon.Session
	for _, o := range master.Series.Occurrences {
		if !o.Cancelled {
			out = append(out, addon.Session{Key: o.RecurrenceID, Start: o.Start.UTC(), End: o.End.UTC()})
		}
	}
	return out
}
