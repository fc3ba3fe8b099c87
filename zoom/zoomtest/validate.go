package zoomtest

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
)

// RequestValidator checks a request against one vendor description; *apispec.Validator is
// one. Named here so this package needs no import that pulls in package testing.
type RequestValidator interface {
	ValidateRequest(r *http.Request, body []byte, basePath string) error
}

// noRoute is how apispec says a description lacks the request's path.
const noRoute = "the spec has no such path"

// ValidateWith returns an Options.Validate that checks a request against the first of vs
// whose description has the request's path: Zoom publishes meetings, users and accounts in
// separate files. Two forms Zoom documents and takes, but its schema forbids, are let through
// (see specGaps).
func ValidateWith(vs ...RequestValidator) func(r *http.Request, body []byte) error {
	return func(r *http.Request, body []byte) error {
		body = specGaps(body)
		for _, v := range vs {
			err := v.ValidateRequest(r, body, "/v2")
			if err != nil && strings.Contains(err.Error(), noRoute) {
				continue
			}
			return err
		}
		return errors.New(r.Method + " " + r.URL.Path + ": no Zoom description has this path")
	}
}

var localTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$`)

// specGaps rewrites what Zoom's meeting schema describes too narrowly, so the rest of the body
// is still checked: start_time in local time without offset (which goes with "timezone", and
// is the only way to keep a series' local hour across daylight-saving changes) is typed
// "date-time", and weekly_days, documented as comma-separated days, is an enum of single days.
func specGaps(body []byte) []byte {
	var m map[string]any
	if len(body) == 0 || json.Unmarshal(body, &m) != nil {
		return body
	}
	changed := false
	if st, ok := m["start_time"].(string); ok && localTime.MatchString(st) {
		m["start_time"], changed = st+"Z", true
	}
	if rec, ok := m["recurrence"].(map[string]any); ok {
		if wd, ok := rec["weekly_days"].(string); ok && strings.Contains(wd, ",") {
			rec["weekly_days"], changed = strings.TrimSpace(strings.Split(wd, ",")[0]), true
		}
	}
	if !changed {
		return body
	}
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}
