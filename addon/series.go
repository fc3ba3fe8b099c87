package addon

import (
	"context"
	"time"
)

// Session is one date of a course or series, keyed by the CRM's recurrence id.
type Session struct {
	Key        string
	Start, End time.Time
}

// Over-50 choices for series that one recurring Zoom meeting cannot carry.
const (
	Over50NoFixedTime = "no_fixed_time" // one meeting without fixed time: one link for every session
	Over50Blocks      = "blocks"        // consecutive recurring meetings of at most 50 sessions
)

// SeriesSpec is a whole series to schedule as one provider object where the provider can.
type SeriesSpec struct {
	Subject  string
	TimeZone string
	Sessions []Session // not cancelled, any order
	Over50   string
	AltHosts []string
}

// SeriesSession is where one session ended up at the provider.
type SeriesSession struct {
	Key          string    `json:"key"`
	Block        int       `json:"block"`
	OccurrenceID string    `json:"occurrence_id,omitempty"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
}

// SeriesMeeting is a series as scheduled: one or more provider meetings ("blocks") and the
// place of every session in them.
type SeriesMeeting struct {
	Mode     string          `json:"mode"` // "recurring", Over50NoFixedTime, Over50Blocks, "single"
	Topic    string          `json:"topic"`
	Blocks   []Meeting       `json:"blocks"`
	Sessions []SeriesSession `json:"sessions"`
	// Calls counts the provider requests made, for the user message and the benchmarks' notes.
	Calls int `json:"-"`
}

// SeriesProvider is a provider that can schedule a series as recurring meetings.
type SeriesProvider interface {
	CreateSeries(ctx context.Context, acct Account, spec SeriesSpec) (SeriesMeeting, error)
	// UpdateSeries brings a scheduled series in line with spec, changing only what differs.
	UpdateSeries(ctx context.Context, acct Account, prev SeriesMeeting, spec SeriesSpec) (SeriesMeeting, error)
	DeleteSeries(ctx context.Context, acct Account, prev SeriesMeeting) error
}
