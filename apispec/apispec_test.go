package apispec_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onlinemeetings/meeting-addon/apispec"
)

const validMeeting = `{"subject":"Kurs A","starttime":"2026-03-01T09:00:00Z","endtime":"2026-03-01T10:00:00Z",
"passwordrequired":false,"conferencecallinfo":"Hybrid","timezonekey":"","meetingtype":"scheduled"}`

func TestValidateRequestGoTo(t *testing.T) {
	v := apispec.ForTest(t, "gotomeeting-openapi.yaml")
	tests := []struct {
		name    string
		method  string
		target  string
		body    string
		wantErr string // substring; "" means valid
	}{
		{name: "create meeting", method: "POST", target: "/G2M/rest/meetings", body: validMeeting},
		{name: "get meeting", method: "GET", target: "/G2M/rest/meetings/123456789"},
		{name: "start meeting", method: "GET", target: "/G2M/rest/meetings/123456789/start"},
		{name: "upcoming", method: "GET", target: "/G2M/rest/upcomingMeetings"},
		{name: "delete meeting", method: "DELETE", target: "/G2M/rest/meetings/123456789"},
		{name: "update meeting", method: "PUT", target: "/G2M/rest/meetings/123456789", body: validMeeting},
		{
			name: "starttime of wrong type", method: "POST", target: "/G2M/rest/meetings",
			body:    strings.Replace(validMeeting, `"2026-03-01T09:00:00Z"`, `1772355600`, 1),
			wantErr: "starttime",
		},
		{
			name: "starttime not a date-time", method: "POST", target: "/G2M/rest/meetings",
			body:    strings.Replace(validMeeting, `2026-03-01T09:00:00Z`, `01.03.2026 09:00`, 1),
			wantErr: "starttime",
		},
		{
			name: "timezonekey missing", method: "POST", target: "/G2M/rest/meetings",
			body:    strings.Replace(validMeeting, `"timezonekey":"",`, ``, 1),
			wantErr: "timezonekey",
		},
		{
			name: "unknown meeting type", method: "POST", target: "/G2M/rest/meetings",
			body:    strings.Replace(validMeeting, `scheduled`, `weekly`, 1),
			wantErr: "meetingtype",
		},
		{name: "no body", method: "POST", target: "/G2M/rest/meetings", wantErr: "body"},
		{name: "meeting id not a number", method: "GET", target: "/G2M/rest/meetings/abc", wantErr: "meetingId"},
		{name: "unknown path", method: "GET", target: "/G2M/rest/nothing", wantErr: "no such path"},
		{name: "method not in spec", method: "PATCH", target: "/G2M/rest/meetings/1", wantErr: "no PATCH operation"},
		{name: "outside base path", method: "GET", target: "/oauth/token", wantErr: "outside the base path"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			if tc.body != "" {
				r.Header.Set("Content-Type", "application/json")
			}
			err := v.ValidateRequest(r, []byte(tc.body), "/G2M/rest")
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("ValidateRequest: got error %v, want none", err)
			case tc.wantErr != "" && err == nil:
				t.Errorf("ValidateRequest: got no error, want one mentioning %q", tc.wantErr)
			case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
				t.Errorf("ValidateRequest: got error %q, want it to mention %q", err, tc.wantErr)
			}
		})
	}
}

func TestMiddleware(t *testing.T) {
	v := apispec.ForTest(t, "gotomeeting-openapi.yaml")
	var reported []error
	var gotBody string
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		w.WriteHeader(http.StatusTeapot)
	})
	h := v.Middleware(func(err error) { reported = append(reported, err) }, "/G2M/rest", next)

	tests := []struct {
		name       string
		method     string
		target     string
		body       string
		wantReport bool
	}{
		{name: "valid create", method: "POST", target: "/G2M/rest/meetings", body: validMeeting},
		{name: "invalid create", method: "POST", target: "/G2M/rest/meetings", body: `{"subject":"x"}`, wantReport: true},
		{name: "oauth is not checked", method: "POST", target: "/oauth/token", body: "grant_type=x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reported, gotBody = nil, ""
			r := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusTeapot {
				t.Errorf("status: got %d, want %d (next must always serve)", w.Code, http.StatusTeapot)
			}
			if gotBody != tc.body {
				t.Errorf("body seen by next: got %q, want %q", gotBody, tc.body)
			}
			if got := len(reported) > 0; got != tc.wantReport {
				t.Errorf("reported: got %v, want report=%v", reported, tc.wantReport)
			}
		})
	}
}

func TestLoadCachesPerPath(t *testing.T) {
	p := apispec.SpecPath(t, "gotomeeting-openapi.yaml")
	a, err := apispec.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := apispec.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("Load twice: got two validators, want the cached one")
	}
	if _, err := apispec.Load("does-not-exist.yaml"); err == nil {
		t.Errorf("Load of a missing file: got no error")
	}
}

func TestValidateRequestZoomJSON(t *testing.T) {
	v := apispec.ForTest(t, "zoom-meetings-openapi.json")
	tests := []struct {
		name    string
		body    string
		wantErr bool
	}{
		{name: "valid", body: `{"topic":"Kurs","type":2,"start_time":"2026-03-01T09:00:00Z","duration":60}`},
		{name: "type as string", body: `{"topic":"Kurs","type":"2","start_time":"2026-03-01T09:00:00Z","duration":60}`, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/v2/users/me/meetings", strings.NewReader(tc.body))
			r.Header.Set("Content-Type", "application/json")
			err := v.ValidateRequest(r, []byte(tc.body), "/v2")
			if got := err != nil; got != tc.wantErr {
				t.Errorf("ValidateRequest: got error %v, want error=%v", err, tc.wantErr)
			}
		})
	}
}
