package gotomeeting

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// ID is a GoTo meeting id. GoTo's own description types meetingId as a number in some answers
// and as a string in others (upcomingMeetings), so both are accepted.
type ID int64

// UnmarshalJSON accepts 123, "123" and null.
func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	s := string(bytes.Trim(b, `"`))
	if s == "" {
		*id = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("gotomeeting: meeting id %s: %w", b, err)
	}
	*id = ID(n)
	return nil
}

// String returns the id as the path segment the API expects.
func (id ID) String() string { return strconv.FormatInt(int64(id), 10) }

// Time is a time in a GoTo answer. GoTo answers RFC 3339, but older answers carry forms like
// "2015-07-01T22:00:00.+0000", and deprecated fields are "".
type Time struct{ time.Time }

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.-0700",
	"2006-01-02T15:04:05.999-0700",
	"2006-01-02T15:04:05-0700",
}

// UnmarshalJSON accepts the layouts above, "" and null (both the zero time).
func (t *Time) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("gotomeeting: time %s: %w", b, err)
	}
	if s == "" {
		t.Time = time.Time{}
		return nil
	}
	for _, layout := range timeLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v.UTC()
			return nil
		}
	}
	return fmt.Errorf("gotomeeting: time %q in an unknown format", s)
}

// MarshalJSON writes the request layout, so details can be sent back unchanged.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte(`""`), nil
	}
	return json.Marshal(t.UTC().Format(TimeLayout))
}
