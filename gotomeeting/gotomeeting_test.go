package gotomeeting_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/onlinemeetings/meeting-addon/apispec"
	"github.com/onlinemeetings/meeting-addon/gotomeeting"
)

const basePath = "/G2M/rest"

// setup starts a test server whose mux the test fills, and a client pointed at it. Every
// request the client sends is checked against GoTo's OpenAPI description when it is present.
func setup(t *testing.T) (*gotomeeting.Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	var h http.Handler = mux
	if p, err := apispec.FindSpec("gotomeeting-openapi.yaml"); err != nil {
		t.Logf("GoTo spec not found: request validation against the vendor spec skipped (%v)", err)
	} else {
		v, err := apispec.Load(p)
		if err != nil {
			t.Fatalf("load GoTo spec: %v", err)
		}
		h = v.Middleware(func(err error) { t.Errorf("request does not match the vendor spec: %v", err) }, basePath, mux)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	c := gotomeeting.NewClient(srv.Client())
	u, err := url.Parse(srv.URL + basePath + "/")
	if err != nil {
		t.Fatal(err)
	}
	c.BaseURL = u
	return c, mux
}

// decodeBody reads a JSON request body into a generic map, so tests compare the wire form.
func decodeBody(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		t.Errorf("request body: %v", err)
	}
	return m
}

func TestNewRequest(t *testing.T) {
	c := gotomeeting.NewClient(nil)
	req, err := c.NewRequest(context.Background(), http.MethodPost, "meetings", map[string]string{"a": "b"})
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	if got, want := req.URL.String(), "https://api.getgo.com/G2M/rest/meetings"; got != want {
		t.Errorf("URL: got %q, want %q", got, want)
	}
	if got, want := req.Header.Get("Content-Type"), "application/json"; got != want {
		t.Errorf("Content-Type: got %q, want %q", got, want)
	}
	if got := req.Header.Get("User-Agent"); got == "" {
		t.Errorf("User-Agent: got empty, want one")
	}
	b, _ := io.ReadAll(req.Body)
	if got, want := string(b), `{"a":"b"}`; got != want {
		t.Errorf("body: got %s, want %s", got, want)
	}

	c.BaseURL, _ = url.Parse("https://api.getgo.com/G2M/rest")
	if _, err := c.NewRequest(context.Background(), http.MethodGet, "meetings", nil); err == nil {
		t.Errorf("NewRequest with a BaseURL without trailing slash: got no error, want one")
	}
}

func TestDoBoundedAnswer(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /G2M/rest/upcomingMeetings", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "["+strings.Repeat(" ", 2<<20)+"]")
	})
	_, _, err := c.Meetings.Upcoming(context.Background())
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Upcoming with a 2 MiB answer: got error %v, want one saying it is too large", err)
	}
}

func TestDoDecodeError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /G2M/rest/upcomingMeetings", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"not":"an array"`)
	})
	_, _, err := c.Meetings.Upcoming(context.Background())
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) {
		t.Errorf("Upcoming with broken JSON: got %v, want a wrapped *json.SyntaxError", err)
	}
}

func TestDoContextCanceled(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /G2M/rest/upcomingMeetings", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `[]`)
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := c.Meetings.Upcoming(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Upcoming with a canceled context: got %v, want context.Canceled", err)
	}
}
